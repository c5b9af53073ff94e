"""Named reforms: the reform files shipped with the simulator, typed, and how a reform is found by name or path.

A reform file (simulator/reform_library/*.yaml; scenarios/reforms/ points there) is YAML:

    schema_version: 1
    title: Deduct transport to work before the offset      # English title
    titles: {da: ..., ar: ..., fa: ...}                     # the title in the page's other languages
    description: {en: ..., da: ..., ar: ..., fa: ...}       # one plain sentence: what changes
    rationale: ...                                          # why (English, for analysts)
    reference: ...                                          # where the idea comes from
    featured: true                                          # the page's one-click switch (at most one file)
    since: 2015-01-01                                       # optional: the first date meant for (checked, unused)
    reform: {offset.deduct_transport: true}                 # parameter path -> value (RULES.md section 9)

The files are package data, so an installed wheel finds them as a checkout does.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .boundary import read_file_text, read_yaml
from .errors import ScenarioError, quoted
from .rules import validate_reform
from .untrusted import one_line, quote

LIBRARY = Path(__file__).resolve().parent / "reform_library"
LANGUAGES = ("en", "da", "ar", "fa", "ti", "so", "ckb", "ps", "tr", "ru")   # the page's languages (simulator.i18n)
MAX_FILE_BYTES = 64 * 1024        # a reform file is a few lines; anything bigger is not one
TEXT_LIMITS = {"title": 200, "rationale": 5_000, "reference": 1_000}  # characters, at most


@dataclass(frozen=True)
class Reform:
    """A reform: parameter changes laid on the law, with its title and description in each language."""

    key: str                                                # the file name without .yaml
    title: Mapping[str, str]                                # language -> title (English always present)
    description: Mapping[str, str] = field(default_factory=dict)
    values: Mapping[str, Any] = field(default_factory=dict)  # parameter path -> value
    rationale: str = ""
    reference: str = ""
    featured: bool = False

    def title_in(self, lang: str) -> str:
        return self.title.get(lang) or _pseudo(lang, self.title["en"])

    def description_in(self, lang: str) -> str:
        return self.description.get(lang) or _pseudo(lang, self.description.get("en", ""))



def _pseudo(lang: str, english: str) -> str:
    """English as the fallback; in the tests' pseudo-language wrapped as its messages are (simulator.i18n)."""
    from .i18n import PSEUDO, PSEUDO_CLOSE, PSEUDO_OPEN
    return PSEUDO_OPEN + english + PSEUDO_CLOSE if lang == PSEUDO and english else english


def _texts(data: Mapping[str, Any], key: str, where: str) -> dict[str, str]:
    value = data.get(key) or {}
    if not isinstance(value, Mapping):
        raise ScenarioError.of(f"{where}.{key}", "reform.texts", languages=", ".join(LANGUAGES))
    out = {}
    for lang, text in value.items():
        if lang not in LANGUAGES or not isinstance(text, str):
            raise ScenarioError.of(f"{where}.{key}.{quote(lang, 20)}", "reform.text_in", languages=", ".join(LANGUAGES))
        most = TEXT_LIMITS["rationale"]
        if len(text) > most:
            raise ScenarioError.of(f"{where}.{key}.{lang}", "too_long", limit=most)
        out[lang] = text.strip()
    return out


def load(path: str | Path) -> Reform:
    """A reform file, validated: one ScenarioError naming the file and field for anything wrong."""
    path = Path(path)
    where = one_line(path.name, 80)
    text = read_file_text(path, MAX_FILE_BYTES)
    data = read_yaml(text, where)
    if not isinstance(data, Mapping) or not isinstance(data.get("reform"), Mapping):
        raise ScenarioError.of("reform", "reform.needs_reform", file=quote(where))
    for key, most in TEXT_LIMITS.items():
        value = data.get(key, "")
        if not isinstance(value, str):
            raise ScenarioError.of(f"{where}.{key}", "reform.text", got=quoted(value))
        if len(value) > most:
            raise ScenarioError.of(f"{where}.{key}", "too_long", limit=most)
    title = data.get("title") or path.stem
    titles = {"en": title.strip(), **_texts(data, "titles", where)}
    since = data.get("since")
    if since is not None and not isinstance(since, dt.date):
        raise ScenarioError.of(f"{where}.since", "reform.date", got=quoted(since))
    featured = data.get("featured", False)
    if not isinstance(featured, bool):
        raise ScenarioError.of(f"{where}.featured", "bool", got=quoted(featured))
    return Reform(path.stem, MappingProxyType(titles), MappingProxyType(_texts(data, "description", where)),
                  MappingProxyType(validate_reform(data["reform"])), str(data.get("rationale") or "").strip(),
                  str(data.get("reference") or "").strip(), featured)


def named() -> dict[str, Reform]:
    """The reforms shipped with the simulator, by key (file name without .yaml), in name order."""
    return dict(_library())


@lru_cache(maxsize=1)
def _library() -> tuple[tuple[str, Reform], ...]:
    """The shipped reform files, read once: they are part of the package (the page asks on every rerun)."""
    return tuple((p.stem, load(p)) for p in sorted(LIBRARY.glob("*.yaml")))


def featured() -> Reform | None:
    """The reform the page offers as a one-click switch."""
    return next((r for r in named().values() if r.featured), None)


def resolve(ref: str) -> Reform:
    """A reform given on the command line: a file path, or the key of a shipped reform."""
    path = Path(ref)
    if path.is_file():
        return load(path)
    if (LIBRARY / f"{ref}.yaml").is_file() and "/" not in ref and "\\" not in ref:
        return load(LIBRARY / f"{ref}.yaml")
    names = ", ".join(p.stem for p in sorted(LIBRARY.glob("*.yaml")))
    raise ScenarioError.of("--reform", "reform.unknown_name", got=quote(ref), names=names)

"""The command line's language: which one (`--lang`, else `KRONE_LANG`, else English) and argparse's own
words (usage, help headings, usage errors) said in it from the catalogue (simulator/i18n/<lang>/cli.po).

English stays the default whatever the system's locale (LANG, LANGUAGE): a script that reads the command's
output or its error lines sees the same text on every machine unless it asks for a language. An unknown
language code is refused in English, with the list of codes, since no other language was chosen.
"""
from __future__ import annotations

import argparse
import contextlib
import os
from collections.abc import Iterator, Sequence

from .i18n import DEFAULT, LANGUAGES, Translator

ENV = "KRONE_LANG"
OPTION = "--lang"

# argparse's own messages (Python 3.11 to 3.13) → the catalogue's key and, per placeholder of the catalogue's
# text, the %-placeholder argparse fills in afterwards. A message not listed stays argparse's English.
# "argument %(argument_name)s: %(message)s" is not listed: the parser's error() takes the option's name from
# it and says the message after it (`--points: …`).
_MESSAGES: dict[str, tuple[str, dict[str, str]]] = {
    "usage: ": ("cli.arg.usage", {}),
    "positional arguments": ("cli.arg.positionals", {}),
    "options": ("cli.arg.options", {}),
    "show this help message and exit": ("cli.arg.help", {}),
    "the following arguments are required: %s": ("cli.arg.required", {"names": "%s"}),
    "unrecognized arguments: %s": ("cli.arg.unrecognized", {"args": "%s"}),
    "not allowed with argument %s": ("cli.arg.not_allowed", {"other": "%s"}),
    "one of the arguments %s is required": ("cli.arg.one_required", {"names": "%s"}),
    "expected one argument": ("cli.arg.expected_one", {}),
    "expected at most one argument": ("cli.arg.expected_at_most_one", {}),
    "expected at least one argument": ("cli.arg.expected_at_least_one", {}),
    "expected %s argument": ("cli.arg.expected_n", {"count": "%s"}),
    "expected %s arguments": ("cli.arg.expected_n", {"count": "%s"}),
    "ambiguous option: %(option)s could match %(matches)s": ("cli.arg.ambiguous", {"option": "%(option)s",
                                                                                    "matches": "%(matches)s"}),
    "invalid choice: %(value)r (choose from %(choices)s)": ("cli.arg.choice", {"value": "%(value)r",
                                                                               "choices": "%(choices)s"}),
    "invalid %(type)s value: %(value)r": ("cli.arg.invalid", {"value": "%(value)r"}),
    "ignored explicit argument %r": ("cli.arg.ignored", {"value": "%r"}),
    "unexpected option string: %s": ("cli.arg.unexpected", {"option": "%s"}),
}


def given_language(argv: Sequence[str]) -> str | None:
    """The value of `--lang` (or `--lang=`, or a prefix argparse would take for it: `--la`) in `argv`, before
    the arguments are parsed: the parser's own words are in that language; None when it is not given."""
    found = None
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        name, eq, value = arg.partition("=")
        if len(name) > 2 and OPTION.startswith(name):
            if eq:
                found = value
            elif i + 1 < len(argv):
                found = argv[i + 1]
    return found


def chosen_language(argv: Sequence[str], environ: dict[str, str] | None = None) -> tuple[str, str | None]:
    """(the language of the command's messages, a problem with KRONE_LANG or None): `--lang` if given (an
    unknown code is English here, and the parser refuses it), else KRONE_LANG (an unknown code: English and
    a problem to report), else English."""
    given = given_language(argv)
    if given is not None:
        return (given if given in LANGUAGES else DEFAULT), None
    env = (os.environ if environ is None else environ).get(ENV, "").strip()
    if not env or env in LANGUAGES:
        return env or DEFAULT, None
    return DEFAULT, f"{ENV}: invalid choice: {env[:20]!r} (choose from {', '.join(map(repr, LANGUAGES))})"


def _said(t: Translator, key: str, fills: dict[str, str]) -> str:
    """The catalogue's text with argparse's %-placeholders put back in (a literal % doubled first)."""
    if not fills:
        return t(key)
    text = t(key, **{name: "\0" + name + "\0" for name in fills}).replace("%", "%%")
    for name, fill in fills.items():
        text = text.replace("\0" + name + "\0", fill)
    return text


@contextlib.contextmanager
def argparse_in(t: Translator) -> Iterator[None]:
    """argparse's own words in `t`'s language while the parser is built and used (English: as they are)."""
    if t.lang == DEFAULT:
        yield
        return
    gettext, ngettext = argparse._, argparse.ngettext    # type: ignore[attr-defined]

    def translated(message: str) -> str:
        key = _MESSAGES.get(message)
        return _said(t, *key) if key else gettext(message)

    def translated_n(singular: str, plural: str, n: int) -> str:
        return translated(singular if n == 1 else plural)

    argparse._, argparse.ngettext = translated, translated_n   # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = gettext, ngettext      # type: ignore[attr-defined]

"""Where a parameter's value comes from, as data: the document (`title`, at `href`), the provision in it
(`paragraph`), its words where quoted (`quote`), our own note, and any further provisions the value rests on
(`also`). The trace, the CLI's `--explain` and the PDF read these fields; nothing parses a citation back out
of text.

In a parameter file (simulator/parameters/**), under each dated value:

    source:
      title: BEK nr. 1446/2014          # the order, act or document, as cited
      paragraph: § 3, stk. 16           # optional: the provision in it
      href: https://www.retsinformation.dk/eli/lta/2014/1446
      quote: (forsørgertillæg) 54,04 kr.   # optional: the provision's own words
      note: satser 2015                 # optional: our words (never shown as a citation)
      also:                             # optional: further provisions cited, each title/paragraph/href
      - {title: UDL, paragraph: § 53 b}
      law: false                        # optional: the title names no provision (a collective agreement,
                                        # a convention); the trace then cites the parameter's reference
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

FIELDS = {"title", "paragraph", "href", "quote", "note", "also", "law"}
CITE_FIELDS = {"title", "paragraph", "href"}


@dataclass(frozen=True)
class Cite:
    """One provision: a document and, optionally, the paragraph in it (and its own address)."""

    title: str
    paragraph: str = ""
    href: str = ""

    @property
    def text(self) -> str:
        """'UDL § 42 b, stk. 14', 'BEK nr. 1547/2013': how the reader sees it."""
        return f"{self.title} {self.paragraph}" if self.paragraph else self.title


@dataclass(frozen=True)
class Source:
    """The source of one dated value of a parameter."""

    title: str
    href: str
    paragraph: str = ""
    quote: str = ""
    note: str = ""
    also: tuple[Cite, ...] = ()
    law: bool = True

    @property
    def cites(self) -> tuple[Cite, ...]:
        """The provisions cited, the source's own first (none when its title names no provision)."""
        if not self.law:
            return ()
        return (Cite(self.title, self.paragraph, self.href), *self.also)

    @property
    def text(self) -> str:
        """The source in one line, for a tooltip or a table cell: citations, then quote and note."""
        parts = ["; ".join(c.text for c in self.cites) or self.title]
        if self.quote:
            parts.append(f'"{self.quote}"')
        if self.note:
            parts.append(self.note)
        return ": ".join(parts[:2]) + ("; " + "; ".join(parts[2:]) if parts[2:] else "")

    def __str__(self) -> str:
        return self.text


def _text(raw: Mapping[str, Any], key: str, where: str, required: bool = False) -> str:
    value = raw.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise ValueError(f"{where}: source `{key}` must be {'non-empty ' if required else ''}text")
    return value.strip()


def source_from(raw: Any, where: str) -> Source:
    """A `source:` block of a parameter file as a Source (a ValueError saying where when it is malformed)."""
    if not isinstance(raw, Mapping):
        raise ValueError(f"{where}: source must be a mapping with title, href (and paragraph, quote, note, also)")
    unknown = set(raw) - FIELDS
    if unknown:
        raise ValueError(f"{where}: unknown source field(s) {', '.join(sorted(map(str, unknown)))}")
    also = raw.get("also", [])
    if not isinstance(also, list):
        raise ValueError(f"{where}: source `also` must be a list")
    cites = []
    for i, c in enumerate(also):
        if not isinstance(c, Mapping) or set(c) - CITE_FIELDS:
            raise ValueError(f"{where}: source also[{i}] must be a mapping of title, paragraph, href")
        cites.append(Cite(_text(c, "title", f"{where} also[{i}]", True), _text(c, "paragraph", where),
                          _text(c, "href", where)))
    law = raw.get("law", True)
    if not isinstance(law, bool):
        raise ValueError(f"{where}: source `law` must be true or false")
    return Source(title=_text(raw, "title", where, True), href=_text(raw, "href", where, True),
                  paragraph=_text(raw, "paragraph", where), quote=_text(raw, "quote", where),
                  note=_text(raw, "note", where), also=tuple(cites), law=law)

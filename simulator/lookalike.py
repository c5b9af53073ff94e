"""Names that imitate the reference or an amount: "No work" is one option, and a name never passes for a figure.

A name from a link or a file could pass itself off as the reference option — "No\u00a0work", "No work\u200b",
"Nо work" with a Cyrillic "о", "بدون عمل" in Arabic — and show a second "No work" card with a better amount.
`skeleton` folds what a reader cannot tell apart, after Unicode's security mechanisms (UTS #39 section 4,
"confusable detection"): NFKC, without format characters, spaces, marks, Arabic tatweel and case, and each
character replaced by the prototype of its confusable set, read from Unicode's confusables.txt as the
`confusable_homoglyphs` package ships it (its `confusables.json`, MIT licence; the data under the Unicode
licence). Two names with the same skeleton look alike.
"""
from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from .untrusted import visible

# The name the core gives a renamed look-alike: the note is the name, in every surface and export; the
# page and the PDF show it translated (ui/text.py option_label, key `disguise.renamed`).
RENAMED = "Option {n} (renamed: looked like No work)"
RENAMED_PATTERN = re.compile(r"Option ([0-9]{1,2}) \(renamed: looked like No work\)")
# The catalogue keys whose texts name the reference option in each language.
_NO_WORK_KEYS = ("result.no_work", "trace.term.no_work")
_TATWEEL = "\u0640"
# Arabic and Persian keyboards write the same letters with different code points (kaf ك/ک, yeh ي/ى/ی), which
# look alike inside a word; confusables.txt does not fold them, Persian text normalisers do.
_ARABIC_PERSIAN = str.maketrans({"\u0643": "\u06a9", "\u064a": "\u06cc", "\u0649": "\u06cc"})
# An amount: digits with a currency, a sign, a percent or a thousands separator ("9,850 kr", "+7,286",
# "−81", "3.707,-", "12 %", "DKK 500").
_AMOUNT = re.compile(r"(?i)(?:[+\-−±]\s*\d)|(?:\d[\d.,' ]*\s*(?:kr|dkk|,-|%|:-))|(?:\b(?:kr|dkk)\.?\s*\d)"
                     r"|(?:\d{1,3}(?:[.,]\d{3})+)")


@cache
def _table() -> dict[str, str]:
    """Character → the prototype of its confusable set (an ASCII letter where the set has one, else the
    lowest code point), from Unicode's confusables.txt as `confusable_homoglyphs` ships it.

    The package lists, per character, the characters it can be confused with; the sets are joined where they
    share a character, so every member of a set has one prototype, whichever of them a name uses."""
    from confusable_homoglyphs import confusables

    parent: dict[str, str] = {}

    def root(c: str) -> str:
        while parent.setdefault(c, c) != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    for char, entries in confusables.confusables_data.items():
        for other in (e["c"] for e in entries):
            if len(char) == 1 and len(other) == 1:
                a, b = root(char), root(other)
                if a != b:
                    parent[b] = a
    members: dict[str, list[str]] = {}
    for c in list(parent):
        members.setdefault(root(c), []).append(c)
    table: dict[str, str] = {}
    for group in members.values():
        # A letter before a digit ("0" and "O" are one set; "o" is the letter a reader sees).
        ascii_ = sorted((c for c in group if c.isascii() and c.isalnum()), key=lambda c: (not c.isalpha(), c))
        prototype = ascii_[0] if ascii_ else min(group)
        table.update((c, prototype) for c in group)
    return table


def skeleton(text: str) -> str:
    """What `text` looks like, folded: two texts with one skeleton cannot be told apart by a reader."""
    folded = unicodedata.normalize("NFKC", visible(str(text))).casefold()
    folded = "".join(c for c in unicodedata.normalize("NFD", folded)
                     if not c.isspace() and c != _TATWEEL and unicodedata.category(c)[0] not in "MCZ")
    table = _table()
    mapped = "".join(_fold(c, table) for c in folded.translate(_ARABIC_PERSIAN))
    # Prototypes can be capitals or compatibility forms ("O", "ℓ"): fold once more to a fixed point.
    return unicodedata.normalize("NFKC", mapped).casefold()


def _fold(c: str, table: dict[str, str]) -> str:
    """The prototype of one (lower-case) character; a small capital-like letter (Cyrillic "к", "о") takes
    the letter its capital looks like, since confusables.txt pairs the capitals."""
    upper = c.upper()
    if len(upper) == 1 and upper != c:
        prototype = table.get(upper, upper)
        if prototype.isascii() and prototype.isalpha():
            return prototype
    return table.get(c, c)


@cache
def _no_work_skeletons() -> frozenset[str]:
    from .i18n import LANGUAGES, catalogue

    names = {"No work"} | {catalogue(lang)[key] for lang in LANGUAGES for key in _NO_WORK_KEYS
                           if key in catalogue(lang)}
    return frozenset(skeleton(n) for n in names)


@lru_cache(maxsize=1024)   # every simulate() asks it of the same few names (a third of one household's time)
def looks_like_no_work(name: str) -> bool:
    """Whether `name` reads as the reference option "No work" in any of the page's languages."""
    return skeleton(name) in _no_work_skeletons()


def renamed_name(n: int) -> str:
    return RENAMED.format(n=n)


def looks_like_amount(name: str) -> bool:
    """Whether `name` holds something a reader could take for an amount ("9,850 kr", "+7,286", "−81")."""
    return bool(_AMOUNT.search(unicodedata.normalize("NFKC", name)))

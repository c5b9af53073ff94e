"""Text that came from outside (a link, a file, a CSV, a typed name): quote it briefly, show it literally,
export it so no spreadsheet runs it.

Every message that echoes a bad value goes through `quote`, so no message grows with the input; every
text shown in Markdown goes through `plain`; every exported cell goes through `spreadsheet_cell`.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Any

QUOTE_CHARS = 60  # at most this many characters of a bad value are echoed in a message

# CommonMark lets any ASCII punctuation be escaped with a backslash; escaping all of it turns off links,
# images, emphasis, headings, HTML, autolinks ("https\:\/\/…"), Streamlit's :colour[…] and $maths$.
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
# GitHub-flavoured Markdown (Streamlit's) links bare addresses even when their punctuation is escaped:
# "https\:\/\/x" and "www\.x" and "a\@b\.c" still become links. A zero-width space after the scheme's colon,
# after "www" and after "@" breaks the pattern and changes nothing a reader sees.
_AUTOLINK = re.compile(r"(?i)(:(?=//)|\bwww(?=\.)|@)")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x0b\x0c\x85]+")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# A cell a spreadsheet would read as a formula (OWASP "CSV injection"): = + - @, tab, CR, and their
# full-width forms, which some spreadsheets treat alike.
_FORMULA_START = tuple("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")
_PLAIN_NUMBER = re.compile(r"-[0-9]{1,30}(?:\.[0-9]{1,30})?")


def quote(value: Any, limit: int = QUOTE_CHARS) -> str:
    """`value` for a one-line message: its repr, cut to `limit` characters, never expanding big objects.

    Containers are described, not printed (a YAML alias bomb printed whole would take gigabytes); a
    huge integer is not turned into text at all (Python refuses beyond 4,300 digits, and it is no use).
    """
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, int):
        if value.bit_length() > 200:
            return "a number with more than 60 digits"
        text = repr(value)
    elif isinstance(value, float):
        text = repr(value)
    elif isinstance(value, str | bytes):
        text = repr(value[: limit + 1])
    elif isinstance(value, dict):
        return f"a mapping of {len(value)} entries"
    elif isinstance(value, list | tuple | set | frozenset):
        return f"a list of {len(value)} items"
    else:
        text = f"a {type(value).__name__}"
    text = _CONTROL.sub("?", _LINE_BREAKS.sub(" ", text))
    return text if len(text) <= limit else text[: limit - 1] + "…"


# Characters that only steer how text is shown — Unicode Cc (controls: NUL, BEL, ESC…), Cf (format: bidi
# embeddings, overrides and isolates, zero-width space, word joiner, soft hyphen, tags…) and Cs (lone
# surrogates, which no UTF-8 output can hold) — are removed from text that came from outside: a name
# ending in U+202E would reverse the amounts shown after it, 60 zero-width spaces would shift a column.
# ZWNJ and ZWJ are kept where a script needs them: between two letters or marks (Persian "می‌خواهم"),
# and ZWJ also between two symbols (emoji sequences).
_INVISIBLE = frozenset(("Cc", "Cf", "Cs"))
_ZWNJ, _ZWJ = "\u200c", "\u200d"
# A whitespace character other than the space (no-break, thin, ideographic, Mongolian vowel separator…)
# becomes a space: "No\u00a0work" is "No work".
_ODD_SPACE = re.compile(r"[^\S\n\r\x0b\x0c\x1c-\x1f\x85\u2028\u2029 ]")
_SPACES = re.compile(" {2,}")
ISOLATE_START, ISOLATE_END = "\u2068", "\u2069"  # FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE


def _joins(before: str, after: str, joiner: str) -> bool:
    """Whether a ZWNJ/ZWJ between `before` and `after` does a script's work (it joins or parts letters)."""
    kinds = ("L", "M") if joiner == _ZWNJ else ("L", "M", "S")
    return (bool(before) and bool(after) and unicodedata.category(before)[0] in kinds
            and unicodedata.category(after)[0] in kinds)


def visible(text: str, isolates: bool = False) -> str:
    """`text` without the characters that steer display (Cc, Cf, Cs), keeping the joiners a script needs
    inside words; other spaces become plain spaces. Line breaks (Cc) are removed too: use `one_line` first
    where they should become spaces. With `isolates`, FSI and PDI are kept: for text the program put
    together from cleaned names (`isolated`), which can hold no isolate of their own."""
    text = str(text)
    if text.isascii() and text.isprintable():
        return text
    keep = (_ZWNJ, _ZWJ, ISOLATE_START, ISOLATE_END) if isolates else (_ZWNJ, _ZWJ)
    kept = [c for c in text if unicodedata.category(c) not in _INVISIBLE or c in keep]
    out = []
    for i, c in enumerate(kept):
        if c in (_ZWNJ, _ZWJ):
            nxt = kept[i + 1] if i + 1 < len(kept) else ""
            if not out or not _joins(out[-1], nxt, c):
                continue
        out.append(c)
    return _ODD_SPACE.sub(" ", "".join(out))


def clean_name(value: Any) -> Any:
    """A name, title or label from outside as it is kept: on one line, without control and format
    characters (`visible`), runs of spaces made one, trimmed. Not text: returned as it is (the model
    refuses it, naming the field)."""
    if not isinstance(value, str):
        return value
    if value.isascii() and value.isprintable() and "  " not in value:
        return value.strip()   # nothing to remove or join: most names (each simulate() of a dict reads them)
    return _SPACES.sub(" ", visible(_LINE_BREAKS.sub(" ", value))).strip()


def isolated(text: str) -> str:
    """`text` (cleaned: it holds no isolate of its own) between FSI and PDI, so that whatever direction its
    letters have, it cannot reorder the text around it (Unicode bidi isolates; HTML's `<bdi>`)."""
    return ISOLATE_START + text + ISOLATE_END


def display_width(text: str) -> int:
    """The columns `text` takes in a terminal: wide and full-width characters two, combining marks and the
    joiners none."""
    width = 0
    for c in text:
        if unicodedata.combining(c) or unicodedata.category(c) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1
    return width


def pad(text: str, width: int, right: bool = True) -> str:
    """`text` padded with spaces to `width` terminal columns (right-aligned by default)."""
    fill = " " * max(0, width - display_width(text))
    return fill + text if right else text + fill


def one_line(text: str, limit: int = 200, isolates: bool = False) -> str:
    """`text` on one line without control or format characters (`visible`), cut to `limit` characters."""
    text = visible(_LINE_BREAKS.sub(" ", str(text)), isolates)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def plain(text: Any, isolates: bool = False) -> str:
    """`text` for a Markdown surface (headings, captions, warnings, tabs), shown literally, on one line.
    With `isolates`, the isolates the program put around names (`isolated`) are kept."""
    return _PUNCTUATION.sub(r"\\\1", _AUTOLINK.sub("\\1\u200b", one_line(str(text), 10_000, isolates)))


def spreadsheet_cell(value: Any) -> Any:
    """A cell a spreadsheet shows as text, never runs: text that starts like a formula gets a leading
    apostrophe. Numbers stay numbers, and text that is a plain number (e.g. "-450") is left alone."""
    if not isinstance(value, str) or not value.startswith(_FORMULA_START):
        return value
    # Only a plain decimal ("-450", "-12.5") is left as it is: Python's float() also reads "-inf", "+1_000"
    # and "-1e5", which a spreadsheet would take for a formula or a different number.
    return value if _PLAIN_NUMBER.fullmatch(value) else "'" + value

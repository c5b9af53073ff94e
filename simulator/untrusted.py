"""Text that came from outside (a link, a file, a CSV, a typed name): quote it briefly, show it literally,
export it so no spreadsheet runs it.

Every message that echoes a bad value goes through `quote`, so no message grows with the input; every
text shown in Markdown goes through `plain`; every exported cell goes through `spreadsheet_cell`.
"""
from __future__ import annotations

import re
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


def one_line(text: str, limit: int = 200) -> str:
    """`text` on one line with control characters replaced, cut to `limit` characters."""
    text = _CONTROL.sub("?", _LINE_BREAKS.sub(" ", str(text)))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def plain(text: Any) -> str:
    """`text` for a Markdown surface (headings, captions, warnings, tabs), shown literally, on one line."""
    return _PUNCTUATION.sub(r"\\\1", _AUTOLINK.sub("\\1\u200b", one_line(str(text), 10_000)))


def spreadsheet_cell(value: Any) -> Any:
    """A cell a spreadsheet shows as text, never runs: text that starts like a formula gets a leading
    apostrophe. Numbers stay numbers, and text that is a plain number (e.g. "-450") is left alone."""
    if not isinstance(value, str) or not value.startswith(_FORMULA_START):
        return value
    try:
        float(value)
    except ValueError:
        return "'" + value
    return value

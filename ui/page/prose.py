"""The page's text as HTML: a section's heading with the lines under it, a detail's sentences and small print,
the list of assumptions. One element for what Streamlit would send as a heading, a caption and a paragraph
each: every element a change sends costs the browser's update of the answer (issue 20: 84 → 64 messages per
change; the browser works through them at ~2 ms each before it draws the new answer).

Pure: text in, escaped HTML out. Whatever a text holds (a name from a link, Markdown, a tag), it is shown as
the letters it is; the isolates the program put around names are kept, so a name cannot reorder its sentence.
The look follows Streamlit's own headings and captions (PROSE_CSS, in the page's style: ui/page/answer.py).
"""
from __future__ import annotations

from collections.abc import Iterable
from html import escape

from simulator.untrusted import one_line
from ui.cards import NEUTRAL

# Headings as Streamlit's st.header and st.subheader, paragraphs as its Markdown, small print as its caption
# (with the page's grey of 4.5:1 on white, WCAG AA): measured on Streamlit's own elements in Chromium. Only
# the block's own children: the cards and tables inside keep their style.
PROSE_CSS = (" .kfk-prose > h2 {font-size: 2.25rem; font-weight: 600; line-height: 1.2; padding: 1rem 0; margin: 0;}"
             " .kfk-prose > h3 {font-size: 1.75rem; font-weight: 600; line-height: 1.2; padding: .75rem 0 1rem 0;"
             " margin: 0;}"
             " .kfk-prose > p, .kfk-prose > ul {font-size: 1rem; line-height: 1.6; margin: 0 0 1rem 0;}"
             f" .kfk-prose > .kfk-small {{font-size: .875rem; line-height: 1.6; color: {NEUTRAL};}}"
             " .kfk-prose > ul {padding-inline-start: 1.5rem;}")


def text(value) -> str:
    """`value` as HTML text: on one line, without characters that steer display (the program's isolates
    around names kept), escaped."""
    return escape(one_line(str(value), 10_000, isolates=True))


def heading(value: str, level: int = 2) -> str:
    return f"<h{level}>{text(value)}</h{level}>"


def paragraphs(lines: Iterable[str], small: bool = False, strong: bool = False) -> str:
    """Each non-empty line as a paragraph; `small` in the caption's size and grey, `strong` in bold."""
    cls = ' class="kfk-small"' if small else ""
    wrap = (lambda s: f"<strong>{s}</strong>") if strong else (lambda s: s)
    return "".join(f"<p{cls}>{wrap(text(line))}</p>" for line in lines if line)


def titled_list(items: Iterable[tuple[str, str]]) -> str:
    """A list of 'title — text' items, the title in bold."""
    rows = "".join(f"<li><strong>{text(title)}</strong> — {text(body)}</li>" for title, body in items)
    return f"<ul>{rows}</ul>" if rows else ""


def block(*parts: str) -> str:
    """Parts made by this module (or escaped tables and cards) as one element of the page."""
    return f'<div class="kfk-prose">{"".join(parts)}</div>'

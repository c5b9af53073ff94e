"""What both answers share, the counsellor's cards (ui/page/answer.py) and the workbench's
(ui/workbench/answer.py): the cards' style and colours, and an amount as HTML that keeps its sign before its
digits inside right-to-left text.

Pure: numbers and a translator in, escaped HTML out.
"""
from __future__ import annotations

from html import escape

from simulator.i18n import Translator
from simulator.periods import whole_kroner

UP, DOWN, NEUTRAL = "#1b6e3a", "#b3261e", "#3d4449"  # each ≥ 4.5:1 on white (WCAG AA for small text)

CARD_CSS = f"""
<style>
.kfk-answer {{display: grid; gap: .6rem; margin: 0 0 .5rem 0;
  grid-template-columns: repeat(auto-fill, minmax(min(100%, 15.5rem), 1fr));}}
.kfk-card {{border: 1px solid #b8bec4; border-radius: .5rem; padding: .55rem .8rem; background: #fff;
  color: #1f2328; min-width: 0;}}
.kfk-card h3 {{font-size: 1rem; line-height: 1.3; margin: 0 0 .15rem 0; padding: 0; font-weight: 600;
  overflow-wrap: normal; word-break: normal; hyphens: manual;}}
.kfk-amount {{font-size: 2rem; font-weight: 700; line-height: 1.15; margin: 0; white-space: nowrap;}}
.kfk-period {{font-size: .85rem; font-weight: 400; color: {NEUTRAL};}}
.kfk-delta {{font-weight: 600; margin: .1rem 0; white-space: nowrap;}}
.kfk-up {{color: {UP};}} .kfk-down {{color: {DOWN};}} .kfk-same {{color: {NEUTRAL};}}
.kfk-card p {{margin: .1rem 0; font-size: .92rem;}}
.kfk-card p.kfk-amount {{font-size: 2rem;}}
.kfk-reform {{border-top: 1px dashed #b8bec4; padding-top: .25rem;}}
.kfk-warn {{color: #6b3f00;}}
.kfk-card p.kfk-adult {{font-size: .88rem; border-top: 1px dotted #b8bec4; padding-top: .2rem;}}
.kfk-card h3.kfk-quoted {{font-size: .85rem; font-style: italic; font-weight: 400;}}
</style>
"""


def kr_html(t: Translator, amount: float, signed: bool = False) -> str:
    """An amount in kroner as HTML, its number isolated left to right: inside Arabic or Farsi text a sign
    stays before its digits (a bare "−400" at the start of a right-to-left line shows as "400−")."""
    text = t.signed_kr(amount) if signed else t.kr(amount)
    number = t.number(abs(amount) if signed else amount)
    whole = whole_kroner(amount)   # the sign of the amount as shown, as `signed_kr` and `tone` decide it
    sign = ("+" if whole > 0 else "−" if whole < 0 else "") if signed else ""
    fill = escape(t("fmt.kr", amount="\x00")).replace("\x00", f'<bdi dir="ltr">{escape(sign + number)}</bdi>')
    return fill if number in text else escape(text)


def fill_html(t: Translator, key: str, **amounts: str) -> str:
    """A message as HTML with its amounts already made HTML (`kr_html`)."""
    marks = {name: f"\x00{n}\x00" for n, name in enumerate(amounts)}
    text = escape(t(key, **marks))
    for name, mark in marks.items():
        text = text.replace(mark, amounts[name])
    return text


def tone(amount: float) -> str:
    """The colour of a change as it is shown: one that rounds to 0 kr is no change and has none."""
    shown = whole_kroner(amount)
    if shown > 0:
        return "kfk-up"
    return "kfk-down" if shown < 0 else "kfk-same"


# A link as a box of text: one click (one tap on a phone) selects all of it, ready to copy; left to right and
# wrapped anywhere, also inside a right-to-left page (a div with its own direction: the page's right-to-left
# rules set paragraphs, not divs). Plain HTML, not Streamlit's code block, whose syntax
# highlighter (1.5 MB of JavaScript) the browser would load and parse on every first visit just to show a
# link: without it a shared link shows its answer ~0.6 s sooner and costs the browser ~16 % less work
# (benchmarks/README.md, issue 20).
LINK_CSS = """<style>.kfk-link {margin: .25rem 0 .75rem 0;}
.kfk-link code {display: block; direction: ltr; text-align: left; unicode-bidi: isolate; white-space: normal;
  overflow-wrap: anywhere; word-break: break-all; user-select: all; -webkit-user-select: all; cursor: text;
  padding: .6rem .8rem; border-radius: .5rem; background: #f0f2f6; color: #1f2328; font-size: .85rem;}</style>"""


def link_html(link: str) -> str:
    """The link as a box of selectable text (the heading and the caption above it say what it is)."""
    return f'{LINK_CSS}<div class="kfk-link" dir="ltr"><code>{escape(link)}</code></div>'

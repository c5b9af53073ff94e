"""The answer first: per option one big number — what is left to live on — and one plain sentence that
compares it with no work (and, with a reform, with the law in force).

Pure: results in, HTML out. Every text that came from outside (option names) is escaped, so a name is
shown as the letters it is, never as a link, an image or markup. The cards wrap on a grid with a minimum
width, so an amount is never cut: six options take two or three rows on a laptop, one column on a phone.
"""
from __future__ import annotations

from html import escape

from simulator.adult_breakeven import AdultBreakEven
from simulator.i18n import Translator
from simulator.lookalike import looks_like_amount
from simulator.models import NO_WORK, Scenario
from simulator.periods import whole_kroner
from simulator.result import OptionResult, Result
from ui.cards import CARD_CSS, NEUTRAL, fill_html, kr_html, tone
from ui.page import prose
from ui.sentences import adults_of, card_lines, praktik_sentence, transport_covered
from ui.text import option_label, warning_lines


def sentence(option: OptionResult, t: Translator, period_label: str, *, covered: bool = True,
             own_housing: bool = False) -> str:
    """One plain sentence, true for its case: what this choice leaves compared with no work; for 'No work' in
    own housing, that the figure is the family's at a self-catering centre (the reference, RULES.md section 8);
    for unpaid praktik, that it pays nothing and what it costs (`covered`: the centre pays the transport)."""
    if option.name == NO_WORK:
        key = "sentences.no_work_own_housing" if own_housing else "answer.no_work"
        return t(key, amount=t.kr(option.disposable_income), period=period_label)
    if option.break_even.reason_wage == "no_pay":
        return praktik_sentence(option, t, covered, period_label)
    if whole_kroner(option.gain) == 0:   # shown as 0 kr: no change
        return t("answer.same")
    key = "answer.more" if option.gain > 0 else "answer.less"
    return t(key, amount=t.kr(abs(option.gain)), period=period_label)


def summary(option: OptionResult, t: Translator) -> str:
    """'864 kr · −1,700 kr against no work': an option's result in one line, for its editor."""
    text = t.kr(option.disposable_income)
    if option.name != NO_WORK:
        text += " · " + t("results.vs_no_work", amount=t.signed_kr(option.gain))
    return text


def _card(option: OptionResult, reformed: OptionResult | None, reform_no_work: float | None, t: Translator,
          period_label: str, adults: list[AdultBreakEven], covered: bool, own_housing: bool) -> str:
    name = escape(option_label(option.name, t))
    # The name in <bdi>: its own direction, never reordering the amounts after it; a name that looks like an
    # amount is quoted (option_label) and set smaller, in italics, apart from the figure below it.
    quoted = ' class="kfk-quoted"' if looks_like_amount(option.name) and option.name != NO_WORK else ""
    parts = [f'<article class="kfk-card" aria-label="{name}"><h3{quoted}><bdi>{name}</bdi></h3>',
             f'<p class="kfk-amount"><span class="kfk-left">{kr_html(t, option.disposable_income)}</span> '
             f'<span class="kfk-period">{escape(period_label)}</span></p>']
    if option.name != NO_WORK:
        parts.append(f'<p class="kfk-delta {tone(option.gain)}">'
                     f'{fill_html(t, "results.vs_no_work", amount=kr_html(t, option.gain, signed=True))}</p>')
    parts.append(f"<p>{escape(sentence(option, t, period_label, covered=covered, own_housing=own_housing))}</p>")
    for line in card_lines(option, adults, t):
        parts.append(f'<p class="kfk-adult">{escape(line)}</p>')
    if reformed is not None:
        change = reformed.disposable_income - option.disposable_income
        against = [fill_html(t, "results.vs_law", amount=kr_html(t, change, signed=True))]
        if option.name != NO_WORK and reform_no_work is not None:
            against.append(fill_html(t, "results.vs_no_work",
                                 amount=kr_html(t, reformed.disposable_income - reform_no_work, signed=True)))
        parts.append(f'<p class="kfk-reform"><strong>{escape(t("results.with_reform"))}:</strong> '
                     f'<span class="kfk-reform-amount">{kr_html(t, reformed.disposable_income)}</span> '
                     f'<span class="{tone(change)}">({" · ".join(against)})</span></p>')
    for line in warning_lines(option, t):
        parts.append(f'<p class="kfk-warn">⚠ {escape(line.message)}</p>')
    parts.append("</article>")
    return "".join(parts)


def answer_html(law: Result, reform: Result | None, t: Translator, period_label: str,
                scenario: Scenario | None = None) -> str:
    """The cards of every option, no work first, as one HTML block (with its style). With `scenario`, an
    option where both adults have paid work names each adult's job and from which wage it pays."""
    direction = "rtl" if t.rtl else "ltr"
    reform_no_work = reform.options[0].disposable_income if reform is not None else None
    adults = adults_of(scenario, law) if scenario is not None else [[] for _ in law.options]
    own = scenario is not None and scenario.household.housing == "own_housing"
    covered = transport_covered(law)
    cards = [_card(o, reform.option(o.name) if reform is not None else None, reform_no_work, t, period_label,
                   a, covered, own) for o, a in zip(law.options, adults, strict=True)]
    return f'{CARD_CSS}<section class="kfk-answer" dir="{direction}" lang="{t.lang}">{"".join(cards)}</section>'


# The "why?" holds long formulas and parameter paths: wrapped anywhere, so a phone does not scroll sideways.
WHY_CSS = (" [class*='st-key-why-text'] p {overflow-wrap: anywhere; font-size: .9rem; line-height: 1.4;"
           " margin-bottom: .35rem;}")


def answer_block(law: Result, reform: Result | None, t: Translator, period_label: str, scenario: Scenario,
                 household: str) -> str:
    """The top of the page as one element: the household in one line, the heading, the cards, and what the
    tool is and that it keeps nothing."""
    heading = f"{t('results.heading')} ({period_label})"
    return prose.block(prose.paragraphs([household], strong=True), prose.heading(heading, 3),
                       answer_html(law, reform, t, period_label, scenario),
                       prose.paragraphs([f"{t('app.tagline')} 🔒 {t('app.privacy')}"], small=True))


# Right to left, element by element: Streamlit sets `text-align: left` on its headings, lists and captions,
# so inheriting the direction is not enough. Charts stay left to right (and links: ui/cards.py); a field's text (a name
# typed in any script) takes the direction of its own first letter.
_RTL_TEXT = ("h1, h2, h3, h4, h5, h6, p, li, ul, ol, label, summary, table, th, td, "
             "[data-testid='stCaptionContainer'], [data-testid='stMarkdownContainer'], .kfk-table, "
             "[data-testid='stDataFrame'], [data-testid='stExpander'], [data-testid='stTabs'], "
             "[data-testid='stAlert'], [data-testid='stWidgetLabel'], [class*='st-key-why-text']")
_SCOPES = (".stMainBlockContainer", "section[data-testid='stSidebar']")
RTL_CSS = (
    " .stMainBlockContainer, section[data-testid='stSidebar'] {direction: rtl; text-align: right;}"
    + " " + ", ".join(f"{scope} :is({_RTL_TEXT})" for scope in _SCOPES)
    + " {direction: rtl !important; text-align: right !important;}"
    " [data-testid='stVegaLiteChart'] {direction: ltr !important; text-align: left !important;}"
    " .stMainBlockContainer input, .stMainBlockContainer textarea {unicode-bidi: plaintext;}"
    " [data-baseweb='tab-list'] {direction: rtl;}")
# (A table's cell reads by its own first letter, numbers left to right: ui/page/tables.py.)
# Amounts, dates, formulas and names keep their own order inside a sentence of the other direction.
ISOLATE_CSS = " bdi, .kfk-ltr {unicode-bidi: isolate;} .kfk-ltr {direction: ltr;}"


def uploader_css(button: str) -> str:
    """Streamlit's file uploader writes its own English ("Drag and drop file here", "Limit 64MB per file",
    "Upload"): its hint is hidden (the page gives its own, translated) and the button shows `button`. The
    button's own content is hidden from sight only, not from a screen reader: a button with no content at
    all has no accessible name (axe-core's button-name, WCAG 4.1.2)."""
    label = button.replace("\\", "").replace('"', "'").replace("<", "").replace("\n", " ")
    return ("[data-testid='stFileUploaderDropzoneInstructions'] {display: none;}"
            " [data-testid='stFileUploaderDropzone'] button > * {position: absolute; width: 1px; height: 1px;"
            " overflow: hidden; clip-path: inset(50%); white-space: nowrap;}"
            f" [data-testid='stFileUploaderDropzone'] button::after {{content: \"{label}\"; font-size: .9rem;}}")


def page_css(rtl: bool, upload_button: str = "") -> str:
    """The page's own style: less empty space above the answer, a title that fits a phone, and right to left
    for the right-to-left languages (charts and code, numbers and links, stay left to right)."""
    css = ("<style>.stMainBlockContainer {padding-top: 3.6rem;}"
           " h1 {font-size: clamp(1.6rem, 5vw, 2.4rem) !important; padding-top: 0 !important;}"
           " h1, h2, h3 {overflow-wrap: normal; word-break: normal; hyphens: manual;}"
           # Streamlit's faded caption grey is 3.9:1 on white; WCAG AA asks 4.5:1 for small text.
           f" [data-testid='stCaptionContainer'], [data-testid='stCaptionContainer'] * "
           f"{{color: {NEUTRAL}; opacity: 1;}}" + ISOLATE_CSS + prose.PROSE_CSS + WHY_CSS + " "
           + uploader_css(upload_button))
    if rtl:
        css += RTL_CSS
    return css + "</style>"

"""The resident's take-home PDF: one A4 page in their language, and on the back the same page in Danish for
the centre's staff (a Danish PDF is the one page).

The page holds the household in one line, the options side by side (left to live on, compared with no
work, from when the job pays), the waterfall of the chosen option as a chart, the eligibility warnings, the
assumptions with their effect, the date of the rules and the sources, and the share link as a QR code.
It prints in black and white: the chart tells money in, money out and what is left apart by fill pattern
and by the signed amount beside each bar, never by colour.

Arabic and Farsi: reportlab neither shapes nor reorders, so each line is shaped (arabic_reshaper), wrapped
in logical order, then put in visual order (python-bidi) and drawn run by run, Arabic letters in Noto
Naskh Arabic and everything else (Latin, Danish terms, digits, brackets) in Noto Sans. Tables and the chart
are mirrored. Every word comes from the catalogues (ui/i18n/<lang>/pdf.po and results.po).
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import arabic_reshaper
import qrcode
from bidi import get_display
from qrcode.exceptions import DataOverflowError
from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, Line, Rect
from reportlab.lib.colors import Color, black, white
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepInFrame,
    PageBreak,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)

from simulator.models import NO_WORK

from .i18n import Translator, translator
from .text import (
    assumption_lines,
    break_even_sentence,
    date_text,
    household_line,
    option_label,
    option_wage,
    signed_kr,
    warning_lines,
)

FONT_DIR = Path(__file__).parent / "fonts"
FONT_FILES = {
    "NotoSans": "NotoSans-Regular.ttf",
    "NotoSans-Bold": "NotoSans-Bold.ttf",
    "NotoNaskhArabic": "NotoNaskhArabic-Regular.ttf",
    "NotoNaskhArabic-Bold": "NotoNaskhArabic-Bold.ttf",
}
STAFF_LANG = "da"

PAGE_W, PAGE_H = A4
MARGIN = 30.0                      # ~10.5 mm: inside what office printers can reach
GREY_IN = Color(0.72, 0.72, 0.72)  # money in: mid grey
GREY_LEFT = Color(0.25, 0.25, 0.25)  # what is left: near black
GREY_RULE = Color(0.55, 0.55, 0.55)
SHADE = Color(0.90, 0.90, 0.90)    # the option shown in the chart
OPTIONS_PER_TABLE = 4              # more options continue in a second table below
RTL_SCALE = 1.1                    # Naskh letters are small for their point size: set Arabic/Farsi larger

_ARABIC = frozenset(chr(c) for a, b in ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF),
                                        (0xFE70, 0xFEFF)) for c in range(a, b + 1))
_LRI, _PDI = "\u2066", "\u2069"
_MIRROR = str.maketrans("()[]{}<>«»‹›", ")(][}{><»«›‹")
_INVISIBLE = dict.fromkeys(map(ord, "\u200c\u200d\u200e\u200f\u2066\u2067\u2068\u2069\u202a\u202b\u202c\u202d\u202e"))
# The shipped fonts have no U+2212 minus sign (the translator's negative numbers); an en dash looks the same.
_GLYPH_SUBSTITUTES = str.maketrans({"\u2212": "\u2013"})


# --- fonts and scripts ------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _fonts() -> dict[str, frozenset[int]]:
    """Register the shipped fonts once; return each font's character set (to pick a font per character)."""
    charsets = {}
    for name, filename in FONT_FILES.items():
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / filename)))
        charsets[name] = frozenset(pdfmetrics.getFont(name).face.charToGlyph)
    return charsets


def _is_arabic(ch: str) -> bool:
    return ch in _ARABIC


def _has_arabic(text: str) -> bool:
    return not _ARABIC.isdisjoint(text)


# Shaping, reordering and measuring are cached: the same words recur across both pages and the options,
# and KeepInFrame lays the page out more than once while it finds the scale.
@lru_cache(maxsize=4096)
def _shape(text: str) -> str:
    """Glyph-safe text in logical order, Arabic letters in their joined forms."""
    text = text.translate(_GLYPH_SUBSTITUTES)
    if _has_arabic(text):
        text = arabic_reshaper.reshape(text)
    return text.translate(_INVISIBLE)


def _island_start(text: str, i: int) -> bool:
    """Does a left-to-right stretch (Latin words, numbers, signed amounts, § citations) start at i?"""
    c = text[i]
    if _is_arabic(c):
        return False
    if c.isalnum():
        return True
    rest = text[i + 1:i + 3]
    if c in "+-–":
        return rest[:1].isdigit()
    return c == "§" and rest[:1] == " " and rest[1:2].isdigit()


def _trim(text: str, i: int, j: int) -> int:
    """Trim text[i:j] back to a letter or digit, a '%' right after a number, or a bracket closing one inside."""
    end = j
    while end > i + 1:
        c, inner = text[end - 1], text[i:end - 1]
        if c.isalnum():
            break
        if c == "%" and inner[-1:].isdigit():
            break
        if (c == ")" and inner.count("(") > inner.count(")")) or (c == "]" and inner.count("[") > inner.count("]")):
            break
        end -= 1
    return end


def _island_end(text: str, i: int, j: int) -> int:
    """Where the left-to-right stretch starting at i ends (j: the next Arabic letter). A bracket whose
    partner lies outside the stretch belongs to the right-to-left text around it: the stretch stops before."""
    end = _trim(text, i, j)
    open_at: list[int] = []
    for k in range(i, end):
        if text[k] in "([":
            open_at.append(k)
        elif text[k] in ")]":
            if not open_at:
                return _trim(text, i, k)
            open_at.pop()
    return _trim(text, i, open_at[0]) if open_at else end


def _isolate_ltr(text: str) -> str:
    """Wrap each left-to-right stretch of a right-to-left line in an isolate, so that python-bidi keeps it
    whole: '−1,700' keeps its sign in front and 'Part-time job (20 h)' its brackets."""
    out, i, n = [], 0, len(text)
    while i < n:
        if _island_start(text, i):
            j = i
            while j < n and not _is_arabic(text[j]):
                j += 1
            end = _island_end(text, i, j)
            out.append(_LRI + text[i:end] + _PDI)
            i = end
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


@lru_cache(maxsize=4096)
def _logical(text: str, rtl: bool) -> str:
    """Shaped text in logical order; on a right-to-left page its left-to-right stretches are isolated for
    the whole paragraph, before it is cut into lines (a name wrapped over two lines stays one stretch)."""
    shaped = _shape(text)
    return _isolate_ltr(shaped) if rtl else shaped


def _close_isolates(lines: list[str]) -> list[str]:
    """A line break inside an isolated stretch: close it at the end of the line, reopen it on the next."""
    out, open_ = [], False
    for line in lines:
        if open_:
            line = _LRI + line
        for ch in line:
            if ch == _LRI:
                open_ = True
            elif ch == _PDI:
                open_ = False
        out.append(line + _PDI if open_ else line)
    return out


@lru_cache(maxsize=4096)
def _visual(line: str, rtl: bool) -> str:
    """One line of `_logical` text in the order it is drawn, left to right."""
    if rtl:
        shown = get_display(line, base_dir="R")
        # python-bidi reorders but does not mirror: brackets outside the left-to-right isolates are
        # right-to-left and must face the other way (rule L4).
        out, depth = [], 0
        for ch in shown:
            if ch in (_LRI, _PDI):
                depth = 1 - depth
            else:
                out.append(ch if depth else ch.translate(_MIRROR))
        return "".join(out)
    if _has_arabic(line):
        return get_display(line, base_dir="L").translate(_INVISIBLE)
    return line


@lru_cache(maxsize=8192)
def _runs(visual: str, bold: bool) -> tuple[tuple[str, str], ...]:
    """Split a visual line into (font, text) runs: Arabic letters in Naskh, the rest in Noto Sans."""
    charsets = _fonts()
    latin = "NotoSans-Bold" if bold else "NotoSans"
    arabic = "NotoNaskhArabic-Bold" if bold else "NotoNaskhArabic"
    runs: list[list] = []
    for ch in visual:
        o = ord(ch)
        if _is_arabic(ch) and o in charsets[arabic]:
            font = arabic
        elif o in charsets[latin]:
            font = latin
        elif o in charsets[arabic]:
            font = arabic
        else:
            font, ch = latin, "?"   # never a box
        if runs and runs[-1][0] == font:
            runs[-1][1].append(ch)
        else:
            runs.append([font, [ch]])
    return tuple((font, "".join(chars)) for font, chars in runs)


@lru_cache(maxsize=16384)
def _width(text: str, size: float, bold: bool) -> float:
    text = text.translate(_INVISIBLE)
    return sum(pdfmetrics.stringWidth(s, f, size) for f, s in _runs(text, bold))


def _cut(word: str, width: float, size: float, bold: bool) -> list[str]:
    """A word wider than the line (a share link) cut into pieces that fit, character by character."""
    pieces, start, used = [], 0, 0.0
    for k, ch in enumerate(word):
        w = _width(ch, size, bold)
        if used + w > width and k > start:
            pieces.append(word[start:k])
            start, used = k, 0.0
        used += w
    pieces.append(word[start:])
    return pieces


@lru_cache(maxsize=2048)
def _wrap(text: str, width: float, size: float, bold: bool, rtl: bool) -> tuple[str, ...]:
    """`_logical` lines, greedily filled by word; a word wider than a line (a URL) is cut."""
    lines: list[str] = []
    space = _width(" ", size, bold)
    for para in _logical(text, rtl).split("\n"):
        current, current_w = "", 0.0
        for word in para.split(" "):
            w = _width(word, size, bold)
            if current and current_w + space + w <= width:
                current, current_w = current + " " + word, current_w + space + w
                continue
            if current:
                lines.append(current)
            current, current_w = word, w
            if current_w > width:
                pieces = _cut(word, width, size, bold)
                lines.extend(pieces[:-1])
                current, current_w = pieces[-1], _width(pieces[-1], size, bold)
        lines.append(current)
    return tuple(_close_isolates(lines)) if rtl else tuple(lines)


def _draw_line(canv, x: float, y: float, visual: str, size: float, bold: bool, color=black) -> None:
    tx = canv.beginText(x, y)
    tx.setFillColor(color)
    for font, s in _runs(visual, bold):
        tx.setFont(font, size)
        tx.textOut(s)
    canv.drawText(tx)


def _place(canv, text: str, x: float, y: float, size: float, bold: bool, rtl: bool, anchor: str,
           knockout: bool = False) -> None:
    """Draw one short line with its start ('start'), end ('end') or middle ('middle') at x; `knockout`
    clears the ground under it first, so a chart line never runs through an amount."""
    visual = _visual(_logical(text, rtl), rtl)
    w = _width(visual, size, bold)
    left = {"start": x - w if rtl else x, "end": x if rtl else x - w, "middle": x - w / 2}[anchor]
    if knockout:
        canv.saveState()
        canv.setFillColor(white)
        canv.rect(left - 1.5, y - 0.3 * size, w + 3, 1.25 * size, stroke=0, fill=1)
        canv.restoreState()
    _draw_line(canv, left, y, visual, size, bold)


# --- flowables ---------------------------------------------------------------------------------------

class Text(Flowable):
    """A paragraph in any of the four languages: wrapped, shaped, reordered and aligned for its direction."""

    def __init__(self, text: str, size: float = 8.5, bold: bool = False, rtl: bool = False,
                 align: str | None = None, color=black, space_before: float = 0, space_after: float = 0):
        super().__init__()
        self.text, self.size, self.bold, self.rtl = text, size, bold, rtl
        self.align = align or ("right" if rtl else "left")
        self.color = color
        self.leading = size * (1.6 if rtl else 1.28)   # Naskh needs room above and below the line
        self.spaceBefore, self.spaceAfter = space_before, space_after
        self._lines: tuple[str, ...] = ()
        self._w = self._h = 0.0

    def wrap(self, availWidth, availHeight):
        self._w = availWidth
        self._lines = _wrap(self.text, availWidth, self.size, self.bold, self.rtl) if self.text else ()
        self._h = len(self._lines) * self.leading
        return availWidth, self._h

    def draw(self):
        for k, line in enumerate(self._lines):
            visual = _visual(line, self.rtl)
            w = _width(visual, self.size, self.bold)
            x = {"left": 0.0, "right": self._w - w, "center": (self._w - w) / 2}[self.align]
            baseline = self._h - k * self.leading - self.leading / 2 - 0.35 * self.size
            _draw_line(self.canv, x, baseline, visual, self.size, self.bold, self.color)


@dataclass(frozen=True)
class Bar:
    label: str
    start: float
    end: float
    kind: str        # 'in', 'out' or 'left'
    value: str       # the signed amount printed beside the bar


class Waterfall(Flowable):
    """The budget of one option as a horizontal waterfall: allowances and wage in, tax, offset, rent and
    transport out, and what is left, with a dashed line at what no work leaves. Mirrored for Arabic/Farsi."""

    LABEL_SHARE = 0.40
    VALUE_ROOM = 64.0
    BASE_SIZE = 7.8

    def __init__(self, bars: list[Bar], reference: float, reference_label: str, legend: list[str], rtl: bool):
        super().__init__()
        self.bars, self.reference, self.reference_label = bars, reference, reference_label
        self.legend, self.rtl = legend, rtl
        self.SIZE = self.BASE_SIZE * (RTL_SCALE if rtl else 1.0)
        self.leading = self.SIZE * (1.55 if rtl else 1.25)
        self._layout: list[tuple[tuple[str, ...], float]] = []

    def wrap(self, availWidth, availHeight):
        self._w = availWidth
        label_w = availWidth * self.LABEL_SHARE
        self._layout = []
        for bar in self.bars:
            lines = _wrap(bar.label, label_w - 4, self.SIZE, bar.kind == "left", self.rtl)
            self._layout.append((lines, max(15.0, len(lines) * self.leading + 4)))
        self._top = 14.0          # the 'no work' label
        self._bottom = 18.0       # the legend
        self._h = self._top + sum(h for _, h in self._layout) + self._bottom
        return availWidth, self._h

    def _x(self, v: float) -> float:
        return self._xa + (v - self._lo) / (self._hi - self._lo) * (self._xb - self._xa)

    def _m(self, x: float) -> float:
        """Mirror an x position for right-to-left pages."""
        return self._w - x if self.rtl else x

    def draw(self):
        canv, w, rtl = self.canv, self._w, self.rtl
        values = [0.0, self.reference] + [v for b in self.bars for v in (b.start, b.end)]
        self._lo, self._hi = min(values), max(values)
        if self._hi - self._lo < 1:
            self._hi = self._lo + 1
        self._xa, self._xb = w * self.LABEL_SHARE + 6, w - self.VALUE_ROOM
        d = Drawing(w, self._h)
        y = self._h - self._top
        rows = []
        for _, row_h in self._layout:
            rows.append((y - row_h, row_h))
            y -= row_h
        top_y, bottom_y = self._h - self._top, rows[-1][0] if rows else 0
        previous_end = previous_bottom = None
        for bar, (row_y, row_h) in zip(self.bars, rows):
            x0, x1 = sorted((self._m(self._x(bar.start)), self._m(self._x(bar.end))))
            bh = min(row_h - 5, 10.0)
            by = row_y + (row_h - bh) / 2
            fill = {"in": GREY_IN, "out": white, "left": GREY_LEFT}[bar.kind]
            d.add(Rect(x0, by, max(x1 - x0, 0.6), bh, fillColor=fill, strokeColor=black, strokeWidth=0.6))
            if bar.kind == "out":
                _hatch(d, x0, by, x1, by + bh)
            if previous_end is not None and bar.kind != "left":
                xc = self._m(self._x(previous_end))
                d.add(Line(xc, previous_bottom, xc, by + bh, strokeColor=black, strokeWidth=0.5,
                           strokeDashArray=[1, 1.5]))
            previous_end, previous_bottom = bar.end, by
        x0 = self._m(self._x(0.0))
        d.add(Line(x0, bottom_y, x0, top_y, strokeColor=black, strokeWidth=0.7))
        xr = self._m(self._x(self.reference))
        d.add(Line(xr, bottom_y, xr, top_y + 2, strokeColor=black, strokeWidth=0.8, strokeDashArray=[3, 2]))
        # Legend swatches, drawn like the bars.
        lx = 0.0
        legend_pos = []
        for kind, text in zip(("in", "out", "left"), self.legend):
            sx = self._m(lx) - (10 if rtl else 0)
            fill = {"in": GREY_IN, "out": white, "left": GREY_LEFT}[kind]
            d.add(Rect(sx, 4, 10, 7, fillColor=fill, strokeColor=black, strokeWidth=0.6))
            if kind == "out":
                _hatch(d, sx, 4, sx + 10, 11)
            legend_pos.append((self._m(lx + 14), text))
            lx += 14 + _width(_logical(text, rtl), self.SIZE, False) + 16
        renderPDF.draw(d, canv, 0, 0)

        # Words and amounts, in the page's script and direction.
        label_edge = self._m(0.0)
        for bar, (lines, _), (row_y, row_h) in zip(self.bars, self._layout, rows):
            bold = bar.kind == "left"
            block = len(lines) * self.leading
            for k, line in enumerate(lines):
                baseline = row_y + (row_h + block) / 2 - k * self.leading - self.leading / 2 - 0.35 * self.SIZE
                visual = _visual(line, rtl)
                lw = _width(visual, self.SIZE, bold)
                _draw_line(canv, label_edge - lw if rtl else label_edge, baseline, visual, self.SIZE, bold)
            far = self._m(self._x(max(bar.start, bar.end))) + (-3 if rtl else 3)
            _place(canv, bar.value, far, row_y + row_h / 2 - 0.35 * self.SIZE, self.SIZE, bold, rtl, "start",
                   knockout=True)
        ref_x = min(max(xr, 60.0), w - 60.0)
        _place(canv, self.reference_label, ref_x, top_y + 4.5, self.SIZE, False, rtl, "middle", knockout=True)
        for x, text in legend_pos:
            _place(canv, text, x, 5, self.SIZE, False, rtl, "start")


def _hatch(d: Drawing, x0: float, y0: float, x1: float, y1: float, step: float = 2.6) -> None:
    """Diagonal hatching inside a rectangle: 'money out' without colour."""
    c = x0 - (y1 - y0)
    while c < x1:
        # One line at 45° through (c, y0): the points (c + t, y0 + t), t clipped to the rectangle.
        ta, tb = max(0.0, x0 - c), min(y1 - y0, x1 - c)
        if tb > ta:
            d.add(Line(c + ta, y0 + ta, c + tb, y0 + tb, strokeColor=black, strokeWidth=0.35))
        c += step


@lru_cache(maxsize=16)
def _qr_matrix(url: str) -> tuple[tuple[bool, ...], ...] | None:
    """The share link's QR modules, or None if the link is too long for a QR code."""
    long_link = len(url) > 300
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_L if long_link else qrcode.constants.ERROR_CORRECT_M,
        border=0,
        # Trying all eight masks for the most readable one costs ~0.3 s on a long link; any mask is valid.
        mask_pattern=2 if long_link else None)
    code.add_data(url)
    try:
        code.make(fit=True)
    except DataOverflowError:
        return None
    return tuple(tuple(row) for row in code.get_matrix())


class QRCode(Flowable):
    """The share link as a QR code, drawn as one vector path (crisp at any print size, quick to write),
    with the white quiet zone of four modules that scanners need inside its size."""

    QUIET = 4

    def __init__(self, matrix: tuple[tuple[bool, ...], ...], size: float):
        super().__init__()
        self.matrix, self.size = matrix, size
        self.width = self.height = size

    def wrap(self, availWidth, availHeight):
        return self.size, self.size

    def draw(self):
        n = len(self.matrix)
        cell = self.size / (n + 2 * self.QUIET)
        left = top = self.QUIET * cell
        path = self.canv.beginPath()
        for r, row in enumerate(self.matrix):
            c = 0
            while c < n:
                if row[c]:
                    start = c
                    while c < n and row[c]:
                        c += 1
                    path.rect(left + start * cell, self.size - top - (r + 1) * cell, (c - start) * cell, cell)
                else:
                    c += 1
        self.canv.setFillColor(black)
        self.canv.drawPath(path, stroke=0, fill=1)


# --- content -------------------------------------------------------------------------------------------

_CITATION = re.compile(
    r"(?:UDL|KSL|Kildeskatteloven|Arbejdsmarkedsbidragsloven(?: \(AMBL\))?|(?:BEK|LBK) nr\. \d+/\d{4}"
    r"|[Ll]ov nr\. \d+(?: af \d+\. \w+ \d{4})?|Den juridiske vejledning [A-Z][A-Z0-9.]*[0-9])"
    r"(?: § \d+ ?[a-zA-Z]?\b(?: stk\. \d+)?(?:, \d+\. pkt\.)?)?")


def parameter_sources(result) -> list[tuple[list[str], str]]:
    """The legal citations behind the parameters of every option's trace, grouped by the page they link to."""
    by_url: dict[str, list[str]] = {}
    for option in result.options:
        for step in option.trace:
            for use in step.parameters:
                if not use.url:
                    continue
                cites = by_url.setdefault(use.url, [])
                for cite in _CITATION.findall(use.source):
                    cite = cite.replace(" ", "\u00a0")   # a citation is never cut over two lines
                    if cite not in cites:
                        cites.append(cite)
    return list((cites, url) for url, cites in by_url.items())


def _short_url(url: str) -> str:
    return re.sub(r"^https?://(www\.)?", "", url)


def chosen(result, name: str | None = None):
    """The option the chart shows: the one asked for, else the paid option leaving the most, else the last."""
    if name is not None:
        for option in result.options:
            if option.name == name:
                return option
    paid = [o for o in result.options if o.lines["gross_wage"] > 0]
    if paid:
        return max(paid, key=lambda o: o.disposable_income)
    return result.options[-1]


def _bars(option, t: Translator) -> list[Bar]:
    lines = option.lines
    bars, running = [], 0.0
    steps = [("pdf.chart.allowances", lines["allowances_before_offset"], "in")]
    if lines["gross_wage"] > 0:
        steps.append(("pdf.chart.wage", lines["gross_wage"], "in"))
    for key, amount in (("pdf.chart.tax", lines["labour_market_contribution"] + lines["income_tax"]),
                        ("pdf.chart.offset", lines["offset"]),
                        ("pdf.chart.charge", lines["accommodation_charge"]),
                        ("pdf.chart.housing", lines["housing_cost"]),
                        ("pdf.chart.transport", lines["transport"])):
        if amount > 0.005:
            steps.append((key, -amount, "out"))
    for key, amount, kind in steps:
        value = t.kr(amount) if kind == "in" and key == "pdf.chart.allowances" else signed_kr(amount, t)
        bars.append(Bar(t(key), running, running + amount, kind, value))
        running += amount
    bars.append(Bar(t("pdf.chart.left"), 0.0, lines["disposable_income"], "left", t.kr(lines["disposable_income"])))
    return bars


class _Page:
    """The flowables of one page in one language."""

    def __init__(self, scenario, result, t: Translator, share_url: str, chart_option, name: str | None,
                 side: str):
        self.scenario, self.result, self.t = scenario, result, t
        self.share_url, self.chart_option, self.name, self.side = share_url, chart_option, name, side
        self.rtl = t.rtl
        self.width = PAGE_W - 2 * MARGIN
        self.period = t(f"period.{result.period}")

    def text(self, text: str, size: float = 8.5, bold: bool = False, **kw) -> Text:
        return Text(text, size * (RTL_SCALE if self.rtl else 1.0), bold, self.rtl, **kw)

    def heading(self, text: str) -> Text:
        return self.text(text, 10.5, True, space_before=7, space_after=2)

    def flowables(self) -> list[Flowable]:
        t = self.t
        out: list[Flowable] = [self.text(t("pdf.title"), 15, True, space_after=1)]
        if self.name:
            out.append(self.text(t("pdf.prepared_for", name=self.name), 10, True, space_after=1))
        out.append(self.text(t("pdf.intro", period=self.period, date=date_text(self.result.rules_date, t)), 8.5))
        if self.side == "front" and t.lang != STAFF_LANG:
            out.append(self.text(t("pdf.other_side"), 7.5, color=GREY_LEFT))
        if self.side == "back":
            out.append(self.text(t("pdf.staff_side"), 7.5, color=GREY_LEFT))
        out.append(self.text(f"{t('pdf.household')}: {household_line(self.scenario, t)}", 9.5, True,
                             space_before=5))
        if self.result.reform:
            # Public parameter paths and YAML values, as in scenario files and share links.
            changes = ", ".join(f"{k} = {str(v).lower() if isinstance(v, bool) else v}"
                                for k, v in self.result.reform.items())
            out.append(self.text(t("pdf.reform", changes=changes), 8.5, True, space_before=2))
        out.append(self.heading(t("pdf.options")))
        out += self.option_tables()
        out.append(self.heading(t("pdf.chart.title", option=option_label(self.chart_option.name, t),
                                  period=self.period)))
        out.append(self.chart())
        out += self.warnings()
        out += self.assumptions()
        out.append(Spacer(1, 6))
        out.append(self.footer())
        return out

    def option_tables(self) -> list[Flowable]:
        t, options = self.t, self.result.options
        label_w = 96.0
        tables: list[Flowable] = []
        for start in range(0, len(options), OPTIONS_PER_TABLE):
            group = options[start:start + OPTIONS_PER_TABLE]
            col_w = (self.width - label_w) / OPTIONS_PER_TABLE
            labels = [t("pdf.row.option"), t("pdf.row.wage"), t("pdf.row.disposable", period=self.period),
                      t("pdf.row.gain"), t("pdf.row.breakeven")]
            rows = [[self.text(label, 7.5, True, color=GREY_LEFT)] for label in labels]
            for o in group:
                rows[0].append(self.text(option_label(o.name, t), 8.5, True))
                rows[1].append(self.text(t.kr(o.lines["gross_wage"]), 8.5))
                rows[2].append(self.text(t.kr(o.disposable_income), 12, True))
                rows[3].append(self.text("" if o.name == NO_WORK else signed_kr(o.gain, t), 9.5, True))
                sentence = break_even_sentence(o, t, option_wage(self.scenario, o.name))
                rows[4].append(self.text(sentence, 7.3))
            widths = [label_w] + [col_w] * len(group)
            shaded = [i + 1 for i, o in enumerate(group) if o.name == self.chart_option.name]
            if self.rtl:   # the row labels on the right, the first option next to them
                rows = [list(reversed(r)) for r in rows]
                widths = list(reversed(widths))
                shaded = [len(group) - i for i in shaded]
            style = [("VALIGN", (0, 0), (-1, -1), "TOP"),
                     ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                     ("TOPPADDING", (0, 0), (-1, -1), 2.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                     ("LINEBELOW", (0, 0), (-1, -2), 0.4, GREY_RULE), ("BOX", (0, 0), (-1, -1), 0.8, black)]
            for col in shaded:
                style += [("BACKGROUND", (col, 0), (col, -1), SHADE), ("BOX", (col, 0), (col, -1), 1.2, black)]
            table = Table(rows, colWidths=widths, style=TableStyle(style),
                          hAlign="RIGHT" if self.rtl else "LEFT")
            tables += [table, Spacer(1, 3)]
        tables.append(self.text(t("pdf.chosen_note"), 7, color=GREY_LEFT))
        return tables

    def chart(self) -> Flowable:
        t = self.t
        reference = self.result.options[0].disposable_income
        legend = [t("pdf.chart.legend_in"), t("pdf.chart.legend_out"), t("pdf.chart.legend_left")]
        return Waterfall(_bars(self.chart_option, t), reference,
                         t("pdf.chart.no_work", amount=t.kr(reference)), legend, self.rtl)

    def warnings(self) -> list[Flowable]:
        t = self.t
        out: list[Flowable] = [self.heading(t("pdf.warnings"))]
        lines = [(o, w) for o in self.result.options for w in warning_lines(o, t)]
        if not lines:
            out.append(self.text(t("pdf.no_warnings"), 8))
        for o, w in lines:
            out.append(self.text(f"{option_label(o.name, t)}: {w.text}", 8, space_after=1.5))
        return out

    def assumptions(self) -> list[Flowable]:
        t, o = self.t, self.chart_option
        items = assumption_lines(self.result.effects, o.name, t, current_gain=o.gain, period=self.result.period)
        if not items:
            return []
        out: list[Flowable] = [self.heading(t("pdf.assumptions")),
                               self.text(t("pdf.assumptions_intro", option=option_label(o.name, t)), 7.5,
                                         color=GREY_LEFT, space_after=2)]
        for item in items:
            out.append(self.text(f"{item.number}. {item.title}", 8, True))
            out.append(self.text(item.text, 7.3, space_after=0 if item.effect else 2.5))
            if item.effect:
                out.append(self.text(item.effect, 7.8, True, space_after=2.5))
        return out

    def footer(self) -> Flowable:
        t = self.t
        matrix = _qr_matrix(self.share_url)
        # Modules of at least ~0.5 mm, so a phone reads a long link off paper; a short one stays compact.
        qr_size = min(max((len(matrix) + 2 * QRCode.QUIET) * 1.45, 90.0), 170.0) if matrix else 90.0
        sources = "; ".join(f"{', '.join(cites)} – {_short_url(url)}" if cites else _short_url(url)
                            for cites, url in parameter_sources(self.result))
        texts = [self.text(t("pdf.scan"), 8.5, True),
                 self.text(f"{t('pdf.link')}:", 7.3, space_before=1),
                 Text(self.share_url, 7, False, False, align="right" if self.rtl else "left"),
                 self.text(t("pdf.rules_date", date=date_text(self.result.rules_date, t)), 8, True, space_before=3),
                 self.text(f"{t('pdf.sources')}:", 7.3, True, space_before=2),
                 # Legal citations are Danish: always left to right, aligned with the page.
                 Text(sources, 6.8, False, False, align="right" if self.rtl else "left"),
                 self.text(t("pdf.disclaimer"), 7.3, True, space_before=3)]
        qr = QRCode(matrix, qr_size) if matrix else Spacer(qr_size, qr_size)
        widths = [self.width - qr_size - 14, qr_size + 14]
        cells = [texts, qr]
        if self.rtl:
            cells, widths = cells[::-1], widths[::-1]
        return Table([cells], colWidths=widths, style=TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEABOVE", (0, 0), (-1, 0), 0.8, black),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 5)]), hAlign="RIGHT" if self.rtl else "LEFT")


def build_pdf(scenario, result, lang: str, share_url: str, chosen_option: str | None = None,
              name: str | None = None) -> bytes:
    """The take-home PDF: page 1 in `lang`, page 2 the same in Danish for staff (one page if `lang` is Danish).

    `chosen_option` names the option whose waterfall is drawn (default: the paid option leaving the most).
    `name` is printed only when given; it is never part of the link.
    """
    _fonts()
    t = translator(lang)
    option = chosen(result, chosen_option)
    width, height = PAGE_W - 2 * MARGIN, PAGE_H - 2 * MARGIN
    buf = io.BytesIO()
    doc = BaseDocTemplate(buf, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                          bottomMargin=MARGIN, title=t("pdf.title"), author="Krone for Krone",
                          subject=t("pdf.title"), creator="Krone for Krone", lang=t.lang)
    doc.addPageTemplates([PageTemplate(id="page", frames=[
        Frame(MARGIN, MARGIN, width, height, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)])])
    sides = [("front", t)] + ([("back", translator(STAFF_LANG))] if t.lang != STAFF_LANG else [])
    story: list[Flowable] = []
    for side, tr in sides:
        if story:
            story.append(PageBreak())
        page = _Page(scenario, result, tr, share_url, option, name, side)
        # Shrink, never spill: whatever the number of options and assumptions, a side is one page.
        story.append(KeepInFrame(width, height - 1, page.flowables(), mode="shrink"))
    doc.build(story)
    return buf.getvalue()

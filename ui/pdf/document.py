"""An A4 PDF document for every language: the shipped fonts, HarfBuzz text shaping and the reading
direction of one language at a time, with paragraphs, one-line labels and ruled tables that mirror for
Arabic and Farsi.

fpdf2 shapes (joins Arabic and Farsi letters through uharfbuzz) and reorders (the Unicode bidirectional
algorithm, with isolates) by itself; this module only chooses the fonts, the sizes and which side a line
starts from. Text is always drawn literally: no Markdown, no links, so a name typed by a user or read
from a link cannot become markup or a link in the PDF.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import MethodReturnValue, XPos, YPos
from fpdf.fonts import TTFFont

from simulator.i18n import RTL

FONT_DIR = Path(__file__).parent / "fonts"
# (family, style) → file (made by tools/fonts.py). Left-to-right pages are set in Noto Sans (Latin and
# Cyrillic), with Noto Naskh Arabic and Noto Sans Ethiopic for other letters; right-to-left pages in Noto
# Naskh Arabic (its digits and punctuation included); Tigrinya pages in Noto Sans Ethiopic. fpdf2 falls back
# per character, in the same weight. Noto Sans carries the minus sign (U+2212) every page's numbers use.
FONT_FILES = {
    ("NotoSans", ""): "NotoSans-Regular.ttf",
    ("NotoSans", "B"): "NotoSans-Bold.ttf",
    ("NotoNaskhArabic", ""): "NotoNaskhArabic-Regular.ttf",
    ("NotoNaskhArabic", "B"): "NotoNaskhArabic-Bold.ttf",
    ("NotoSansEthiopic", ""): "NotoSansEthiopic-Regular.ttf",
    ("NotoSansEthiopic", "B"): "NotoSansEthiopic-Bold.ttf",
}
LATIN, ARABIC, ETHIOPIC = "NotoSans", "NotoNaskhArabic", "NotoSansEthiopic"
# The main font of a language whose script Noto Sans does not have (one line per new script).
SCRIPT_FONT = {"ti": ETHIOPIC}

MARGIN = 30.0          # points, ~10.5 mm: inside what office printers can reach
RTL_SCALE = 1.1        # Naskh letters are small for their point size: Arabic and Farsi pages are set larger
LEADING = 1.28         # line height / font size, Latin
RTL_LEADING = 1.55     # Naskh needs room above and below the line

_LRI, _PDI = "\u2066", "\u2069"
# A signed amount ('−1,700', '+5,077') or a percentage ('35.6%'): in right-to-left text fpdf2's
# bidirectional algorithm would move the sign behind the digits and the '%' in front of them, so the
# amount is isolated as one left-to-right stretch.
_NUM = r"[\d.,\u066b\u066c]"   # digits (any script) and separators (Western, Arabic)
_SIGNED_NUMBER = re.compile(rf"(?<![\w.,\u066b\u066c])([+\-\u2013\u2212]\d{_NUM}*[%\u066a]?|\d{_NUM}*[%\u066a])")


def drawable(text: str, rtl: bool) -> str:
    """`text` as it is handed to fpdf2: signed amounts and percentages kept whole right to left."""
    text = str(text)
    return _SIGNED_NUMBER.sub(_LRI + r"\1" + _PDI, text) if rtl else text


_WIDTHS: dict[tuple, tuple[int, float]] = {}
_WIDTHS_LIMIT = 200_000


class _RememberingFont(TTFFont):
    """A shipped font that remembers the shaped width of each text it measures. fpdf2's line breaker
    measures the line so far after every character it adds, shaping the same words again and again; with
    this, each text is shaped once per size and direction, across documents (the fonts never change)."""

    __slots__ = ()

    def get_text_width(self, text, font_size_pt, text_shaping_params):
        # This document never sets features, script or language: the direction is all that varies.
        key = (self.fontkey, text, font_size_pt,
               text_shaping_params and text_shaping_params.get("fragment_direction"))
        width = _WIDTHS.get(key)
        if width is None:
            width = super().get_text_width(text, font_size_pt, text_shaping_params)
            if len(_WIDTHS) >= _WIDTHS_LIMIT:
                _WIDTHS.clear()
            _WIDTHS[key] = width
        elif font_size_pt > self.biggest_size_pt:
            self.biggest_size_pt = font_size_pt
        return width


@dataclass(frozen=True)
class Cell:
    """One table cell: its text and how it is set."""

    text: str
    size: float = 8.5
    bold: bool = False
    grey: int = 0          # text colour, 0 (black) to 255 (white)
    align: str | None = None   # 'start' (the default), 'end' or 'center' of the line, in the page's direction


class Document(FPDF):
    """A4 in points (portrait, or landscape for wide tables), top-left origin; `use_language` sets the
    direction and `scale` shrinks a page's type (sizes and the space between blocks, never the widths) so
    that a long page still fits on one sheet."""

    def __init__(self, lang: str, title: str, orientation: str = "portrait"):
        super().__init__(orientation=orientation, unit="pt", format="A4")
        for (family, style), filename in FONT_FILES.items():
            self.add_font(family, style, str(FONT_DIR / filename))
        for font in self.fonts.values():
            font.__class__ = _RememberingFont
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(False)       # a side is one page: the caller checks the fit and rescales
        self.c_margin = 0
        self.set_title(title)
        self.set_subject(title)
        self.set_author("Krone for Krone")
        self.set_creator("Krone for Krone")
        self.set_lang(lang)
        self.scale = 1.0
        self.use_language(lang)

    # --- language and sizes -------------------------------------------------------------------------

    def use_language(self, lang: str) -> None:
        """Shape and order the following text for `lang`: right to left for Arabic script."""
        self.rtl = lang in RTL
        # The page's own script in the main font keeps a line in few pieces (fpdf2 measures a line piece
        # by piece after every character): many times faster than switching font at every space.
        self.main_font = ARABIC if self.rtl else SCRIPT_FONT.get(lang, LATIN)
        self.set_fallback_fonts([f for f in (LATIN, ARABIC, ETHIOPIC) if f != self.main_font])
        self.set_text_shaping(True, direction="rtl" if self.rtl else "ltr")

    @property
    def width(self) -> float:
        """The width between the margins."""
        return self.w - self.l_margin - self.r_margin

    @property
    def bottom(self) -> float:
        """The lowest y a page's content may reach."""
        return self.h - self.b_margin

    def pt(self, size: float) -> float:
        """A type size as set on this page: scaled to fit, and larger for the Naskh letters."""
        return size * self.scale * (RTL_SCALE if self.rtl else 1.0)

    def leading(self, size: float) -> float:
        return self.pt(size) * (RTL_LEADING if self.rtl else LEADING)

    def space(self, points: float) -> None:
        """Vertical space between blocks, shrinking with the type."""
        self.y += points * self.scale

    def _font(self, size: float, bold: bool, grey: int = 0) -> None:
        self.set_font(self.main_font, "B" if bold else "", self.pt(size))
        # fpdf2 2.8 loses track of the page's font after a fragment in the fallback font (and after a dry
        # run): text in the same font would then be drawn in the wrong size or with none. Select it again.
        self.current_font_is_set_on_page = False
        self.set_text_color(grey)

    def _align(self, align: str | None) -> str:
        """'start' (the default), 'end' or 'center', for the page's direction."""
        return {"start": "R" if self.rtl else "L", "end": "L" if self.rtl else "R", "center": "C"}[align or "start"]

    def discard_page(self) -> None:
        """Throw the last page away, to lay it out again (smaller)."""
        del self.pages[self.page]
        self.page -= 1

    # --- text ----------------------------------------------------------------------------------------

    def paragraph(self, text: str, size: float = 8.5, bold: bool = False, *, grey: int = 0,
                  align: str | None = None, x: float | None = None, width: float | None = None,
                  rtl: bool | None = None, before: float = 0, after: float = 0) -> float:
        """A wrapped paragraph at the current y, from `x` (default: the left margin) over `width` (default:
        the page); `rtl=False` sets a left-to-right text (a link, a legal citation) on any page. Moves y
        below it and returns its height."""
        self.space(before)
        x = self.l_margin if x is None else x
        width = self.width if width is None else width
        self._font(size, bold, grey)
        self.set_xy(x, self.y)
        height = self._multi(width, text, self._align(align), rtl)
        self.space(after)
        return height

    def _multi(self, width: float, text: str, align: str, rtl: bool | None, dry_run: bool = False) -> float:
        """One multi_cell in the page's direction (or in `rtl`'s); returns its height."""
        page_rtl = self.rtl
        if rtl is not None and rtl != page_rtl:
            self.set_text_shaping(True, direction="rtl" if rtl else "ltr")
        direction = page_rtl if rtl is None else rtl
        try:
            lines = self.multi_cell(width, self.font_size * (RTL_LEADING if self.rtl else LEADING),
                                    drawable(text, direction), align=align, markdown=False, new_x=XPos.LEFT,
                                    new_y=YPos.NEXT, dry_run=dry_run, output=MethodReturnValue.LINES)
        finally:
            if rtl is not None and rtl != page_rtl:
                self.set_text_shaping(True, direction="rtl" if page_rtl else "ltr")
        return len(lines) * self.font_size * (RTL_LEADING if self.rtl else LEADING) if text else 0.0

    def text_height(self, text: str, width: float, size: float, bold: bool = False) -> float:
        """The height `paragraph` would take, without drawing."""
        self._font(size, bold)
        x, y = self.x, self.y
        height = self._multi(width, text, self._align(None), None, dry_run=True)
        self.set_xy(x, y)
        return height

    def text_width(self, text: str, size: float, bold: bool = False) -> float:
        """The width of one line of text, shaped."""
        self._font(size, bold)
        return self.get_string_width(drawable(text, self.rtl))

    def label(self, text: str, x: float, y: float, size: float, bold: bool = False, *, anchor: str = "start",
              knockout: bool = False) -> None:
        """One line with its start, end or middle at x and its middle at y (a chart label); `knockout`
        clears the ground under it first, so a chart line never runs through an amount."""
        width = self.text_width(text, size, bold) + 0.5
        start_left = not self.rtl
        left = {"start": x if start_left else x - width, "end": x - width if start_left else x,
                "middle": x - width / 2}[anchor]
        height = self.pt(size) * 1.3
        if knockout:
            self.set_fill_color(255)
            self.rect(left - 1.5, y - height / 2, width + 3, height, style="F")
        self.set_xy(left, y - height / 2)
        self.cell(width, height, drawable(text, self.rtl), align="C", markdown=False)

    # --- drawing -------------------------------------------------------------------------------------

    def mirror(self, x: float, left: float, width: float) -> float:
        """An x inside [left, left + width] as seen from the start of the line: mirrored right to left."""
        return left + width - (x - left) if self.rtl else x

    def rule(self, y: float, weight: float = 0.8, grey: int = 0) -> None:
        self.set_draw_color(grey)
        self.set_line_width(weight)
        self.line(self.l_margin, y, self.w - self.r_margin, y)

    def table(self, rows: Sequence[Sequence[Cell]], widths: Sequence[float], *, marked: Sequence[int] = (),
              pad: float = 4.0, rule_grey: int = 140) -> float:
        """A ruled table at the current y, columns given in reading order (the first is the row labels) and
        mirrored right to left. Columns in `marked` are shaded and framed (the option in the chart).
        Moves y below it and returns its height."""
        order = list(range(len(widths)))
        if self.rtl:
            order.reverse()
        lefts, x = {}, self.l_margin + (self.width - sum(widths) if self.rtl else 0.0)
        for col in order:
            lefts[col] = x
            x += widths[col]
        top = self.y
        vpad = 2.5 * self.scale
        heights = [max(self.text_height(c.text, widths[i] - 2 * pad, c.size, c.bold) for i, c in enumerate(row))
                   + 2 * vpad for row in rows]
        total = sum(heights)
        for col in marked:
            self.set_fill_color(230)
            self.rect(lefts[col], top, widths[col], total, style="F")
        y = top
        for row, height in zip(rows, heights):
            for i, c in enumerate(row):
                self._font(c.size, c.bold, c.grey)
                self.set_xy(lefts[i] + pad, y + vpad)
                self._multi(widths[i] - 2 * pad, c.text, self._align(c.align), None)
            y += height
            if y < top + total - 0.01:
                self.set_draw_color(rule_grey)
                self.set_line_width(0.4)
                self.line(lefts[order[0]], y, lefts[order[-1]] + widths[order[-1]], y)
        self.set_draw_color(0)
        self.set_line_width(0.8)
        self.rect(lefts[order[0]], top, sum(widths), total)
        self.set_line_width(1.2)
        for col in marked:
            self.rect(lefts[col], top, widths[col], total)
        self.set_text_color(0)
        self.set_xy(self.l_margin, top + total)
        return total

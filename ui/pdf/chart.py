"""The pictures of the take-home PDF, drawn in black and grey so they survive a black-and-white printer:
the waterfall of one option's budget and the share link as a QR code.

The waterfall tells money in, money out and what is left apart by fill pattern (grey, hatched, near
black) and by the signed amount beside each bar, never by colour; on Arabic and Farsi pages it is mirrored.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import qrcode
from qrcode.exceptions import DataOverflowError

from ui.pdf.document import Document

GREY_IN = 184        # money in: mid grey
GREY_LEFT = 64       # what is left: near black
GREY_PROPOSAL = 235  # what is left under a proposal: pale, dotted outline
FILLS = {"in": GREY_IN, "out": 255, "left": GREY_LEFT, "proposal": GREY_PROPOSAL}


@dataclass(frozen=True)
class Bar:
    """One bar: from `start` to `end` kroner; `value` is the amount printed beside it."""

    label: str
    start: float
    end: float
    kind: str        # 'in', 'out', 'left' or 'proposal'
    value: str


def _hatch(doc: Document, x0: float, y0: float, x1: float, y1: float, step: float = 2.6) -> None:
    """Diagonal hatching inside a rectangle (y grows downwards): 'money out' without colour."""
    doc.set_line_width(0.35)
    c = x0 - (y1 - y0)
    while c < x1:
        # One line at 45° through (c, y1): the points (c + t, y1 - t), t clipped to the rectangle.
        ta, tb = max(0.0, x0 - c), min(y1 - y0, x1 - c)
        if tb > ta:
            doc.line(c + ta, y1 - ta, c + tb, y1 - tb)
        c += step


def _box(doc: Document, x: float, y: float, w: float, h: float, kind: str) -> None:
    """A bar or legend swatch in its pattern."""
    doc.set_fill_color(FILLS[kind])
    doc.set_draw_color(0)
    doc.set_line_width(0.6)
    if kind == "proposal":
        doc.rect(x, y, w, h, style="F")
        with doc.local_context():
            doc.set_dash_pattern(dash=1.2, gap=1.0)
            doc.rect(x, y, w, h)
        return
    doc.rect(x, y, w, h, style="DF")
    if kind == "out":
        _hatch(doc, x, y, x + w, y + h)


def waterfall(doc: Document, bars: list[Bar], reference: float, reference_label: str,
              legend: list[tuple[str, str]], size: float = 7.8) -> None:
    """The budget as a horizontal waterfall at the current y, with a dashed line at `reference` (what no
    work leaves); `legend` pairs a bar kind with its words. Moves y below it."""
    left, width = doc.l_margin, doc.width
    label_w, value_room = width * 0.40, 64.0
    xa, xb = left + label_w + 6, left + width - value_room
    values = [0.0, reference] + [v for b in bars for v in (b.start, b.end)]
    lo, hi = min(values), max(values)
    hi = max(hi, lo + 1)

    def x_of(v: float) -> float:
        return doc.mirror(xa + (v - lo) / (hi - lo) * (xb - xa), left, width)

    top = doc.y + 14 * doc.scale          # room for the 'no work' label
    heights = [max(15.0 * doc.scale, doc.text_height(b.label, label_w - 4, size, b.kind in ("left", "proposal"))
                   + 4 * doc.scale) for b in bars]
    y = top
    previous = None
    amounts = []   # drawn after the lines, on white, so no line runs through an amount
    for bar, row_h in zip(bars, heights):
        x0, x1 = sorted((x_of(bar.start), x_of(bar.end)))
        bh = min(row_h - 5 * doc.scale, 10.0 * doc.scale)
        by = y + (row_h - bh) / 2
        _box(doc, x0, by, max(x1 - x0, 0.6), bh, bar.kind)
        if previous is not None and bar.kind not in ("left", "proposal"):
            with doc.local_context():
                doc.set_line_width(0.5)
                doc.set_dash_pattern(dash=1, gap=1.5)
                doc.line(x_of(previous[0]), previous[1], x_of(previous[0]), by)
        previous = (bar.end, by + bh)
        bold = bar.kind in ("left", "proposal")
        doc.set_xy(left, y + (row_h - doc.text_height(bar.label, label_w - 4, size, bold)) / 2)
        doc.paragraph(bar.label, size, bold, x=doc.mirror(left, left, width) - (label_w - 4 if doc.rtl else 0),
                      width=label_w - 4)
        far = x_of(max(bar.start, bar.end)) + (-4 if doc.rtl else 4)
        amounts.append((bar.value, far, y + row_h / 2, bold))
        y += row_h
    bottom = y
    doc.set_draw_color(0)
    doc.set_line_width(0.7)
    doc.line(x_of(0.0), top, x_of(0.0), bottom)
    xr = x_of(reference)
    with doc.local_context():
        doc.set_line_width(0.8)
        doc.set_dash_pattern(dash=3, gap=2)
        doc.line(xr, top - 2, xr, bottom)
    for value, x, y_mid, bold in amounts:
        doc.label(value, x, y_mid, size, bold, knockout=True)
    doc.label(reference_label, min(max(xr, left + 60), left + width - 60), top - 6 * doc.scale, size,
              anchor="middle", knockout=True)
    # The legend: a swatch drawn like the bars, then its words.
    lx, ly = 0.0, bottom + 6 * doc.scale
    for kind, text in legend:
        sx = doc.mirror(left + lx, left, width) - (10 if doc.rtl else 0)
        _box(doc, sx, ly, 10, 7, kind)
        doc.label(text, doc.mirror(left + lx + 14, left, width), ly + 3.5, size)
        lx += 14 + doc.text_width(text, size) + 16
    doc.set_xy(left, ly + 12 * doc.scale)


@lru_cache(maxsize=16)
def qr_matrix(url: str) -> tuple[tuple[bool, ...], ...] | None:
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


QUIET_ZONE = 4   # modules of white around the code, which scanners need


def qr_size(matrix: tuple[tuple[bool, ...], ...] | None) -> float:
    """Modules of at least ~0.5 mm, so a phone reads a long link off paper; a short one stays compact."""
    if matrix is None:
        return 90.0
    return min(max((len(matrix) + 2 * QUIET_ZONE) * 1.45, 90.0), 170.0)


def qr_code(doc: Document, matrix: tuple[tuple[bool, ...], ...], x: float, y: float, size: float) -> None:
    """The QR code with its top-left corner at (x, y), the quiet zone inside `size`; each run of dark
    modules in a row is one rectangle (crisp at any print size, quick to write)."""
    n = len(matrix)
    cell = size / (n + 2 * QUIET_ZONE)
    x0, y0 = x + QUIET_ZONE * cell, y + QUIET_ZONE * cell
    doc.set_fill_color(0)
    for r, row in enumerate(matrix):
        c = 0
        while c < n:
            if row[c]:
                start = c
                while c < n and row[c]:
                    c += 1
                doc.rect(x0 + start * cell, y0 + r * cell, (c - start) * cell, cell, style="F")
            else:
                c += 1

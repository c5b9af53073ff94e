"""The policy workbench's caseload result as a PDF: the tables of the page and a chart of who work pays for
(pure: the typed `Impact` and labels in, PDF bytes out). For policy staff, in the workbench's language:
the labels arrive translated; Arabic and Farsi are shaped and set right to left by fpdf2 (ui/pdf/document.py).

Every table fits landscape A4: the reforms' figures are one row per figure and at most REFORMS_PER_TABLE
reforms per table (a wider comparison is split into several tables), column widths come from the text (no
column narrower than its longest word), and a table longer than what is left of a page moves to the next
page, or, longer than a page, continues there under its heading row. Reform titles come from outside
(files, links): printed as literal text on one line, never as a link.
"""
from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence

import pandas as pd

from simulator.caseload import Impact, row_text, warning_lines
from simulator.i18n import translator
from simulator.untrusted import one_line
from ui.pdf.document import MARGIN, Cell, Document
from ui.workbench import caseload_view

TITLE, HEAD, BODY, CELL = 14.0, 10.5, 8.5, 7.5     # type sizes, points
PAD = 3.0                  # a cell's inner margin left and right, points
VPAD = 2.5                 # and above and below (as ui/pdf/document.py, Document.table draws it)
REFORMS_PER_TABLE = 4
MIN_COLUMN = 40.0          # points (~14 mm): no column narrower, a word of a heading must fit on a line
TEXT_CHARS = 300           # any one text from outside is cut to this many characters
SKIPPED_IN_PDF = 50        # the first skipped rows listed (the workbench offers all of them as CSV)
HEADER_GREY = 232
LAW_GREY, REFORM_GREY = 64, 150


def _text(value: object) -> str:
    """A cell or a title as literal text on one line (reform titles come from files and links)."""
    return "" if value is None else one_line(str(value), TEXT_CHARS)


def _words(text: str) -> list[str]:
    return text.split() or [""]


def column_widths(doc: Document, frame: pd.DataFrame, width: float) -> list[float]:
    """Column widths for `frame` (display text) within `width`: each column at least its longest word (a
    heading's in bold) and MIN_COLUMN, and as wide as its longest cell where the page has room."""
    floors, wants = [], []
    for column in frame.columns:
        cells = [_text(v) for v in frame[column]]
        heading = _text(column)
        word = max([doc.text_width(w, CELL, True) for w in _words(heading)]
                   + [doc.text_width(w, CELL) for c in cells for w in _words(c)])
        longest = max([doc.text_width(c, CELL) for c in cells] + [doc.text_width(heading, CELL, True)])
        floors.append(max(MIN_COLUMN, word + 2 * PAD + 1))
        wants.append(max(floors[-1], min(longest, width / 4) + 2 * PAD + 1))
    if sum(wants) <= width:
        return wants
    spare, extra = width - sum(floors), sum(wants) - sum(floors)
    if spare <= 0:        # more columns than the page holds even at their longest word: share it evenly
        return [f * width / sum(floors) for f in floors]
    return [f + (w - f) * spare / extra for f, w in zip(floors, wants)]


_AMOUNT = re.compile(r"[+\-\u2212\u2013]?\d[\d.,\u066b\u066c]*|\u2014")


def _numeric(column: pd.Series) -> bool:
    """A column of plain amounts (one number a cell, or '—')."""
    return len(column) > 0 and all(_AMOUNT.fullmatch(_text(v)) for v in column)


def _row_height(doc: Document, row: Sequence[Cell], widths: Sequence[float]) -> float:
    return max(doc.text_height(c.text, w - 2 * PAD, c.size, c.bold) for c, w in zip(row, widths)) + 2 * VPAD


def _fit(doc: Document, height: float) -> None:
    """A new page unless `height` fits below the current y."""
    if doc.y + height > doc.bottom:
        doc.add_page()


def table(doc: Document, frame: pd.DataFrame, heading: str | None = None) -> None:
    """A DataFrame of display text as a ruled table with a shaded heading row, at the current y; it breaks
    across pages between rows, repeating the heading row (and starts on a new page rather than leave its
    heading alone at the foot of one)."""
    widths = column_widths(doc, frame, doc.width)
    # Digits run left to right on every page: amounts are set flush right, so their units line up.
    aligns = ["end" if _numeric(frame[c]) and not doc.rtl else None for c in frame.columns]
    header = [Cell(_text(c), CELL, True, align=a) for c, a in zip(frame.columns, aligns)]
    body = [[Cell(_text(v), CELL, align=a) for v, a in zip(row, aligns)] for row in frame.itertuples(index=False)]
    header_h = _row_height(doc, header, widths)
    heights = [_row_height(doc, row, widths) for row in body]
    heading_h = doc.text_height(heading, doc.width, HEAD, True) + 9 if heading else 0.0
    whole = heading_h + header_h + sum(heights)
    # Kept on one page when it fits on one; else at least its heading row and first row together.
    _fit(doc, whole if whole <= doc.bottom - doc.t_margin else heading_h + header_h + (heights[0] if heights else 0.0))
    if heading:
        doc.paragraph(heading, HEAD, True, before=6, after=3)
    start = 0
    while True:
        end, used = start, header_h
        while end < len(body) and (end == start or doc.y + used + heights[end] <= doc.bottom):
            used += heights[end]
            end += 1
        left = doc.l_margin + (doc.width - sum(widths) if doc.rtl else 0.0)
        doc.set_fill_color(HEADER_GREY)
        doc.rect(left, doc.y, sum(widths), header_h, style="F")
        doc.table([header] + body[start:end], widths, pad=PAD)
        if end >= len(body):
            break
        doc.add_page()
        start = end
    doc.space(8)


def _nice_step(top: float) -> float:
    """A round tick step giving about four ticks up to `top`."""
    raw = max(top, 1.0) / 4
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)


def work_pays_chart(doc: Document, result: Impact, labels: Mapping[str, str], number: Callable[[float], str]
                    ) -> None:
    """Households for whom work pays under each rule set: one bar each (the law darker), a whisker over
    the range across the assumptions, the figure beside it, a scale below; mirrored right to left."""
    frame = caseload_view.work_pays_frame(result)
    left, width = doc.l_margin, doc.width
    titles = [_text(t) for t in frame["rule_set"]]
    values = [caseload_view.figure_text(s.work_pays, labels, number) for s in result.summaries]
    label_w = min(width * 0.35, max(doc.text_width(t, CELL) for t in titles) + 8)
    value_w = max(doc.text_width(v, CELL) for v in values) + 10
    xa, xb = left + label_w + 6, left + width - value_w
    top_value = max([v for v in frame["high"].tolist() + frame["households"].tolist() if v is not None] + [1.0])
    step = _nice_step(top_value)
    scale_top = math.ceil(top_value / step) * step

    def x_of(v: float) -> float:
        return doc.mirror(xa + v / scale_top * (xb - xa), left, width)

    heights = [max(16.0, doc.text_height(t, label_w - 4, CELL) + 6) for t in titles]
    _fit(doc, sum(heights) + 24)
    top = y = doc.y
    for (_, row), title, value, row_h in zip(frame.iterrows(), titles, values, heights):
        bar_h = 10.0
        by = y + (row_h - bar_h) / 2
        x0, x1 = sorted((x_of(0.0), x_of(row["households"] or 0.0)))
        doc.set_fill_color(LAW_GREY if row["kind"] == "law" else REFORM_GREY)
        doc.rect(x0, by, max(x1 - x0, 0.6), bar_h, style="F")
        far = row["households"] or 0.0
        if row["low"] is not None and row["high"] is not None and row["low"] != row["high"]:
            doc.set_draw_color(0)
            doc.set_line_width(0.8)
            mid = y + row_h / 2
            doc.line(x_of(row["low"]), mid, x_of(row["high"]), mid)
            for end in (row["low"], row["high"]):
                doc.line(x_of(end), mid - 3, x_of(end), mid + 3)
            far = max(far, row["high"])
        doc.set_xy(left, y + (row_h - doc.text_height(title, label_w - 4, CELL)) / 2)
        doc.paragraph(title, CELL, x=doc.mirror(left, left, width) - (label_w - 4 if doc.rtl else 0),
                      width=label_w - 4)
        doc.label(value, x_of(far) + (-4 if doc.rtl else 4), y + row_h / 2, CELL)
        y += row_h
    doc.set_draw_color(0)
    doc.set_line_width(0.6)
    doc.line(x_of(0.0), top, x_of(0.0), y)
    doc.line(x_of(0.0), y, x_of(scale_top), y)
    tick = 0.0
    while tick <= scale_top + step / 2:
        doc.line(x_of(tick), y, x_of(tick), y + 3)
        doc.label(number(tick), x_of(tick), y + 9, CELL - 0.5, anchor="middle")
        tick += step
    doc.set_xy(left, y + 18)
    doc.space(6)


def reform_slices(n: int) -> list[slice]:
    """The reforms split into as few tables as REFORMS_PER_TABLE allows, of even size (5 → 3 + 2)."""
    tables = max(1, math.ceil(n / REFORMS_PER_TABLE))
    per = max(1, math.ceil(n / tables))
    return [slice(start, start + per) for start in range(0, n, per)]


def build_caseload_pdf(result: Impact, labels: Mapping[str, str], title: str, intro: str,
                       number: Callable[[float], str] = caseload_view.english_number, lang: str = "en",
                       warnings: Sequence[str] | None = None) -> bytes:
    """Every table of the workbench's caseload result, with the work-pays chart, on landscape A4 pages in
    `lang` (its labels, title and intro already translated); the legal warnings (phase 3 and the others)
    under the coverage line (`warnings` as the page says them, or in `lang`)."""
    doc = Document(lang, _text(title), orientation="landscape")
    doc.set_auto_page_break(False, MARGIN)     # the page breaks are ours (`_fit`), above the bottom margin
    doc.add_page()
    doc.paragraph(_text(title), TITLE, True, after=3)
    doc.paragraph(one_line(intro, 2000), BODY, after=2)
    coverage = f"{number(result.households)} / {number(result.rows_read)} {labels.get('households', 'Households')}"
    doc.paragraph(f"{coverage} · {result.date} · {labels.get(result.period, result.period)}", BODY, after=2)
    shown = min(SKIPPED_IN_PDF, len(result.row_errors))
    if result.skipped_rows:
        notice = labels.get("skipped", caseload_view.LABELS["skipped"])
        doc.paragraph(notice.format(n=number(result.skipped_rows), total=number(result.rows_read),
                                    shown=number(shown)), BODY, True, after=2)
    t = translator(lang)
    for line in (warning_lines(result, t, number) if warnings is None else warnings):
        doc.paragraph("! " + _text(line), BODY, True, after=2)
    doc.paragraph(labels["work_pays"], HEAD, True, before=6, after=4)
    work_pays_chart(doc, result, labels, number)
    table(doc, caseload_view.summary_table(result, labels, number))
    for chosen in reform_slices(len(result.reforms)):
        table(doc, caseload_view.reform_table(result, labels, number, chosen))
    for reform in result.reforms:
        table(doc, caseload_view.groups_table(result, reform.name, labels, number), heading=_text(reform.title))
    table(doc, caseload_view.assumptions_table(result, labels, t), heading=labels["assumption"])
    if result.skipped_rows:
        heading = f"{labels['problem']} ({number(result.skipped_rows)})"
        _fit(doc, 40)
        doc.paragraph(heading, HEAD, True, before=6, after=3)
        for error in result.row_errors[:shown]:
            # in the PDF's language; the cells quoted in it came from the file: literal text on one line
            text = _text(row_text(error, t))
            _fit(doc, doc.text_height(text, doc.width, BODY))
            doc.paragraph(text, BODY)
    return bytes(doc.output())

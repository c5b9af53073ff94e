"""The policy workbench's caseload result as a PDF: the tables of the page and a chart of who work pays for
(pure: the typed `Impact` and labels in, PDF bytes out). For policy staff; English or Danish labels.

Every table fits landscape A4: the reforms' figures are one row per figure and at most REFORMS_PER_TABLE
reforms per table (a wider comparison is split into several tables), with column widths from the text.
"""
from __future__ import annotations

import io
from collections.abc import Callable, Mapping

import pandas as pd
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import KeepTogether

from simulator.caseload import Impact
from simulator.untrusted import one_line

from . import caseload_view
from .pdf import _fonts

FONT, BOLD = "NotoSans", "NotoSans-Bold"
BODY = ParagraphStyle("body", fontName=FONT, fontSize=8.5, leading=11)
HEAD = ParagraphStyle("head", fontName=BOLD, fontSize=11, leading=14, spaceBefore=8, spaceAfter=4)
TITLE = ParagraphStyle("title", fontName=BOLD, fontSize=15, leading=19, spaceAfter=4)
CELL = ParagraphStyle("cell", fontName=FONT, fontSize=7, leading=8.5)
HEAD_CELL = ParagraphStyle("headcell", fontName=BOLD, fontSize=7, leading=8.5)
REFORMS_PER_TABLE = 4
MIN_COLUMN = 14 * mm              # no column narrower: a word of a heading must fit on a line
SKIPPED_IN_PDF = 50


def _escape(text: object) -> str:
    """Text for a reportlab Paragraph (its mini-markup), on one line."""
    return one_line(str(text), 2000).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _widths(frame: pd.DataFrame, width: float) -> list[float]:
    """Column widths from the longest cell (headings count by their longest word), scaled to `width`."""
    def need(column: str) -> float:
        cells = [stringWidth(str(v), FONT, 7) for v in frame[column]]
        words = [stringWidth(w, BOLD, 7) for w in str(column).split()] or [0.0]
        return max(MIN_COLUMN, max(words) + 8, min(max(cells, default=0.0) + 8, width / 2))

    needs = [need(c) for c in frame.columns]
    total = sum(needs)
    return [n * width / total for n in needs] if total > width or len(needs) > 3 else needs


def _table(frame: pd.DataFrame, width: float) -> Table:
    """A DataFrame of display text as a ruled, greyscale table whose cells wrap."""
    rows = [[Paragraph(_escape(c), HEAD_CELL) for c in frame.columns]]
    rows += [[Paragraph(_escape("" if v is None else v), CELL) for v in row] for row in frame.itertuples(index=False)]
    table = Table(rows, colWidths=_widths(frame, width), repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6e6e6")),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def _work_pays_chart(result: Impact, width: float) -> Drawing:
    """Households for whom work pays, per rule set (bars), in grey."""
    frame = caseload_view.work_pays_frame(result)
    height = 28 + 22 * len(frame)
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 230, 16, width - 260, height - 24
    chart.data = [list(frame["households"])]
    chart.categoryAxis.categoryNames = [one_line(str(n), 60) for n in frame["rule_set"]]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = colors.HexColor("#555555")
    chart.barLabelFormat = "%.0f"
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 7
    chart.barLabels.nudge = 10
    drawing.add(chart)
    return drawing


def build_caseload_pdf(result: Impact, labels: Mapping[str, str], title: str, intro: str,
                       number: Callable[[float], str] = caseload_view.english_number) -> bytes:
    """Every table of the workbench's caseload result, with the work-pays chart, on landscape A4 pages."""
    _fonts()
    buf = io.BytesIO()
    page = SimpleDocTemplate(buf, pagesize=landscape(A4), leftMargin=14 * mm, rightMargin=14 * mm,
                             topMargin=12 * mm, bottomMargin=12 * mm, title=title)
    width = landscape(A4)[0] - 28 * mm
    coverage = f"{number(result.households)} / {number(result.rows_read)} {labels.get('households', 'Households')}"
    story = [Paragraph(_escape(title), TITLE), Paragraph(_escape(intro), BODY),
             Paragraph(_escape(f"{coverage} · {result.date} · {labels.get(result.period, result.period)}"), BODY)]
    if result.skipped_rows:
        story.append(Paragraph(_escape(f"{labels['problem']}: {number(result.skipped_rows)} / "
                                       f"{number(result.rows_read)}"), BODY))
    story += [Paragraph(_escape(labels["work_pays"]), HEAD), _work_pays_chart(result, width),
              _table(caseload_view.summary_table(result, labels, number), width), Spacer(1, 6)]
    for start in range(0, len(result.reforms), REFORMS_PER_TABLE):
        chosen = slice(start, start + REFORMS_PER_TABLE)
        story += [_table(caseload_view.reform_table(result, labels, number, chosen), width), Spacer(1, 6)]
    for reform in result.reforms:
        story.append(KeepTogether([Paragraph(_escape(reform.title), HEAD),
                                   _table(caseload_view.groups_table(result, reform.name, labels, number), width)]))
    story += [Paragraph(_escape(labels["assumption"]), HEAD),
              _table(caseload_view.assumptions_table(result, labels), width)]
    if result.skipped_rows:
        story.append(Paragraph(_escape(f"{labels['problem']} ({number(result.skipped_rows)})"), HEAD))
        story += [Paragraph(_escape(e), BODY) for e in result.row_errors[:SKIPPED_IN_PDF]]
    page.build(story)
    return buf.getvalue()

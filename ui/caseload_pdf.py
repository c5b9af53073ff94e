"""The policy workbench's caseload result as a PDF: the tables of the page and a chart of who work pays for
(pure: the impact's JSON and labels in, PDF bytes out). For policy staff; English or Danish labels."""
from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

import pandas as pd
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from . import caseload_view
from .pdf import _fonts

FONT, BOLD = "NotoSans", "NotoSans-Bold"
BODY = ParagraphStyle("body", fontName=FONT, fontSize=8.5, leading=11)
HEAD = ParagraphStyle("head", fontName=BOLD, fontSize=11, leading=14, spaceBefore=8, spaceAfter=4)
TITLE = ParagraphStyle("title", fontName=BOLD, fontSize=15, leading=19, spaceAfter=4)


def _table(frame: pd.DataFrame, width: float) -> Table:
    """A DataFrame as a ruled, greyscale table whose cells wrap."""
    cell = ParagraphStyle("cell", fontName=FONT, fontSize=7, leading=8.5)
    head = ParagraphStyle("headcell", fontName=BOLD, fontSize=7, leading=8.5)

    def text(v: Any) -> str:  # whole kroner with thousands separators; blanks for missing values
        if v is None or (isinstance(v, float) and v != v):
            return ""
        return f"{v:,.0f}" if isinstance(v, float) else str(v)

    rows = [[Paragraph(str(c), head) for c in frame.columns]]
    rows += [[Paragraph(text(v), cell) for v in row] for row in frame.itertuples(index=False)]
    table = Table(rows, colWidths=[width / max(1, len(frame.columns))] * len(frame.columns), repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6e6e6")),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def _work_pays_chart(doc: Mapping[str, Any], labels: Mapping[str, str], width: float) -> Drawing:
    """Households for whom work pays, per rule set (bars), in grey."""
    frame = caseload_view.work_pays_frame(doc, labels)
    height = 28 + 22 * len(frame)
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 170, 16, width - 200, height - 24
    chart.data = [list(frame["households"])]
    chart.categoryAxis.categoryNames = [str(n) for n in frame["rule_set"]]
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


def build_caseload_pdf(doc: Mapping[str, Any], labels: Mapping[str, str], title: str, intro: str) -> bytes:
    """Every table of the workbench's caseload result, with the work-pays chart, on landscape A4 pages."""
    _fonts()
    buf = io.BytesIO()
    page = SimpleDocTemplate(buf, pagesize=landscape(A4), leftMargin=14 * mm, rightMargin=14 * mm,
                             topMargin=12 * mm, bottomMargin=12 * mm, title=title)
    width = landscape(A4)[0] - 28 * mm
    story = [Paragraph(title, TITLE), Paragraph(intro, BODY),
             Paragraph(f"{labels.get('households', 'Households')}: {doc.get('households', 0):,} · "
                       f"{doc.get('rules_date', '')} · {doc.get('period', '')}", BODY),
             Paragraph(str(doc.get("static", "")), BODY),
             Paragraph(labels.get("work_pays", "Work pays"), HEAD), _work_pays_chart(doc, labels, width),
             _table(caseload_view.summary_table(doc, labels), width), Spacer(1, 6),
             _table(caseload_view.reform_table(doc, labels), width)]
    for reform in doc.get("reforms", []):
        story += [Paragraph(str(reform.get("title") or reform["name"]), HEAD),
                  _table(caseload_view.groups_table(doc, reform["name"], labels), width)]
    story += [Paragraph(labels.get("assumption", "Assumptions"), HEAD),
              _table(caseload_view.assumptions_table(doc, labels), width)]
    page.build(story)
    return buf.getvalue()

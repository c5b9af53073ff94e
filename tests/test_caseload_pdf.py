"""The workbench's caseload PDF: every table and the work-pays chart, readable text, for named reforms."""
from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader

from simulator.caseload import caseload_impact, named_reforms, read_caseload
from ui import caseload_view
from ui.caseload_pdf import build_caseload_pdf

ROOT = Path(__file__).resolve().parent.parent


def test_the_caseload_pdf_holds_the_tables_of_every_reform():
    cases = read_caseload(ROOT / "scenarios" / "caseload" / "caseload-2014.csv")
    named = named_reforms()
    reforms = {named[k]["title"]: named[k]["reform"] for k in ("transport-deduction", "taper-50")}
    result = caseload_impact(cases, "2014-11-01", reforms)
    doc = result.as_json()
    data = build_caseload_pdf(result, caseload_view.LABELS, "Caseload impact", "Synthetic caseload 2014")
    assert data.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).replace("\n", " ")
    assert "Caseload impact" in text and "1,578" in text and "Current law" in text
    for title in reforms:
        assert title.split(" (")[0] in text
    law = next(r for r in doc["rule_sets"] if r["name"] == "law")
    assert f"{law['work_pays']['value']:,.0f}" in text


def test_a_wide_comparison_is_split_into_tables_that_fit_the_page():
    """Six reforms: the figures go into tables of at most four reforms; no column is squeezed to a letter."""
    from reportlab.lib.units import mm

    from ui.caseload_pdf import MIN_COLUMN, REFORMS_PER_TABLE, _widths

    cases = read_caseload(ROOT / "scenarios" / "caseload" / "caseload-2014.csv")
    result = caseload_impact(cases, "2014-11-01", named_reforms())
    width = 269 * mm
    for start in range(0, len(result.reforms), REFORMS_PER_TABLE):
        chosen = slice(start, start + REFORMS_PER_TABLE)
        frame = caseload_view.reform_table(result, caseload_view.LABELS, reforms=chosen)
        assert len(frame.columns) <= REFORMS_PER_TABLE + 1
        widths = _widths(frame, width)
        assert sum(widths) <= width + 0.01 and min(widths) >= MIN_COLUMN * 0.99
    data = build_caseload_pdf(result, caseload_view.LABELS, "Caseload impact", "Synthetic caseload 2014")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "Net cost to the state / year" in text and "Work no longer costs money" in text

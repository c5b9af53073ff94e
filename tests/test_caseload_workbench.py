"""The policy workbench in the app (AppTest) and its exports: two sessions one after the other, reruns,
a language and a period switch never crash; a bad row on line 4 is shown and exported with its count."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from simulator.caseload import caseload_impact, csv_text, json_text, read_caseload
from simulator.reforms import named, resolve
from ui import caseload_view, workbench
from ui.caseload_pdf import build_caseload_pdf

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
DEFAULT_CASELOAD = ROOT / "scenarios" / "caseload" / "caseload-2014.csv"


def bad_on_line_4(tmp_path: Path) -> Path:
    lines = DEFAULT_CASELOAD.read_bytes().splitlines(keepends=True)
    lines[3] = lines[3].replace(b",job,", b",castle,")
    path = tmp_path / "bad-line-4.csv"
    path.write_bytes(b"".join(lines))
    return path


def policy_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.sidebar.radio(key="view").set_value("policy").run()
    return at


def no_error(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not [e.value for e in at.error], [e.value for e in at.error]


def texts(at: AppTest) -> str:
    return "\n".join([m.value for m in at.markdown] + [w.value for w in at.warning] + [x.value for x in at.text])


def test_two_sessions_reruns_language_and_period_never_crash():
    for _ in range(2):                                  # the second session replays the first one's cache
        at = policy_page()
        no_error(at)
        assert "1,578 of 1,578 households" in texts(at)
        at.run()                                        # what a download button's click does
        no_error(at)
        at.selectbox(key="lang").set_value("da").run()
        no_error(at)
        assert "1.578 af 1.578 husstande" in texts(at)
        at.sidebar.radio(key="period").set_value("14d").run()
        no_error(at)
        at.selectbox(key="lang").set_value("ar").run()
        no_error(at)


def test_a_bad_row_on_line_4_is_shown_with_the_count(tmp_path, monkeypatch):
    monkeypatch.setattr(workbench, "DEFAULT_CASELOAD", bad_on_line_4(tmp_path))
    at = policy_page()
    no_error(at)
    shown = texts(at)
    assert "1 of 1,578 rows were skipped" in shown
    assert "line 4, kind: must be one of job" in shown
    assert "1,577 of 1,578 households" in shown


@pytest.fixture(scope="module")
def impact_with_a_bad_row(tmp_path_factory):
    cases = read_caseload(bad_on_line_4(tmp_path_factory.mktemp("c")))
    reforms = named()
    return caseload_impact(cases, "2014-11-01", {k: reforms[k] for k in ("transport-deduction", "taper-50")})


def test_every_export_says_line_4_and_the_count(impact_with_a_bad_row):
    result = impact_with_a_bad_row
    exported = workbench._export_csv(result).decode()
    assert "# skipped_rows\nline,column,problem\n4,kind," in exported
    assert "1577,1578,1" in exported
    doc = json.loads(json_text(result))
    assert doc["skipped_rows"] == 1 and doc["rows_read"] == 1578 and doc["row_errors"][0]["line"] == 4
    pdf = build_caseload_pdf(result, caseload_view.LABELS, "Caseload impact", "intro")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "line 4, kind" in text and "1,577 / 1,578" in text


def test_the_export_neutralises_formula_cells(tmp_path):
    """A reform file named like a formula does not become a formula cell in the CSV or the JSON."""
    path = tmp_path / "=HYPERLINK(1).yaml"
    path.write_text("title: '=HYPERLINK(\"http://x\")'\nreform:\n  offset.rate: 0.5\n", encoding="utf-8")
    reform = resolve(str(path))
    cases = read_caseload(DEFAULT_CASELOAD)
    result = caseload_impact(cases, "2014-11-01", {reform.key: reform})
    for row in csv.reader(io.StringIO(workbench._export_csv(result).decode())):
        assert not any(cell.startswith(("=", "+", "@")) for cell in row), row
    for row in csv.reader(io.StringIO(csv_text(result))):
        assert not any(cell.startswith(("=", "+", "@")) for cell in row), row
    doc = json.loads(json_text(result))
    assert doc["reforms"][0]["name"].startswith("'=") and doc["reforms"][0]["title"].startswith("'=")

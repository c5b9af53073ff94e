"""The policy workbench in the app (AppTest) and its exports: two sessions one after the other, reruns,
a language and a period switch never crash; a bad row on line 4 is shown and exported with its count."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from simulator.caseload import bad_rows_csv, caseload_impact, csv_text, json_text, read_caseload
from simulator.reforms import named, resolve
from ui.pdf.caseload import build_caseload_pdf
from ui.workbench import caseload_view
from ui.workbench import view as workbench

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


def bad_rows(tmp_path: Path) -> Path:
    """The default caseload with a bad code on line 4, a decimal comma on line 5 and line 6's id again on
    line 7 (a formula-like cell on line 8)."""
    lines = DEFAULT_CASELOAD.read_bytes().splitlines(keepends=True)
    lines[3] = lines[3].replace(b",job,", b",castle,")
    cells = lines[4].split(b",")
    cells[14] = b"37;5"                       # hours_per_week
    lines[4] = b",".join(cells)
    lines[6] = lines[5].split(b",", 1)[0] + b"," + lines[6].split(b",", 1)[1]
    cells = lines[7].split(b",")
    cells[1] = b"=1+2"                        # adults
    lines[7] = b",".join(cells)
    path = tmp_path / "bad-rows.csv"
    path.write_bytes(b"".join(lines))
    return path


@pytest.mark.parametrize(("lang", "expected", "english"), [
    ("da", ["linje 4, kind: skal være en af job", "(fik 'castle')", "linje 5, hours_per_week: skal være et tal",
            "optræder to gange (første gang på linje 6)", "linje 8, adults: skal være et helt tal (fik '=1+2')",
            "4 af 1.578 rækker blev sprunget over"],
     ["must be", "appears twice", "line 4"]),
    ("ar", ["السطر 4، kind: يجب أن يكون أحد: job", "(القيمة: 'castle')", "مكرر (أول مرة في السطر 6)",
            "السطر 8، adults: يجب أن يكون عددًا صحيحًا (القيمة: '=1+2')"],
     ["must be", "appears twice", "line 4"]),
])
def test_skipped_rows_are_said_in_the_pages_language(tmp_path, monkeypatch, lang, expected, english):
    """Issue 17: the skipped rows' problems on the workbench in the chosen language, the file's cells quoted
    as they are."""
    monkeypatch.setattr(workbench, "DEFAULT_CASELOAD", bad_rows(tmp_path))
    at = policy_page()
    no_error(at)
    assert "line 4, kind: must be one of job" in texts(at)
    at.selectbox(key="lang").set_value(lang).run()
    no_error(at)
    shown = texts(at)
    for text in expected:
        assert text in shown, (text, shown[-2000:])
    skipped = "\n".join(x.value for x in at.text)
    for text in english:
        assert text not in skipped, skipped


def test_the_exports_say_the_skipped_rows_in_the_pages_language(tmp_path):
    from simulator.i18n import translator
    from ui.workbench import caseload_export

    cases = read_caseload(bad_rows(tmp_path))
    result = caseload_impact(cases, "2014-11-01", {"taper-50": named()["taper-50"]})
    da = translator("da")
    exported = workbench._export_csv(result, da).decode()
    skipped_part = exported.split("# skipped_rows\n")[1]
    assert "4,kind,\"skal være en af job" in skipped_part and "must be" not in skipped_part
    for row in csv.reader(io.StringIO(exported)):
        assert not any(cell.startswith(("=", "+", "@")) for cell in row), row
    assert "must be one of job" in workbench._export_csv(result).decode()    # English without a translator
    skipped = bad_rows_csv(result.row_errors, da)
    assert skipped.startswith("line,column,problem\n4,kind,\"skal være en af") and "første gang på linje 6" in skipped
    sheets = pd.read_excel(io.BytesIO(caseload_export.xlsx_bytes(result, caseload_view.labels_from(da), da)),
                           sheet_name=None)
    problems = " ".join(str(v) for frame in sheets.values() for v in frame.to_numpy().ravel())
    assert "skal være et helt tal (fik '=1+2')" in problems and "must be" not in problems
    ar = translator("ar")
    pdf = build_caseload_pdf(result, caseload_view.labels_from(ar), "t", "i", ar.number, "ar")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "must be" not in text and "castle" in text
    # the CLI's text is the English it always was
    assert str(result.row_errors[0]).startswith("line 4, kind: must be one of job")
    assert str(result.row_errors[-1]) == "line 8, adults: must be a whole number (got '=1+2')"


def test_the_assumptions_are_named_in_the_pages_language(impact_with_a_bad_row):
    """Issue 17: the caseload's assumptions table (page and PDF) says each assumption and its alternative from
    the catalogue, not the English of assumptions.yaml."""
    from simulator import assumptions
    from simulator.i18n import translator

    cat = assumptions.catalogue()
    da = translator("da")
    table = caseload_view.assumptions_table(impact_with_a_bad_row, caseload_view.labels_from(da), da)
    cells = " ".join(str(v) for v in table.to_numpy().ravel())
    assert len(table) == len(impact_with_a_bad_row.readings) - 1 + len(impact_with_a_bad_row.not_computed)
    for code, entry in cat.items():
        if code in {r.code for r in impact_with_a_bad_row.readings} | set(impact_with_a_bad_row.not_computed):
            assert da(f"assumption.{code}.title") in cells and entry["title"] not in cells, code
    english = caseload_view.assumptions_table(impact_with_a_bad_row)
    assert cat["tax_on_gross"]["title"] in " ".join(str(v) for v in english.to_numpy().ravel())


def test_a_file_without_a_valid_row_is_said_in_the_pages_language(tmp_path, monkeypatch):
    lines = DEFAULT_CASELOAD.read_bytes().splitlines(keepends=True)
    path = tmp_path / "all-bad.csv"
    path.write_bytes(lines[0] + lines[1].replace(b",job,", b",castle,"))
    monkeypatch.setattr(workbench, "DEFAULT_CASELOAD", path)
    at = policy_page()
    assert not at.exception
    assert "has no valid row (1 bad; first: line 2, kind: must be one of job" in at.error[0].value.replace("\\", "")
    at.selectbox(key="lang").set_value("da").run()
    assert not at.exception
    said = at.error[0].value.replace("\\", "")
    assert "har ingen gyldig række (1 fejlbehæftede; første: linje 2, kind: skal være en af job" in said, said
    assert "must be" not in said

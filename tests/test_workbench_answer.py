"""The workbench's answer, frontier, warnings and exports (issue 19), without a browser.

What it protects: the page's frontier chart holds the CLI's frontier point by point; the answer cards hold
the CLI's figures; the phase-3 warning is on the page's answer, in the PDF and in every export (CSV, JSON,
.xlsx, the CLI's CSV); the .xlsx opens with pandas and openpyxl, holds the JSON's numbers, has Danish labels
in Danish and number formats; CSV integers are integers; a formula-like reform title is text everywhere;
the groups by phase count the 213 phase-3 households.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from pypdf import PdfReader

from simulator.caseload import caseload_impact, csv_text, json_text, read_caseload
from simulator.cli import main
from simulator.i18n import translator
from simulator.reforms import named, resolve
from ui.pdf.caseload import build_caseload_pdf
from ui.workbench import answer as workbench_answer
from ui.workbench import caseload_export, caseload_view, frontier_view
from ui.workbench import view as workbench

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CASELOAD = ROOT / "scenarios" / "caseload" / "caseload-2014.csv"
DATE = "2014-11-01"
en, da = translator("en"), translator("da")


@pytest.fixture(scope="module")
def result():
    library = named()
    cases = read_caseload(DEFAULT_CASELOAD)
    return caseload_impact(cases, DATE, {k: library[k] for k in ("transport-deduction", "taper-50")})


def cli_json(capsys, *argv: str) -> dict:
    assert main(["caseload", str(DEFAULT_CASELOAD), *argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("parameter,low,high,steps", [
    ("offset.disregard_per_month", 0, 3000, 31),
    ("offset.transport_deduction_cap_per_month", 0, 2000, 21),
])
def test_the_pages_frontier_chart_holds_the_clis_points(capsys, parameter, low, high, steps):
    doc = cli_json(capsys, "--frontier", f"{parameter}={low}:{high}:{steps}")
    data = DEFAULT_CASELOAD.read_bytes()
    values = [p["value"] for p in doc["points"]]
    f = workbench._frontier(hashlib.sha256(data).hexdigest(), DEFAULT_CASELOAD.name, DATE, parameter,
                            json.dumps(values), _csv=data)
    chart = frontier_view.chart(f, en)
    shown = chart.data                                        # the chart's own data: one row per point × measure
    assert len(shown) == 2 * steps
    for point in doc["points"]:
        rows = shown[shown["value"] == point["value"]].set_index("measure")
        assert round(rows["net_cost_per_year"].iloc[0], 2) == point["net_cost_per_year"]
        assert rows.loc["work_pays", "households"] == point["work_pays"]
        assert rows.loc["no_longer_costs", "households"] == point["no_longer_costs"]
    table = frontier_view.table(f, en)                        # the chart's table alternative
    assert len(table) == steps
    assert table.iloc[-1][en("wb.frontier_cost")] == en.number(doc["points"][-1]["net_cost_per_year"])


def test_the_answer_cards_hold_the_clis_figures(capsys, result):
    doc = cli_json(capsys, "--reform", "transport-deduction", "--reform", "taper-50")
    html = workbench_answer.answer_html(result, en)
    for r in doc["reforms"]:
        assert en("fmt.kr", amount=en.number(r["net_cost_per_year"]["value"])) in html
        assert en("wb.answer_no_longer", n=en.number(r["no_longer_costs"]["value"])) in html
        assert en("wb.answer_work_pays", before=en.number(r["work_pays"]["law"]["value"]),
                  after=en.number(r["work_pays"]["reform"]["value"])).replace("→", "&rarr;") in html \
            or en("wb.answer_work_pays", before=en.number(r["work_pays"]["law"]["value"]),
                  after=en.number(r["work_pays"]["reform"]["value"])) in html


def test_a_title_from_outside_is_escaped_on_the_card(result):
    from dataclasses import replace
    odd = replace(result, reforms=(replace(result.reforms[0], title='<img src=x onerror="alert(1)">'),))
    html = workbench_answer.answer_html(odd, en)
    assert "<img" not in html and "&lt;img" in html


def test_the_phase_3_warning_is_on_the_page_and_in_every_export(result):
    assert result.warnings["phase_3_disputed"] == 213
    lines = workbench_answer.warning_lines(result, en)
    assert lines and lines[0].startswith("213 of 1,578 households: After a final rejection")
    assert workbench_answer.warning_lines(result, da)[0].startswith("213 af 1.578 husstande")
    exported = workbench._export_csv(result).decode()
    assert "# warnings\ncode,households,of,message,source\nphase_3_disputed,213,1578," in exported
    assert json.loads(json_text(result))["warnings"][0]["households"] == 213
    assert "warnings,law,all,phase_3_disputed,213" in csv_text(result)
    sheets = pd.read_excel(io.BytesIO(caseload_export.xlsx_bytes(result, caseload_view.labels_from(en), en)),
                           sheet_name=None)
    warnings = sheets[en("wb.sheet.warnings")]
    assert warnings.iloc[0].tolist()[:3] == ["phase_3_disputed", 213, 1578]
    pdf = build_caseload_pdf(result, caseload_view.LABELS, "Caseload impact", "intro")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "213 of 1,578 households" in text and "After a final rejection" in text


def test_the_xlsx_opens_and_holds_the_jsons_numbers_with_danish_labels(result):
    labels = caseload_view.labels_from(da)
    data = caseload_export.xlsx_bytes(result, labels, da)
    sheets = pd.read_excel(io.BytesIO(data), sheet_name=None)
    assert list(sheets) == [da(f"wb.sheet.{k}") for k in ("coverage", "warnings", "summary", "reforms", "groups",
                                                         "skipped_rows")]
    doc = json.loads(json_text(result))
    reforms = sheets[da("wb.sheet.reforms")]
    assert list(reforms.columns[:3]) == [da("wb.xlsx.reform_code"), labels["reform"], labels["measure"]]
    for r in doc["reforms"]:
        rows = reforms[reforms[da("wb.xlsx.reform_code")] == r["name"]]
        by_measure = dict(zip(rows[labels["measure"]], rows[labels["value"]], strict=True))
        assert by_measure[labels["net_cost_per_year"]] == pytest.approx(r["net_cost_per_year"]["value"], abs=1e-9)
        assert by_measure[labels["no_longer_costs"]] == r["no_longer_costs"]["value"]
        assert by_measure[labels["work_pays_reform"]] == r["work_pays"]["reform"]["value"]
        assert by_measure[labels["winners"]] == r["winners"]["value"]
    summary = sheets[da("wb.sheet.summary")]
    assert summary[labels["work_pays"]].tolist() == [s["work_pays"]["value"] for s in doc["rule_sets"]]
    coverage = sheets[da("wb.sheet.coverage")]
    assert coverage.iloc[0][labels["households"]] == doc["households"] == 1578
    book = openpyxl.load_workbook(io.BytesIO(data))
    ws = book[da("wb.sheet.coverage")]
    assert ws["A2"].value == 1578 and ws["A2"].number_format == caseload_export.COUNT_FORMAT
    ws = book[da("wb.sheet.summary")]
    money = [c for c in ws[2] if isinstance(c.value, float)]
    assert money and all(c.number_format == caseload_export.MONEY_FORMAT for c in money)


def test_csv_integers_are_integers(result):
    exported = workbench._export_csv(result).decode()
    assert ".0," not in exported and not any(line.endswith(".0") for line in exported.splitlines())
    assert "\n1578,1578,0,2014-11-01,month\n" in exported
    rows = list(csv.reader(io.StringIO(exported.split("# reforms\n")[1].split("\n\n")[0])))
    by = {(r[0], r[2]): r[3] for r in rows[1:]}
    assert by[("transport-deduction", "work_pays_law")] == "158"


def test_a_formula_like_title_is_text_in_the_xlsx(tmp_path):
    path = tmp_path / "=HYPERLINK(1).yaml"
    path.write_text("title: '=HYPERLINK(\"http://x\")'\nreform:\n  offset.rate: 0.5\n", encoding="utf-8")
    reform = resolve(str(path))
    res = caseload_impact(read_caseload(DEFAULT_CASELOAD), DATE, {reform.key: reform})
    book = openpyxl.load_workbook(io.BytesIO(caseload_export.xlsx_bytes(res, caseload_view.LABELS, en)))
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                assert not (isinstance(cell.value, str) and cell.value.startswith(("=", "+", "@"))), cell.value


def test_groups_by_phase_and_procedure_and_who_loses(result):
    taper = next(r for r in result.reforms if r.name == "taper-50")
    phase = {g.group: g.households for g in taper.groups if g.by == "phase"}
    assert phase == {"phase_2": 1365, "phase_3": 213}
    assert {g.group for g in taper.groups if g.by == "procedure"} == {"normal"}
    table = caseload_view.groups_table(result, "taper-50", caseload_view.labels_from(en), en.number)
    assert "Phase 3 (rejected)" in table[en("caseload.group")].tolist()
    text = workbench_answer.losers_text(taper, result, en)
    assert text == en("wb.no_losers", reform=taper.title) if round(taper.losers.value) == 0 else "lose" in text


def test_one_period_per_view_and_bins_on_round_amounts(result):
    fortnight = result.in_period("14d")
    labels = caseload_view.labels_from(en)
    table = caseload_view.reform_table(fortnight, labels)
    summary = caseload_view.summary_table(fortnight, labels)
    shown = " ".join(table[labels["measure"]]) + " " + " ".join(summary.columns)
    # the one "month" left is the definition of work pays (a gain of at least 1 kr a month), not a figure
    assert "month" not in shown.replace(labels["work_pays"], "") and "per 14 days" in shown
    r_month, r_14 = result.reforms[0], fortnight.reforms[0]
    f = 14 / (365 / 12)
    row = table[table[labels["measure"]] == "Net cost to the state per 14 days"].iloc[0]
    assert row[r_14.title].split(" ")[0] == "+" + caseload_view.english_number(r_month.net_cost_per_month.value * f)
    # the year stays a year, and the exports stay per month (as the JSON)
    flows = ["allowances_paid_change", "charges_change", "tax_am_change", "net_cost_per_month", "net_cost_per_year"]
    a, b = (caseload_view.reform_export(x) for x in (fortnight, result))
    assert a[a["measure"].isin(flows)].equals(b[b["measure"].isin(flows)])
    for impact in (result, fortnight):
        for r in impact.reforms:
            changed = [b for b in r.distribution if not b.unchanged]
            widths = {round(b.high - b.low, 6) for b in changed}
            assert len(widths) == 1, widths
            step = widths.pop()
            assert step in {m * 10 ** k for m in (1, 2, 2.5, 5) for k in range(0, 6)}, step
            assert all(abs(b.low / step - round(b.low / step)) < 1e-9 for b in changed)
    assert sum(sum(b.households.values()) for b in r_14.distribution) == 1578


def test_a_bad_frontier_range_is_a_message_and_a_picked_point_is_your_reform():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.run()
    at.sidebar.radio(key="view").set_value("policy").run()
    assert not at.exception
    at.number_input(key="wb_frontier_from").set_value(3000.0).run()
    assert not at.exception
    assert any(en("wb.frontier_order") in e.value.replace("\\", "") for e in at.error), [e.value for e in at.error]
    at.selectbox(key="wb_frontier_param").set_value("offset.rate").run()     # the rate's own range: 0.1 to 1
    assert not at.exception and not at.error
    at.number_input(key="wb_frontier_to").set_value(2.0).run()
    assert not at.exception
    assert any("(offset.rate): must be between 0 and 1" in e.value.replace("\\", "") for e in at.error), at.error
    at.number_input(key="wb_frontier_to").set_value(1.0).run()
    at.selectbox(key="wb_frontier_point").set_value(4).run()                 # a taper of 50 %
    at.button(key="wb_frontier_use").click().run()
    assert not at.exception and not at.error
    assert at.session_state["wb_params"] == ["offset.rate"] and at.session_state["wb_value_offset.rate"] == "0.5"
    assert any('data-reform="custom"' in h.proto.body for h in at.get("html")), "no card of your reform"

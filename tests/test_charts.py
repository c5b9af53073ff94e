"""The page's pure chart and table builders (ui/page/charts.py): data in, Vega-Lite specs and tables out."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from simulator import load_scenario, simulate, sweep, trace_text
from simulator.i18n import translator
from ui.page import charts

ROOT = Path(__file__).resolve().parent.parent
t = translator("en")


@pytest.fixture(scope="module")
def seed():
    scenario = load_scenario(ROOT / "scenarios" / "single-man-2014-transport-reform.yaml")
    return scenario, simulate(scenario, reform={}), simulate(scenario), sweep(scenario, over="hours")


def test_the_waterfall_walks_from_the_allowances_to_what_is_left(seed):
    _, law, _, _ = seed
    job = law.options[1]
    rows = pd.DataFrame(charts.waterfall_records(job, t))
    steps = rows[rows["kind"] != "total"]
    # each step starts where the last ended, and the last bar is what is left
    assert np.allclose(steps["start"].iloc[1:].to_numpy(), steps["end"].iloc[:-1].to_numpy())
    assert rows.iloc[-1]["end"] == pytest.approx(job.disposable_income)
    assert rows.iloc[-1]["kind"] == "total" and rows.iloc[0]["amount"] == pytest.approx(
        job.lines["allowances_before_offset"])
    assert set(steps["kind"]) == {"up", "down"}
    # zero steps are left out: the seed has no own rent
    assert t("waterfall.housing_cost") not in set(rows["step"])


def test_the_waterfall_spec_carries_its_data_and_grows_with_its_rows(seed):
    _, law, _, _ = seed
    for option in law.options:
        spec = charts.waterfall_spec(option, t, "per month")
        rows = spec["datasets"]["steps"]
        assert len(rows) == len(charts.waterfall_records(option, t))
        assert spec["height"] == {"step": 26}  # a height per step: two-step charts are not crushed
        assert {layer["mark"]["type"] for layer in spec["layer"]} == {"bar", "text"}


def test_the_curve_marks_the_chosen_hours_and_shades_only_flat_stretches(seed):
    scenario, law, _, curves = seed
    name = scenario.options[0].name
    spec = charts.curve_spec(curves, name, 20.0, law.options[0].disposable_income, t, "per month")
    data = spec["datasets"]
    assert data["chosen"][0]["x"] == pytest.approx(20.0)
    o = curves.options.index(name)
    flat = curves.flat()[0, o]
    assert len(data["shade"]) == int(flat.sum()) > 0
    assert {r["rules"] for r in data["curve"]} == {"law", "reform"}
    assert len(data["curve"]) == 2 * curves.x.size
    assert data["reference"][0]["y"] == pytest.approx(law.options[0].disposable_income)


def test_the_curve_table_has_whole_hours_and_the_sweeps_numbers(seed):
    scenario, _, _, curves = seed
    name = scenario.options[0].name
    table = charts.curve_table(curves, name, t)
    # the numbers as the page writes them (the language's digits and grouping)
    assert list(table[t("chart.hours_axis")]) == [t.number(h) for h in range(46)]
    o = curves.options.index(name)
    whole = np.isclose(np.mod(curves.x + 1e-9, 1.0), 0, atol=1e-6)
    assert list(table[t("chart.law")]) == [t.number(v) for v in curves.disposable[0, o, whole]]
    assert list(table[t("chart.reform")]) == [t.number(v) for v in curves.disposable[1, o, whole]]


def test_the_results_table_holds_every_line_of_every_option(seed):
    _, law, reform, _ = seed
    table = charts.results_table({"law": law, "reform": reform}, t)
    assert len(table) == 2 * len(law.options)
    job = table[(table[t("table.option")] == law.options[1].name) & (table[t("table.rules")] == t("chart.law"))]
    assert job[t("line.disposable_income")].iloc[0] == pytest.approx(round(law.options[1].disposable_income, 2))
    assert job[t("line.gain_vs_no_work")].iloc[0] == pytest.approx(-1700.0)


def test_the_why_text_has_every_step_with_its_formula_and_sources(seed):
    _, law, _, _ = seed
    job = law.options[1]
    text = charts.trace_markdown(job, t)
    for step in job.trace:
        assert t("line." + step.name) in text and trace_text.step_line(step, t).partition(": ")[2] in text
        for p in step.parameters:
            assert all(cite in text for cite in trace_text.citations_of(p))
    assert "BEK nr. 1547/2013" in text  # the 2014 rate order


def test_the_assumptions_table_shows_what_each_alternative_changes(seed):
    _, law, _, _ = seed
    table = charts.assumptions_table(law.effects, t)
    rent = table[table[t("table.assumption")] == t("assumption.charge_mode_and_cap.alternative")]
    assert rent[law.options[1].name].iloc[0] == "+3,635"  # no rent imposed: the charge of 3,635 kr comes back


def test_danish_charts_write_danish_numbers_and_the_typographic_minus(seed):
    _, law, _, curves = seed
    da = translator("da")
    spec = charts.waterfall_spec(law.options[1], da, da("period.month"))
    number = spec["config"]["locale"]["number"]
    assert (number["thousands"], number["decimal"], number["minus"]) == (".", ",", "\u2212")
    assert spec["config"]["axisQuantitative"]["format"] == ",.0f"
    assert "format" not in spec["config"].get("axis", {})  # the step names (a nominal axis) stay text
    assert all("-" not in row["label"] for row in spec["datasets"]["steps"])
    en = charts.curve_spec(curves, curves.options[0], 20.0, 0.0, t, "per month")
    assert en["config"]["locale"]["number"]["thousands"] == ","

"""The policy workbench's caseload: reading a CSV, law and reforms over many households, the impact tables.

Organised by what they protect: a hand-computed caseload (golden); invariants (law against law changes
nothing, the cost identity, chunking, agreement with `simulate` household by household); every named reform
matters on the default caseload; the CSV reader never ends in a traceback (fuzz, a million rows); the
generator reproduces its committed file; the CLI's exit codes; the view functions build.
"""
from __future__ import annotations

import csv
import importlib.util
import io
import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator import simulate
from simulator.caseload import (
    HOUSEHOLD_TYPES,
    MAX_ERRORS_KEPT,
    CaseloadError,
    caseload_impact,
    csv_text,
    format_text,
    impact,
    json_text,
    read_caseload,
    run_caseload,
)
from simulator.cli import main
from simulator.reforms import named as named_reforms
from tests.cli_runner import in_process
from tests.strategies import dates, law_reform, reforms

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CASELOAD = ROOT / "scenarios" / "caseload" / "caseload-2014.csv"
ORE = 0.006                                     # to the øre
D, W = 365 / 12, 52 / 12                        # days and weeks in a month (RULES.md section 8)

HEADER = ("household_id,adults,couple,children,phase,procedure,housing,housing_cost_per_month,contracts_kept,"
          "months_since_application,charge_mode,charge_amount_per_month,kind,working_adults,hours_per_week,"
          "hourly_wage,transport_per_month,weight")


def load_generator():
    spec = importlib.util.spec_from_file_location("caseload_generate", ROOT / "scenarios/caseload/generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def text(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


# --------------------------------------------------------------------------------------------------
# golden: four households computed by hand (rules of 2014-11-01, RULES.md sections 2-5 and 8)
#
# Rates 2014 (BEK 1547/2013): basic single 53.24, couple 42.16 each, child self-catering 84.31,
# supplement 31.07 (canteen child rate not used: D has no children); charge tariff 303 kr/person/day.
# A  single, self-catering centre, 20 h x 115 kr, commuter card 1,700 kr                    weight 1
# B  couple + 2 children, self-catering centre, one adult 15 h x 120 kr, no transport        weight 1
# C  single, independent housing with a stated rent of 2,000 kr, 37 h x 130 kr, card 500 kr  weight 2
# D  couple at a canteen centre, both adults 10 h x 110 kr, card 300 kr each                 weight 1

GOLDEN = text(
    "A,1,0,0,2,normal,centre_self_catering,,1,12,income_tested,0,job,1,20,115,1700,1",
    "B,2,1,2,2,normal,centre_self_catering,,2,12,income_tested,0,job,1,15,120,0,1",
    "C,1,0,0,2,normal,independent_housing,2000,1,12,income_tested,0,job,1,37,130,500,2",
    "D,2,1,0,2,normal,centre_canteen,,2,12,income_tested,,job,2,10,110,300,1",
)
GROSS = {"A": 115 * 20 * W, "B": 120 * 15 * W, "C": 130 * 37 * W, "D": 2 * 110 * 10 * W}
NET = {k: 0.62 * g for k, g in GROSS.items()}                       # 1 - 8 % AM - 30 % tax on gross
ALLOW = {"A": (53.24 + 31.07) * D,                                  # basic single + supplement
         "B": (2 * 42.16 + 2 * 31.07 + 2 * 84.31) * D,              # 2 x couple basic, 2 x supplement, 2 children
         "C": (53.24 + 31.07) * D,
         "D": 2 * 31.07 * D}                                        # canteen: no basic, 2 x supplement
# Under the law every wage but B's exceeds the allowances: nothing is paid and the rest of the net wage
# goes to the income-tested charge (C's capped at the stated rent, 2,000 kr). B keeps allowances − wage.
LAW_GAIN = {"A": -1700, "B": 0, "C": NET["C"] - 2000 - 500 - ALLOW["C"], "D": -600}
# Transport deduction: the card comes off the wage before the offset, so the charge falls by the card:
TRANSPORT_DELTA = {"A": 1700, "B": 0, "C": 0, "D": 600}
# 50 % taper: the allowances still run out (A, C, D) but the charge starts at twice the allowances, so the
# household keeps them once more; B keeps half its wage: Δ = net_B / 2.
TAPER_DELTA = {"A": ALLOW["A"], "B": NET["B"] / 2, "C": 0, "D": ALLOW["D"]}
WEIGHT = {"A": 1, "B": 1, "C": 2, "D": 1}


@pytest.fixture(scope="module")
def golden():
    cases = read_caseload(GOLDEN)
    run = run_caseload(cases, "2014-11-01", {"transport": {"offset.deduct_transport": True},
                                             "taper": {"offset.rate": 0.5}}, alternatives=True)
    return cases, run, impact(run, cases)


def test_golden_household_gains(golden):
    cases, run, _ = golden
    assert list(cases.household_id) == ["A", "B", "C", "D"]
    for i, k in enumerate("ABCD"):
        assert run.gain[0, i] == pytest.approx(LAW_GAIN[k], abs=ORE)
        assert run.gain[1, i] - run.gain[0, i] == pytest.approx(TRANSPORT_DELTA[k], abs=ORE)
        assert run.gain[2, i] - run.gain[0, i] == pytest.approx(TAPER_DELTA[k], abs=ORE)


def test_golden_law_totals(golden):
    _, _, result = golden
    law = result.summaries[0]
    assert law.work_pays.value == 2                                    # only C (weight 2)
    assert law.allowances_paid.value == pytest.approx(ALLOW["B"] - NET["B"], abs=ORE)
    assert law.charges.value == pytest.approx(
        (NET["A"] - ALLOW["A"]) + 2 * 2000 + (NET["D"] - ALLOW["D"]), abs=ORE)
    assert law.tax_am.value == pytest.approx(0.38 * (GROSS["A"] + GROSS["B"] + 2 * GROSS["C"] + GROSS["D"]), abs=ORE)


def test_golden_transport_deduction(golden):
    _, _, result = golden
    r = result.reforms[0]
    assert (r.work_pays_law.value, r.work_pays_reform.value, r.work_pays_change.value) == (2, 2, 0)
    assert (r.winners.value, r.losers.value) == (2, 0)                 # A and D
    assert r.change["allowances_paid"].value == pytest.approx(0, abs=ORE)
    assert r.change["charges"].value == pytest.approx(-(1700 + 600), abs=ORE)
    assert r.change["tax_am"].value == pytest.approx(0, abs=ORE)
    assert r.net_cost_per_month.value == pytest.approx(0 - (-2300) - 0, abs=ORE)
    assert r.net_cost_per_year.value == pytest.approx(2300 * 12, abs=ORE)
    assert r.mean_gain_change.value == pytest.approx((1700 + 600) / 5, abs=ORE)
    groups = {(g.by, g.group): g for g in r.groups}
    assert groups[("all", "all")].median_change == pytest.approx(0, abs=ORE)  # weights 0, 0, 0, 600, 1700
    single = groups[("household_type", "single")]
    assert (single.households, single.winners, single.unchanged) == (3, 1, 2)
    assert single.mean_change == pytest.approx(1700 / 3, abs=ORE)
    assert groups[("household_type", "couple_no_children")].mean_change == pytest.approx(600, abs=ORE)
    assert groups[("housing", "centre_canteen")].winners == 1
    # The distribution: 100-kr bars from 0 to 1,700 (1,700 / 24 bars rounds up to 100); 3 unchanged.
    bins = {b.label: b.households for b in r.distribution}
    assert bins["no change"] == {"single": 2, "couple_no_children": 0, "family_with_children": 1}
    assert bins["1,600 to 1,700"]["single"] == 1
    assert bins["600 to 700"]["couple_no_children"] == 1
    # Without an accommodation charge the deduction changes nothing: A and D have no allowance left.
    assert r.net_cost_per_month.by_reading["charge_mode_and_cap"] == pytest.approx(0, abs=ORE)
    assert r.net_cost_per_month.low == pytest.approx(0, abs=ORE)
    assert r.net_cost_per_month.high == pytest.approx(2300, abs=ORE)


def test_golden_taper(golden):
    _, _, result = golden
    r = result.reforms[1]
    assert (r.work_pays_reform.value, r.work_pays_change.value) == (5, 3)   # A, B, C (x2), D
    assert (r.winners.value, r.losers.value) == (3, 0)
    assert r.change["allowances_paid"].value == pytest.approx(NET["B"] / 2, abs=ORE)
    assert r.change["charges"].value == pytest.approx(-(ALLOW["A"] + ALLOW["D"]), abs=ORE)
    cost = NET["B"] / 2 + ALLOW["A"] + ALLOW["D"]                      # = 2,418 + 146.45 x 365/12
    assert r.net_cost_per_month.value == pytest.approx(cost, abs=ORE)
    assert r.net_cost_per_year.value == pytest.approx(cost * 12, abs=0.07)
    assert r.mean_gain_change.value == pytest.approx(cost / 5, abs=ORE)
    everyone = r.groups[0]
    assert everyone.median_change == pytest.approx(ALLOW["D"], abs=ORE)     # 0, 0, D, B, A by weight
    assert everyone.mean_change_winners == pytest.approx(cost / 3, abs=ORE)


def test_golden_per_14_days():
    """A 14-day run: the state's flows come back to per month by (365/12) / 14."""
    cases = read_caseload(GOLDEN)
    run = run_caseload(cases, "2014-11-01", {"transport": {"offset.deduct_transport": True}}, period="14d")
    result = impact(run, cases)
    assert run.gain[0, 0] == pytest.approx(-1700 * 14 / D, abs=ORE)
    assert result.reforms[0].net_cost_per_month.value == pytest.approx(2300, abs=ORE)
    assert result.reforms[0].net_cost_per_year.value == pytest.approx(2300 * 12, abs=0.07)


# --------------------------------------------------------------------------------------------------
# invariants


HOUSINGS = ("centre_canteen", "centre_self_catering", "independent_housing", "private_accommodation",
            "special_housing", "own_housing")


@st.composite
def case_rows(draw) -> dict:
    adults = draw(st.integers(1, 2))
    housing = draw(st.sampled_from(HOUSINGS))
    rent = draw(st.one_of(st.none(), st.integers(0, 1_500_000).map(lambda x: x / 100)))
    if housing == "own_housing" and rent is None:
        rent = 6000.0
    return {
        "adults": adults, "couple": draw(st.integers(0, adults - 1)), "children": draw(st.integers(0, 7)),
        "phase": draw(st.integers(1, 3)),
        "procedure": draw(st.sampled_from(["normal", "dublin", "manifestly_unfounded",
                                           "manifestly_unfounded_urgent"])),
        "housing": housing, "housing_cost_per_month": "" if rent is None else rent,
        "contracts_kept": draw(st.integers(0, adults)), "months_since_application": draw(st.integers(0, 60)),
        "charge_mode": draw(st.sampled_from(["income_tested", "fixed", "none"])),
        "charge_amount_per_month": draw(st.integers(0, 500_000).map(lambda x: x / 100)),
        "kind": draw(st.sampled_from(["job", "paid_praktik", "unpaid_praktik"])),
        "working_adults": draw(st.integers(1, adults)), "hours_per_week": draw(st.integers(0, 600)) / 10,
        "hourly_wage": draw(st.integers(0, 30_000)) / 100, "transport_per_month": draw(st.integers(0, 3000)),
        "weight": draw(st.sampled_from([1, 1, 1, 2, 0.5, 12.25])),
    }


def csv_of(rows: list[dict]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(HEADER.split(","))
    for i, row in enumerate(rows):
        writer.writerow([f"h{i}"] + [row[c] for c in HEADER.split(",")[1:]])
    return buf.getvalue().encode()


caseloads = st.lists(case_rows(), min_size=1, max_size=25).map(csv_of)
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(data=caseloads, date=st.sampled_from(["2013-06-01", "2014-11-01", "2016-03-01", "2026-09-01"]),
       period=st.sampled_from(["month", "14d"]))
def test_law_against_law_changes_nothing(data, date, period):
    """The law as a 'reform' (empty, or every public parameter at its law value) changes nothing anywhere."""
    cases = read_caseload(data)
    assert cases.bad_rows == 0, cases.errors
    same = {"empty": {}, "law values": law_reform(__import__("datetime").date.fromisoformat(date))}
    result = caseload_impact(cases, date, same, period)
    for r in result.reforms:
        for fig in (r.work_pays_change, r.winners, r.losers, r.mean_gain_change, r.net_cost_per_month,
                    r.net_cost_per_year, *r.change.values()):
            assert fig.low == 0 and fig.high == 0, (r.name, fig)
        assert r.work_pays_reform.by_reading == r.work_pays_law.by_reading
        for g in r.groups:
            assert g.winners == 0 and g.losers == 0 and g.unchanged == g.households
            expected = 0 if g.households else None
            assert g.mean_change == expected and g.median_change == expected
        assert [b.label for b in r.distribution] == ["no change"]


@SETTINGS
@given(data=caseloads, reform=reforms(max_size=4), period=st.sampled_from(["month", "14d"]))
def test_net_cost_is_the_change_in_disposable_income(data, reform, period):
    """Disposable = paid + gross − tax − AM − charge − transport − rent, and gross and rent do not move with
    the rules: so Σ weight × Δ disposable is the net cost to the state less the change in travel the
    households pay (only `praktik.transport_covered` moves that), under every reading."""
    cases = read_caseload(data)
    run = run_caseload(cases, "2016-03-01", {"r": reform}, period, alternatives=True)
    result = impact(run, cases)
    totals = run.totals
    to_month = D / run.period.days
    for a, code in enumerate(r.code for r in run.readings):
        delta = sum(float(totals[k][a, 1] - totals[k][a, 0]) for k in ("disposable", "transport"))
        assert result.reforms[0].net_cost_per_month.by_reading[code] == pytest.approx(
            delta * to_month, abs=1e-6 * (1 + abs(delta)))
    model = float((run.disposable[1] - run.disposable[0]) @ run.weight)
    assert model == pytest.approx(float(totals["disposable"][0, 1] - totals["disposable"][0, 0]),
                                  abs=1e-6 * (1 + abs(model)))


@SETTINGS
@given(data=caseloads, chunk=st.integers(1, 7))
def test_chunks_do_not_change_the_result(data, chunk):
    cases = read_caseload(data)
    reform = {"taper": {"offset.rate": 0.5}, "both": {"offset.deduct_transport": True,
                                                      "offset.disregard_per_month": 1000}}
    whole = run_caseload(cases, "2014-11-01", reform, alternatives=True)
    parts = run_caseload(cases, "2014-11-01", reform, chunk_size=chunk, alternatives=True)
    np.testing.assert_array_equal(whole.gain_by_reading, parts.gain_by_reading)
    done: list[float] = []
    run_caseload(cases, "2014-11-01", reform, chunk_size=chunk, progress=done.append)
    assert done == sorted(done) and done[-1] == 1.0
    np.testing.assert_array_equal(whole.disposable, parts.disposable)
    for k in whole.totals:
        np.testing.assert_allclose(whole.totals[k], parts.totals[k], rtol=1e-12, atol=1e-6)


def scenario_of(row: dict, date: str) -> dict:
    """The v1 scenario of a caseload row: the household with 'No work' and its offer (one work item per
    working adult, each adult with the row's months since application)."""
    adults = [{"months_since_application": row["months_since_application"],
               "contract_kept": i < row["contracts_kept"]} for i in range(row["adults"])]
    work = [{"adult": i, "kind": row["kind"], "hours_per_week": row["hours_per_week"],
             "hourly_wage": row["hourly_wage"], "transport_per_month": row["transport_per_month"]}
            for i in range(row["working_adults"])]
    rent = row["housing_cost_per_month"]
    return {"schema_version": 1, "date": date,
            "household": {"adults": adults, "couple": bool(row["couple"]), "children": row["children"],
                          "phase": row["phase"], "procedure": row["procedure"], "housing": row["housing"],
                          "housing_cost_per_month": None if rent == "" else rent},
            "accommodation_charge": {"mode": row["charge_mode"], "amount_per_month": row["charge_amount_per_month"]},
            "options": [{"name": "Offer", "work": work}]}


# The warning `simulate` adds that the caseload does not count per household: a date past the published
# rates (the whole run is on the last rates; own housing that does not pay its way is counted).
NOT_ELIGIBILITY = {"rates_not_published"}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(case_rows(), min_size=1, max_size=6), date=dates().map(str),
       period=st.sampled_from(["month", "14d"]))
def test_each_row_is_the_scenario_simulate_computes(rows, date, period):
    """Row by row, the caseload and `simulate` of the same household agree on the budget lines (to the
    øre), the eligibility warnings and the RULES.md assumptions its result rests on."""
    cases = read_caseload(csv_of(rows))
    assert cases.bad_rows == 0, cases.errors
    run = run_caseload(cases, date, {"taper": {"offset.rate": 0.5}}, period)
    sums = {"gross": [0.0, 0.0], "transport": [0.0, 0.0]}
    for k, row in enumerate(rows):
        scenario = scenario_of(row, date)
        for i, reform in enumerate(({}, {"offset.rate": 0.5})):
            result = simulate(scenario, period, reform=reform, with_trace=False, with_effects=False)
            lines = result.options[1].lines
            assert run.gain[i, k] == pytest.approx(lines["gain_vs_no_work"], abs=ORE)
            assert run.disposable[i, k] == pytest.approx(lines["disposable_income"], abs=ORE)
            assert run.allowances_paid[i, k] == pytest.approx(lines["allowances_paid"], abs=ORE)
            assert run.charge[i, k] == pytest.approx(lines["accommodation_charge"], abs=ORE)
            assert run.tax_am[i, k] == pytest.approx(lines["income_tax"] + lines["labour_market_contribution"],
                                                     abs=ORE)
            for name, line in (("gross", "gross_wage"), ("transport", "transport")):
                sums[name][i] += cases.weight[k] * lines[line]
            if i == 0:   # warnings and assumptions are the law's
                warned = {code for code, m in run.warned.items() if m[k]}
                assert warned == {w.code for w in result.options[1].warnings} - NOT_ELIGIBILITY
                assert [code for code, m in run.assumed.items() if m[k]] == result.assumptions
    for name, by_set in sums.items():   # the lines the run keeps only as weighted totals
        for i, total in enumerate(by_set):
            assert run.totals[name][0, i] == pytest.approx(total, abs=ORE * float(cases.weight.sum()))


# --------------------------------------------------------------------------------------------------
# the default caseload and the named reforms


@pytest.fixture(scope="module")
def default_impact():
    cases = read_caseload(DEFAULT_CASELOAD)
    return cases, caseload_impact(cases, "2014-11-01", named_reforms())


def test_every_named_reform_changes_the_default_caseload(default_impact):
    cases, result = default_impact
    assert len(cases) == 1578 and cases.bad_rows == 0
    names = {r.name for r in result.reforms}
    assert names == {p.stem for p in (ROOT / "scenarios" / "reforms").glob("*.yaml")}
    assert len(names) >= 5
    for r in result.reforms:
        assert r.winners.value + r.losers.value > 0, f"{r.name} changes no household's gain"
        assert abs(r.net_cost_per_month.value) > 1, f"{r.name} costs the state nothing"


def test_default_caseload_outputs_are_complete(default_impact):
    cases, result = default_impact
    doc = json.loads(json_text(result))
    assert doc["households"] == 1578 and doc["rules_date"] == "2014-11-01"
    assert doc["static"].startswith("Static model")
    assert [s["name"] for s in doc["rule_sets"]][0] == "law"
    assert {a["code"] for a in doc["assumptions"]} == {"offset_income_base_net", "charge_mode_and_cap",
                                                       "tax_on_gross"}
    for r in doc["reforms"]:
        assert sum(sum(b["households"].values()) for b in r["distribution"]) == pytest.approx(1578)
        assert {g["group"] for g in r["groups"] if g["by"] == "household_type"} == {
            "single", "couple_no_children", "family_with_children"}
    rows = list(csv.DictReader(io.StringIO(csv_text(result))))
    assert {r["table"] for r in rows} >= {"rule_sets", "reform_vs_law", "groups", "distribution"}
    assert "Net cost to the state" in format_text(result)


def test_generator_reproduces_the_committed_caseload(tmp_path):
    gen = load_generator()
    out = tmp_path / "caseload.csv"
    gen.write_csv(gen.generate(gen.DEFAULT_SIZE, gen.DEFAULT_SEED), out)
    assert out.read_bytes() == DEFAULT_CASELOAD.read_bytes()
    assert gen.main(["--size", "0", "--out", str(tmp_path / "x.csv")]) == 2


def test_generated_caseload_follows_the_seed():
    """Part-time share 77/125, hours 15-25 or 37, wages 110-140, cards up to 1,800 kr, special housing families."""
    cols = load_generator().generate(20_000, 1)
    part = cols["hours_per_week"] < 37
    assert part.mean() == pytest.approx(77 / 125, abs=0.02)
    assert set(np.unique(cols["hours_per_week"][part])) <= set(range(15, 26))
    assert cols["hourly_wage"].min() >= 110 and cols["hourly_wage"].max() <= 140
    assert cols["transport_per_month"].max() <= 1800
    special = cols["housing"] == "special_housing"
    assert (cols["children"][special] > 0).all() and (cols["phase"][special] == 3).all()
    assert not (cols["housing"] == "own_housing").any()
    moved = np.isin(cols["housing"], ["independent_housing", "private_accommodation", "special_housing"])
    assert (cols["housing"][moved] == "independent_housing").mean() == pytest.approx(561 / 773, abs=0.03)


# --------------------------------------------------------------------------------------------------
# the CSV reader: clear messages, never a traceback


def good_row(hid: str = "x", **change: str) -> str:
    values = dict(zip(HEADER.split(","), f"{hid},1,0,0,2,normal,centre_self_catering,,1,12,income_tested,0,job,1,"
                                         "20,115,1700,1".split(","), strict=True))
    values.update(change)
    return ",".join(values.values())


def test_bad_rows_are_reported_and_good_rows_run():
    data = text(good_row("a"), good_row("b", hourly_wage="abc"), good_row("c", children="13"),
                good_row("d", housing="castle"), good_row("e", adults="3", weight="0"),
                good_row("f", hours_per_week='"1,5"'), good_row("g", couple="1"), good_row("h", phase="2.5"),
                good_row("i", housing="own_housing"), good_row("j", working_adults="2"),
                good_row("a"), good_row("k", hourly_wage="nan"), good_row("l", couple="maybe"), good_row(""),
                good_row("m"))
    cases = read_caseload(data)
    assert list(cases.household_id) == ["a", "m"]
    assert list(cases.line) == [2, 16]
    messages = [str(e) for e in cases.errors]
    assert messages == [
        "line 3, hourly_wage: must be a number (got 'abc')",
        "line 4, children: must be between 0 and 12 (got '13')",
        "line 5, housing: must be one of centre_canteen, centre_self_catering, independent_housing, "
        "private_accommodation, special_housing, own_housing (got 'castle')",
        "line 6, adults: must be 1 or 2 (got '3')",
        "line 6, weight: must be above 0 and at most 1,000,000,000 (got '0')",
        "line 7, hours_per_week: must be a number (got '1,5'); use a decimal point",
        "line 8, couple: a couple needs two adults (adults is 1)",
        "line 9, phase: must be a whole number (got '2.5')",
        "line 10, housing_cost_per_month: is required for own_housing (the rent the household pays)",
        "line 11, working_adults: must be at most adults (1) (got 2)",
        "line 12, household_id: 'a' appears twice (first on line 2)",
        "line 13, hourly_wage: must be a finite number (got 'nan')",
        "line 14, couple: must be 0 or 1 (got 'maybe')",
        "line 15, household_id: is required",
    ]
    assert cases.bad_rows == 13


@pytest.mark.parametrize("header, problem", [
    (HEADER.replace(",hourly_wage", ""), "missing column hourly_wage"),
    (HEADER.replace("hourly_wage", "hourly_wge"), "missing column hourly_wage; unknown column 'hourly_wge'"),
    (HEADER + ",colour", "unknown column 'colour'"),
    (HEADER + ",adults", "column named twice: adults"),
    ("a,b,c", "missing columns household_id, adults"),
])
def test_wrong_columns_are_one_clear_error(header, problem):
    with pytest.raises(CaseloadError) as exc:
        read_caseload(text(good_row(), header=header))
    assert problem in str(exc.value)
    assert str(exc.value).startswith("caseload: header (line 1): ")
    assert "\n" not in str(exc.value)


@pytest.mark.parametrize("data, problem", [
    (b"", "is empty"),
    (b"\n\n   \n", "is empty"),
    (HEADER.encode() + b"\n\n", "has a header but no household rows"),
    (text(good_row(adults="x")), "has no valid row (1 bad; first: line 2, adults: must be a whole number"),
    (b"\xff\xfe\x00garbage", "is not UTF-8 text"),
    (HEADER.encode() + b'\n"' + b"x" * 200_000 + b'",1\n', "line 2: is longer than any valid row"),
])
def test_unusable_files_are_one_clear_error(data, problem):
    with pytest.raises(CaseloadError) as exc:
        read_caseload(data)
    assert problem in str(exc.value)


def test_blank_lines_ragged_rows_and_line_numbers():
    data = text("", good_row("a"), "", ",,,", good_row("b") + ",extra", good_row("c")[:-2],
                '"multi\nline",' + good_row("d").split(",", 1)[1], good_row("e"), "")
    cases = read_caseload(data)
    assert list(cases.household_id) == ["a", "multi\nline", "e"]
    assert list(cases.line) == [3, 8, 10]
    assert [str(e) for e in cases.errors] == ["line 6: has 19 values; the header names 18 columns",
                                              "line 7: has 17 values; the header names 18 columns"]


def test_separators_bom_spaces_optional_columns_and_sources(tmp_path):
    semicolons = text(good_row("a").replace(",", ";"), header=HEADER.replace(",", ";"))
    assert list(read_caseload(semicolons).household_id) == ["a"]
    no_weight = HEADER.rsplit(",", 1)[0] + ",job"
    row = good_row("b").rsplit(",", 1)[0] + ",kitchen"
    cases = read_caseload(b"\xef\xbb\xbf" + text(" " + row.replace(",", " , "), header=no_weight.upper()))
    assert cases.weight.tolist() == [1.0] and cases.values["job"].tolist() == ["kitchen"]
    path = tmp_path / "c.csv"
    path.write_bytes(text(good_row("p")))
    assert read_caseload(path).source == str(path)
    with open(path, "rb") as fh:
        assert len(read_caseload(fh)) == 1
    assert len(read_caseload(io.StringIO(text(good_row("q")).decode()))) == 1
    with pytest.raises(CaseloadError, match="cannot be read"):
        read_caseload(tmp_path / "missing.csv")
    with pytest.raises(CaseloadError, match="cannot be read"):
        read_caseload(tmp_path)


def test_errors_kept_are_capped_but_all_bad_rows_counted():
    rows = [good_row(f"g{i}", hourly_wage="x") for i in range(MAX_ERRORS_KEPT + 500)] + [good_row("ok")]
    cases = read_caseload(text(*rows))
    assert len(cases) == 1 and cases.bad_rows == MAX_ERRORS_KEPT + 500
    assert len(cases.errors) == MAX_ERRORS_KEPT


CELLS = st.one_of(st.text(max_size=12), st.sampled_from(["", " ", "1e309", "-1", "nan", "2.0", "yes", "\"",
                                                         "own_housing", "fixed", "0x10", "1_000", "١٢"]))


@settings(max_examples=150, deadline=None)
@given(changes=st.lists(st.tuples(st.integers(0, 3), st.integers(0, len(HEADER.split(",")) - 1), CELLS),
                        max_size=12))
def test_fuzzed_cells_never_raise_anything_but_a_caseload_error(changes):
    rows = [good_row(f"r{i}").split(",") for i in range(4)]
    for row, col, value in changes:
        rows[row][col] = value
    buf = io.StringIO()
    # RFC 4180 line ends: the writer then quotes any cell holding a CR or LF, so a cell stays one cell
    csv.writer(buf, lineterminator="\r\n").writerows([HEADER.split(","), *rows])
    try:
        cases = read_caseload(buf.getvalue().encode())
    except CaseloadError as exc:
        assert "\n" not in str(exc).split(": ", 1)[0]
        return
    assert len(cases) + cases.bad_rows <= 4
    result = caseload_impact(cases, "2014-11-01", {"t": {"offset.rate": 0.5}})
    json_text(result)


@settings(max_examples=100, deadline=None)
@given(data=st.one_of(st.binary(max_size=300), st.text(max_size=300).map(lambda t: (HEADER + "\n" + t).encode())))
def test_fuzzed_files_never_raise_anything_but_a_caseload_error(data):
    try:
        read_caseload(data)
    except CaseloadError:
        pass


def test_a_million_generated_rows_read_and_run(tmp_path):
    """Not timed (benchmarks/caseload.py times it): a million households must fit and compute."""
    gen = load_generator()
    path = tmp_path / "million.csv"
    gen.write_csv(gen.generate(1_000_000, 7), path)
    cases = read_caseload(path)
    assert len(cases) == 1_000_000 and cases.bad_rows == 0
    run = run_caseload(cases, "2014-11-01", {"transport": {"offset.deduct_transport": True},
                                             "taper": {"offset.rate": 0.5}}, alternatives=True)
    result = impact(run, cases)
    assert result.weighted_households == 1_000_000
    assert result.reforms[1].winners.value > 0
    assert math.isfinite(result.reforms[1].net_cost_per_year.value)


# --------------------------------------------------------------------------------------------------
# the command line


def cli(*args: str) -> subprocess.CompletedProcess:
    """`python -m simulator caseload ARGS`, in this process (tests/cli_runner.py)."""
    return in_process("caseload", *args)


def test_cli_runs_the_default_caseload_as_json():
    done = cli(DEFAULT_CASELOAD, "--reform", "transport-deduction", "--reform",
               ROOT / "scenarios/reforms/taper-50.yaml", "--json")
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    assert [r["name"] for r in doc["reforms"]] == ["transport-deduction", "taper-50"]
    assert done.stderr == ""


def test_cli_lists_bad_rows_and_runs_the_rest(tmp_path, capsys):
    path = tmp_path / "c.csv"
    path.write_bytes(text(good_row("a"), good_row("b", hourly_wage="abc"), good_row("c")))
    assert main(["caseload", str(path), "--reform", "taper-50", "--csv"]) == 0
    out, err = capsys.readouterr()
    assert err.splitlines() == [f"{path}: 1 of 3 rows skipped:", "  line 3, hourly_wage: must be a number (got 'abc')"]
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["measure"], r["value"]) for r in rows[:3]] == [("households", "2"), ("rows_read", "3"),
                                                              ("skipped_rows", "1")]
    assert rows[3]["table"] == "rule_sets"
    assert ["skipped_rows", "", "line 3", "hourly_wage", "must be a number (got 'abc')"] == list(rows[-1].values())[:5]
    assert main(["caseload", str(path), "--reform", "taper-50", "--period", "14d"]) == 0
    assert "Net cost to the state" in capsys.readouterr().out


@pytest.mark.parametrize("content, args, problem", [
    (HEADER.replace(",hourly_wage", "") + "\n", [], "header (line 1): missing column hourly_wage"),
    ("", [], "is empty"),
    (None, [], "cannot be read"),
    ("GOOD", ["--reform", "no-such-reform"], "--reform: 'no-such-reform' is neither a file nor a named reform"),
    ("GOOD", ["--reform", "taper-50", "--reform", "taper-50"], "--reform: 'taper-50' is given twice"),
    ("GOOD", ["--date", "2014-13-01"], "date: '2014-13-01' is not a date"),
    ("GOOD", ["--date", "2010-01-01"], "date: no rules before 2013-01-01"),
])
def test_cli_unusable_input_exits_2_with_one_line(tmp_path, content, args, problem):
    path = tmp_path / "c.csv"
    if content is not None:
        path.write_bytes(text(good_row()) if content == "GOOD" else content.encode())
    done = cli(path, *args, "--json")
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1
    assert problem in done.stderr
    assert "Traceback" not in done.stderr


def test_cli_usage_error_exits_2():
    assert cli(DEFAULT_CASELOAD, "--json", "--csv").returncode == 2
    assert cli(DEFAULT_CASELOAD, "--period", "year").returncode == 2


# --------------------------------------------------------------------------------------------------
# the view: pure functions to charts and tables


def test_view_builds_charts_and_tables(default_impact):
    from ui.workbench import caseload_view as view

    _, result = default_impact
    assert len(view.summary_table(result)) == 1 + len(result.reforms)
    table = view.reform_table(result)
    assert list(table.columns) == ["Figure", *(r.title for r in result.reforms)]
    assert "Net cost to the state / year" in set(table["Figure"])
    assert len(view.groups_table(result, "taper-50")) == len(result.reforms[0].groups)
    assert len(view.assumptions_table(result)) == len(result.readings) - 1 + len(result.not_computed)
    spec = view.gain_change_chart(result).to_dict()
    assert "facet" in spec
    single = view.gain_change_chart(result, "taper-50").to_dict()
    assert single["mark"]["type"] == "bar" and single["encoding"]["x"]["axis"]["labelOverlap"] is False
    assert view.work_pays_chart(result).to_dict()["layer"]
    frame = view.distribution_frame(result)
    assert set(frame["household_type"]) == {view.LABELS[t] for t in HOUSEHOLD_TYPES}
    with pytest.raises(KeyError, match="not in this impact"):
        view.groups_table(result, "nope")
    labels = view.labels_from(lambda key: "Husstande" if key == "caseload.households" else key)
    assert labels["households"] == "Husstande" and labels["winners"] == "Winners"
    assert "Husstande" in view.groups_table(result, "taper-50", labels).columns


def test_view_formats_money_with_separators(default_impact):
    from simulator.i18n import Translator
    from ui.workbench import caseload_view as view

    _, result = default_impact
    en = view.summary_table(result)
    assert en.iloc[0, 2] == "687,410"
    da = view.summary_table(result, view.labels_from(Translator("da")), Translator("da").number)
    assert da.iloc[0, 2] == "687.410"
    assert all("," not in v and "." not in v or v.count(".") for v in da.iloc[:, 2])


def test_view_does_not_import_streamlit():
    probe = "import sys, ui.workbench.caseload_view; print('streamlit' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", probe],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "False", done.stderr


# --------------------------------------------------------------------------------------------------
# figures an analyst can quote: counts on one basis, reforms against the law


def test_counts_do_not_depend_on_the_display_period(default_impact):
    cases, monthly = default_impact
    fortnightly = caseload_impact(cases, "2014-11-01", named_reforms(), "14d")
    for m, f in zip(monthly.reforms, fortnightly.reforms, strict=True):
        for name in ("work_pays_law", "work_pays_reform", "work_pays_change", "no_longer_costs", "winners",
                     "losers", "net_cost_per_month", "net_cost_per_year"):
            assert getattr(m, name) == getattr(f, name), name
        assert f.mean_gain_change.value == pytest.approx(m.mean_gain_change.value * 14 / D)
        assert f.median_gain_change.value == pytest.approx(m.median_gain_change.value * 14 / D)
    assert [s.work_pays for s in monthly.summaries] == [s.work_pays for s in fortnightly.summaries]


def test_transport_deduction_shows_who_no_longer_pays_to_work(golden):
    """A pays its 1,700 kr card out of an offset wage (gain −1,700) and D two cards (−600): the deduction
    brings both to 0 — not 'work pays' (gain ≥ 1 kr), but no longer costing money."""
    _, _, result = golden
    transport = result.reforms[0]
    assert transport.work_pays_change.value == 0
    assert transport.no_longer_costs.value == WEIGHT["A"] + WEIGHT["D"]
    assert transport.winners.value == WEIGHT["A"] + WEIGHT["D"]
    assert transport.median_gain_change.value == 0                   # B and C (weight 3 of 5) do not change


def test_json_is_strict_and_names_the_coverage(default_impact):
    _, result = default_impact
    doc = json.loads(json_text(result))
    assert doc["rows_read"] == 1578 and doc["skipped_rows"] == 0
    assert {"no_longer_costs", "median_gain_change"} <= set(doc["reforms"][0])


def test_every_row_problem_is_said_in_every_language():
    """Issue 17: each problem code has its message (rows.po) in every language, with the English one's
    values; the page's English is the CLI's English with the numbers in the page's style."""
    from simulator.caseload import problems
    from simulator.i18n import LANGUAGES, catalogue, placeholders, translator

    sample = {"limit": 1000, "got": "'=x'", "codes": "job, paid_praktik", "low": 0, "high": 1_000_000_000,
              "first": 1234, "adults": 1, "value": 2, "cells": 3, "columns": 19}
    special = {"text_too_long": {"limit": 60}, "range_either": {"low": 1, "high": 2}}
    en = translator("en")
    for code, english in problems.ENGLISH.items():
        names = placeholders(english)
        values = {k: sample[k] for k in names} | special.get(code, {})
        assert placeholders(catalogue("en")[f"rows.{code}"]) == names, code
        assert problems.problem_text(code, values, en) == problems.english(code, values), code
        for lang in LANGUAGES:
            said = problems.problem_text(code, values, translator(lang))
            assert "{" not in said and ("'=x'" in said) == ("got" in names), (lang, code, said)
            if lang not in ("en", "qps"):
                assert said != problems.english(code, values), (lang, code)
    assert problems.english("id_twice", {"got": "'a'", "first": 1234}) == "'a' appears twice (first on line 1234)"
    assert problems.problem_text("id_twice", {"got": "'a'", "first": 1234}, translator("fa")).endswith("۱۲۳۴)")

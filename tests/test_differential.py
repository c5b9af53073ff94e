"""Differential test: the engine against an independent reading of RULES.md (tests/reference/oracle.py).

Random valid v1 scenarios go through `simulator.simulate_json` (and a few through the CLI); every
money field must agree with the oracle to the øre, rates to 1e-6, warning codes as sets per option, and
the assumptions the result rests on (those the oracle decides, RULES.md 1-6) as a set.
"""

from __future__ import annotations

import json
import math
import tempfile
from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.cli_runner import in_process
from tests.reference.oracle import ASSUMPTION_CODES, MONEY_FIELDS, RATE_FIELDS, expected_json

HOUSINGS = ["centre_canteen", "centre_self_catering", "independent_housing", "private_accommodation",
            "special_housing", "own_housing"]
PROCEDURES = ["normal", "dublin", "manifestly_unfounded", "manifestly_unfounded_urgent"]
KINDS = ["job", "paid_praktik", "unpaid_praktik"]
ALLOWANCE_PATHS = [
    "allowance.basic.single", "allowance.basic.couple", "allowance.child.self_catering",
    "allowance.child.canteen", "allowance.child.reduced", "allowance.child.phase1_self_catering",
    "allowance.child.phase1_canteen", "allowance.supplement.registered", "allowance.supplement.phase1",
]

# --------------------------------------------------------------------------------------------------
# comparison


def diff(actual: dict, expected: dict) -> list[str]:
    """Every difference between an engine JSON document and the oracle's, as readable lines."""
    out = []
    for key in ("schema_version", "rules_date", "period"):
        if actual.get(key) != expected[key]:
            out.append(f"{key}: engine {actual.get(key)!r} != oracle {expected[key]!r}")
    if {k: v for k, v in (actual.get("reform") or {}).items()} != expected["reform"]:
        out.append(f"reform: engine {actual.get('reform')!r} != oracle {expected['reform']!r}")
    a_assumed = sorted(c for c in actual.get("assumptions", []) if c in ASSUMPTION_CODES)
    if a_assumed != sorted(expected["assumptions"]):
        out.append(f"assumptions: engine {a_assumed} != oracle {sorted(expected['assumptions'])}")
    a_names = [o.get("name") for o in actual.get("options", [])]
    e_names = [o["name"] for o in expected["options"]]
    if a_names != e_names:
        return out + [f"option names: engine {a_names} != oracle {e_names}"]
    for a, e in zip(actual["options"], expected["options"], strict=True):
        where = f"options[{e['name']!r}]"
        for f in MONEY_FIELDS:
            av, ev = a.get(f, "<missing>"), e[f]
            if ev is None or av is None or av == "<missing>":
                if av != ev:
                    out.append(f"{where}.{f}: engine {av!r} != oracle {ev!r}")
            elif abs(round(av, 2) - round(ev, 2)) > 0.011:
                out.append(f"{where}.{f}: engine {av!r} != oracle {ev!r}")
        for f in RATE_FIELDS:
            av, ev = a.get(f, "<missing>"), e[f]
            if ev is None or av is None or av == "<missing>":
                if av != ev:
                    out.append(f"{where}.{f}: engine {av!r} != oracle {ev!r}")
            elif not math.isclose(av, ev, rel_tol=1e-9, abs_tol=1e-6):
                out.append(f"{where}.{f}: engine {av!r} != oracle {ev!r}")
        a_codes = sorted(w["code"] for w in a.get("warnings", []))
        e_codes = sorted(w["code"] for w in e["warnings"])
        if len(a_codes) != len(set(a_codes)) or set(a_codes) != set(e_codes):
            out.append(f"{where}.warnings: engine {a_codes} != oracle {e_codes}")
    return out


def assert_agrees(actual: dict, scenario: dict, period: str) -> None:
    problems = diff(actual, expected_json(scenario, period))
    assert not problems, (
        f"engine and oracle disagree (period={period}) on scenario:\n"
        + yaml.safe_dump(scenario, sort_keys=False, allow_unicode=True)
        + "\n".join(problems)
    )


# --------------------------------------------------------------------------------------------------
# random valid v1 scenarios

money = st.integers(0, 300_000).map(lambda c: c / 100)  # 0 .. 3000.00 kr


def kr(hi: int):
    return st.integers(0, hi * 100).map(lambda c: c / 100)


@st.composite
def reforms(draw) -> dict:
    choices = {
        "offset.rate": st.floats(0.05, 1.0, exclude_min=True),
        "offset.deduct_transport": st.booleans(),
        "offset.disregard_per_month": money,
        "offset.transport_deduction_cap_per_month": money,
        "offset.income_base": st.sampled_from(["net", "gross"]),
        "tax.income_tax_rate": st.floats(0, 0.5),
        "tax.am_rate": st.floats(0, 0.5),
        "tax.base": st.sampled_from(["gross", "after_am"]),
        "charge.daily_self_catering": kr(500),
        "charge.daily_canteen": kr(500),
        "charge.exempt_per_month": money,
        "praktik.transport_covered": st.booleans(),
        "allowance.child.max_full": st.integers(0, 4),
        "allowance.child.max_reduced": st.integers(0, 4),
        **{path: kr(150) for path in ALLOWANCE_PATHS},
    }
    keys = draw(st.lists(st.sampled_from(sorted(choices)), unique=True, max_size=6))
    return {k: draw(choices[k]) for k in keys}


@st.composite
def scenarios(draw) -> dict:
    n_adults = draw(st.integers(1, 2))
    adults = []
    for _ in range(n_adults):
        adult = {}
        if draw(st.booleans()):
            adult["months_since_application"] = draw(st.integers(0, 30))
        if draw(st.booleans()):
            adult["contract_kept"] = draw(st.booleans())
        adults.append(adult)
    household: dict = {"adults": adults}
    if n_adults == 2:
        couple = draw(st.sampled_from([True, False, None]))
    else:
        couple = draw(st.sampled_from([False, None]))
    if couple is not None:
        household["couple"] = couple
    household["children"] = draw(st.integers(0, 7))
    household["phase"] = draw(st.integers(1, 3))
    household["procedure"] = draw(st.sampled_from(PROCEDURES))
    housing = draw(st.sampled_from(HOUSINGS))
    household["housing"] = housing
    if housing == "own_housing" or draw(st.booleans()):
        household["housing_cost_per_month"] = draw(kr(15000))
    day = draw(st.dates(min_value=date(2013, 1, 1), max_value=date(2026, 12, 31)))
    mode = draw(st.sampled_from(["income_tested", "fixed", "none", None]))
    scenario: dict = {"schema_version": 1, "date": day.isoformat(), "household": household}
    if mode is not None:
        scenario["accommodation_charge"] = {"mode": mode, "amount_per_month": draw(kr(5000))}
    scenario["reform"] = draw(reforms())
    options = []
    for i in range(draw(st.integers(1, 4))):
        work = []
        for _ in range(draw(st.integers(1, 3))):
            work.append({
                "adult": draw(st.integers(0, n_adults - 1)),
                "kind": draw(st.sampled_from(KINDS)),
                "hours_per_week": draw(st.integers(0, 120).map(lambda h: h / 2)),
                "hourly_wage": draw(kr(400)),
                "transport_per_month": draw(money),
            })
        options.append({"name": f"Option {i + 1}", "work": work})
    scenario["options"] = options
    return scenario


def _engine():
    from simulator import simulate_json

    return simulate_json


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario=scenarios(), period=st.sampled_from(["month", "14d"]))
def test_engine_matches_oracle(scenario, period):
    simulate_json = _engine()
    assert_agrees(simulate_json(scenario, period=period), scenario, period)


# --------------------------------------------------------------------------------------------------
# hand-picked examples: the oracle against hand arithmetic, then the engine


def seed_single_man(reform: dict | None = None) -> dict:
    return {
        "schema_version": 1,
        "date": "2014-11-01",
        "household": {"adults": [{"months_since_application": 14}], "couple": False, "children": 0,
                      "phase": 2, "procedure": "normal", "housing": "centre_self_catering"},
        "accommodation_charge": {"mode": "income_tested", "amount_per_month": 0},
        "reform": reform or {},
        "options": [{"name": "Part-time kitchen job", "work": [
            {"adult": 0, "kind": "job", "hours_per_week": 20, "hourly_wage": 115.38,
             "transport_per_month": 1700}]}],
    }


def close(a, b):
    return abs(a - b) <= 0.011


def test_oracle_reproduces_hand_arithmetic_for_the_seed_single_man():
    no_work, job = expected_json(seed_single_man())["options"]
    assert no_work["name"] == "No work"
    # (53.24 + 31.07) x 365/12 = 2564.43
    assert close(no_work["basic_allowance"], 53.24 * 365 / 12)
    assert close(no_work["supplementary_allowance"], 31.07 * 365 / 12)
    assert close(no_work["disposable_income"], 2564.43)
    assert no_work["gain_vs_no_work"] == 0 and no_work["participation_tax_rate"] is None
    assert no_work["gain_per_hour"] is None and no_work["warnings"] == []
    # 20 h x 115.38: gross 9999.60, AM 799.97, tax 2999.88, net 6199.76 (6199.752 unrounded)
    assert close(job["gross_wage"], 9999.60)
    assert close(job["labour_market_contribution"], 799.97)
    assert close(job["income_tax"], 2999.88)
    assert close(job["net_wage"], 6199.76)
    assert close(job["offset"], 2564.43) and job["allowances_paid"] == 0
    # charge = min(303 x 365/12, 6199.76 - 2564.43) = 3635.33
    assert close(job["accommodation_charge"], 3635.33)
    assert close(job["disposable_income"], 864.43)
    assert job["gain_vs_no_work"] == -1700.00
    assert math.isclose(job["participation_tax_rate"], 1 + 1700 / 9999.60)
    assert close(job["gain_per_hour"], -1700 / (20 * 52 / 12))
    # the Red Cross proposal: transport deducted before the offset -> the job no longer costs him
    assert expected_json(seed_single_man({"offset.deduct_transport": True}))["options"][1][
        "gain_vs_no_work"] == 0.00


def test_oracle_other_hand_examples():
    # couple with 5 children, 2017, phase 2, canteen: no basic, canteen child rate for 2, no reduced
    s = {"schema_version": 1, "date": "2017-06-01",
         "household": {"adults": [{}, {"contract_kept": False}], "children": 5,
                       "housing": "centre_canteen"}, "options": []}
    (row,) = expected_json(s, "14d")["options"]
    assert row["basic_allowance"] == 0
    assert close(row["supplementary_allowance"], 29.36 * 14)
    assert close(row["child_supplement"], 2 * 29.36 * 14)
    # same at a self-catering centre: couple basic rate, 2 full + 2 reduced children
    s["household"]["housing"] = "centre_self_catering"
    (row,) = expected_json(s)["options"]
    assert close(row["basic_allowance"], 2 * 39.83 * 365 / 12)
    assert close(row["child_supplement"], (2 * 79.65 + 2 * 41.93) * 365 / 12)
    # 2016-02-05 cut: rates and tariff change on the day
    s = seed_single_man()
    s["date"] = "2016-02-04"
    assert close(expected_json(s)["options"][0]["basic_allowance"], 54.80 * 365 / 12)
    s["date"] = "2016-02-05"
    assert close(expected_json(s)["options"][0]["basic_allowance"], 49.32 * 365 / 12)
    # own housing: no allowances, rent subtracted, compared with a self-catering centre
    s = seed_single_man()
    s["household"]["housing"] = "own_housing"
    s["household"]["housing_cost_per_month"] = 4000
    no_work, job = expected_json(s)["options"]
    assert close(no_work["disposable_income"], 2564.43) and no_work["housing_cost"] == 0
    assert job["allowances_before_offset"] == 0 and job["accommodation_charge"] == 0
    assert close(job["disposable_income"], 9999.60 * 0.62 - 1700 - 4000)
    assert [w["code"] for w in job["warnings"]] == ["not_self_supporting"]
    # warnings
    s = seed_single_man()
    s["date"] = "2016-03-01"
    s["household"].update(phase=1, housing="special_housing", procedure="dublin")
    s["household"]["adults"][0]["months_since_application"] = 3
    s["options"][0]["work"].append({"adult": 0, "kind": "unpaid_praktik", "hours_per_week": 10})
    no_work, job = expected_json(s)["options"]
    assert [w["code"] for w in no_work["warnings"]] == ["special_housing_abolished"]
    assert {w["code"] for w in job["warnings"]} == {
        "under_six_months", "phase_1", "excluded_procedure", "praktik_in_phase_1",
        "special_housing_abolished"}


@pytest.mark.parametrize("reform,gain", [({}, -1700.00), ({"offset.deduct_transport": True}, 0.00)])
def test_engine_seed_single_man(reform, gain):
    simulate_json = _engine()
    scenario = seed_single_man(reform)
    actual = simulate_json(scenario, period="month")
    assert actual["options"][1]["gain_vs_no_work"] == pytest.approx(gain, abs=0.005)
    assert_agrees(actual, scenario, "month")


# --------------------------------------------------------------------------------------------------
# the command line (`cli.main` with its own stdout and stderr, in this process: tests/cli_runner.py; the real
# `python -m simulator` is tested in tests/test_cli.py)


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario=scenarios(), period=st.sampled_from(["month", "14d"]))
def test_cli_matches_oracle(scenario, period):
    _engine()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "scenario.yaml"
        path.write_text(yaml.safe_dump(scenario, sort_keys=False), encoding="utf-8")
        proc = in_process("run", path, "--json", "--period", period)
    assert proc.returncode == 0, proc.stderr
    assert_agrees(json.loads(proc.stdout), scenario, period)

"""Invariants of the calculation (RULES.md sections 3, 5 and 8) over random valid scenarios and reforms.

Each property is one a reader can check against RULES.md section 8 without computing a budget by hand:
nothing negative where a negative makes no sense, the offset never takes more than the allowances, the
charge stays under its cap, the law's krone-for-krone offset flattens the budget while allowances are
paid, a reform that restates the law changes nothing, the 14-day view is the monthly one in another unit,
and the earnings curves pass through the single-scenario results.
"""

from __future__ import annotations

import copy
import math
from datetime import date

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator import simulate, sweep
from simulator.models import MIN_HOURS_PER_WEEK, MIN_WAGE, Work
from simulator.periods import DAYS_PER_MONTH, FOURTEEN_DAYS, MONTH, WEEKS_PER_MONTH
from simulator.rules import public_paths, rules_at
from tests.strategies import law_reform, reforms, scenarios, with_reforms

EXAMPLES = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PERIODS = st.sampled_from(["month", "14d"])
EPS = 1e-6  # kroner: far below the øre, far above float noise on amounts of this size

ALLOWANCE_LINES = ("basic_allowance", "supplementary_allowance", "child_supplement", "allowances_before_offset")


def law(scenario: dict) -> dict:
    """The scenario under the law: its reform block emptied."""
    out = copy.deepcopy(scenario)
    out["reform"] = {}
    return out


def describe(scenario: dict, extra: str = "") -> str:
    return f"{extra}\nscenario: {scenario!r}"


# --------------------------------------------------------------------------------------------------
# signs and bounds


@EXAMPLES
@given(scenario=with_reforms(), period=PERIODS)
def test_allowances_are_never_negative(scenario, period):
    for option in simulate(scenario, period).options:
        lines = option.lines
        for name in ALLOWANCE_LINES + ("allowances_paid", "offset"):
            assert lines[name] >= 0, describe(scenario, f"{option.name}: {name} = {lines[name]}")
        total = lines["basic_allowance"] + lines["supplementary_allowance"] + lines["child_supplement"]
        assert math.isclose(lines["allowances_before_offset"], total, abs_tol=EPS), describe(scenario)


@EXAMPLES
@given(scenario=with_reforms(), period=PERIODS)
def test_offset_never_exceeds_the_allowances(scenario, period):
    for option in simulate(scenario, period).options:
        lines = option.lines
        assert lines["offset"] <= lines["allowances_before_offset"] + EPS, describe(scenario, option.name)
        assert math.isclose(lines["allowances_paid"], lines["allowances_before_offset"] - lines["offset"],
                            abs_tol=EPS), describe(scenario, option.name)


def expected_cap(scenario: dict, period: str) -> float:
    """RULES.md section 5 / interpretation 6, read independently of the engine: the most an income-tested
    charge may take in the period."""
    per = MONTH if period == "month" else FOURTEEN_DAYS
    hh = scenario["household"]
    rules = rules_at(scenario["date"], scenario.get("reform") or {})
    rent = hh.get("housing_cost_per_month")
    if rent is not None:
        return rent * per.days / DAYS_PER_MONTH
    tariff = {"centre_canteen": rules["charge.daily_canteen"], "private_accommodation": 0.0}.get(
        hh["housing"], rules["charge.daily_self_catering"])
    persons = len(hh["adults"]) + hh.get("children", 0)
    return tariff * persons * per.days


@EXAMPLES
@given(scenario=with_reforms(), period=PERIODS)
def test_charge_is_never_negative_and_stays_under_its_cap(scenario, period):
    per = MONTH if period == "month" else FOURTEEN_DAYS
    mode = (scenario.get("accommodation_charge") or {}).get("mode", "income_tested")
    fixed = (scenario.get("accommodation_charge") or {}).get("amount_per_month", 0.0) * per.days / DAYS_PER_MONTH
    own = scenario["household"]["housing"] == "own_housing"
    cap = expected_cap(scenario, period)
    for option in simulate(scenario, period).options:
        charge = option.lines["accommodation_charge"]
        assert charge >= 0, describe(scenario, option.name)
        if own or mode == "none" or option.name == "No work":
            assert charge == 0, describe(scenario, f"{option.name}: no charge expected, got {charge}")
        elif mode == "income_tested":
            assert charge <= cap + EPS, describe(scenario, f"{option.name}: charge {charge} > cap {cap}")
        else:  # fixed: the amount of the decision letter, once any wage is earned
            expected = fixed if option.lines["gross_wage"] > 0 else 0.0
            assert math.isclose(charge, expected, abs_tol=EPS), describe(scenario, option.name)


# --------------------------------------------------------------------------------------------------
# krone for krone: under the law more wage never raises what the family has while allowances are paid


def _paid_items(option: dict) -> list[dict]:
    return [w for w in option["work"] if w["kind"] != "unpaid_praktik"]


@EXAMPLES
@given(scenario=scenarios(), delta=st.integers(1, 5000).map(lambda c: c / 100), period=PERIODS)
def test_more_wage_never_pays_while_allowances_are_paid(scenario, delta, period):
    """Each option twice, at its wages and at wages + delta (same hours): wherever the higher-paid twin
    still receives allowances, its disposable income is no higher (UDL § 42 b stk. 14, offset rate 1)."""
    base = law(scenario)
    twins = []
    for i, option in enumerate(o for o in base["options"] if o["work"]):
        low = {"name": f"o{i} low", "work": copy.deepcopy(option["work"])}
        high = {"name": f"o{i} high", "work": copy.deepcopy(option["work"])}
        for w in _paid_items(high):
            w["hourly_wage"] = w["hourly_wage"] + delta
        twins += [low, high]
    base["options"] = twins
    result = {o.name: o.lines for o in simulate(base, period).options}
    for k in range(len(twins) // 2):
        low, high = result[f"o{k} low"], result[f"o{k} high"]
        if high["allowances_paid"] > EPS:
            assert high["disposable_income"] <= low["disposable_income"] + EPS, describe(
                base, f"o{k}: disposable {low['disposable_income']} -> {high['disposable_income']} "
                      f"with allowances still paid ({high['allowances_paid']})")


@EXAMPLES
@given(scenario=scenarios(), period=PERIODS)
def test_wage_curve_is_flat_or_falling_while_allowances_are_paid(scenario, period):
    if all(o["name"] == "No work" and not o["work"] for o in scenario["options"]):
        return  # only "No work": no curve to draw
    curve = sweep(law(scenario), over="wage", period=period, reform={}, points=81)
    assert curve.rule_sets == ["law"]
    step = np.diff(curve.disposable, axis=-1)           # (rule sets, options, points - 1)
    still_paid = curve.allowances_paid[..., 1:] > EPS   # at the higher point of each step
    rising = still_paid & (step > EPS)
    assert not rising.any(), describe(scenario, f"disposable rises at wages {curve.x[1:][rising.any(axis=(0, 1))]}")


# --------------------------------------------------------------------------------------------------
# reforms that change nothing


@EXAMPLES
@given(scenario=scenarios(), period=PERIODS)
def test_empty_reform_equals_the_law(scenario, period):
    without = copy.deepcopy(scenario)
    without.pop("reform", None)
    empty = copy.deepcopy(scenario)
    empty["reform"] = {}
    expected = simulate(without, period).as_json()
    assert simulate(empty, period).as_json() == expected, describe(scenario)
    assert simulate(without, period, reform={}).as_json() == expected, describe(scenario)


@EXAMPLES
@given(scenario=with_reforms(), period=PERIODS)
def test_the_reform_argument_empty_means_the_law_whatever_the_file_says(scenario, period):
    assert simulate(scenario, period, reform={}).as_json() == simulate(law(scenario), period).as_json()


@EXAMPLES
@given(scenario=scenarios(), period=PERIODS)
def test_reform_restating_the_law_equals_the_law(scenario, period):
    expected = simulate(law(scenario), period).as_json()
    restated = law_reform(date.fromisoformat(scenario["date"]))
    for reform in ({"offset.rate": 1.0, "offset.deduct_transport": False}, restated):
        actual = simulate({**scenario, "reform": reform}, period).as_json()
        assert actual["reform"] == reform
        assert actual["options"] == expected["options"], describe(scenario, f"reform {reform}")
        # Restated allowance rates and tariffs are the reform's, no longer the indexing assumption's or the held
        # tariff's (assumption 8): those codes may go, no other.
        dropped = set(expected["assumptions"]) - set(actual["assumptions"])
        allowed = {"rates_indexed", "charge_tariff_held"} if reform is restated else set()
        assert dropped <= allowed, describe(scenario, f"{dropped}")
        assert set(actual["assumptions"]) <= set(expected["assumptions"]), describe(scenario, f"reform {reform}")


# --------------------------------------------------------------------------------------------------
# 14 days and a month
#
# A 14-day period holds 14 days and 2 weeks; a month 365/12 days and 52/12 weeks (interpretation 1). Days
# and monthly amounts both scale by F = 14 / (365/12) from a month to 14 days, but weeks scale by
# 2 / (52/12), which is F × 8760/8736 (a year has 8760 hours in its 365 days but 8736 in its 52 weeks).
# So the 14-day budget of a scenario is exactly F times the monthly budget of the same scenario with every
# hourly wage raised by 8760/8736: every line, the offset, the charge and the gain alike, and with it the
# sign of the gain. (Without that wage adjustment the sign of the gain is *not* an invariant: a wage just
# below the allowances in a month is just above them in 14 days.)

F = FOURTEEN_DAYS.days / MONTH.days
WEEK_FACTOR = (FOURTEEN_DAYS.weeks / MONTH.weeks) / F
MONEY_LINES = ("gross_wage", "labour_market_contribution", "income_tax", "net_wage", "basic_allowance",
               "supplementary_allowance", "child_supplement", "allowances_before_offset", "offset",
               "allowances_paid", "accommodation_charge", "transport", "housing_cost", "disposable_income",
               "gain_vs_no_work")


def test_the_week_factor_is_the_hours_of_a_year():
    assert math.isclose(WEEK_FACTOR, (365 * 24) / (52 * 7 * 24))
    assert math.isclose(MONTH.weeks, WEEKS_PER_MONTH) and math.isclose(MONTH.days, DAYS_PER_MONTH)


def _sign(x: float) -> int:
    return 0 if abs(x) <= EPS else (1 if x > 0 else -1)


@EXAMPLES
@given(scenario=with_reforms())
def test_fourteen_days_is_the_month_in_another_unit(scenario):
    adjusted = copy.deepcopy(scenario)
    for option in adjusted["options"]:
        for w in option["work"]:
            w["hourly_wage"] = w["hourly_wage"] * WEEK_FACTOR
    fortnight = simulate(scenario, "14d").options
    month = simulate(adjusted, "month").options
    for a, b in zip(fortnight, month, strict=True):
        assert a.name == b.name
        for line in MONEY_LINES:
            assert math.isclose(a.lines[line], F * b.lines[line], rel_tol=1e-9, abs_tol=EPS), describe(
                scenario, f"{a.name}.{line}: 14d {a.lines[line]} != {F:.6f} x month {b.lines[line]}")
        assert _sign(a.gain) == _sign(F * b.gain), describe(scenario, a.name)
        if a.participation_tax_rate is None or b.participation_tax_rate is None:
            assert a.participation_tax_rate is None and b.participation_tax_rate is None
        else:
            assert math.isclose(a.participation_tax_rate, b.participation_tax_rate, rel_tol=1e-9, abs_tol=1e-9)
        assert [w.code for w in a.warnings] == [w.code for w in b.warnings]


NET_BASE = reforms(paths=[p for p in public_paths() if p != "offset.income_base"])


@EXAMPLES
@given(scenario=scenarios(reform=NET_BASE, transport=False, rent=False,
                          charge_modes=("income_tested", "none")))
def test_without_transport_or_rent_no_option_loses_in_either_period(scenario):
    """Without commuter costs, rent or a fixed charge, and with the net wage offset, the family never ends up
    below no work, at any offset rate, disregard or charge-free amount (RULES.md section 8): the offset takes
    at most the net wage, and the charge only what the offset left. Both periods agree on that sign."""
    for period in ("month", "14d"):
        for option in simulate(scenario, period).options:
            assert option.gain >= -EPS, describe(scenario, f"{period} {option.name}: gain {option.gain}")


# --------------------------------------------------------------------------------------------------
# the earnings curves pass through simulate()


def _same_axis_value(option: dict, key: str) -> dict:
    """The option with every paid item set to the first paid item's hours (or wage), as a sweep sets them."""
    out = copy.deepcopy(option)
    paid = _paid_items(out)
    for w in paid[1:]:
        w[key] = paid[0][key]
    return out


SWEEP_FIELDS = {"disposable": "disposable_income", "gain": "gain_vs_no_work", "allowances_paid": "allowances_paid",
                "net_wage": "net_wage", "accommodation_charge": "accommodation_charge", "offset": "offset"}


@EXAMPLES
@given(scenario=with_reforms(), over=st.sampled_from(["hours", "wage"]), period=PERIODS)
def test_sweep_at_an_options_own_hours_equals_simulate(scenario, over, period):
    key = "hours_per_week" if over == "hours" else "hourly_wage"
    scenario = copy.deepcopy(scenario)
    scenario["options"] = [_same_axis_value(o, key) for o in scenario["options"]]
    swept = [o for o in scenario["options"] if not (o["name"] == "No work" and not o["work"])]
    if not swept:
        return  # only "No work": no curve to draw
    own = [(_paid_items(o)[0][key] if _paid_items(o) else 0.0) for o in swept]
    x = np.array(sorted(set(own)))
    curve = sweep(scenario, over=over, x=x, period=period)
    assert curve.options == [o["name"] for o in swept]
    runs = {"law": simulate(scenario, period, reform={})}
    if scenario.get("reform"):
        runs["reform"] = simulate(scenario, period)
    assert curve.rule_sets == list(runs)
    for r, label in enumerate(curve.rule_sets):
        lines = {o.name: o.lines for o in runs[label].options}
        for o, option in enumerate(swept):
            p = int(np.searchsorted(x, own[o]))
            for attr, line in SWEEP_FIELDS.items():
                got, want = float(getattr(curve, attr)[r, o, p]), lines[option["name"]][line]
                assert math.isclose(got, want, rel_tol=1e-9, abs_tol=EPS), describe(
                    scenario, f"{label} {option['name']} {attr} at {key}={own[o]}: sweep {got} != simulate {want}")


# --------------------------------------------------------------------------------------------------
# break-even and the trace read the engine: the reported numbers hold when computed again


def at(scenario: dict, option_name: str, field: str, x: float) -> dict:
    """The scenario with every paid item of one option set to `x` (its wage or its hours), as break-even
    varies them."""
    out = copy.deepcopy(scenario)
    for option in out["options"]:
        if option["name"] == option_name:
            for item in option["work"]:
                if item["kind"] != "unpaid_praktik":
                    item[field] = x
    return out


def limit(field: str) -> float:
    """The most a scenario file may state for a work item's `field` (the model's bound)."""
    return next(m.le for m in Work.model_fields[field].metadata if getattr(m, "le", None) is not None)


def minimum(field: str) -> float:
    """The least non-zero hours or wage a work item may state (below it, ratios would run to infinity)."""
    return MIN_HOURS_PER_WEEK if field == "hours_per_week" else MIN_WAGE


@EXAMPLES
@given(scenario=with_reforms(), period=PERIODS)
def test_the_gain_at_the_reported_break_even_is_zero(scenario, period):
    """RULES.md section 8: at the reported break-even wage (at the option's hours) and at the reported
    break-even hours (at its wage) the option leaves as much as no work, to within 1 kr; from 0 it pays."""
    result = simulate(scenario, period, with_trace=False, with_effects=False)
    for option in result.options[1:]:
        for field, x in (("hourly_wage", option.break_even.hourly_wage),
                         ("hours_per_week", option.break_even.hours_per_week)):
            if x is None or x > limit(field) or 0 < x < minimum(field):
                continue   # never, or at a wage or hours no scenario file can state (models.py's bounds)
            gain = simulate(at(scenario, option.name, field, x), period, with_trace=False,
                            with_effects=False).option(option.name).gain
            if x > 0:
                assert abs(gain) <= 1.0, describe(scenario, f"{option.name}: {field} {x} leaves {gain}")
            else:
                assert gain >= -1.0, describe(scenario, f"{option.name}: pays from 0 but leaves {gain}")


@EXAMPLES
@given(scenario=with_reforms(), period=PERIODS)
def test_every_trace_step_is_its_formula_computed_from_its_numbers(scenario, period):
    """Each step's formula, evaluated from the numbers it carries, gives the step's value (the trace shows
    the arithmetic that made the number, not a retelling of it)."""
    for option in simulate(scenario, period, with_effects=False).options:
        for step in option.trace:
            value = step.evaluate()
            assert math.isclose(value, step.value, rel_tol=1e-9, abs_tol=EPS), describe(
                scenario, f"{option.name}: {step.name} = {step.value}, formula gives {value}")

"""Per adult break-even (simulator/adult_breakeven.py) over the whole scenario space: at each adult's
reported wage, at the hours offered and at full time, the option leaves as much as the same option without
that adult's paid work (as much as no work when nothing paid is left), to within 1 kr; and more hours never
need a higher wage."""
from __future__ import annotations

import copy

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator import simulate
from simulator.adult_breakeven import adult_break_evens
from simulator.models import MIN_WAGE, parse_scenario
from simulator.simulate import scenario_rules
from tests.strategies import with_reforms

EXAMPLES = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PERIODS = st.sampled_from(["month", "14d"])


def _quiet(scenario: dict, period: str):
    return simulate(scenario, period, with_trace=False, with_effects=False)


def _set(scenario: dict, index: int, adult: int, wage: float, full_time: float | None = None) -> dict:
    """Option `index` (of the file's options) with `adult`'s paid items at `wage` (and, with `full_time`,
    their hours raised to it as adult_breakeven does)."""
    out = copy.deepcopy(scenario)
    items = [w for w in out["options"][index]["work"] if w.get("adult", 0) == adult and w["kind"] != "unpaid_praktik"]
    total = sum(w.get("hours_per_week", 0) for w in items)
    for w in items:
        w["hourly_wage"] = wage
        w.pop("monthly_wage", None)
        if full_time is not None and total < full_time:
            w["hours_per_week"] = w["hours_per_week"] * full_time / total if total > 0 else full_time / len(items)
    return out


def _without(scenario: dict, index: int, adult: int) -> dict:
    out = copy.deepcopy(scenario)
    work = out["options"][index]["work"]
    out["options"][index]["work"] = [w for w in work if not (w.get("adult", 0) == adult
                                                             and w["kind"] != "unpaid_praktik")]
    return out


@EXAMPLES
@given(scenario=with_reforms(), period=PERIODS)
def test_each_adults_gain_at_the_reported_wage_is_zero(scenario, period):
    parsed = parse_scenario(scenario)
    result = _quiet(scenario, period)
    found = adult_break_evens(parsed, scenario_rules(parsed), period, result.options[0].disposable_income)
    names = [o.name for o in parsed.compared_options()]
    for i, adults in enumerate(found):
        for b in adults:
            index = next(k for k, o in enumerate(parsed.options) if o.name == names[i])
            if b.alone:
                base = result.options[0].disposable_income
            else:
                base = _quiet(_without(scenario, index, b.adult), period).option(names[i]).disposable_income
            for x, full in ((b.at_hours, None), (b.at_full_time, b.full_time_hours)):
                if x is None or x > 100_000 or 0 < x < MIN_WAGE:
                    continue
                left = _quiet(_set(scenario, index, b.adult, x, full), period).option(names[i]).disposable_income
                if x > 0:
                    assert abs(left - base) <= 1.0, (names[i], b, x, left, base, scenario)
                else:
                    assert left - base >= -1.0, (names[i], b, left, base, scenario)
                if b.at_hours is not None and b.at_full_time is not None:
                    assert b.at_full_time <= b.at_hours + 1e-6   # more hours never need a higher wage

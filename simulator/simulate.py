"""simulate(): a scenario in, every option's budget, gain, break-even, warnings and trace out."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from . import assumptions as assumptions_mod
from .arrays import household_arrays, work_arrays
from .breakeven import break_even
from .eligibility import warning_codes, warnings_for
from .engine import Budget, Households, WorkItems, compute, reference_households
from .explain import build_trace
from .models import Scenario, parse_scenario
from .params import numeric
from .periods import Period
from .periods import period as get_period
from .result import OptionResult, Result
from .rules import RuleSet, rules_at

_LINES = {
    "gross_wage": "gross", "labour_market_contribution": "am", "income_tax": "tax", "net_wage": "net",
    "basic_allowance": "basic", "supplementary_allowance": "supplement", "child_supplement": "child",
    "allowances_before_offset": "allowances", "offset": "offset", "allowances_paid": "paid",
    "accommodation_charge": "charge", "transport": "transport", "housing_cost": "housing_cost",
    "disposable_income": "disposable",
}


def scenario_rules(scenario: Scenario, reform: Mapping[str, Any] | None = None) -> RuleSet:
    """The rules in force on the scenario's date with its reform (or `reform`, when given) applied."""
    return rules_at(scenario.date, scenario.reform if reform is None else reform)


def simulate(scenario: Scenario | Mapping[str, Any], period: str = "month", *, reform: Mapping[str, Any] | None = None,
             with_trace: bool = True, with_effects: bool = True) -> Result:
    """Compute every option of `scenario` ('No work' first) under the rules on its date and its reform."""
    if not isinstance(scenario, Scenario):
        scenario = parse_scenario(dict(scenario))
    per = get_period(period)
    rules = scenario_rules(scenario, reform)
    options = scenario.compared_options()
    h = household_arrays(scenario)
    w = work_arrays(options)
    r = numeric(rules)
    # One engine pass: the options, then the no-work reference as an extra row. 'No work' in own housing
    # is the same family at a self-catering centre (SCENARIO_FORMAT.md), so row 0 is taken from there.
    n = len(options)
    budget = compute(with_reference_row(h, n), append_no_work(w), r, per)
    own_budget = Budget(*(a[:n] for a in budget_arrays(budget)))
    if scenario.household.housing == "own_housing":
        budget = Budget(*(np.concatenate([a[n:], a[1:n]]) for a in budget_arrays(budget)))
    else:
        budget = own_budget
    reference = budget.disposable[0]
    gain = budget.disposable - reference
    breakevens = break_even(h, w, r, per, reference, own_budget)

    columns = {name: getattr(budget, attr).tolist() for name, attr in _LINES.items()}
    columns["gain_vs_no_work"] = gain.tolist()
    extras = {k: getattr(budget, k).tolist() for k in ("base", "countable", "charge_cap", "children_full",
                                                      "children_reduced", "hours")}
    results = []
    for i, option in enumerate(options):
        line = {name: column[i] for name, column in columns.items()}
        extra = {k: column[i] for k, column in extras.items()}
        gross, hours = line["gross_wage"], extra["hours"]
        codes = warning_codes(scenario, option, rules)
        if scenario.household.housing == "own_housing" and i > 0 and line["gain_vs_no_work"] < 0:
            codes.append("not_self_supporting")
        explain = TraceRequest(scenario, i, rules.date, dict(rules.reform), per, line, float(reference), extra)
        results.append(OptionResult(
            name=option.name,
            lines=line,
            hours_per_week=sum(wk.hours_per_week for wk in option.work),
            participation_tax_rate=None if gross <= 0 else 1 - line["gain_vs_no_work"] / gross,
            gain_per_hour=None if hours <= 0 else line["gain_vs_no_work"] / hours,
            break_even=breakevens[i],
            warnings=warnings_for(codes),
            explain=explain if with_trace else None,
        ))
    codes = assumptions_mod.applicable(scenario, rules, budget, per.name)
    result = Result(
        rules_date=scenario.date.isoformat(),
        period=per.name,
        reform=dict(rules.reform),
        assumptions=codes,
        options=results,
        title=scenario.title,
    )
    if with_effects:
        base = {o.name: o.disposable_income for o in results}
        result = replace(result, effects=assumptions_mod.effects(scenario, codes, per.name, base, dict(rules.reform)))
    return result


@dataclass(frozen=True)
class TraceRequest:
    """Everything needed to explain one option later: picklable, so results can be cached."""

    scenario: Scenario
    index: int
    date: Any
    reform: dict
    period: Period
    line: dict
    reference: float
    extra: dict

    def __call__(self):
        option = self.scenario.compared_options()[self.index]
        return build_trace(self.scenario, option, rules_at(self.date, self.reform), self.period, self.line,
                           self.reference, self.extra)


def with_reference_row(h: Households, n: int) -> Households:
    """The household repeated for n options, plus one row as 'No work' is measured (reference_households)."""
    ref = reference_households(h)
    return Households(*(np.array([float(getattr(h, f))] * n + [float(getattr(ref, f))])
                        for f in h.__dataclass_fields__))


def append_no_work(w: WorkItems) -> WorkItems:
    """The options' work items plus one row without work."""
    return WorkItems(*(np.vstack([a, np.zeros((1, a.shape[1]))]) for a in (w.kind, w.hours, w.wage, w.transport)))


def budget_arrays(b: Budget) -> list[np.ndarray]:
    return [getattr(b, f) for f in b.__dataclass_fields__]


def simulate_json(scenario: Mapping[str, Any], period: str = "month") -> dict[str, Any]:
    """The CLI's JSON document (SCENARIO_FORMAT.md) for a parsed scenario file."""
    return simulate(scenario, period, with_trace=False, with_effects=False).as_json()

"""simulate(): a scenario in, every option's budget, gain, break-even, warnings and trace out."""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Mapping

import numpy as np

from . import assumptions as assumptions_mod
from .arrays import household_arrays, work_arrays
from .breakeven import break_even
from .eligibility import warnings_for, warning_codes
from .engine import Budget, compute, no_work, reference_households
from .explain import build_trace
from .models import Scenario, parse_scenario
from .params import numeric
from .periods import Period, period as get_period
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


def budgets(scenario: Scenario, rules: RuleSet, period: Period) -> tuple[Budget, Budget]:
    """The budgets of the compared options and of the no-work reference, in one engine pass each."""
    h = household_arrays(scenario)
    w = work_arrays(scenario.compared_options())
    r = numeric(rules)
    return compute(h, w, r, period), compute(reference_households(h), no_work(), r, period)


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
    budget = compute(h, w, r, per)
    reference = compute(reference_households(h), no_work(), r, per).disposable
    # 'No work' in own housing is the same family at a self-catering centre (SCENARIO_FORMAT.md).
    if scenario.household.housing == "own_housing":
        ref_budget = compute(reference_households(h), no_work((1,)), r, per)
        budget = _replace_row(budget, 0, ref_budget)
    gain = budget.disposable - reference
    breakevens = break_even(h, w, r, per, reference)

    results = []
    for i, option in enumerate(options):
        line = {name: float(getattr(budget, attr)[i]) for name, attr in _LINES.items()}
        line["gain_vs_no_work"] = float(gain[i])
        gross, hours = line["gross_wage"], float(budget.hours[i])
        codes = warning_codes(scenario, option, rules)
        if scenario.household.housing == "own_housing" and i > 0 and gain[i] < 0:
            codes.append("not_self_supporting")
        extra = {k: float(getattr(budget, k)[i]) for k in ("base", "countable", "charge_cap", "children_full",
                                                            "children_reduced")}
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


def _replace_row(budget: Budget, row: int, other: Budget) -> Budget:
    fields = {}
    for name in budget.__dataclass_fields__:
        a = np.array(getattr(budget, name), dtype=np.float64, copy=True)
        a[row] = np.asarray(getattr(other, name)).reshape(-1)[0]
        fields[name] = a
    return Budget(**fields)


def simulate_json(scenario: Mapping[str, Any], period: str = "month") -> dict[str, Any]:
    """The CLI's JSON document (SCENARIO_FORMAT.md) for a parsed scenario file."""
    return simulate(scenario, period, with_trace=False, with_effects=False).as_json()

"""simulate(): a scenario in, every option's budget, gain, break-even, warnings and trace out."""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from .arithmetic import FLOATS
from .arrays import household_floats, option_households, option_work, work_arrays
from .assumptions import AssumptionEffect, assumption_masks, catalogue
from .breakeven import BreakEvens
from .eligibility import outcome_masks, row_codes, stale_rates, warning_masks, warnings_for
from .engine import Households, WorkItems, compute, fields_of
from .explain import build_trace
from .params import floats, numeric
from .periods import Period
from .periods import period as get_period
from .result import MONEY_FIELDS, OptionResult, Result
from .rules import RuleSet, indexed_stand_in, rules_at

if TYPE_CHECKING:   # pydantic's models are imported when a scenario is parsed, not with the package
    from .models import Option, Scenario

# The budget lines a result keeps for each option (the gain is computed from them).
LINE_FIELDS = tuple(k for k in MONEY_FIELDS if k != "gain_vs_no_work")


def scenario_rules(scenario: Scenario, reform: Mapping[str, Any] | None = None) -> RuleSet:
    """The rules in force on the scenario's date with its reform (or `reform`, when given) applied."""
    return rules_at(scenario.date, scenario.reform if reform is None else reform)


def simulate(scenario: Scenario | Mapping[str, Any], period: str = "month", *, reform: Mapping[str, Any] | None = None,
             with_trace: bool = True, with_effects: bool = True) -> Result:
    """Compute every option of `scenario` ('No work' first) under the rules on its date and its reform."""
    from .models import Scenario, parse_scenario
    if not isinstance(scenario, Scenario):
        scenario = parse_scenario(dict(scenario))
    per = get_period(period)
    rules = scenario_rules(scenario, reform)
    options = scenario.compared_options()
    # One household: the engine runs on Python floats (arithmetic.py), one option at a time; 'No work' is
    # the reference (arrays.option_households).
    r = floats(rules)
    h = household_floats(scenario)
    homes = [option_households(h, i, FLOATS) for i in range(len(options))]
    works = [option_work(option) for option in options]
    budgets = [compute(home, work, r, per, xp=FLOATS) for home, work in zip(homes, works)]
    reference = budgets[0].disposable_income
    assumed = [assumption_masks(home, budget, rules, per.name, FLOATS) for home, budget in zip(homes, budgets)]
    stale = stale_rates(rules)
    later = Later(scenario, rules.date, dict(rules.reform), per, reference)
    breakevens = BreakEvens(later.break_even_inputs)
    results = []
    for i, (option, budget) in enumerate(zip(options, budgets)):
        values = vars(budget)
        line = {k: values[k] for k in LINE_FIELDS}
        line["gain_vs_no_work"] = line["disposable_income"] - reference
        gross, hours = line["gross_wage"], budget.hours
        outcome = outcome_masks(h.housing, line["gain_vs_no_work"], i > 0)
        codes = warning_codes(scenario, option, works[i], h, rules, outcome, bool(stale))
        explain = TraceRequest(later, i, tuple(code for code, on in assumed[i].items() if on)) if with_trace else None
        results.append(OptionResult(
            name=option.name,
            lines=line,
            hours_per_week=sum(wk.hours_per_week for wk in option.work),
            participation_tax_rate=None if gross <= 0 else 1 - line["gain_vs_no_work"] / gross,
            gain_per_hour=None if hours <= 0 else line["gain_vs_no_work"] / hours,
            break_evens=breakevens,
            warnings=warnings_for(codes, stale or {}),
            explain=explain,
            index=i,
        ))
    rests_on = {code for row in assumed for code, on in row.items() if on}
    codes = [code for code in assumed[0] if code in rests_on]   # in the catalogue's order
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
        result = replace(result, effects=effects(scenario, codes, per.name, base, dict(rules.reform)))
    return result


def warning_codes(scenario: Scenario, option: Option, work: WorkItems, h: Households, rules: RuleSet,
                  outcome: dict | None = None, stale: bool = False) -> list[str]:
    """The warning codes an option draws: eligibility's masks for each of its work items (`work`, as
    `option_work`; an option without work draws only the household's), then its result's (`outcome`)."""
    adults = scenario.household.adults
    months = [adults[w.adult].months_since_application for w in option.work] or [0]
    present = bool(option.work)
    items = [warning_masks(kind, m, h.phase, h.procedure, h.housing, rules, present, FLOATS)
             for kind, m in zip(work.kind, months)]
    return row_codes(items, items[0], outcome, stale)


def effects(scenario: Scenario, codes: list[str], period_name: str, base: dict[str, float],
            reform: dict) -> list[AssumptionEffect]:
    """Re-run the scenario under each computable alternative (a reform or another charge mode), on top
    of the same `reform` as the result it is compared with (`base`: option name → disposable income)."""
    out = []
    for code in codes:
        entry = catalogue()[code]
        disposable = gain = change = None
        if entry.get("reform") or entry.get("charge_mode") or entry.get("stand_in"):
            changed = scenario.model_copy(update={"reform": {**reform, **entry.get("reform", {}),
                                                             **stand_in(entry, scenario)}})
            if entry.get("charge_mode"):
                charge = scenario.accommodation_charge.model_copy(update={"mode": entry["charge_mode"]})
                changed = changed.model_copy(update={"accommodation_charge": charge})
            alt = simulate(changed, period_name, with_effects=False, with_trace=False)
            disposable = {o.name: o.disposable_income for o in alt.options}
            gain = {o.name: o.gain for o in alt.options}
            change = {name: disposable[name] - base[name] for name in base}
        out.append(AssumptionEffect(code, entry["number"], entry["title"], entry["text"], entry.get("alternative"),
                                    disposable, gain, change))
    return out


def stand_in(entry: dict, scenario: Scenario) -> dict[str, float]:
    """An assumption's stand-in values on the scenario's date (assumptions.yaml `stand_in`): each parameter's
    amount on the base date raised by the satsreguleringsprocent since (assumption 8's tariffs)."""
    spec = entry.get("stand_in")
    if not spec:
        return {}
    base = dt.date.fromisoformat(str(spec["base"]))
    return {path: indexed_stand_in(path, base, scenario.date) for path in spec["paths"]}


@dataclass(frozen=True)
class Later:
    """What a result needs to compute its break-even and traces when first read: picklable, so results
    can be cached."""

    scenario: Scenario
    date: Any
    reform: dict
    period: Period
    reference: float    # the no-work disposable income the options are compared with

    def rules(self) -> RuleSet:
        return rules_at(self.date, self.reform)

    def break_even_inputs(self) -> tuple:
        """`breakeven.break_even`'s arguments: every option as one row of arrays (the engine on numpy)."""
        h = household_floats(self.scenario)
        w = work_arrays(self.scenario.compared_options())
        r = numeric(self.rules())
        return h, w, r, self.period, self.reference, compute(h, w, r, self.period), slice(None)


@dataclass(frozen=True)
class TraceRequest:
    """Everything needed to explain one option later: picklable, so results can be cached."""

    later: Later
    index: int
    assumptions: tuple[str, ...] = ()

    def __call__(self):
        """The trace, from the same engine as the result, now with what the engine chose."""
        later = self.later
        option = later.scenario.compared_options()[self.index]
        rules = later.rules()
        home = household_floats(later.scenario)
        h = option_households(home, self.index, FLOATS)
        budget = compute(h, option_work(option), floats(rules), later.period, choices=True, xp=FLOATS)
        row = {**budget.named, **{k: getattr(budget, k) for k in fields_of(budget)}}
        row["gain_vs_no_work"] = row["disposable_income"] - later.reference
        # the gain's note: 'No work' is measured in another housing than the family's (the reference rule)
        row["reference_moved"] = option_households(home, 0, FLOATS).housing != home.housing
        return build_trace(later.scenario, option, rules, later.period, row, later.reference, self.assumptions)


def simulate_json(scenario: Mapping[str, Any], period: str = "month") -> dict[str, Any]:
    """The CLI's JSON document (SCENARIO_FORMAT.md) for a parsed scenario file."""
    return simulate(scenario, period, with_trace=False, with_effects=False).as_json()

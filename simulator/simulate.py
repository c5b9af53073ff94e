"""simulate(): a scenario in, every option's budget, gain, break-even, warnings and trace out."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from .arrays import append_no_work, household_arrays, with_reference_row, work_adults, work_arrays
from .assumptions import AssumptionEffect, assumption_masks, catalogue
from .breakeven import BreakEvens
from .eligibility import codes_of, warning_masks, warnings_for
from .engine import Households, WorkItems, compute, fields_of
from .explain import build_trace
from .models import Scenario, parse_scenario
from .params import numeric
from .periods import Period
from .periods import period as get_period
from .result import MONEY_FIELDS, OptionResult, Result
from .rules import RuleSet, last_rates_year, rules_at

# The engine's lines a result keeps for each option (the gain is computed from them).
LINE_FIELDS = tuple(k for k in MONEY_FIELDS if k != "gain_vs_no_work") + ("hours",)


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
    rows = with_reference_row(h, n)
    work = append_no_work(w)
    full = compute(rows, work, r, per, broadcast=False)   # every line has the rows' shape already
    own = scenario.household.housing == "own_housing"
    # The rows of `full` that are the options' budgets ('No work' in own housing: the reference row).
    source_rows = [n] + list(range(1, n)) if own else list(range(n))
    columns = dict(zip(LINE_FIELDS, np.array([getattr(full, k) for k in LINE_FIELDS])[:, source_rows].tolist()))
    reference = columns["disposable_income"][0]
    columns["gain_vs_no_work"] = [d - reference for d in columns["disposable_income"]]
    breakevens = BreakEvens(h, w, r, per, reference, full, slice(0, n))

    months, present = work_adults(scenario, options)
    warned = codes_of(warning_masks(w.kind, months, h.phase, h.procedure, h.housing, rules, present))
    last = last_rates_year()
    stale = {"year": rules.date.year, "last": last} if rules.date.year > last else None
    assumed = assumption_masks(rows, full, rules, per.name)
    assumed = {code: mask.tolist() for code, mask in assumed.items()}
    results = []
    for i, option in enumerate(options):
        line = {k: columns[k][i] for k in MONEY_FIELDS}
        gross, hours = line["gross_wage"], columns["hours"][i]
        codes = warned[i]
        if own and i > 0 and line["gain_vs_no_work"] < 0:
            codes.append("not_self_supporting")
        if stale:
            codes.append("rates_not_published")
        explain = TraceRequest(scenario, i, rules.date, dict(rules.reform), per, rows, work, source_rows[i],
                               reference, tuple(code for code, rows_on in assumed.items() if rows_on[source_rows[i]])
                               ) if with_trace else None
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
    codes = [code for code, rows_on in assumed.items() if any(rows_on)]
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


def effects(scenario: Scenario, codes: list[str], period_name: str, base: dict[str, float],
            reform: dict) -> list[AssumptionEffect]:
    """Re-run the scenario under each computable alternative (a reform or another charge mode), on top
    of the same `reform` as the result it is compared with (`base`: option name → disposable income)."""
    out = []
    for code in codes:
        entry = catalogue()[code]
        disposable = gain = change = None
        if entry.get("reform") or entry.get("charge_mode"):
            changed = scenario.model_copy(update={"reform": {**reform, **entry.get("reform", {})}})
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


@dataclass(frozen=True)
class TraceRequest:
    """Everything needed to explain one option later: picklable, so results can be cached."""

    scenario: Scenario
    index: int
    date: Any
    reform: dict
    period: Period
    households: Households   # the engine's rows of the scenario (`with_reference_row`)
    work: WorkItems          # and their work (`append_no_work`)
    row: int                 # the row that is this option's budget
    reference: float
    assumptions: tuple[str, ...] = ()

    def __call__(self):
        """The trace, from the same engine pass as the result, now with what the engine chose."""
        option = self.scenario.compared_options()[self.index]
        rules = rules_at(self.date, self.reform)
        full = compute(self.households, self.work, numeric(rules), self.period, choices=True)
        row = {k: getattr(full, k)[self.row].item() for k in fields_of(full)}
        row["gain_vs_no_work"] = row["disposable_income"] - self.reference
        return build_trace(self.scenario, option, rules, self.period, row, self.reference, self.assumptions)


def simulate_json(scenario: Mapping[str, Any], period: str = "month") -> dict[str, Any]:
    """The CLI's JSON document (SCENARIO_FORMAT.md) for a parsed scenario file."""
    return simulate(scenario, period, with_trace=False, with_effects=False).as_json()

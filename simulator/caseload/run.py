"""Running a caseload: every household under the law and each reform (and, when asked, each computable
assumption alternative), stacked along a leading axis so that ONE engine pass per chunk evaluates them all,
with a second pass for the no-work reference.

This is a STATIC model: every household is taken to accept its job offer, with the same hours and wage,
under every rule set. Nobody takes a job, changes hours or moves because a reform makes work pay more or
less, so the costs and counts are first-round (mechanical) effects only.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from .. import assumptions as assumptions_mod
from .. import eligibility
from ..assumptions import assumption_masks
from ..codes import ChargeMode
from ..engine import Budget, Households, compute, no_work, reference_households
from ..errors import ScenarioError
from ..params import numeric
from ..periods import Period
from ..periods import period as get_period
from ..reforms import Reform
from ..rules import RuleSet, rules_at
from .schema import WARNING_COLUMNS, Caseload

DEFAULT_DATE = "2014-11-01"       # the date of the default caseload (scenarios/caseload/caseload-2014.csv)
DEFAULT_CHUNK = 32_000            # budgets (households × rule sets × readings) in one engine pass ...
MIN_PASS_ROWS = 8_192             # ... but at least this many households, unless a chunk size is given
LAW = "law"
MODEL = "model"                   # the reading of the assumptions the simulator makes (RULES.md)


def weighted_sum(values: np.ndarray, weights: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """Σ values × weights over the last axis, summed the same way for every row (a BLAS dot product may
    round rows differently with their memory alignment, and then the law against itself would not be 0).
    `out`, when given, holds the products (a buffer reused from call to call: fresh arrays cost their pages)."""
    return np.multiply(values, weights, out=out).sum(axis=-1)


@dataclass(frozen=True)
class RuleSetInfo:
    """One of the compared rule sets: `law`, or a reform by name."""

    name: str
    title: str
    reform: Mapping[str, Any]


@dataclass(frozen=True)
class Reading:
    """One reading of the RULES.md assumptions: the model's own (`model`), or one assumption's alternative."""

    code: str
    title: str
    reform: Mapping[str, Any] = field(default_factory=dict)    # parameter changes the alternative makes
    charge_mode: str | None = None                              # income-tested charges become this mode


def computable_readings() -> list[Reading]:
    """The model's reading first, then each assumption whose alternative can be computed (assumptions.yaml)."""
    out = [Reading(MODEL, "The simulator's assumptions (RULES.md)")]
    for code, entry in assumptions_mod.catalogue().items():
        if entry.get("reform") or entry.get("charge_mode"):
            out.append(Reading(code, entry.get("alternative") or entry["title"], dict(entry.get("reform") or {}),
                               entry.get("charge_mode")))
    return out


@dataclass(frozen=True)
class CaseloadRun:
    """Every household under every rule set: arrays are (rule sets, households), law first.

    `gain_by_reading` is (readings, rule sets, households): the gain under each reading of the assumptions,
    the model's own first. `totals` are weighted sums over households, (readings, rule sets), per period;
    `changes` each rule set's totals minus the law's (exactly 0 where nothing changes: identical rows are
    summed in the same order).
    Static: every household takes its offer under every rule set (no behavioural response).
    """

    date: dt.date
    period: Period
    rule_sets: tuple[RuleSetInfo, ...]
    readings: tuple[Reading, ...]
    weight: np.ndarray
    household_type: np.ndarray
    housing: np.ndarray
    disposable: np.ndarray
    allowances_paid: np.ndarray
    charge: np.ndarray
    tax_am: np.ndarray
    gain_by_reading: np.ndarray
    totals: Mapping[str, np.ndarray]
    changes: Mapping[str, np.ndarray]
    law_warnings: Mapping[str, float]        # eligibility warning code -> weighted households (law, on the date)
    assumptions: tuple[str, ...]             # RULES.md assumptions the caseload's results rest on
    warned: Mapping[str, np.ndarray]         # eligibility warning code -> which households draw it (law)
    assumed: Mapping[str, np.ndarray]        # assumption code -> whose law result rests on it
    phase: np.ndarray | None = None          # per household: 1, 2, 3 (for the groups by phase)
    procedure: np.ndarray | None = None      # per household: the procedure's code (groups by procedure)

    @property
    def gain(self) -> np.ndarray:
        """Disposable income minus that of the same household with no work, under the model's assumptions."""
        return self.gain_by_reading[0]

    @property
    def names(self) -> list[str]:
        return [r.name for r in self.rule_sets]


def _rule_sets(reforms: Mapping[str, Any] | None) -> list[RuleSetInfo]:
    """The law, then each reform: a `Reform`, or a mapping of parameter path to value named by its key."""
    sets = [RuleSetInfo(LAW, "Current law", {})]
    for name, spec in (reforms or {}).items():
        if str(name) == LAW:
            raise ScenarioError.of("reforms", "reform.law_name", name=repr(LAW))
        if isinstance(spec, Reform):
            sets.append(RuleSetInfo(str(name), spec.title_in("en"), dict(spec.values)))
        elif isinstance(spec, Mapping):
            sets.append(RuleSetInfo(str(name), str(name), dict(spec)))
        else:
            raise ScenarioError.of(f"reforms.{name}", "reform.not_mapping")
    return sets


def warning_rows(cases: Caseload, rows: slice | np.ndarray, rules: RuleSet) -> dict[str, np.ndarray]:
    """For each eligibility warning code of the core, which households of `rows` draw it (never a refusal):
    the core's masks over the households' two work items (the second only when two adults work)."""
    v = {k: cases.values[k][rows] for k in WARNING_COLUMNS}
    present = np.stack([np.ones(v["kind"].shape, bool), v["working_adults"] >= 2], axis=-1)
    masks = eligibility.warning_masks(v["kind"][:, None], v["months_since_application"][:, None],
                                      v["phase"][:, None], v["procedure"][:, None], v["housing"], rules, present)
    # `| ` of the two items, not any(-1): numpy's reduce over a last axis of two is the slower way.
    return {code: m[:, 0] | m[:, 1] if code in eligibility.ITEM_CODES else m for code, m in masks.items()}


def _gathered(masks: Mapping[str, np.ndarray], inverse: np.ndarray) -> dict[str, np.ndarray]:
    """Masks over distinct rows, spread to the rows they stand for (a mask no row draws stays all False)."""
    return {code: m[inverse] if m.any() else np.zeros(inverse.size, bool) for code, m in masks.items()}


def _row(budget: Budget, reading: int, rule_set: int) -> Budget:
    """The budget lines of one reading and rule set (the leading two axes), over the households; a line
    computed without those axes (`compute(..., broadcast=False)`) is the same for every one."""
    def pick(v: np.ndarray | None) -> np.ndarray | None:
        if v is None or np.ndim(v) < 3:
            return v
        return v[reading if v.shape[0] > 1 else 0, rule_set if v.shape[1] > 1 else 0]

    return Budget(**{k: pick(v) for k, v in vars(budget).items()})


def with_charge_modes(h: Households, modes: Sequence[int]) -> Households:
    """The households under each reading of the assumptions (a leading axis): a reading with a charge mode
    puts its income-tested charges in that mode."""
    if all(m < 0 for m in modes):
        return h
    tested = h.charge_mode == int(ChargeMode.INCOME_TESTED)
    mode = np.stack([np.where(tested, m, h.charge_mode) if m >= 0 else h.charge_mode for m in modes])
    return replace(h, charge_mode=mode[:, None, :])


def run_caseload(cases: Caseload, date: dt.date | str = DEFAULT_DATE, reforms: Mapping[str, Any] | None = None,
                 period: str | Period = "month", chunk_size: int | None = None,
                 alternatives: bool | Sequence[str] = False,
                 progress: Callable[[float], None] | None = None) -> CaseloadRun:
    """Compute every household of `cases` under the law on `date` and each reform (name -> reform mapping,
    or a loaded reform file with `title` and `reform`), in one engine pass per chunk of households.

    With `alternatives` (True, or assumption codes) each computable RULES.md alternative is stacked into the
    same pass, so that `impact` can give every figure as a range. `chunk_size` counts the budgets of one
    pass (households × rule sets × readings); by default DEFAULT_CHUNK, and at least MIN_PASS_ROWS
    households. Passes of a quarter megabyte per array keep memory small and share a pass's fixed cost
    (some 200 numpy calls) among enough households. On its own a run is as quick with passes of up to
    262,144 budgets (freed arrays are reused: simulator/memory.py), but beside another program that frees
    much memory (the OpenFisca peer in compare.py), larger passes met fresh pages again: 4.6× the peer at
    65,536-131,072 budgets, 6.9-7.5× at 32,000 (measured). What depends on the household alone (the
    allowances, the no-work reference) is computed once per distinct household (`Caseload.distinct`).
    `progress`, when given, is called after each pass with the share of households done (for a progress
    bar). Static: no behavioural response.
    """
    per = period if isinstance(period, Period) else get_period(period)
    if chunk_size is not None and chunk_size < 1:
        raise ValueError(f"chunk_size: must be at least 1 (got {chunk_size})")
    sets = _rule_sets(reforms)
    readings = computable_readings()
    if alternatives is False:
        readings = readings[:1]
    elif alternatives is not True:
        wanted = set(alternatives)
        unknown = wanted - {r.code for r in readings[1:]}
        if unknown:
            raise ValueError(f"alternatives: no computable alternative for {', '.join(sorted(unknown))}")
        readings = [r for r in readings if r.code == MODEL or r.code in wanted]
    when = rules_at(date).date
    # The alternative's value wins over a reform's, as in the core's assumption effects (assumptions.py):
    # a reform that restates the law's reading of an assumption then still equals the law under each reading.
    stacked = [rules_at(when, {**s.reform, **reading.reform}) for reading in readings for s in sets]
    a, r_count, n = len(readings), len(sets), len(cases)
    rules = numeric(stacked, (a, r_count, 1))   # each parameter only along the axes where it changes
    modes = [int(ChargeMode[x.charge_mode.upper()]) if x.charge_mode else -1 for x in readings]
    law = stacked[0]

    # What depends on the household and its eligibility alone, once per distinct row: the no-work
    # reference and the assumptions it rests on (per distinct household), the warnings, the household type.
    facts, among, household_of = cases.distinct.facts, cases.distinct.households, cases.distinct.household_of
    distinct_h = cases.households(facts.rows[among.rows])
    distinct_modes = with_charge_modes(distinct_h, modes)
    with np.errstate(over="ignore"):   # a reform's taper near 0: allowances / taper is inf, the charge 0
        no_work_budget = compute(reference_households(distinct_modes), no_work((len(among),)), rules, per)
    reference = no_work_budget.disposable_income                               # (readings, rule sets, distinct)
    no_work_assumed = assumption_masks(reference_households(distinct_h), _row(no_work_budget, 0, 0), law, per.name)
    no_work_assumed = {code: m for code, m in no_work_assumed.items() if m.any()}
    warned = _gathered(warning_rows(cases, facts.rows, law), facts.inverse)
    warned |= {code: np.zeros(n, bool) for code in eligibility.OUTCOME_CODES}   # read from each pass's gain
    household_type = cases.household_type_of(facts.rows)[facts.inverse]

    gain = np.empty((a, r_count, n))
    lines = {k: np.empty((r_count, n)) for k in ("disposable", "allowances_paid", "charge", "tax_am")}
    totals = {k: np.zeros((a, r_count)) for k in ("disposable", "allowances_paid", "charge", "tax_am", "gross",
                                                  "transport")}
    weight = cases.weight
    assumed = {code: np.empty(n, bool) for code in assumptions_mod.catalogue()}
    everyone = {code for code, m in no_work_assumed.items() if m.all()}      # rests on it whatever the offer
    per_row = a * r_count
    step = max(1, chunk_size // per_row) if chunk_size else max(MIN_PASS_ROWS, DEFAULT_CHUNK // per_row)
    scratch: dict[tuple[int, ...], np.ndarray] = {}      # the products of the weighted sums, reused pass to pass
    for start in range(0, n, step):
        rows = slice(start, min(n, start + step))
        law_h = cases.households(rows)
        with np.errstate(over="ignore"):
            which = household_of[rows]
            budget = compute(distinct_modes, cases.work(rows), rules, per, broadcast=False, household_of=which)
        shape = (a, r_count, rows.stop - rows.start)
        np.subtract(budget.disposable_income, reference.take(which, axis=-1), out=gain[:, :, rows])
        for code, mask in eligibility.outcome_masks(cases.values["housing"][rows], gain[0, 0, rows]).items():
            warned[code][rows] = mask   # the law's offer against no work, as `simulate` reads it
        chunk = {"disposable": budget.disposable_income, "allowances_paid": budget.allowances_paid,
                 "charge": budget.accommodation_charge,
                 "tax_am": budget.income_tax + budget.labour_market_contribution, "gross": budget.gross_wage,
                 "transport": budget.transport}
        # Which assumptions each household's law result rests on: its offer's budget and the no-work
        # reference it is measured against (as `simulate` reads them over its rows).
        offer = assumption_masks(law_h, _row(budget, 0, 0), law, per.name)
        for code, mask in offer.items():
            if code in everyone:
                assumed[code][rows] = True
            elif code in no_work_assumed:
                np.logical_or(mask, no_work_assumed[code][which], out=assumed[code][rows])
            else:
                assumed[code][rows] = mask
        w = weight[rows]
        for k, arr in chunk.items():
            product = scratch.get(arr.shape)
            if product is None:
                product = scratch[arr.shape] = np.empty(arr.shape)
            totals[k] += weighted_sum(arr, w, out=product)
            if k in lines:
                lines[k][:, rows] = np.broadcast_to(arr, shape)[0]
        # The next pass's temporaries take the memory this pass frees (alive, it would be fresh pages).
        del budget, chunk, offer, law_h
        if progress is not None:
            progress(rows.stop / n)
    return CaseloadRun(when, per, tuple(sets), tuple(readings), weight, household_type,
                       cases.values["housing"], lines["disposable"], lines["allowances_paid"], lines["charge"],
                       lines["tax_am"], gain, totals, {k: t - t[:, :1] for k, t in totals.items()},
                       {code: float(weight[m].sum()) for code, m in warned.items() if m.any()},
                       tuple(assumptions_mod.applicable(assumed)), warned, assumed,
                       phase=cases.values["phase"], procedure=cases.values["procedure"])

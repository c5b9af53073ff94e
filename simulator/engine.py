"""The fixed order of the calculation (RULES.md section 8), vectorised over any array shape.

Every step is declared once, as a formula (steps.py); the engine runs those formulas, compiled once into
closures (program.py). Households, work items and rule sets are arrays that broadcast together: one call
computes one option, every option of a scenario, a whole earnings curve, law and reforms side by side, or a
caseload. Work items sit on the last axis of the work arrays and are summed there. The same formulas run on
one household's Python floats (`xp=FLOATS`, arithmetic.py): what `simulate` does for a single scenario.

Besides every budget line, the engine returns where the budget bends (the income levels at which the offset
starts, the allowances are used up, the charge starts and reaches its cap) and, when asked, which variant
of each step it took and which notes hold. Break-even, the trace, the warnings and the assumptions read
these; none of them restates a rule.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from operator import itemgetter

import numpy as np

from .arithmetic import FLOATS, NUMPY, Arithmetic
from .codes import Housing
from .params import PATHS, SWITCHES, NumericRules
from .periods import Period
from .program import ON_HOUSEHOLD, program
from .steps import HOUSEHOLD, WORK


@dataclass(frozen=True)
class Households:
    """Household facts as arrays (any broadcastable shape)."""

    adults: np.ndarray            # 1 or 2
    couple: np.ndarray            # 0/1
    children: np.ndarray
    phase: np.ndarray             # 1, 2, 3
    procedure: np.ndarray         # Procedure
    housing: np.ndarray           # Housing
    contracts_kept: np.ndarray    # adults who keep the centre contract
    housing_cost: np.ndarray      # kr/month; NaN when none is stated
    charge_mode: np.ndarray       # ChargeMode
    charge_fixed: np.ndarray      # kr/month, for the fixed mode


@dataclass(frozen=True)
class WorkItems:
    """Work items as arrays whose last axis runs over the items of an option."""

    kind: np.ndarray              # WorkKind
    hours: np.ndarray             # per week
    wage: np.ndarray              # kr per hour
    transport: np.ndarray         # kr per month


@dataclass(frozen=True)
class Budget:
    """Every line of the budget in kroner per period (named as in the public JSON, SCENARIO_FORMAT.md),
    where the budget bends, and, computed with `compute(..., choices=True)`, everything else the steps named."""

    gross_wage: np.ndarray
    labour_market_contribution: np.ndarray
    income_tax: np.ndarray
    net_wage: np.ndarray
    transport: np.ndarray
    hours: np.ndarray                     # hours worked in the period, praktik included
    basic_allowance: np.ndarray
    supplementary_allowance: np.ndarray
    child_supplement: np.ndarray
    children_full: np.ndarray             # children at the full child rate
    children_reduced: np.ndarray          # children at the reduced rate
    allowances_before_offset: np.ndarray
    income_base: np.ndarray               # the wage the offset reads (net or gross)
    countable_income: np.ndarray
    offset: np.ndarray
    allowances_paid: np.ndarray
    charge_cap: np.ndarray
    accommodation_charge: np.ndarray
    housing_cost: np.ndarray
    disposable_income: np.ndarray
    charge_rule: np.ndarray               # ChargeRule applied
    # where the budget bends, in kroner of countable income, and the deduction before income counts
    deducted: np.ndarray                  # taken off the income base before it counts (transport, disregard)
    allowances_used_up_at: np.ndarray     # countable income at which no allowance is left
    charge_from: np.ndarray               # countable income above which the income-tested charge takes
    # with `choices`: every other name of the computation — the inputs, each line of steps.py, the variant
    # each line took (`<line>.case`), each note's condition (`<line>:<note>`), item lines item by item
    named: dict | None = None

    @classmethod
    def of(cls, env: dict, named: dict | None) -> Budget:
        """The budget of the lines named in `env`, made without the frozen class's per-field `__setattr__`
        (a fifth of one household's time in `simulate`); frozen as any other."""
        budget = object.__new__(cls)
        budget.__dict__.update(zip(LINE_FIELDS, _lines(env)), named=named)
        return budget


LINE_FIELDS = tuple(f.name for f in fields(Budget) if f.name != "named")
_LINE_SET = frozenset(LINE_FIELDS)
_lines = itemgetter(*LINE_FIELDS)
# The steps compiled for each kind of number, with and without the choices (program.py).
_PROGRAMS = {(xp.name, choices): program(xp, LINE_FIELDS, choices) for xp in (NUMPY, FLOATS)
             for choices in (False, True)}
# The steps from the gross wage to the income base (income_base_share).
_SHARE = tuple((name, fn) for name, fn in program(NUMPY, ("income_base",), False).work if name != "gross_wage")
# Lines of the household alone that callers read for every budget row, also without `broadcast`.
ROW_LINES = ("allowances_before_offset", "charge_cap", "charge_from", "charge_rule", "housing_cost")

_RULES: dict[int, tuple[NumericRules, dict]] = {}


def rules_by_path(r: NumericRules) -> dict:
    """The rules as steps.py names them: each parameter by its public path, each switch or choice as a
    condition (kept per rule set: `simulate` computes one several times)."""
    kept = _RULES.get(id(r))
    if kept is not None and kept[0] is r:
        return kept[1]
    if len(_RULES) > 512:
        _RULES.clear()
    env = {path: getattr(r, name) for name, path in PATHS.items()}
    env |= {switch: getattr(r, name) > 0 for switch, name in SWITCHES.items()}
    env["zero"] = 0.0
    _RULES[id(r)] = (r, env)
    return env


def inputs(h: Households, r: NumericRules, period: Period) -> dict:
    """What the steps read besides the work: the household, the rules and the period, by their names."""
    env = dict(rules_by_path(r))
    env.update(zip(HOUSEHOLD, (h.adults, h.couple, h.children, h.phase, h.procedure, h.housing, h.contracts_kept,
                               h.housing_cost, h.charge_mode, h.charge_fixed)))
    env["days"], env["weeks"], env["per_month"] = period.days, period.weeks, period.per_month
    return env


def income_base_share(r: NumericRules) -> np.ndarray:
    """Kroner of income base (what is offset) per krone of gross wage: the steps from the gross wage to the
    income base, computed for a gross wage of 1 (the wage arithmetic is linear)."""
    env = dict(rules_by_path(r), gross_wage=1.0)
    for name, fn in _SHARE:
        env[name] = fn(env)
    return env["income_base"]


# The last household computed on floats, with what depends on it and the rules alone: `simulate` computes the
# same household for each of its options (its values are never written to; each compute takes a copy).
_LAST: list = [None]


def _one_household(h: Households, r: NumericRules, period: Period, run) -> dict:
    """The environment of one household (floats) after the steps of the household and the rules alone."""
    last = _LAST[0]
    if last is not None and last[0] is h and last[1] is r and last[2] is period and last[3] is run:
        return dict(last[4])
    env = inputs(h, r, period)
    for name, fn in run.household:
        env[name] = fn(env)
    _LAST[0] = (h, r, period, run, env)
    return dict(env)


def _take(v, household_of: np.ndarray):
    """A value of the distinct households for each budget row (a value without their axis as it is)."""
    return np.take(v, household_of, axis=-1) if np.ndim(v) and np.shape(v)[-1] != 1 else v


def compute(h: Households, w: WorkItems, r: NumericRules, period: Period, broadcast: bool = True,
            choices: bool = False, xp: Arithmetic = NUMPY, household_of: np.ndarray | None = None) -> Budget:
    """The budget of every household × option × rule set in the arrays, in the order of RULES.md section 8.

    With `broadcast`, every line has the full shape; without, lines keep the shape of what they depend on
    (cheaper for callers that read only a few lines). With `choices`, the budget also holds every other name
    of the computation (`Budget.named`: what the trace reads); without, that is None. With `xp=FLOATS`, the
    household, its work items (tuples) and the rules are Python floats, and so is every line.

    With `household_of` (integers, one per budget row on the last axis), `h` holds distinct households and
    row i is household `household_of[i]`: what depends on the household alone is computed once per distinct
    household and then taken for each row (a caseload repeats a few hundred households many times).
    Without `broadcast`, the lines of the household alone (the allowances and their parts, where the
    allowances are used up) then stay per distinct household, but for those of ROW_LINES."""
    run = _PROGRAMS.get((xp.name, choices)) or program(xp, LINE_FIELDS, choices)
    if xp is NUMPY:
        env = inputs(h, r, period)
        for name, fn in run.household:
            env[name] = fn(env)
    else:
        env = _one_household(h, r, period, run)
    if household_of is not None:
        taken = run.work_reads | set(ROW_LINES)
        if broadcast or choices:
            taken |= {name for name, _ in run.household}
        for name in taken & (ON_HOUSEHOLD | set(HOUSEHOLD)):
            if name in env:
                env[name] = _take(env[name], household_of)

    # What each work item adds, item by item (one float each in a tuple, or the arrays' last axis); then
    # what reads the work.
    fields = (w.kind, w.hours, w.wage, w.transport)
    work = fields if type(w.kind) is tuple else [[xp.item(a, k) for k in range(xp.width(a))] for a in fields]
    per_item: dict[str, list] = {name: [] for name, _ in run.items}
    for item in zip(*work):
        env["work.kind"], env["work.hours"], env["work.wage"], env["work.transport"] = item
        for name, fn in run.items:
            v = env[name] = fn(env)
            per_item[name].append(v)
    env.update(per_item)
    env.update(zip(WORK, work))
    for name, fn in run.work:
        env[name] = fn(env)

    if not broadcast or xp is not NUMPY:
        named = {k: v for k, v in env.items() if k not in _LINE_SET} if choices else None
        return Budget.of(env, named)
    lines = dict(zip(LINE_FIELDS, _lines(env)))
    named = {k: v for k, v in env.items() if k not in lines} if choices else None
    shapes = {k: getattr(v, "shape", ()) for k, v in lines.items()}
    shape = np.broadcast_shapes(*set(shapes.values()))
    return Budget(**{k: v if shapes[k] == shape else np.broadcast_to(v, shape) for k, v in lines.items()},
                  named=named)


def fields_of(budget: Budget) -> tuple[str, ...]:
    """The budget's lines (what `Budget.named` adds with `choices` aside)."""
    return LINE_FIELDS


def reference_households(h: Households, xp: Arithmetic = NUMPY) -> Households:
    """The households 'No work' is measured against: own housing compared with a self-catering centre."""
    if xp is FLOATS and h.housing != _OWN:
        return h   # the same household, as the same object: `_one_household` reuses its steps for every option
    own = h.housing == _OWN
    return Households(h.adults, h.couple, h.children, h.phase, h.procedure, xp.where(own, _SELF_CATERING, h.housing),
                      h.contracts_kept, xp.where(own, np.nan, h.housing_cost), h.charge_mode, h.charge_fixed)


def no_work(shape: tuple[int, ...] = ()) -> WorkItems:
    zeros = np.zeros(shape + (1,))
    return WorkItems(zeros, zeros, zeros, zeros)


_OWN, _SELF_CATERING = int(Housing.OWN_HOUSING), int(Housing.CENTRE_SELF_CATERING)

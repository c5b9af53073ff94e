"""A scenario turned into the engine's numbers: the household as Python floats (`household_floats`; scalars
to numpy), the options' work as arrays (options, items), or one option's work as tuples of floats."""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .arithmetic import FLOATS
from .codes import ChargeMode, Housing, Procedure, WorkKind, codes
from .engine import Households, WorkItems, reference_households

if TYPE_CHECKING:   # pydantic's models are imported when a scenario is parsed, not with the package
    from .models import Option, Scenario

_PROCEDURE, _HOUSING, _CHARGE_MODE, _KIND = codes(Procedure), codes(Housing), codes(ChargeMode), codes(WorkKind)
_UNPAID = float(WorkKind.UNPAID_PRAKTIK)


def household_floats(scenario: Scenario) -> Households:
    """The household as Python floats: numbers for `xp=FLOATS`, scalars that broadcast for numpy."""
    hh = scenario.household
    charge = scenario.accommodation_charge
    return Households(
        adults=float(len(hh.adults)),
        couple=float(bool(hh.couple)),
        children=float(hh.children),
        phase=float(hh.phase),
        procedure=float(_PROCEDURE[hh.procedure]),
        housing=float(_HOUSING[hh.housing]),
        contracts_kept=float(sum(a.contract_kept for a in hh.adults)),
        housing_cost=np.nan if hh.housing_cost_per_month is None else float(hh.housing_cost_per_month),
        charge_mode=float(_CHARGE_MODE[charge.mode]),
        charge_fixed=float(charge.amount_per_month),
    )


def option_work(option: Option) -> WorkItems:
    """One option's work items as tuples of Python floats (`xp=FLOATS`); padded as `work_arrays`."""
    if not option.work:
        return WorkItems((_UNPAID,), (0.0,), (0.0,), (0.0,))
    return WorkItems(tuple(float(_KIND[w.kind]) for w in option.work),
                     tuple(float(w.hours_per_week) for w in option.work),
                     tuple(float(w.hourly_wage) for w in option.work),
                     tuple(float(w.transport_per_month) for w in option.work))


def work_arrays(options: list[Option], no_work_row: bool = False) -> WorkItems:
    """Work items padded to the longest option (padding is an unpaid item of 0 hours: it adds nothing); with
    `no_work_row`, one more row of padding alone: 'No work'."""
    width = max([len(o.work) for o in options] + [1])
    shape = (len(options) + no_work_row, width)
    kind = np.full(shape, _UNPAID)
    hours, wage, transport = np.zeros(shape), np.zeros(shape), np.zeros(shape)
    for i, option in enumerate(options):
        for j, w in enumerate(option.work):
            kind[i, j] = _KIND[w.kind]
            hours[i, j] = w.hours_per_week
            wage[i, j] = w.hourly_wage
            transport[i, j] = w.transport_per_month
    return WorkItems(kind, hours, wage, transport)


def option_households(h: Households, index: int, xp=FLOATS) -> Households:
    """The household option `index` of a scenario is computed for: 'No work' (index 0) is the reference,
    measured where `engine.reference_households` says (own housing at a self-catering centre), every other
    option the household as it is."""
    return reference_households(h, xp) if index == 0 else h


def with_reference_row(h: Households, n: int) -> Households:
    """The household repeated for n options, plus one row as 'No work' is measured (option_households),
    each field a column (n + 1, 1) that broadcasts against a curve's points."""
    row, reference = list(vars(h).values()), list(vars(option_households(h, 0)).values())
    return Households(*np.array([row] * n + [reference]).T[:, :, None])

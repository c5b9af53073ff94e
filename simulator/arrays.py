"""A scenario turned into the engine's arrays: the household as scalars, the options' work as (options, items)."""
from __future__ import annotations

import numpy as np

from .engine import ChargeMode, Households, Housing, Procedure, WorkItems, WorkKind, reference_households
from .models import Option, Scenario


def household_arrays(scenario: Scenario) -> Households:
    hh = scenario.household
    charge = scenario.accommodation_charge
    f = np.float64
    return Households(
        adults=f(len(hh.adults)),
        couple=f(bool(hh.couple)),
        children=f(hh.children),
        phase=f(hh.phase),
        procedure=f(Procedure[hh.procedure.upper()]),
        housing=f(Housing[hh.housing.upper()]),
        contracts_kept=f(sum(a.contract_kept for a in hh.adults)),
        housing_cost=f(np.nan if hh.housing_cost_per_month is None else hh.housing_cost_per_month),
        charge_mode=f(ChargeMode[charge.mode.upper()]),
        charge_fixed=f(charge.amount_per_month),
    )


def work_arrays(options: list[Option]) -> WorkItems:
    """Work items padded to the longest option (padding is an unpaid item of 0 hours: it adds nothing)."""
    width = max([len(o.work) for o in options] + [1])
    shape = (len(options), width)
    kind = np.full(shape, float(WorkKind.UNPAID_PRAKTIK))
    hours, wage, transport = np.zeros(shape), np.zeros(shape), np.zeros(shape)
    for i, option in enumerate(options):
        for j, w in enumerate(option.work):
            kind[i, j] = WorkKind[w.kind.upper()]
            hours[i, j] = w.hours_per_week
            wage[i, j] = w.hourly_wage
            transport[i, j] = w.transport_per_month
    return WorkItems(kind, hours, wage, transport)


def work_adults(scenario: Scenario, options: list[Option]) -> tuple[np.ndarray, np.ndarray]:
    """Per work item (padded as `work_arrays`): the months since application of the adult doing it, and
    whether the item is real (False for padding)."""
    width = max([len(o.work) for o in options] + [1])
    months = np.zeros((len(options), width))
    present = np.zeros((len(options), width), dtype=bool)
    for i, option in enumerate(options):
        for j, w in enumerate(option.work):
            months[i, j] = scenario.household.adults[w.adult].months_since_application
            present[i, j] = True
    return months, present


def with_reference_row(h: Households, n: int) -> Households:
    """The household repeated for n options, plus one row as 'No work' is measured (reference_households)."""
    ref = reference_households(h)
    names = h.__dataclass_fields__
    table = np.array([[float(getattr(h, f)) for f in names]] * n + [[float(getattr(ref, f)) for f in names]])
    return Households(*table.T)


def append_no_work(w: WorkItems) -> WorkItems:
    """The options' work items plus one row without work."""
    out = []
    for a in (w.kind, w.hours, w.wage, w.transport):
        rows = np.zeros((a.shape[0] + 1,) + a.shape[1:])
        rows[:-1] = a
        out.append(rows)
    return WorkItems(*out)

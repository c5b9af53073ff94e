"""A scenario turned into the engine's arrays: the household as scalars, the options' work as (options, items)."""
from __future__ import annotations

import numpy as np

from .engine import CHARGE_CODES, HOUSING_CODES, KIND_CODES, PROCEDURE_CODES, Households, WorkItems
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
        procedure=f(PROCEDURE_CODES[hh.procedure]),
        housing=f(HOUSING_CODES[hh.housing]),
        contracts_kept=f(sum(a.contract_kept for a in hh.adults)),
        housing_cost=f(np.nan if hh.housing_cost_per_month is None else hh.housing_cost_per_month),
        charge_mode=f(CHARGE_CODES[charge.mode]),
        charge_fixed=f(charge.amount_per_month),
    )


def work_arrays(options: list[Option]) -> WorkItems:
    """Work items padded to the longest option (padding is an unpaid item of 0 hours: it adds nothing)."""
    width = max([len(o.work) for o in options] + [1])
    shape = (len(options), width)
    kind = np.full(shape, float(KIND_CODES["unpaid_praktik"]))
    hours, wage, transport = np.zeros(shape), np.zeros(shape), np.zeros(shape)
    for i, option in enumerate(options):
        for j, w in enumerate(option.work):
            kind[i, j] = KIND_CODES[w.kind]
            hours[i, j] = w.hours_per_week
            wage[i, j] = w.hourly_wage
            transport[i, j] = w.transport_per_month
    return WorkItems(kind, hours, wage, transport)

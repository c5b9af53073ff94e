"""The fixed order of the calculation (RULES.md section 8), vectorised over any array shape.

Households, work items and rule sets are arrays that broadcast together: one call computes one option,
every option of a scenario, a whole earnings curve, law and reforms side by side, or a caseload.
Work items sit on the last axis of the work arrays and are summed there.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .params import NumericRules
from .periods import Period

HOUSING_CODES = {"centre_canteen": 0, "centre_self_catering": 1, "independent_housing": 2,
                 "private_accommodation": 3, "special_housing": 4, "own_housing": 5}
PROCEDURE_CODES = {"normal": 0, "dublin": 1, "manifestly_unfounded": 2, "manifestly_unfounded_urgent": 3}
KIND_CODES = {"job": 0, "paid_praktik": 1, "unpaid_praktik": 2}
CHARGE_CODES = {"income_tested": 0, "fixed": 1, "none": 2}
CANTEEN, SELF_CATERING, PRIVATE, OWN = 0, 1, 3, 5
URGENT = 3
UNPAID = 2
INCOME_TESTED, FIXED = 0, 1


@dataclass(frozen=True)
class Households:
    """Household facts as arrays (any broadcastable shape)."""

    adults: np.ndarray            # 1 or 2
    couple: np.ndarray            # 0/1
    children: np.ndarray
    phase: np.ndarray             # 1, 2, 3
    procedure: np.ndarray         # PROCEDURE_CODES
    housing: np.ndarray           # HOUSING_CODES
    contracts_kept: np.ndarray    # adults who keep the centre contract
    housing_cost: np.ndarray      # kr/month; NaN when none is stated
    charge_mode: np.ndarray       # CHARGE_CODES
    charge_fixed: np.ndarray      # kr/month, for the fixed mode


@dataclass(frozen=True)
class WorkItems:
    """Work items as arrays whose last axis runs over the items of an option."""

    kind: np.ndarray              # KIND_CODES
    hours: np.ndarray             # per week
    wage: np.ndarray              # kr per hour
    transport: np.ndarray         # kr per month


@dataclass(frozen=True)
class Budget:
    """Every line of the budget, in kroner per period."""

    gross: np.ndarray
    am: np.ndarray
    tax: np.ndarray
    net: np.ndarray
    transport: np.ndarray
    hours: np.ndarray             # hours worked in the period, praktik included
    basic: np.ndarray
    supplement: np.ndarray
    child: np.ndarray
    children_full: np.ndarray
    children_reduced: np.ndarray
    allowances: np.ndarray
    base: np.ndarray
    countable: np.ndarray
    offset: np.ndarray
    paid: np.ndarray
    charge_cap: np.ndarray
    charge: np.ndarray
    housing_cost: np.ndarray
    disposable: np.ndarray


def income_base_share(r: NumericRules) -> np.ndarray:
    """Kroner of income base (what is offset) per krone of gross wage: the net share after AM-bidrag and
    tax, or 1 when the gross wage is offset. The same arithmetic as `wages`, per krone."""
    net_share = 1.0 - r.am_rate - r.income_tax_rate * (1.0 - r.tax_after_am * r.am_rate)
    return np.where(r.offset_on_gross > 0, 1.0, net_share)


def wages(w: WorkItems, r: NumericRules, period: Period) -> tuple[np.ndarray, ...]:
    """Per work item: gross pay, AM-bidrag, the flat tax and the net wage (RULES.md section 4)."""
    r_am = r.am_rate[..., None]
    r_tax = r.income_tax_rate[..., None]
    after_am = r.tax_after_am[..., None]
    gross = np.where(w.kind == UNPAID, 0.0, w.wage * w.hours * period.weeks)
    am = r_am * gross
    tax = r_tax * (gross - after_am * am)
    net = gross - am - tax
    covered = (w.kind == UNPAID) & (r.praktik_transport_covered[..., None] > 0)
    transport = np.where(covered, 0.0, w.transport * period.per_month)
    return gross, am, tax, net, transport


def allowances(h: Households, r: NumericRules, period: Period) -> tuple[np.ndarray, ...]:
    """Grundydelse, tillægsydelse and forsørgertillæg for the family (UDL § 42 b, RULES.md section 2)."""
    canteen = h.housing == CANTEEN
    own = h.housing == OWN
    urgent = h.procedure == URGENT
    phase1 = h.phase == 1
    no_cash = own | (urgent & canteen)

    basic_rate = np.where(h.couple > 0, r.basic_couple, r.basic_single)
    basic = np.where(canteen | no_cash, 0.0, h.adults * basic_rate * period.days)

    supplement_rate = np.where(phase1, r.supplement_phase1, r.supplement_registered)
    supplement = np.where(urgent | no_cash, 0.0, h.contracts_kept * supplement_rate * period.days)

    full_rate = np.where(phase1,
                         np.where(canteen, r.child_phase1_canteen, r.child_phase1_self_catering),
                         np.where(canteen, r.child_canteen, r.child_self_catering))
    n_full = np.minimum(h.children, r.child_max_full)
    n_reduced = np.where(canteen, 0.0, np.clip(h.children - r.child_max_full, 0.0, r.child_max_reduced))
    child = np.where(no_cash, 0.0, (n_full * full_rate + n_reduced * r.child_reduced) * period.days)
    n_full = np.where(no_cash, 0.0, n_full)
    n_reduced = np.where(no_cash, 0.0, n_reduced)
    return basic, supplement, child, n_full, n_reduced


def charge_cap(h: Households, r: NumericRules, period: Period) -> np.ndarray:
    """Most the income-tested accommodation charge can take (RULES.md section 5, assumption 3)."""
    tariff = np.where(h.housing == CANTEEN, r.charge_daily_canteen,
                      np.where(h.housing == PRIVATE, 0.0, r.charge_daily_self_catering))
    persons = h.adults + h.children
    stated = ~np.isnan(h.housing_cost)
    return np.where(stated, np.where(stated, h.housing_cost, 0.0) * period.per_month, tariff * persons * period.days)


def compute(h: Households, w: WorkItems, r: NumericRules, period: Period, broadcast: bool = True) -> Budget:
    """The budget of every household × option × rule set in the arrays, in the order of RULES.md section 8.

    With `broadcast`, every line has the full shape; without, lines keep the shape of what they depend on
    (cheaper for callers that read only a few lines)."""
    gross_i, am_i, tax_i, net_i, transport_i = wages(w, r, period)
    gross, am, tax, net = gross_i.sum(-1), am_i.sum(-1), tax_i.sum(-1), net_i.sum(-1)
    transport = transport_i.sum(-1)
    hours = (w.hours * period.weeks).sum(-1)

    basic, supplement, child, n_full, n_reduced = allowances(h, r, period)
    total = basic + supplement + child

    base = np.where(r.offset_on_gross > 0, gross, net)
    countable = np.maximum(0.0, base - transport * r.deduct_transport - r.disregard_per_month * period.per_month)
    offset = np.minimum(total, r.offset_rate * countable)
    paid = total - offset

    own = h.housing == OWN
    cap = charge_cap(h, r, period)
    with np.errstate(over="ignore"):  # a taper near 0: allowances / taper is inf, and the charge then 0
        above = countable - total / r.offset_rate - r.charge_exempt_per_month * period.per_month
    income_tested = np.minimum(cap, np.maximum(0.0, above))
    fixed = np.where(gross > 0, h.charge_fixed * period.per_month, 0.0)
    charge = np.where(own, 0.0, np.where(h.charge_mode == INCOME_TESTED, income_tested,
                                         np.where(h.charge_mode == FIXED, fixed, 0.0)))
    rent = np.where(own & ~np.isnan(h.housing_cost), h.housing_cost * period.per_month, 0.0)
    disposable = paid + net - charge - transport - rent

    lines = (
        gross, am, tax, net, transport, hours, basic, supplement, child, n_full, n_reduced, total, base,
        countable, offset, paid, cap, charge, rent, disposable)
    if not broadcast:
        return Budget(*lines)
    shape = np.broadcast_shapes(disposable.shape, total.shape)
    return Budget(*(a if np.shape(a) == shape else np.broadcast_to(a, shape) for a in lines))


def reference_households(h: Households) -> Households:
    """The households 'No work' is measured against: own housing compared with a self-catering centre."""
    housing = np.where(h.housing == OWN, SELF_CATERING, h.housing)
    return Households(h.adults, h.couple, h.children, h.phase, h.procedure, housing, h.contracts_kept,
                      np.where(h.housing == OWN, np.nan, h.housing_cost), h.charge_mode, h.charge_fixed)


def no_work(shape: tuple[int, ...] = ()) -> WorkItems:
    zeros = np.zeros(shape + (1,))
    return WorkItems(zeros, zeros, zeros, zeros)

"""The fixed order of the calculation (RULES.md section 8), vectorised over any array shape.

Households, work items and rule sets are arrays that broadcast together: one call computes one option,
every option of a scenario, a whole earnings curve, law and reforms side by side, or a caseload.
Work items sit on the last axis of the work arrays and are summed there. The same code runs on one
household's Python floats (`xp=FLOATS`, arithmetic.py): what `simulate` does for a single scenario.

Besides every budget line, the engine returns what it chose (which rate, why an allowance is withheld,
which charge rule and cap) and where the budget bends (the income levels at which the offset starts, the
allowances are used up, the charge starts and reaches its cap). Break-even, the trace, the warnings and
the assumptions read these; none of them restates a rule.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from enum import IntEnum

import numpy as np

from .arithmetic import NUMPY, Arithmetic
from .params import NumericRules
from .periods import Period


class Housing(IntEnum):
    """Housing types (RULES.md section 6), as the engine's codes."""

    CENTRE_CANTEEN = 0
    CENTRE_SELF_CATERING = 1
    INDEPENDENT_HOUSING = 2
    PRIVATE_ACCOMMODATION = 3
    SPECIAL_HOUSING = 4
    OWN_HOUSING = 5


class Procedure(IntEnum):
    NORMAL = 0
    DUBLIN = 1
    MANIFESTLY_UNFOUNDED = 2
    MANIFESTLY_UNFOUNDED_URGENT = 3


class WorkKind(IntEnum):
    JOB = 0
    PAID_PRAKTIK = 1
    UNPAID_PRAKTIK = 2


class ChargeMode(IntEnum):
    INCOME_TESTED = 0
    FIXED = 1
    NONE = 2


def codes(kind: type[IntEnum]) -> dict[str, int]:
    """The scenario format's names of an enum ('centre_canteen') → its code."""
    return {member.name.lower(): int(member) for member in kind}


class Withheld(IntEnum):
    """Why an allowance is not paid (UDL § 42 b, RULES.md section 2), or PAID when it is."""

    PAID = 0
    CANTEEN = 1            # no grundydelse where a free canteen feeds the household
    OWN_HOUSING = 2        # no cash allowances in own housing (§ 42 b stk. 15)
    URGENT = 3             # no tillægsydelse in an urgent manifestly unfounded case (ÅGH)
    URGENT_CANTEEN = 4     # no cash at all in an ÅGH case at a canteen centre


class ChargeRule(IntEnum):
    """Which accommodation-charge rule applied (RULES.md section 5)."""

    INCOME_TESTED = 0
    FIXED = 1
    NONE = 2
    OWN_HOUSING = 3


class CapKind(IntEnum):
    """What the income-tested charge's cap is (RULES.md section 5, assumption 3)."""

    STATED_RENT = 0
    CANTEEN_TARIFF = 1
    SELF_CATERING_TARIFF = 2
    PRIVATE_NO_RENT = 3


# The parameter paths of the rates the engine chooses between, indexed by the codes it returns.
BASIC_RATES = ("allowance.basic.single", "allowance.basic.couple")
SUPPLEMENT_RATES = ("allowance.supplement.registered", "allowance.supplement.phase1")
CHILD_RATES = ("allowance.child.self_catering", "allowance.child.canteen",
               "allowance.child.phase1_self_catering", "allowance.child.phase1_canteen", "allowance.child.agh")
_AGH_CHILD_RATE = CHILD_RATES.index("allowance.child.agh")
CAP_TARIFFS = {CapKind.CANTEEN_TARIFF: "charge.daily_canteen",
               CapKind.SELF_CATERING_TARIFF: "charge.daily_self_catering"}

# Plain ints for the arrays: numpy probes an enum member's attributes on every operation it meets it in.
_CANTEEN, _SELF_CATERING, _PRIVATE, _OWN = (int(Housing.CENTRE_CANTEEN), int(Housing.CENTRE_SELF_CATERING),
                                            int(Housing.PRIVATE_ACCOMMODATION), int(Housing.OWN_HOUSING))
_URGENT_PROCEDURE = int(Procedure.MANIFESTLY_UNFOUNDED_URGENT)
_UNPAID = int(WorkKind.UNPAID_PRAKTIK)
_PAID, _NO_BASIC_CANTEEN, _OWN_HOUSING, _URGENT, _URGENT_CANTEEN = (int(w) for w in Withheld)
_RENT, _CANTEEN_TARIFF, _SELF_CATERING_TARIFF, _PRIVATE_NO_RENT = (int(k) for k in CapKind)
_CHARGED, _FIXED_CHARGE, _NO_CHARGE, _OWN_RENT = (int(c) for c in ChargeRule)


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
    what the engine chose, and where the budget bends."""

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
    # what the engine chose (computed with `compute(..., choices=True)`, else None)
    basic_rate: np.ndarray | None = None            # index into BASIC_RATES
    basic_withheld: np.ndarray | None = None        # Withheld
    supplement_rate: np.ndarray | None = None       # index into SUPPLEMENT_RATES
    supplement_withheld: np.ndarray | None = None   # Withheld
    child_rate: np.ndarray | None = None            # index into CHILD_RATES
    child_withheld: np.ndarray | None = None        # Withheld
    cap_kind: np.ndarray | None = None              # CapKind
    transport_covered: np.ndarray | None = None     # where some praktik transport is covered by the centre
    transport_not_deducted: np.ndarray | None = None   # where transport is paid but not taken off the income base
    charge_reached: np.ndarray | None = None        # where countable income goes past where the charge starts


BUDGET_FIELDS = tuple(f.name for f in fields(Budget))


def income_base_share(r: NumericRules) -> np.ndarray:
    """Kroner of income base (what is offset) per krone of gross wage: the net share after AM-bidrag and
    tax, or 1 when the gross wage is offset. The same arithmetic as `wages`, per krone."""
    net_share = 1.0 - r.am_rate - r.income_tax_rate * (1.0 - r.tax_after_am * r.am_rate)
    return np.where(r.offset_on_gross > 0, 1.0, net_share)


def item_sum(values: list) -> np.ndarray | float:
    """The sum of per-item values, added item by item in order (numpy's reduce over a short last axis costs
    far more than the additions, and floats have no reduce)."""
    total = values[0]
    for v in values[1:]:
        total = total + v
    return total


def work_items(w: WorkItems, xp: Arithmetic = NUMPY) -> list[WorkItems]:
    """Each work item on its own (the last axis of the arrays, or the place in the tuples of floats)."""
    return [WorkItems(*(xp.item(a, k) for a in (w.kind, w.hours, w.wage, w.transport)))
            for k in range(xp.width(w.kind))]


def wages(w: WorkItems, r: NumericRules, period: Period, xp: Arithmetic = NUMPY) -> tuple:
    """For one work item: gross pay, AM-bidrag, the flat tax, the net wage, transport, and whether the
    centre covers the transport (RULES.md sections 4 and 7)."""
    unpaid = w.kind == _UNPAID
    gross = xp.where(unpaid, 0.0, w.wage * w.hours * period.weeks)
    am = r.am_rate * gross
    tax = r.income_tax_rate * (gross - r.tax_after_am * am)
    net = gross - am - tax
    covered = unpaid & (r.praktik_transport_covered > 0)
    transport = xp.where(covered, 0.0, w.transport * period.per_month)
    return gross, am, tax, net, transport, covered


def allowances(h: Households, r: NumericRules, period: Period, choices: bool = False,
               xp: Arithmetic = NUMPY) -> dict:
    """Grundydelse, tillægsydelse and forsørgertillæg for the family (UDL § 42 b, RULES.md section 2); with
    `choices`, also the rate chosen for each and why one is withheld (Withheld), from the same conditions."""
    canteen = h.housing == _CANTEEN
    own = h.housing == _OWN
    urgent = h.procedure == _URGENT_PROCEDURE
    phase1 = h.phase == 1
    urgent_canteen = urgent & canteen
    no_cash = own | urgent_canteen

    basic_rate = xp.where(h.couple > 0, r.basic_couple, r.basic_single)
    basic = xp.where(canteen | no_cash, 0.0, h.adults * basic_rate * period.days)

    supplement_rate = xp.where(phase1, r.supplement_phase1, r.supplement_registered)
    supplement = xp.where(urgent | no_cash, 0.0, h.contracts_kept * supplement_rate * period.days)

    # ÅGH at a place without a canteen: the § 42 b stk. 12, 3. pkt. amount in every phase (at a canteen
    # centre there is no cash at all).
    full_rate = xp.where(urgent, r.child_agh,
                         xp.where(phase1,
                                  xp.where(canteen, r.child_phase1_canteen, r.child_phase1_self_catering),
                                  xp.where(canteen, r.child_canteen, r.child_self_catering)))
    n_full = xp.where(no_cash, 0.0, xp.minimum(h.children, r.child_max_full))
    n_reduced = xp.where(canteen | no_cash, 0.0,
                         xp.minimum(xp.maximum(h.children - r.child_max_full, 0.0), r.child_max_reduced))
    child = (n_full * full_rate + n_reduced * r.child_reduced) * period.days
    out = {"basic_allowance": basic, "supplementary_allowance": supplement, "child_supplement": child,
           "children_full": n_full, "children_reduced": n_reduced}
    if choices:
        withheld = xp.where(own, _OWN_HOUSING, xp.where(urgent_canteen, _URGENT_CANTEEN, _PAID))
        out |= {"basic_rate": h.couple > 0,
                "basic_withheld": xp.where(withheld > 0, withheld, xp.where(canteen, _NO_BASIC_CANTEEN, _PAID)),
                "supplement_rate": phase1,
                "supplement_withheld": xp.where(withheld > 0, withheld, xp.where(urgent, _URGENT, _PAID)),
                "child_rate": xp.where(urgent, _AGH_CHILD_RATE, canteen + 2 * phase1), "child_withheld": withheld}
    return out


def charge_cap(h: Households, r: NumericRules, period: Period, xp: Arithmetic = NUMPY):
    """Most the income-tested accommodation charge can take (RULES.md section 5, assumption 3): the stated
    rent, else the daily tariff × persons (none in private accommodation); `cap_kind` says which."""
    tariff = xp.where(h.housing == _CANTEEN, r.charge_daily_canteen,
                      xp.where(h.housing == _PRIVATE, 0.0, r.charge_daily_self_catering))
    persons = h.adults + h.children
    stated = xp.invert(xp.isnan(h.housing_cost))
    return xp.where(stated, xp.where(stated, h.housing_cost, 0.0) * period.per_month,
                    tariff * persons * period.days)


def cap_kind(h: Households, xp: Arithmetic = NUMPY):
    """What sets the cap of `charge_cap` (CapKind), by the same conditions."""
    return xp.where(xp.invert(xp.isnan(h.housing_cost)), _RENT,
                    xp.where(h.housing == _CANTEEN, _CANTEEN_TARIFF,
                             xp.where(h.housing == _PRIVATE, _PRIVATE_NO_RENT, _SELF_CATERING_TARIFF)))


def compute(h: Households, w: WorkItems, r: NumericRules, period: Period, broadcast: bool = True,
            choices: bool = False, xp: Arithmetic = NUMPY, household_of: np.ndarray | None = None) -> Budget:
    """The budget of every household × option × rule set in the arrays, in the order of RULES.md section 8.

    With `broadcast`, every line has the full shape; without, lines keep the shape of what they depend on
    (cheaper for callers that read only a few lines). With `choices`, the budget also says which rates and
    rules were applied (what the trace reads); without, those fields are None. With `xp=FLOATS`, the
    household, its work items (tuples) and the rules are Python floats, and so is every line.

    With `household_of` (integers, one per budget row on the last axis), `h` holds distinct households and
    row i is household `household_of[i]`: what depends on the household alone is computed once per distinct
    household and then taken for each row (a caseload repeats a few hundred households many times).
    Without `broadcast`, the lines of the household alone (the allowances and their parts, the charge's cap,
    where the allowances are used up, the choices) then stay per distinct household."""
    # What depends on the household and the rules alone.
    a = allowances(h, r, period, choices, xp)
    total = a["basic_allowance"] + a["supplementary_allowance"] + a["child_supplement"]
    own = h.housing == _OWN
    cap = charge_cap(h, r, period, xp)
    used_up = xp.divide(total, r.offset_rate)   # a taper near 0: inf, and the charge is then 0
    charge_from = used_up + r.charge_exempt_per_month * period.per_month
    rule = xp.where(own, _OWN_RENT, h.charge_mode)   # ChargeMode codes equal ChargeRule's
    rent = xp.where(own & xp.invert(xp.isnan(h.housing_cost)), h.housing_cost * period.per_month, 0.0)
    fixed_charge = h.charge_fixed * period.per_month
    household = {**a, "allowances_before_offset": total, "charge_cap": cap, "allowances_used_up_at": used_up,
                 "charge_from": charge_from, "charge_rule": rule, "housing_cost": rent}
    if choices:
        household["cap_kind"] = cap_kind(h, xp)
    if household_of is not None:   # the lines the work's arithmetic reads, per budget row
        total, cap, charge_from, rule, rent, fixed_charge = (
            np.take(v, household_of, axis=-1) for v in (total, cap, charge_from, rule, rent, fixed_charge))
        household |= {"allowances_before_offset": total, "charge_cap": cap, "charge_from": charge_from,
                      "charge_rule": rule, "housing_cost": rent}

    # What the work adds, in the order of RULES.md section 8.
    split = work_items(w, xp)
    gross_i, am_i, tax_i, net_i, transport_i, covered_i = zip(*(wages(item, r, period, xp) for item in split))
    gross, net = item_sum(gross_i), item_sum(net_i)
    transport = item_sum(transport_i)
    base = xp.where(r.offset_on_gross > 0, gross, net)
    # A reform's transport deduction, up to its cap (no cap under the law: offset.transport_deduction_cap_per_month)
    deducted = (xp.minimum(transport, r.transport_deduction_cap_per_month * period.per_month) * r.deduct_transport
                + r.disregard_per_month * period.per_month)
    countable = xp.maximum(0.0, base - deducted)
    offset = xp.minimum(total, r.offset_rate * countable)
    paid = total - offset
    income_tested = xp.minimum(cap, xp.maximum(0.0, countable - charge_from))
    fixed = xp.where(gross > 0, fixed_charge, 0.0)
    charge = xp.where(rule == _CHARGED, income_tested, xp.where(rule == _FIXED_CHARGE, fixed, 0.0))
    disposable = paid + net - charge - transport - rent

    lines = dict(
        household,
        gross_wage=gross, labour_market_contribution=item_sum(am_i), income_tax=item_sum(tax_i),
        net_wage=net, transport=transport, hours=item_sum([item.hours * period.weeks for item in split]),
        income_base=base, countable_income=countable, offset=offset, allowances_paid=paid,
        accommodation_charge=charge, disposable_income=disposable, deducted=deducted)
    if choices:   # the notes of the trace, decided by the lines that decide the values
        lines["transport_covered"] = xp.any_of(covered_i)
        lines["transport_not_deducted"] = (transport > 0) & (r.deduct_transport == 0)
        lines["charge_reached"] = countable > charge_from
    if not broadcast or xp is not NUMPY:
        return Budget(**lines)
    if household_of is not None:
        lines |= {k: np.take(v, household_of, axis=-1) for k, v in household.items()
                  if k not in ("allowances_before_offset", "charge_cap", "charge_from", "charge_rule", "housing_cost")}
    shape = np.broadcast_shapes(disposable.shape, total.shape)
    return Budget(**{k: v if np.shape(v) == shape else np.broadcast_to(v, shape) for k, v in lines.items()})


def fields_of(budget: Budget) -> list[str]:
    """The fields a budget holds (the choices only when computed with them)."""
    return [k for k in BUDGET_FIELDS if getattr(budget, k) is not None]


def reference_households(h: Households, xp: Arithmetic = NUMPY) -> Households:
    """The households 'No work' is measured against: own housing compared with a self-catering centre."""
    own = h.housing == _OWN
    return Households(h.adults, h.couple, h.children, h.phase, h.procedure, xp.where(own, _SELF_CATERING, h.housing),
                      h.contracts_kept, xp.where(own, np.nan, h.housing_cost), h.charge_mode, h.charge_fixed)


def no_work(shape: tuple[int, ...] = ()) -> WorkItems:
    zeros = np.zeros(shape + (1,))
    return WorkItems(zeros, zeros, zeros, zeros)

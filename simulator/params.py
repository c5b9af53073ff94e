"""The rules as numbers the vectorised engine can broadcast: one array per parameter.

Several rule sets (the law and reforms) stack along a leading axis, so one engine pass computes them all.
"""
from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from .rules import RuleSet


@dataclass(frozen=True)
class NumericRules:
    """Every parameter the engine reads, as float64 arrays (switches and choices as 0/1)."""

    basic_single: np.ndarray
    basic_couple: np.ndarray
    child_self_catering: np.ndarray
    child_canteen: np.ndarray
    child_phase1_self_catering: np.ndarray
    child_phase1_canteen: np.ndarray
    child_reduced: np.ndarray
    child_agh: np.ndarray
    child_max_full: np.ndarray
    child_max_reduced: np.ndarray
    supplement_registered: np.ndarray
    supplement_phase1: np.ndarray
    am_rate: np.ndarray
    income_tax_rate: np.ndarray
    tax_after_am: np.ndarray
    offset_rate: np.ndarray
    offset_on_gross: np.ndarray
    deduct_transport: np.ndarray
    disregard_per_month: np.ndarray
    transport_deduction_cap_per_month: np.ndarray
    charge_daily_self_catering: np.ndarray
    charge_daily_canteen: np.ndarray
    charge_exempt_per_month: np.ndarray
    praktik_transport_covered: np.ndarray

    def reshape(self, shape: tuple[int, ...]) -> NumericRules:
        return NumericRules(**{f.name: getattr(self, f.name).reshape(shape) for f in fields(self)})

    def minimal(self) -> NumericRules:
        """Each parameter with only the axes along which its value changes (length 1 on the others).

        Stacked rule sets mostly differ in a few parameters (a reform changes one or two; an assumption's
        reading another), so a line that reads only parameters every set shares is then computed once,
        not once per set: broadcasting gives every line the same values as with the full stack."""
        return NumericRules(**{f.name: _varying(getattr(self, f.name)) for f in fields(self)})


def _varying(a: np.ndarray) -> np.ndarray:
    """`a` cut to its first entry along every axis on which all its entries are the same."""
    for axis in range(a.ndim):
        first = a.take([0], axis=axis)
        if a.shape[axis] > 1 and (a == first).all():
            a = first
    return a


PATHS = {
    "basic_single": "allowance.basic.single",
    "basic_couple": "allowance.basic.couple",
    "child_self_catering": "allowance.child.self_catering",
    "child_canteen": "allowance.child.canteen",
    "child_phase1_self_catering": "allowance.child.phase1_self_catering",
    "child_phase1_canteen": "allowance.child.phase1_canteen",
    "child_reduced": "allowance.child.reduced",
    "child_agh": "allowance.child.agh",
    "child_max_full": "allowance.child.max_full",
    "child_max_reduced": "allowance.child.max_reduced",
    "supplement_registered": "allowance.supplement.registered",
    "supplement_phase1": "allowance.supplement.phase1",
    "am_rate": "tax.am_rate",
    "income_tax_rate": "tax.income_tax_rate",
    "offset_rate": "offset.rate",
    "deduct_transport": "offset.deduct_transport",
    "disregard_per_month": "offset.disregard_per_month",
    "transport_deduction_cap_per_month": "offset.transport_deduction_cap_per_month",
    "charge_daily_self_catering": "charge.daily_self_catering",
    "charge_daily_canteen": "charge.daily_canteen",
    "charge_exempt_per_month": "charge.exempt_per_month",
    "praktik_transport_covered": "praktik.transport_covered",
}


# A switch or a choice as the condition steps.py reads (its name there → the field that holds it as 0/1).
SWITCHES = {"offset.deduct_transport": "deduct_transport", "praktik.transport_covered": "praktik_transport_covered",
            "tax.base.after_am": "tax_after_am", "offset.income_base.gross": "offset_on_gross"}


# The arrays of one rule set or a stack of them, by the rule sets' ids (the rule sets kept alive beside
# them): rules_at caches its rule sets, so simulate() and sweep() do not rebuild the same arrays every call.
_KEPT: dict[tuple, tuple[tuple[RuleSet, ...], NumericRules]] = {}


def _kept(kind: str, sets: tuple[RuleSet, ...], build) -> NumericRules:
    key = (kind, *map(id, sets))
    kept = _KEPT.get(key)
    if kept is not None and all(a is b for a, b in zip(kept[0], sets)):
        return kept[1]
    if len(_KEPT) > 512:
        _KEPT.clear()
    numbers = build()
    _KEPT[key] = (sets, numbers)
    return numbers


def numeric(rule_sets: RuleSet | list[RuleSet], shape: tuple[int, ...] | None = None) -> NumericRules:
    """Stack one or more rule sets into arrays of shape (len(rule_sets),), or 0-d for a single one; or, with
    `shape`, the stack reshaped (e.g. (len(rule_sets), 1, 1) to broadcast against options × points), each
    parameter keeping only the axes along which it changes (`NumericRules.minimal`): lines then come out
    with length 1 on a rule-set axis along which nothing they read changes.
    The arrays are shared between calls: callers must not write into them."""
    if isinstance(rule_sets, RuleSet):
        return _kept("single", (rule_sets,), lambda: _numeric([rule_sets], single=True))
    sets = tuple(rule_sets)
    if shape is not None:
        return _kept(f"stack{shape}", sets, lambda: numeric(sets).reshape(shape).minimal())
    return _kept("stack", sets, lambda: _numeric(list(sets)))


def floats(rule_set: RuleSet) -> NumericRules:
    """One rule set's numbers as Python floats: what the engine reads for one household (`xp=FLOATS`)."""
    return _kept("floats", (rule_set,), lambda: NumericRules(**{
        k: float(v) for k, v in vars(_numeric([rule_set], single=True)).items()}))


def _numeric(sets: list[RuleSet], single: bool = False) -> NumericRules:
    """The arrays of `sets`, shape (len(sets),), or 0-d when `single`."""
    values: dict[str, list[float]] = {name: [float(r[path]) for r in sets] for name, path in PATHS.items()}
    values["tax_after_am"] = [float(r["tax.base"] == "after_am") for r in sets]
    values["offset_on_gross"] = [float(r["offset.income_base"] == "gross") for r in sets]
    arrays = {k: np.asarray(v, dtype=np.float64) for k, v in values.items()}
    if single:
        arrays = {k: v[0] for k, v in arrays.items()}
    return NumericRules(**arrays)

"""Which of the RULES.md assumptions a result rests on (RULES.md 'Assumptions'), written once as masks
over households × options so one scenario and a whole caseload read the same conditions."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import numpy as np
import yaml

from .arithmetic import NUMPY, Arithmetic
from .codes import ChargeRule, Housing
from .engine import Budget, Households
from .rules import RuleSet


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict]:
    return yaml.safe_load((Path(__file__).parent / "assumptions.yaml").read_text(encoding="utf-8"))


# rates_indexed by rule set (kept alive beside its answer, so an id is never reused while it is here).
_INDEXED: dict[int, tuple[RuleSet, bool]] = {}


def rates_indexed(rules: RuleSet) -> bool:
    """True when some allowance rate in force is computed by indexing rather than published."""
    kept = _INDEXED.get(id(rules))
    if kept is None or kept[0] is not rules:
        if len(_INDEXED) > 512:
            _INDEXED.clear()
        kept = _INDEXED[id(rules)] = (rules, any(
            rules.entry(p).status == "indexed" for p in rules.entries if p.startswith("allowance.")))
    return kept[1]


def assumption_masks(h: Households, budget: Budget, rules: RuleSet, period_name: str,
                     xp: Arithmetic = NUMPY) -> dict[str, np.ndarray]:
    """For each assumption code (catalogue order), where a budget rests on it: boolean arrays of the
    budget's shape (households × options), `h` broadcasting against it; with `xp=FLOATS`, one bool each
    for one household's budget."""
    works = budget.gross_wage > 0
    masks = {
        "offset_income_base_net": works & (rules["offset.income_base"] == "net"),
        "family_netting": (budget.offset > 0) & (h.adults + h.children > 1),
        "charge_mode_and_cap": works & (budget.charge_rule == int(ChargeRule.INCOME_TESTED)),
        "tax_on_gross": works & (rules["tax.base"] == "gross"),
        "rates_indexed": (budget.allowances_before_offset > 0) & rates_indexed(rules),
        "monthly_conversion": period_name == "month",
        "charge_tariff_held": tariff_cap_binds(h, budget, rules, xp),
    }
    if xp is not NUMPY:
        return {code: masks[code] for code in catalogue()}
    shape = np.shape(budget.gross_wage)
    return {code: _full(masks[code], shape) for code in catalogue()}


def tariff_held(rules: RuleSet, path: str) -> bool:
    """True when the tariff `path` in force is an amount carried past an amending order whose own amount
    was not found (assumption 8): a line after the stand-in's base date, with status `assumption`."""
    e = rules.entry(path)
    return e.status == "assumption" and e.since is not None and e.since > _stand_in_base()


@cache
def _stand_in_base() -> dt.date:
    """The date of the last amount found for a held tariff (the catalogue's stand-in for assumption 8)."""
    return dt.date.fromisoformat(str(catalogue()["charge_tariff_held"]["stand_in"]["base"]))


def tariff_cap_binds(h: Households, budget: Budget, rules: RuleSet, xp: Arithmetic = NUMPY):
    """Where the income-tested charge takes its whole cap and the cap is a daily tariff held at an old
    amount (assumption 8): the charge would be higher with the tariff regulated."""
    held_canteen = tariff_held(rules, "charge.daily_canteen")
    held_self = tariff_held(rules, "charge.daily_self_catering")
    if not (held_canteen or held_self):
        return False
    tariff_cap = xp.isnan(h.housing_cost) & (h.housing != int(Housing.PRIVATE_ACCOMMODATION))
    held = xp.where(h.housing == int(Housing.CENTRE_CANTEEN), held_canteen, held_self)
    binds = ((budget.charge_rule == int(ChargeRule.INCOME_TESTED)) & (budget.charge_cap > 0)
             & (budget.accommodation_charge >= budget.charge_cap))
    return binds & tariff_cap & (held > 0)


def _full(mask, shape: tuple[int, ...]) -> np.ndarray:
    """`mask` with the budget's shape (a copy for a scalar, a view otherwise)."""
    if np.shape(mask) == shape:
        return mask
    if np.ndim(mask) == 0:
        return np.full(shape, bool(mask))
    return np.broadcast_to(mask, shape)


def applicable(masks: dict[str, np.ndarray]) -> list[str]:
    """The codes some row of `masks` rests on, in catalogue order."""
    return [code for code, mask in masks.items() if mask.any()]


@dataclass(frozen=True)
class AssumptionEffect:
    """An assumption and, where it can be computed, each option's disposable income and gain without it."""

    code: str
    number: int
    title: str
    text: str
    alternative: str | None
    disposable: dict[str, float] | None   # option name → disposable income under the alternative
    gain: dict[str, float] | None         # option name → gain vs no work under the alternative
    change: dict[str, float] | None       # option name → what the alternative adds to the disposable income

"""From when does an option pay? The lowest hourly wage (at its hours) and the fewest hours (at its wage)
at which it beats no work.

The budget is piecewise linear in the wage and in the hours: it bends only where the countable income
crosses 0, the allowances, the charge-free amount and the charge cap. So the gain is evaluated exactly at
those bends (one vectorised engine call for every option and both axes) and the first crossing above zero
is found by linear interpolation between neighbouring bends: exact, with no search.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .codes import WorkKind
from .engine import Budget, Households, WorkItems, compute, income_base_share
from .params import NumericRules
from .periods import HOURS_PER_WEEK_MAX, Period

TINY = 1e-9  # just above zero: a fixed charge starts with the first krone earned
_UNPAID = int(WorkKind.UNPAID_PRAKTIK)
_WAGE_AXIS = (np.arange(2) == 0)[:, None, None, None]     # x[0] varies the wage, x[1] the hours
_HOURS_AXIS = ~_WAGE_AXIS
HALF_ORE = 0.005  # a gain must show at the øre to count: float noise on a flat stretch is not a gain


@dataclass(frozen=True)
class BreakEven:
    """Where an option starts to beat no work; None means never (`reason` says why)."""

    hourly_wage: float | None
    hours_per_week: float | None
    reason_wage: str | None
    reason_hours: str | None


def _vary(w: WorkItems, x: np.ndarray) -> WorkItems:
    """Work items with every paid item's wage (x[0]) or hours (x[1]) set to x; x is (2, options, points),
    the result (2, options, points, items): both axes in one array, so one engine call evaluates them (kind
    and transport stay (1, options, 1, items) and broadcast in the engine)."""
    paid = (w.kind != _UNPAID)[None, :, None, :]
    xx = x[..., None]
    kind, hours, wage, transport = (a[None, :, None, :] for a in (w.kind, w.hours, w.wage, w.transport))
    return WorkItems(kind, np.where(paid & _HOURS_AXIS, xx, hours), np.where(paid & _WAGE_AXIS, xx, wage), transport)


def _bends(w: WorkItems, r: NumericRules, period: Period, budget: Budget, rows: slice) -> np.ndarray:
    """The x values (2, options, 4) at which the budget bends. The income base is proportional to x (every
    paid item's wage, or hours, set to x; unpaid items earn nothing), so its slope comes from the hours (or
    wages) and the income-base share; the levels it must reach are the engine's own bends of the options'
    budget (where income starts to count, the allowances are used up, the charge starts and is capped)."""
    paid = w.kind != _UNPAID
    share = income_base_share(r)
    slope = np.stack([share * (np.where(paid, w.hours, 0.0) * period.weeks).sum(-1),
                      share * (np.where(paid, w.wage, 0.0) * period.weeks).sum(-1)])
    start = budget.deducted[rows]
    exhausted = start + budget.allowances_used_up_at[rows]
    exempt = start + budget.charge_from[rows]
    capped = exempt + budget.charge_cap[rows]
    levels = np.stack([start, exhausted, exempt, capped], axis=-1)       # (options, 4)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        x = levels[None, :, :] / slope[..., None]
    return np.where(np.isfinite(x) & (x > TINY), x, TINY)


def _first_crossing(x: np.ndarray, gain: np.ndarray) -> np.ndarray:
    """The smallest x with gain > 0 on a piecewise-linear curve sampled at its bends (last axis), or NaN."""
    positive = gain > HALF_ORE
    rising = positive[..., 1:] & (x[..., 1:] > x[..., :-1])
    k = np.argmax(rising, axis=-1)                      # first segment that ends above zero
    found = rising.any(axis=-1)
    rows = np.indices(k.shape)
    x0, x1 = x[(*rows, k)], x[(*rows, k + 1)]
    g0, g1 = gain[(*rows, k)], gain[(*rows, k + 1)]
    with np.errstate(divide="ignore", invalid="ignore"):
        crossing = x0 + (-g0) / (g1 - g0) * (x1 - x0)
    return np.where(positive[..., 0], 0.0, np.where(found, crossing, np.nan))


def _solve(h, w, r, period, reference: np.ndarray, budget: Budget, rows: slice) -> np.ndarray:
    """Break-even x for both axes: (2, options), NaN where the option never beats no work."""
    bends = np.sort(_bends(w, r, period, budget, rows), axis=-1)
    last = bends[..., -1:]
    x = np.concatenate([np.full_like(last, TINY), bends, last + 1.0, last * 2.0 + 1000.0], axis=-1)
    gain = compute(h, _vary(w, x), r, period, broadcast=False).disposable_income - reference
    return crossing(x, gain)


def crossing(x: np.ndarray, gain: np.ndarray) -> np.ndarray:
    """The smallest x with gain > 0, from the gain at the bends `x` (last axis) followed by two points past
    the last bend, where the gain is a straight line (extended when it still rises); NaN where none."""
    found = _first_crossing(x[..., :-1], gain[..., :-1])
    slope = (gain[..., -1] - gain[..., -2]) / (x[..., -1] - x[..., -2])
    with np.errstate(divide="ignore", invalid="ignore"):
        tail = np.where((slope > 0) & (gain[..., -2] <= HALF_ORE), x[..., -2] - gain[..., -2] / slope, np.nan)
    # Interpolating a crossing at 0 can land a float's breadth below it: no wage or hours are negative.
    return np.maximum(np.where(np.isnan(found), tail, found), 0.0)


def break_even(h: Households, w: WorkItems, r: NumericRules, period: Period, reference: np.ndarray,
               budget: Budget, rows: slice = slice(None)) -> list[BreakEven]:
    """Break-even wage and hours for each option (row of `w`, whose budget is that row of
    `budget[rows]`), against the no-work `reference` budget."""
    paid = (w.kind != _UNPAID)
    has_paid = paid.any(-1)
    wage_x, hours_x = _solve(h, w, r, period, reference, budget, rows)
    hours_now = np.where(paid, w.hours, 0).max(-1)
    wage_now = np.where(paid, w.wage, 0).max(-1)
    results = []
    for i in range(w.kind.shape[0]):
        if not has_paid[i]:
            results.append(BreakEven(None, None, "no_pay", "no_pay"))
            continue
        bw, bh = wage_x[i], hours_x[i]
        reason_w = None if np.isfinite(bw) and hours_now[i] > 0 else ("no_hours" if hours_now[i] <= 0 else "never")
        reason_h = None if np.isfinite(bh) and bh <= HOURS_PER_WEEK_MAX and wage_now[i] > 0 else (
            "no_wage" if wage_now[i] <= 0 else "never")
        results.append(BreakEven(float(bw) if reason_w is None else None,
                                 float(bh) if reason_h is None else None, reason_w, reason_h))
    return results


class BreakEvens:
    """Every option's break-even (`break_even`), computed when first read, in one engine pass for all the
    options: most callers (a sweep's points, a caseload, the JSON without it) never read it. `inputs` gives
    `break_even`'s arguments when called (picklable, like the whole object); equal to another when their
    values are."""

    def __init__(self, inputs: Callable[[], tuple]):
        self._inputs: Callable[[], tuple] | None = inputs
        self._values: list[BreakEven] | None = None

    @property
    def values(self) -> list[BreakEven]:
        if self._values is None:
            self._values = break_even(*self._inputs())
            self._inputs = None   # no longer needed
        return self._values

    def __getitem__(self, i: int) -> BreakEven:
        return self.values[i]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, BreakEvens) and self.values == other.values

    __hash__ = None

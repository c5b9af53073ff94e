"""Per adult: from which hourly wage each adult's paid work makes it pay, at the hours offered and at full time,
and whether any wage in the usual range does.

An option where both adults work is two jobs: one break-even over both would add their hours together and
ask for a wage no one is offered. So each adult's paid work is varied alone, the other adult's work held as
it is, and compared with the same option without that adult's paid work (with no work when nothing paid is
left: then it is the option's own break-even). Against that reference the gain depends on the adult's gross
pay alone and, if it falls at all (an offset on the gross wage takes more than the net), falls only before
it rises, from at most 0 at the first krone: so it crosses zero once, and if the top of the usual range
(`work.usual_hourly_wage`, or the adult's own wage when higher) at full time (`work.full_time_hours`) does
not pay, no wage in the range at any hours up to full time does.

Exact like `breakeven`: the gain is evaluated at the budget's bends in the varied wage (one engine call for
every adult of every option, at both hours) and the crossing interpolated.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .arrays import household_floats, work_arrays
from .breakeven import TINY, crossing
from .codes import WorkKind
from .engine import WorkItems, compute, income_base_share
from .models import Scenario
from .params import numeric
from .periods import period as get_period
from .rules import RuleSet

_UNPAID = float(WorkKind.UNPAID_PRAKTIK)


@dataclass(frozen=True)
class AdultBreakEven:
    """One adult's paid work in one option and the hourly wage from which it pays (None: no wage does)."""

    adult: int                    # index into household.adults
    kinds: tuple[str, ...]        # the kinds of this adult's paid work items (job, paid_praktik)
    hours: float                  # this adult's paid hours a week
    wage: float                   # this adult's highest hourly wage
    at_hours: float | None        # break-even hourly wage at `hours`
    at_full_time: float | None    # break-even hourly wage at full time (at `hours` when they are more)
    full_time_hours: float
    usual_low: float              # the usual range of hourly wages for the jobs asylum seekers get
    usual_high: float
    alone: bool                   # no other adult has paid work in the option: compared with no work

    @property
    def top(self) -> float:
        """The highest wage counted as realistic: the top of the usual range, or the wage offered if higher."""
        return max(self.usual_high, self.wage)

    @property
    def pays_at_hours(self) -> bool:
        """Some realistic wage makes it pay at the hours offered."""
        return self.at_hours is not None and self.at_hours <= self.top

    @property
    def pays_in_range(self) -> bool:
        """Some realistic wage makes it pay at some hours up to full time."""
        return self.at_full_time is not None and self.at_full_time <= self.top


def adult_break_evens(scenario: Scenario, rules: RuleSet, period: str = "month",
                      reference: float | None = None) -> list[list[AdultBreakEven]]:
    """For every compared option ('No work' first, an empty list), each adult's paid work, in adult order.
    `reference` is the no-work disposable income the options are compared with (simulate's)."""
    per = get_period(period)
    options = scenario.compared_options()
    full_time = float(rules["work.full_time_hours"])
    low, high = (float(v) for v in rules["work.usual_hourly_wage"])
    w = work_arrays(options)
    adult_of = np.zeros(w.kind.shape, dtype=int)
    for i, option in enumerate(options):
        for j, item in enumerate(option.work):
            adult_of[i, j] = item.adult
    paid = w.kind != _UNPAID
    cases = [(i, a) for i in range(len(options)) for a in range(len(scenario.household.adults))
             if (paid[i] & (adult_of[i] == a)).any()]
    out: list[list[AdultBreakEven]] = [[] for _ in options]
    if not cases:
        return out
    rows = np.array([i for i, _ in cases])
    vary = np.stack([paid[i] & (adult_of[i] == a) for i, a in cases])        # (cases, items)
    kind, hours, wage, transport = (a[rows] for a in (w.kind, w.hours, w.wage, w.transport))
    own_hours = np.where(vary, hours, 0.0).sum(-1)
    # At full time: the adult's paid hours raised to full time in proportion (shared equally when none are given).
    count = vary.sum(-1)
    scale = np.where(own_hours < full_time, full_time / np.where(own_hours > 0, own_hours, 1.0), 1.0)
    raised = np.where(own_hours[:, None] > 0, hours * scale[:, None], full_time / np.maximum(count, 1)[:, None])
    full_hours = np.where(vary, raised, hours)
    others_paid = (paid[rows] & ~vary).any(-1)
    h = household_floats(scenario)
    r = numeric(rules)
    # What each adult's work is compared with: the option without it, or no work when nothing paid is left.
    without = WorkItems(np.where(vary, _UNPAID, kind), np.where(vary, 0.0, hours), np.where(vary, 0.0, wage),
                        np.where(vary, 0.0, transport))
    base = np.where(others_paid, compute(h, without, r, per).disposable_income, reference)
    stacked = WorkItems(np.concatenate([kind, kind]), np.concatenate([hours, full_hours]),
                        np.concatenate([wage, wage]), np.concatenate([transport, transport]))
    varied = np.concatenate([vary, vary])
    x = _candidates(stacked, varied, r, per, compute(h, stacked, r, per))
    trial = WorkItems(stacked.kind[:, None, :], stacked.hours[:, None, :],
                      np.where(varied[:, None, :], x[..., None], stacked.wage[:, None, :]),
                      stacked.transport[:, None, :])
    gain = compute(h, trial, r, per).disposable_income - np.concatenate([base, base])[:, None]
    found = crossing(x, gain)
    n = len(cases)
    for k, (i, a) in enumerate(cases):
        items = [wk for wk in options[i].work if wk.adult == a and wk.paid]
        at_hours, at_full = found[k], found[n + k]
        out[i].append(AdultBreakEven(
            adult=a, kinds=tuple(wk.kind for wk in items), hours=float(own_hours[k]),
            wage=max(wk.hourly_wage for wk in items),
            at_hours=float(at_hours) if np.isfinite(at_hours) else None,
            at_full_time=float(at_full) if np.isfinite(at_full) else None,
            full_time_hours=max(full_time, float(own_hours[k])), usual_low=low, usual_high=high,
            alone=not bool(others_paid[k])))
    return out


def _candidates(w: WorkItems, vary: np.ndarray, r, per, budget) -> np.ndarray:
    """The wages (rows, points) at which each row's budget bends when its varied items' wage is set to x: the
    income base is the fixed part (the other items) plus x × the varied hours; the levels it must reach are
    the engine's own bends (where income starts to count, the allowances are used up, the charge starts and
    is capped); then two points past the last bend for the straight tail."""
    paid = w.kind != _UNPAID
    share = income_base_share(r)
    slope = share * np.where(vary, w.hours, 0.0).sum(-1) * per.weeks
    fixed = share * np.where(paid & ~vary, w.wage * w.hours, 0.0).sum(-1) * per.weeks
    start = budget.deducted
    exhausted = start + budget.allowances_used_up_at
    exempt = start + budget.charge_from
    capped = exempt + budget.charge_cap
    levels = np.broadcast_arrays(start, exhausted, exempt, capped, fixed)[:4]
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        x = (np.stack(levels, axis=-1) - fixed[:, None]) / slope[:, None]
    bends = np.sort(np.where(np.isfinite(x) & (x > TINY), x, TINY), axis=-1)
    last = bends[:, -1:]
    return np.concatenate([np.full_like(last, TINY), bends, last + 1.0, last * 2.0 + 1000.0], axis=-1)

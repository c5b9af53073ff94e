"""Each reform against the law for a caseload: the figures an analyst can quote, each with its range over
the RULES.md assumptions whose alternative can be computed.

Counts are weighted households, decided on the run's basis (a month, when `caseload_impact` runs it):
work pays when the gain from work is at least WORK_PAYS_MIN kr a month; work no longer costs money when the
gain is negative under the law and not negative under the reform. Amounts per period (gain changes,
distribution) are converted to the display period afterwards (`Impact.in_period`), so the counts never
depend on it; the state's flows are always per month and per year. Static: no behavioural response.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from ..periods import DAYS_PER_MONTH, DAYS_PER_YEAR, PERIODS, whole_kroner
from ..periods import period as get_period
from .run import DEFAULT_DATE, CaseloadRun, Reading, run_caseload, weighted_sum
from .schema import HOUSEHOLD_TYPES, HOUSING_NAMES, PHASE_NAMES, PROCEDURE_NAMES, Caseload, RowError

WORK_PAYS_MIN = 1.0               # kr a month: a gain below one krone is no reason to take a job
TOLERANCE = 0.005                 # half an øre: smaller amounts are float noise, not a gain or a change
MAX_BINS = 24                     # bars in the gain-change distribution, at most
FISCAL = ("allowances_paid", "charges", "tax_am")
_TOTAL_OF = {"allowances_paid": "allowances_paid", "charges": "charge", "tax_am": "tax_am"}


@dataclass(frozen=True)
class Figure:
    """A figure under the model's assumptions, and its value under each computable alternative."""

    value: float | None
    by_reading: Mapping[str, float | None]

    @property
    def low(self) -> float | None:
        known = [v for v in self.by_reading.values() if v is not None]
        return min(known, default=self.value)

    @property
    def high(self) -> float | None:
        known = [v for v in self.by_reading.values() if v is not None]
        return max(known, default=self.value)

    def scaled(self, factor: float) -> Figure:
        def s(x: float | None) -> float | None:
            return None if x is None else x * factor

        return Figure(s(self.value), {k: s(v) for k, v in self.by_reading.items()})


@dataclass(frozen=True)
class Group:
    """Winners and losers in one group of households (all, a household type, or a housing type).
    Changes are kr per period of the impact."""

    by: str                                # "all", "household_type", "housing", "phase" or "procedure"
    group: str
    households: float
    work_pays_law: float
    work_pays_reform: float
    winners: float
    losers: float
    unchanged: float
    mean_change: float | None
    median_change: float | None
    mean_change_winners: float | None
    median_change_winners: float | None
    mean_change_losers: float | None
    median_change_losers: float | None

    def scaled(self, f: float) -> Group:
        def s(x: float | None) -> float | None:
            return None if x is None else x * f

        return replace(self, mean_change=s(self.mean_change), median_change=s(self.median_change),
                       mean_change_winners=s(self.mean_change_winners),
                       median_change_winners=s(self.median_change_winners),
                       mean_change_losers=s(self.mean_change_losers),
                       median_change_losers=s(self.median_change_losers))


@dataclass(frozen=True)
class Bin:
    """A bar of the gain-change distribution: changes in [low, high) kr per period, households by type.
    The bar of unchanged households has low = high = 0."""

    low: float
    high: float
    households: Mapping[str, float]

    @property
    def unchanged(self) -> bool:
        return self.low == 0 and self.high == 0

    @property
    def label(self) -> str:
        return "no change" if self.unchanged else f"{whole_kroner(self.low):,.0f} to {whole_kroner(self.high):,.0f}"


@dataclass(frozen=True)
class RuleSetSummary:
    """One rule set on its own: who work pays for, and the state's flows, per month (weighted)."""

    name: str
    title: str
    reform: Mapping[str, Any]
    work_pays: Figure
    allowances_paid: Figure
    charges: Figure
    tax_am: Figure


@dataclass(frozen=True)
class ReformImpact:
    """A reform against the law. Counts in households; gain changes per period; the state's flows per month."""

    name: str
    title: str
    reform: Mapping[str, Any]
    work_pays_law: Figure
    work_pays_reform: Figure
    work_pays_change: Figure
    no_longer_costs: Figure                # gain < 0 under the law, ≥ 0 under the reform
    winners: Figure
    losers: Figure
    mean_gain_change: Figure               # kr per period, over all households
    median_gain_change: Figure
    change: Mapping[str, Figure]           # FISCAL item -> reform minus law, kr per month
    net_cost_per_month: Figure             # Δ allowances paid − Δ charges − Δ tax and AM
    net_cost_per_year: Figure
    groups: tuple[Group, ...]
    distribution: tuple[Bin, ...]
    # the distribution binned on round amounts of each period (`in_period` takes it, not scaled edges)
    distribution_by_period: Mapping[str, tuple[Bin, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Impact:
    """What each reform does against the law for a caseload (static: no behavioural response), with the
    rows of the file it covers: `households` of `rows_read`, the rest skipped (`row_errors`: the first)."""

    source: str
    date: str
    period: str                            # the period of the gain changes (counts do not depend on it)
    households: int                        # valid rows
    weighted_households: float
    rows_read: int                         # valid and skipped rows
    readings: tuple[Reading, ...]
    not_computed: tuple[str, ...]          # assumptions the results rest on whose alternative is not computed
    summaries: tuple[RuleSetSummary, ...]
    reforms: tuple[ReformImpact, ...]
    warnings: Mapping[str, float]
    skipped_rows: int = 0
    row_errors: tuple[RowError, ...] = ()

    def in_period(self, name: str) -> Impact:
        """The same impact with its gain changes in another period (counts and monthly flows unchanged)."""
        f = get_period(name).days / get_period(self.period).days
        if f == 1:
            return self
        reforms = tuple(replace(r, mean_gain_change=r.mean_gain_change.scaled(f),
                                median_gain_change=r.median_gain_change.scaled(f),
                                groups=tuple(g.scaled(f) for g in r.groups),
                                distribution=r.distribution_by_period.get(name) or tuple(
                                    replace(b, low=b.low * f, high=b.high * f) for b in r.distribution))
                        for r in self.reforms)
        return replace(self, period=name, reforms=reforms)

    def titled(self, titles: Mapping[str, str]) -> Impact:
        """The same impact with its rule sets' titles replaced by `titles` (name → title, e.g. in the reader's
        language: the core titles them in English)."""
        return replace(self,
                       summaries=tuple(replace(s, title=titles.get(s.name, s.title)) for s in self.summaries),
                       reforms=tuple(replace(r, title=titles.get(r.name, r.title)) for r in self.reforms))



def _weighted_median(v: np.ndarray, w: np.ndarray) -> float | None:
    """The weighted median of values already in ascending order (with equal weights, the ordinary median:
    the mean of the two middle values)."""
    if v.size == 0:
        return None
    cum = np.cumsum(w)
    half = cum[-1] / 2
    i = int(np.searchsorted(cum, half))
    if i < v.size - 1 and math.isclose(cum[i], half, rel_tol=1e-12, abs_tol=1e-12):
        return float((v[i] + v[i + 1]) / 2)
    return float(v[min(i, v.size - 1)])


def _mean(values: np.ndarray, weights: np.ndarray) -> float | None:
    total = weights.sum()
    return float(weighted_sum(values, weights) / total) if values.size and total > 0 else None


@dataclass(frozen=True)
class _Changes:
    """One reform's gain changes, sorted once so that every group's medians are slices, not new sorts."""

    order: np.ndarray
    delta: np.ndarray            # sorted ascending
    weight: np.ndarray           # in the same order
    works_law: np.ndarray        # work pays under the law, in the same order
    works_reform: np.ndarray

    @classmethod
    def of(cls, delta: np.ndarray, w: np.ndarray, works_law: np.ndarray, works_reform: np.ndarray) -> _Changes:
        order = np.argsort(delta)
        return cls(order, delta[order], w[order], works_law[order], works_reform[order])

    def sorted_like(self, values: np.ndarray) -> np.ndarray:
        """`values` (one per household) in the order of the sorted changes."""
        return values[self.order]

    def everyone(self) -> Group:
        return _group("all", "all", self.delta, self.weight, self.works_law, self.works_reform)

    def groups(self, by: str, names: Mapping[int, str], codes: np.ndarray) -> list[Group]:
        """A group for each code of `names` (in its order), `codes` (one per household) saying whose group.
        A stable partition of the sorted changes by code: each group is a slice, still sorted, holding its
        households in the same order as the sorted changes (so its sums and medians are the same)."""
        codes = self.sorted_like(codes).astype(np.uint8)     # small codes: numpy's stable sort is a radix sort
        by_code = np.argsort(codes, kind="stable")
        ends = np.cumsum(np.bincount(codes, minlength=max(names) + 1))
        parts = [x[by_code] for x in (self.delta, self.weight, self.works_law, self.works_reform)]
        out = []
        for code, name in names.items():
            rows = slice(int(ends[code - 1]) if code else 0, int(ends[code]))
            out.append(_group(by, name, *(x[rows] for x in parts)))
        return out


def _group(by: str, name: str, d: np.ndarray, wt: np.ndarray, works_law: np.ndarray,
           works_reform: np.ndarray) -> Group:
    """The group of households whose changes (ascending) are `d`, with their weights and where work pays."""
    down_end = int(np.searchsorted(d, -TOLERANCE, side="left"))     # d[:down_end] < -TOLERANCE
    up_start = int(np.searchsorted(d, TOLERANCE, side="right"))     # d[up_start:] > TOLERANCE
    down, up = slice(0, down_end), slice(up_start, None)
    return Group(by, name, float(wt.sum()), float(wt[works_law].sum()), float(wt[works_reform].sum()),
                 float(wt[up].sum()), float(wt[down].sum()), float(wt[down_end:up_start].sum()), _mean(d, wt),
                 _weighted_median(d, wt), _mean(d[up], wt[up]), _weighted_median(d[up], wt[up]),
                 _mean(d[down], wt[down]), _weighted_median(d[down], wt[down]))


def _nice_step(raw: float) -> float:
    """The smallest of 1, 2, 2.5, 5 × 10^k kroner that is at least `raw`."""
    exp = 10.0 ** math.floor(math.log10(max(raw, 1.0)))
    for m in (1.0, 2.0, 2.5, 5.0, 10.0):
        if m * exp >= raw:
            return m * exp
    return 10 * exp


def _distribution(delta: np.ndarray, w: np.ndarray, types: np.ndarray) -> tuple[Bin, ...]:
    """Bars of equal width over the changes, split by household type; unchanged households get their own bar."""
    up, down = delta > TOLERANCE, delta < -TOLERANCE
    same = ~up & ~down

    def by_type(mask: np.ndarray) -> dict[str, float]:
        return {t: float(w[mask & (types == k)].sum()) for k, t in enumerate(HOUSEHOLD_TYPES)}

    unchanged = Bin(0.0, 0.0, by_type(same))
    changed = ~same
    if not changed.any():
        return (unchanged,)
    lo, hi = min(0.0, float(delta[changed].min())), max(0.0, float(delta[changed].max()))
    step = _nice_step((hi - lo) / MAX_BINS)
    first, last = math.floor(lo / step), math.ceil(hi / step)
    if last == first:
        last += 1
    edges = np.arange(first, last + 1) * step
    counts = {}
    for k, t in enumerate(HOUSEHOLD_TYPES):   # equal-width bars: numpy counts them without sorting
        inside = changed & (types == k)
        counts[t] = np.histogram(delta[inside], edges.size - 1, (edges[0], edges[-1]), weights=w[inside])[0]
    bins = [Bin(float(edges[i]), float(edges[i + 1]), {t: float(counts[t][i]) for t in HOUSEHOLD_TYPES})
            for i in range(edges.size - 1)]
    negative = [b for b in bins if b.high <= 0]
    positive = [b for b in bins if b.low >= 0]
    return tuple(negative + [unchanged] + positive)


def _median(d: np.ndarray, w: np.ndarray) -> float | None:
    """The weighted median of `d` in any order: a selection, not a sort, when every weight is the same."""
    if d.size == 0:
        return None
    if w[0] > 0 and (w == w[0]).all():
        half = d.size // 2
        if d.size % 2:
            return float(np.partition(d, half)[half])
        low, high = np.partition(d, (half - 1, half))[half - 1: half + 1]
        return float((low + high) / 2)
    order = np.argsort(d)
    return _weighted_median(d[order], w[order])


def _median_by_reading(delta_all: np.ndarray, w: np.ndarray, model: _Changes) -> list[float | None]:
    """The weighted median gain change under each reading (the model's from its sorted changes)."""
    out = [_weighted_median(model.delta, model.weight)]
    for a in range(1, delta_all.shape[0]):
        d = delta_all[a]
        out.append(out[0] if np.array_equal(d, delta_all[0]) else _median(d, w))
    return out


def impact(run: CaseloadRun, cases: Caseload | None = None) -> Impact:
    """Each reform of `run` against the law: work pays, no longer costs money, winners and losers, the
    median and distribution of the change, and the net cost to the state per month and per year.

    Net cost to the state = Δ allowances paid − Δ charges collected − Δ tax and AM-bidrag collected (travel
    to an unpaid praktik that the centre covers is not counted). Counts are decided on the run's period
    (WORK_PAYS_MIN converted to it); `caseload_impact` runs per month so they never depend on the display.
    """
    per = run.period
    to_month = DAYS_PER_MONTH / per.days
    to_year = DAYS_PER_YEAR / per.days
    codes = [x.code for x in run.readings]
    w = run.weight

    def figure(values: Sequence[float | None]) -> Figure:
        clean = [None if v is None else float(v) for v in values]
        return Figure(clean[0], dict(zip(codes, clean, strict=True)))

    gains = run.gain_by_reading                                                     # (readings, rule sets, n)
    threshold = WORK_PAYS_MIN / to_month - TOLERANCE
    shape = gains[:, 0, :].shape                                                    # (readings, households)
    # Buffers reused for every rule set: a million households' fresh arrays cost their first touch.
    products, delta_all = np.empty(shape), np.empty(shape)
    flags, works, costs = np.empty(shape, bool), np.empty(shape, bool), np.empty(shape, bool)

    def over_households(values: np.ndarray) -> np.ndarray:
        """Σ values × weights per reading, through the reused buffer."""
        return weighted_sum(values, w, out=products)

    works_law, costs_law = gains[:, 0, :] >= threshold, gains[:, 0, :] < -TOLERANCE
    pays = np.empty(gains.shape[:2])                                                # (readings, rule sets)
    pays[:, 0] = over_households(works_law)
    month = {k: run.totals[_TOTAL_OF[k]] * to_month for k in FISCAL}
    month_change = {k: run.changes[_TOTAL_OF[k]] * to_month for k in FISCAL}
    housing_present = [int(c) for c in np.unique(run.housing)]
    reforms = []
    for i, s in enumerate(run.rule_sets[1:], start=1):
        np.greater_equal(gains[:, i, :], threshold, out=works)
        pays[:, i] = over_households(works)
        np.subtract(gains[:, i, :], gains[:, 0, :], out=delta_all)
        winners = over_households(np.greater(delta_all, TOLERANCE, out=flags))
        losers = over_households(np.less(delta_all, -TOLERANCE, out=flags))
        mean = over_households(delta_all) / w.sum()
        pays_change = over_households(np.subtract(works, works_law, out=products, dtype=np.float64))
        np.logical_not(np.less(gains[:, i, :], -TOLERANCE, out=costs), out=costs)
        no_longer = over_households(np.logical_and(costs_law, costs, out=flags))
        change = {k: figure(month_change[k][:, i]) for k in FISCAL}
        cost = month_change["allowances_paid"][:, i] - month_change["charges"][:, i] - month_change["tax_am"][:, i]
        delta = delta_all[0]
        sorted_changes = _Changes.of(delta, w, works_law[0], works[0])
        groups = [sorted_changes.everyone()]
        groups += sorted_changes.groups("household_type", dict(enumerate(HOUSEHOLD_TYPES)), run.household_type)
        groups += sorted_changes.groups("housing", {c: HOUSING_NAMES[c] for c in housing_present}, run.housing)
        for by, names, of in (("phase", PHASE_NAMES, run.phase), ("procedure", PROCEDURE_NAMES, run.procedure)):
            if of is not None:
                present = {int(c) for c in np.unique(of)}
                groups += sorted_changes.groups(by, {c: n for c, n in names.items() if c in present}, of)
        reforms.append(ReformImpact(
            s.name, s.title, s.reform, figure(pays[:, 0]), figure(pays[:, i]), figure(pays_change),
            figure(no_longer), figure(winners), figure(losers), figure(mean),
            figure(_median_by_reading(delta_all, w, sorted_changes)), change, figure(cost),
            figure(cost * to_year / to_month), tuple(groups), _distribution(delta, w, run.household_type),
            {name: _distribution(delta * (p.days / per.days), w, run.household_type)
             for name, p in PERIODS.items()}))
    summaries = tuple(RuleSetSummary(s.name, s.title, s.reform, figure(pays[:, i]),
                                     *(figure(month[k][:, i]) for k in FISCAL))
                      for i, s in enumerate(run.rule_sets))
    computed = {x.code for x in run.readings}
    not_computed = tuple(c for c in run.assumptions if c not in computed)
    return Impact(cases.source if cases is not None else "caseload", run.date.isoformat(), per.name,
                  int(w.size), float(w.sum()), int(w.size) + (cases.bad_rows if cases is not None else 0),
                  run.readings, not_computed, summaries, tuple(reforms), dict(run.law_warnings),
                  cases.bad_rows if cases is not None else 0, cases.errors if cases is not None else ())


def caseload_impact(cases: Caseload, date: Any = DEFAULT_DATE, reforms: Mapping[str, Any] | None = None,
                    period: str = "month", chunk_size: int | None = None,
                    progress: Callable[[float], None] | None = None) -> Impact:
    """`impact` of a monthly run with every computable assumption alternative, its gain changes shown per
    `period`: the one call the CLI and the app make."""
    run = run_caseload(cases, date, reforms, "month", chunk_size, alternatives=True, progress=progress)
    return impact(run, cases).in_period(period)

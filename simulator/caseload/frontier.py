"""A reform frontier: one reform parameter swept over a range on a whole caseload, each value a rule set of
ONE stacked run (`run_caseload`), and per value the three figures a reform is judged by: the net cost to the
state per year, the households for whom work pays, and those for whom work no longer costs money.

Each point's figures are computed by the same formulas as `impact` (the model's reading of the
assumptions), so a point equals what `caseload FILE --reform R --json` prints for the reform R that sets
the parameter to the point's value (`net_cost_per_year.value`, `work_pays.reform.value`,
`no_longer_costs.value`). Static model: no behavioural response (see run.py).
"""
from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import ScenarioError
from ..periods import DAYS_PER_MONTH, DAYS_PER_YEAR, round_money
from ..rules import parameters, validate_reform
from ..untrusted import quote
from .impact import _TOTAL_OF, TOLERANCE, WORK_PAYS_MIN
from .run import DEFAULT_DATE, run_caseload, weighted_sum
from .schema import Caseload

# The parameters a frontier sweeps (reforms with a number in them), each with what the sweep implies:
# a cap on the transport deduction only means something where transport is deducted.
PARAMETERS: dict[str, dict[str, Any]] = {
    "offset.disregard_per_month": {},
    "offset.rate": {},
    "charge.exempt_per_month": {},
    "offset.transport_deduction_cap_per_month": {"offset.deduct_transport": True},
}
# The range the page offers for each (from, to, steps): what the page draws when it opens.
RANGES: dict[str, tuple[float, float, int]] = {
    "offset.disregard_per_month": (0.0, 3000.0, 31),
    "offset.rate": (0.1, 1.0, 10),
    "charge.exempt_per_month": (0.0, 5000.0, 26),
    "offset.transport_deduction_cap_per_month": (0.0, 2000.0, 21),
}
STEPS = (2, 201)
_NUMBER = r"[-+]?[0-9]{1,9}(?:\.[0-9]{1,6})?"


@dataclass(frozen=True)
class FrontierPoint:
    value: float
    reform: Mapping[str, Any]            # the whole reform of the point (implied, base, the value)
    net_cost_per_year: float
    work_pays: float
    no_longer_costs: float

    def as_json(self) -> dict[str, Any]:
        return {"value": self.value, "net_cost_per_year": round_money(self.net_cost_per_year),
                "work_pays": round_money(self.work_pays), "no_longer_costs": round_money(self.no_longer_costs)}


@dataclass(frozen=True)
class Frontier:
    parameter: str
    base: Mapping[str, Any]              # what every point shares (the implied switches and any base reform)
    date: str
    households: int
    work_pays_law: float
    points: tuple[FrontierPoint, ...]

    def as_json(self) -> dict[str, Any]:
        return {"parameter": self.parameter, "base": dict(self.base), "rules_date": self.date,
                "households": self.households, "work_pays_law": round_money(self.work_pays_law),
                "points": [p.as_json() for p in self.points]}

    def rows(self) -> list[dict[str, Any]]:
        return [{"parameter": self.parameter, **p.as_json()} for p in self.points]


def parse_spec(text: str) -> tuple[str, float, float, int]:
    """`PARAM=FROM:TO:STEPS` → (param, from, to, steps); a bad spec raises ScenarioError naming the problem."""
    where = "--frontier"
    name, sep, rng = str(text).partition("=")
    name = name.strip()
    if not sep:
        raise ScenarioError.of(where, "frontier.spec", got=quote(text, 60))
    if name not in PARAMETERS:
        raise ScenarioError.of(where, "frontier.not_swept_of", got=quote(name, 60), names=", ".join(PARAMETERS))
    parts = rng.split(":")
    if len(parts) != 3 or not all(re.fullmatch(_NUMBER, p.strip()) for p in parts[:2]):
        raise ScenarioError.of(where, "frontier.range", got=quote(rng, 60))
    low, high = float(parts[0]), float(parts[1])
    if not re.fullmatch(r"[0-9]{1,4}", parts[2].strip()) or not STEPS[0] <= int(parts[2]) <= STEPS[1]:
        raise ScenarioError.of(where, "frontier.steps", low=STEPS[0], high=STEPS[1], got=quote(parts[2], 20))
    if not low < high:
        raise ScenarioError.of(where, "frontier.order", got=quote(rng, 60))
    return name, low, high, int(parts[2])


def values(low: float, high: float, steps: int) -> list[float]:
    """`steps` evenly spaced values from `low` to `high`, each rounded to 6 decimals (what a reform file says)."""
    return [round(low + (high - low) * i / (steps - 1), 6) for i in range(steps)]


def point_reform(parameter: str, value: float, base: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The reform of one point: the parameter's implied switches, the base reform, the value (validated)."""
    if parameter not in PARAMETERS:
        raise ScenarioError.of("frontier.parameter", "frontier.not_swept", got=quote(parameter, 60))
    return validate_reform({**PARAMETERS[parameter], **(base or {}), parameter: value})


def caseload_frontier(cases: Caseload, date: dt.date | str = DEFAULT_DATE, parameter: str = "",
                      points: list[float] | None = None, base: Mapping[str, Any] | None = None,
                      chunk_size: int | None = None) -> Frontier:
    """Every value of `points` as a reform setting `parameter` (on top of `base`), all in one stacked run of
    the caseload per month; per value the net cost per year, work pays and work no longer costs money."""
    if not points:
        raise ScenarioError.of("frontier.points", "frontier.no_points")
    spec = parameters()[parameter].reform_spec if parameter in PARAMETERS else None
    if spec is None:
        raise ScenarioError.of("frontier.parameter", "frontier.not_swept", got=quote(parameter, 60))
    reforms = {f"point-{i}": point_reform(parameter, v, base) for i, v in enumerate(points)}
    run = run_caseload(cases, date, reforms, "month", chunk_size, alternatives=False)
    # The formulas of `impact`, on the model's reading (index 0), for every rule set at once.
    to_month = DAYS_PER_MONTH / run.period.days
    to_year = DAYS_PER_YEAR / run.period.days
    w = run.weight
    gains = run.gain_by_reading[0]                                    # (rule sets, households)
    threshold = WORK_PAYS_MIN / to_month - TOLERANCE
    works = gains >= threshold
    pays = np.array([weighted_sum(works[i], w) for i in range(gains.shape[0])])
    costs_law = gains[0] < -TOLERANCE
    month_change = {k: run.changes[_TOTAL_OF[k]][0] * to_month for k in _TOTAL_OF}
    cost = month_change["allowances_paid"] - month_change["charges"] - month_change["tax_am"]
    out = []
    for i, v in enumerate(points, start=1):
        no_longer = weighted_sum(np.logical_and(costs_law, np.logical_not(gains[i] < -TOLERANCE)), w)
        out.append(FrontierPoint(float(v), reforms[f"point-{i - 1}"], float(cost[i] * to_year / to_month),
                                 float(pays[i]), float(no_longer)))
    if any(not math.isfinite(x) for p in out for x in (p.net_cost_per_year, p.work_pays, p.no_longer_costs)):
        raise ScenarioError.of("frontier", "frontier.not_finite")
    shared = {k: v for k, v in out[0].reform.items() if k != parameter}
    return Frontier(parameter, shared, run.date.isoformat(), int(w.size), float(pays[0]), tuple(out))

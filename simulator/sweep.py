"""Earnings curves: every option's budget over hours per week or hourly wage, law and reform, in one pass."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from .arrays import household_floats, with_reference_row, work_arrays
from .codes import WorkKind
from .engine import WorkItems, compute
from .errors import ScenarioError, quoted
from .params import numeric
from .periods import period as get_period
from .rules import rules_at

if TYPE_CHECKING:   # pydantic's models are imported when a scenario is parsed, not with the package
    from .models import Scenario

MAX_HOURS = 45.0


@dataclass(frozen=True)
class Sweep:
    """Budgets on a grid: arrays are (rule sets, options, points)."""

    over: str                      # "hours" or "wage"
    x: np.ndarray                  # (points,)
    options: list[str]
    rule_sets: list[str]           # "law", then "reform" when the scenario has one
    period: str
    disposable: np.ndarray
    gain: np.ndarray
    allowances_paid: np.ndarray
    net_wage: np.ndarray
    accommodation_charge: np.ndarray
    offset: np.ndarray

    def flat(self) -> np.ndarray:
        """True where the next step along x adds nothing to the disposable income (rule sets, options, points)."""
        step = np.diff(self.disposable, axis=-1)
        return np.concatenate([step <= 1e-9, np.zeros(step.shape[:-1] + (1,), dtype=bool)], axis=-1)

    def rows(self) -> list[dict[str, Any]]:
        """Tidy rows (one per rule set × option × point) for charts, tables and CSV."""
        out = []
        flat = self.flat()
        for r, rule in enumerate(self.rule_sets):
            for o, name in enumerate(self.options):
                for p, x in enumerate(self.x):
                    out.append({
                        "rules": rule, "option": name, self.over_column: float(x),
                        "disposable_income": float(self.disposable[r, o, p]),
                        "gain_vs_no_work": float(self.gain[r, o, p]),
                        "allowances_paid": float(self.allowances_paid[r, o, p]),
                        "net_wage": float(self.net_wage[r, o, p]),
                        "accommodation_charge": float(self.accommodation_charge[r, o, p]),
                        "extra_hour_earns_nothing": bool(flat[r, o, p]),
                    })
        return out

    @property
    def over_column(self) -> str:
        return "hours_per_week" if self.over == "hours" else "hourly_wage"


def default_grid(scenario: Scenario, over: str, points: int) -> np.ndarray:
    """Hours 0–45 (whole hours on the grid), or wages from 0 to twice the highest wage offered."""
    if over == "hours":
        return _grid(MAX_HOURS, points)
    wages = [w.hourly_wage for o in scenario.options for w in o.work if w.kind != "unpaid_praktik"]
    top = max([300.0] + [2 * x for x in wages])
    return _grid(float(np.ceil(top / 50) * 50), points)


@lru_cache(maxsize=64)
def _grid(top: float, points: int) -> np.ndarray:
    """0 .. top in `points` steps, read-only: shared by every sweep that asks for it."""
    grid = np.linspace(0.0, top, points)
    grid.flags.writeable = False
    return grid


# The budget lines a sweep keeps, in the order of Sweep's fields.
SWEPT_LINES = ("disposable_income", "allowances_paid", "net_wage", "accommodation_charge", "offset")
GRID_POINTS = 181  # 45 hours in steps of a quarter hour: whole hours fall on the grid
POINTS_RANGE = (2, 10_001)  # a curve needs two points; 10,001 is a hundredth of an hour over 0-100 h


def sweep(scenario: Scenario | Mapping[str, Any], over: str = "hours", x: np.ndarray | None = None,
          period: str = "month", reform: Mapping[str, Any] | None = None, points: int | None = None) -> Sweep:
    """Every option with its paid items' hours (or hourly wage) set to each x, under the law and the reform."""
    from .models import Scenario, parse_scenario
    if not isinstance(scenario, Scenario):
        scenario = parse_scenario(dict(scenario))
    if over not in ("hours", "wage"):
        raise ScenarioError.of("over", "sweep.over", got=quoted(over))
    per = get_period(period)
    if points is not None and not (type(points) is int and POINTS_RANGE[0] <= points <= POINTS_RANGE[1]):
        raise ScenarioError.of("points", "sweep.points", low=POINTS_RANGE[0], high=POINTS_RANGE[1], got=quoted(points))
    grid = default_grid(scenario, over, points or GRID_POINTS) if x is None else np.asarray(x, dtype=np.float64)
    reform = scenario.reform if reform is None else reform
    sets = [rules_at(scenario.date)]
    labels = ["law"]
    if reform:
        sets.append(rules_at(scenario.date, reform))
        labels.append("reform")
    stacked = (len(sets), 1, 1)
    options = scenario.compared_options()[1:]  # 'No work' is the reference line (gain 0), not a curve
    if not options:
        raise ScenarioError.of("options", "sweep.no_work")
    # One engine pass: the options' curves, then the no-work reference as one more row (as `simulate`).
    # Only the swept field has the points axis; the others broadcast against it in the engine.
    n = len(options)
    rows = with_reference_row(household_floats(scenario), n)                   # (options + 1, 1): one per row
    w = work_arrays(options, no_work_row=True)                                  # (options + 1, items)
    paid = (w.kind != int(WorkKind.UNPAID_PRAKTIK))[:, None, :]                 # the no-work row is unpaid
    fixed = {k: a[:, None, :] for k, a in vars(w).items()}                      # (options + 1, 1, items)
    swept = "hours" if over == "hours" else "wage"
    fixed[swept] = np.where(paid, grid[None, :, None], fixed[swept])            # (options + 1, points, items)
    work = WorkItems(**fixed)
    budget = vars(compute(rows, work, numeric(sets, stacked), per, broadcast=False))   # only SWEPT_LINES are read
    # every line with the rule sets' axis in full (a line reading no parameter the reform changes has length 1)
    full = (len(sets),) + budget["disposable_income"].shape[1:]
    disposable, *lines = ((a if a.shape == full else np.broadcast_to(a, full)) for a in map(budget.get, SWEPT_LINES))
    reference = disposable[:, n:, :1]
    disposable, lines = disposable[:, :n], [a[:, :n] for a in lines]
    return Sweep(over, grid, [o.name for o in options], labels, per.name, disposable, disposable - reference,
                 *lines)

"""What a simulation returns: the budget lines of each option, its gain, break-even and warnings, and the
trace that explains every number. `as_json()` gives the public JSON of SCENARIO_FORMAT.md."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from .breakeven import BreakEven
from .eligibility import Warning
from .periods import round_money

# The JSON fields of an option, in contract order, and the budget line each comes from.
MONEY_FIELDS = (
    "gross_wage", "labour_market_contribution", "income_tax", "net_wage", "basic_allowance",
    "supplementary_allowance", "child_supplement", "allowances_before_offset", "offset", "allowances_paid",
    "accommodation_charge", "transport", "housing_cost", "disposable_income", "gain_vs_no_work",
)


@dataclass(frozen=True)
class ParameterUse:
    """A parameter a step used: public path, the value, and where it comes from."""

    path: str
    value: Any
    unit: str
    status: str
    source: str
    url: str


@dataclass(frozen=True)
class Step:
    """One line of the calculation: its value, the formula with the numbers filled in, and its sources."""

    name: str
    label: str
    value: float
    formula: str
    parameters: tuple[ParameterUse, ...] = ()
    assumptions: tuple[str, ...] = ()
    rule: str = ""


@dataclass(frozen=True)
class OptionResult:
    name: str
    lines: dict[str, float]
    hours_per_week: float
    participation_tax_rate: float | None
    gain_per_hour: float | None
    break_even: BreakEven
    warnings: list[Warning]
    explain: Callable[[], list[Step]] | None = field(default=None, repr=False, compare=False)

    @cached_property
    def trace(self) -> list[Step]:
        """The steps that explain this option's numbers (built when first asked for)."""
        return self.explain() if self.explain is not None else []

    @property
    def disposable_income(self) -> float:
        return self.lines["disposable_income"]

    @property
    def gain(self) -> float:
        return self.lines["gain_vs_no_work"]

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name}
        out.update({k: round_money(self.lines[k]) for k in MONEY_FIELDS})
        out["participation_tax_rate"] = None if self.participation_tax_rate is None else round(
            self.participation_tax_rate, 6)
        out["gain_per_hour"] = None if self.gain_per_hour is None else round_money(self.gain_per_hour)
        out["break_even_hourly_wage"] = None if self.break_even.hourly_wage is None else round_money(
            self.break_even.hourly_wage)
        out["break_even_hours_per_week"] = None if self.break_even.hours_per_week is None else round(
            self.break_even.hours_per_week, 2)
        out["warnings"] = [w.as_json() for w in self.warnings]
        return out


@dataclass(frozen=True)
class Result:
    rules_date: str
    period: str
    reform: dict[str, Any]
    assumptions: list[str]
    options: list[OptionResult]
    title: str | None = None
    effects: list = field(default_factory=list)   # assumptions.AssumptionEffect, one per assumption code

    def option(self, name: str) -> OptionResult:
        return next(o for o in self.options if o.name == name)

    def as_json(self) -> dict[str, Any]:
        return {
            "schema_version": 1,
            "rules_date": self.rules_date,
            "period": self.period,
            "reform": dict(self.reform),
            "assumptions": list(self.assumptions),
            "options": [o.as_json() for o in self.options],
        }

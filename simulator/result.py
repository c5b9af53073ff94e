"""What a simulation returns: the budget lines of each option, its gain, break-even and warnings, and the
trace that explains every number. `as_json()` gives the public JSON of SCENARIO_FORMAT.md."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from .breakeven import BreakEven, BreakEvens
from .eligibility import EligibilityWarning
from .formula import Formula
from .formula import evaluate as formula_value
from .periods import round_money
from .source import Source

# The JSON fields of an option, in contract order, and the budget line each comes from.
MONEY_FIELDS = (
    "gross_wage", "labour_market_contribution", "income_tax", "net_wage", "basic_allowance",
    "supplementary_allowance", "child_supplement", "allowances_before_offset", "offset", "allowances_paid",
    "accommodation_charge", "transport", "housing_cost", "disposable_income", "gain_vs_no_work",
)


@dataclass(frozen=True)
class ParameterUse:
    """A parameter a step used: public path, Danish name, the value, and where it comes from."""

    path: str
    value: Any
    unit: str
    status: str
    source: Source          # title, paragraph, href, quote, note (simulator/source.py)
    danish: str = ""
    reference: str = ""     # the provision the parameter belongs to (UDL § 42 b)


@dataclass(frozen=True)
class Number:
    """A number in a step's formula: its value, its unit (how it is shown) and the term that names it
    (`trace.term.<term>` in the catalogues; empty when the number speaks for itself)."""

    value: float
    unit: str      # kr, kr_day, kr_hour, share, factor, count, hours, days, weeks
    term: str = ""


# A step's formula: a number's name or (operator, operand, …): add, sub (first minus the rest), mul, div, min,
# max — what steps.py declares, with each choice resolved as the engine made it (formula.py).


@dataclass(frozen=True)
class Citation:
    """A provision of the law in force on the scenario's date, with its words where the trace quotes them."""

    cite: str
    url: str = ""
    wording: str = ""


@dataclass(frozen=True)
class Step:
    """One line of the calculation as data: its value, the formula over named numbers, a note (message key
    `trace.note.<note>`, filled with `note_values`), the parameters and the law it rests on."""

    name: str                                   # the budget line (`line.<name>` in the catalogues)
    value: float
    formula: Formula
    numbers: Mapping[str, Number]
    note: str = ""
    note_values: Mapping[str, Any] = field(default_factory=dict)
    parameters: tuple[ParameterUse, ...] = ()
    law: tuple[Citation, ...] = ()
    assumptions: tuple[str, ...] = ()           # assumption codes this step rests on

    def evaluate(self) -> float:
        """The formula computed from the step's numbers (it equals `value`)."""
        return evaluate(self.formula, self.numbers)


def evaluate(formula: Formula, numbers: Mapping[str, Number]) -> float:
    """The value of `formula` with its names read from `numbers`, by the engine's own arithmetic (formula.py)."""
    return formula_value(formula, {name: n.value for name, n in numbers.items()})


@dataclass(frozen=True)
class OptionResult:
    name: str
    lines: dict[str, float]
    hours_per_week: float
    participation_tax_rate: float | None
    gain_per_hour: float | None
    break_evens: BreakEvens                      # every option's break-even, computed when first read
    warnings: list[EligibilityWarning]
    explain: Callable[[], list[Step]] | None = field(default=None, repr=False, compare=False)
    index: int = 0                               # this option's place among `break_evens`

    @property
    def break_even(self) -> BreakEven:
        """Where this option starts to beat no work (computed with every option's on first read)."""
        return self.break_evens[self.index]

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

"""Day ↔ month ↔ 14 days: the named conversion factors of RULES.md section 8, in one place.

Amounts are stored in the period their source uses (rates per day, wages per hour and week, rent and
commuter cards per month) and converted only through a `Period`. Amounts are rounded only where they
are shown, by one rule (`shown`).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

DAYS_PER_YEAR = 365
WEEKS_PER_YEAR = 52
MONTHS_PER_YEAR = 12
DAYS_PER_MONTH = DAYS_PER_YEAR / MONTHS_PER_YEAR      # 30.4167: RULES.md section 8
WEEKS_PER_MONTH = WEEKS_PER_YEAR / MONTHS_PER_YEAR    # 4.3333: RULES.md section 8
HOURS_PER_WEEK_MAX = 7 * 24                           # a week has no more hours than this
_ORE = Decimal("0.01")                                # kroner are shown to the øre or to the krone


@dataclass(frozen=True)
class Period:
    """A payment period: how many days and weeks it holds, and what a monthly amount becomes in it."""

    name: str
    days: float
    weeks: float
    label: str
    per_month: float = field(init=False)   # factor turning an amount per month into one per this period

    def __post_init__(self):
        # a field, not a property: the engine reads it several times for every household it computes
        object.__setattr__(self, "per_month", self.days / DAYS_PER_MONTH)

    @property
    def days_text(self) -> str:
        return "365/12" if self.name == "month" else f"{self.days:g}"

    @property
    def weeks_text(self) -> str:
        return "52/12" if self.name == "month" else f"{self.weeks:g}"


MONTH = Period("month", DAYS_PER_MONTH, WEEKS_PER_MONTH, "per month")
FOURTEEN_DAYS = Period("14d", 14.0, 2.0, "per 14 days")  # allowances are paid every 14 days (UDL § 42 b)
PERIODS = {p.name: p for p in (MONTH, FOURTEEN_DAYS)}


def period(name: str) -> Period:
    """The period called `name` ('month' or '14d')."""
    try:
        return PERIODS[name]
    except KeyError:
        raise ValueError(f"period: must be one of {', '.join(PERIODS)} (got {name!r})") from None


def shown(amount: float, decimals: int = 0) -> float:
    """An amount as every surface shows it — the one rounding rule (README, "One number everywhere").

    Money is first rounded to the øre, as the JSON gives it, then to `decimals` (whole kroner by default),
    each time half away from zero on the amount's shortest decimal text: 2,989.5 → 2,990 and −2,989.5 →
    −2,990 (Python's round() would give the even 2,990 but 2,988.5 → 2,988), and 2,989.4999999999995, a
    sum that means 2,989.50, → 2,989.50 → 2,990. So a card, a waterfall, a table, a PDF and the CLI show
    the same number, and each is the JSON's amount rounded. More than 2 decimals (a rate) round directly.
    Not finite: returned as it is."""
    x = float(amount)
    if not math.isfinite(x):
        return x
    try:
        d = Decimal(repr(x))
        if decimals <= 2:
            d = d.quantize(_ORE, rounding=ROUND_HALF_UP)
        d = d.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    except InvalidOperation:     # beyond Decimal's 28 digits: no amount the simulator computes
        return round(x, decimals) + 0.0
    return float(d) + 0.0      # never −0


def decimals_needed(x: float, most: int) -> int:
    """The fewest decimals, at most `most`, that show `x` as it is, float noise aside: 303.0 needs none,
    0.08 two, 0.1 + 0.2 one. The one rule for a rate, a limit or a parameter's value written in a sentence
    (errors, the trace, the reform editor); amounts of money are `shown` instead."""
    return next((d for d in range(most + 1) if abs(round(x, d) - x) < 1e-9), most)


def round_money(amount: float) -> float:
    """Kroner to the øre by the one rule (`shown`): what the JSON, the CSV and the tables give."""
    return shown(amount, 2)


def whole_kroner(amount: float) -> float:
    """Kroner as cards, charts, the PDF and the CLI table show them (`shown`, to whole kroner)."""
    return shown(amount, 0)

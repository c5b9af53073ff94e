"""Day ↔ month ↔ 14 days: the named conversion factors of RULES.md section 8, in one place.

Amounts are stored in the period their source uses (rates per day, wages per hour and week, rent and
commuter cards per month) and converted only through a `Period`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

DAYS_PER_YEAR = 365
WEEKS_PER_YEAR = 52
MONTHS_PER_YEAR = 12
DAYS_PER_MONTH = DAYS_PER_YEAR / MONTHS_PER_YEAR      # 30.4167: RULES.md section 8
WEEKS_PER_MONTH = WEEKS_PER_YEAR / MONTHS_PER_YEAR    # 4.3333: RULES.md section 8
HOURS_PER_WEEK_MAX = 7 * 24                           # a week has no more hours than this


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


def round_money(amount: float) -> float:
    """Round kroner to the øre. The only place money is rounded: at the edge (JSON, display)."""
    return round(float(amount) + 0.0, 2)

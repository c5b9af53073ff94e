"""The page's inputs as a flat dict of widget values, and the scenario they describe (both ways, pure).

The page edits each option as one kind of work that adult 1, adult 2 or both take, with its hours, pay
and commuter card. A file whose option holds other combinations is shown simplified, and says so.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Any

from simulator.models import NO_WORK, Scenario, parse_scenario
from simulator.periods import WEEKS_PER_MONTH
from simulator.scenario_files import load_scenario

MAX_OPTIONS = 6
# The widgets' ranges. Streamlit silently resets a widget whose value lies outside its range to the minimum,
# so a link or file with a larger value must be refused (share.decode) or clamped with a note (to_state).
DATE_RANGE = (dt.date(2013, 1, 1), dt.date(2030, 12, 31))
LIMITS: dict[str, tuple[float, float]] = {
    "children": (0, 12),
    "months": (0, 600),
    "housing_cost": (0.0, 100_000.0),
    "charge_amount": (0.0, 100_000.0),
    "hours": (0.0, 168.0),
    "wage": (0.0, 10_000.0),
    "monthly": (0.0, 1_000_000.0),
    "transport": (0.0, 100_000.0),
}
DEFAULT_FILE = Path(__file__).parent / "default_scenario.yaml"
WHO = ("adult_1", "adult_2", "both")
STATE_KEYS = ("date", "adults", "couple", "children", "phase", "procedure", "housing", "housing_cost",
              "has_housing_cost", "charge_mode", "charge_amount", "transport_reform", "reform_other", "n_options",
              "title", "months_0", "months_1", "kept_0", "kept_1")
OPTION_FIELDS = ("name", "who", "kind", "hours", "wage", "pay_mode", "monthly", "transport")


@lru_cache(maxsize=1)
def _default_file() -> Scenario:
    return load_scenario(DEFAULT_FILE)


def default_scenario(today: dt.date | None = None) -> Scenario:
    """The scenario a fresh page opens with, dated today."""
    return _default_file().model_copy(update={"date": today or dt.date.today()})


def _clamp(field: str, value: float, what: str, notes: list[str]) -> float:
    """`value` inside the widget's range; a note says when it had to be moved."""
    low, high = LIMITS[field]
    if low <= value <= high:
        return value
    notes.append(f"{what}: {value:,.2f} is outside what the page takes ({low:,.0f} to {high:,.0f}); "
                 f"{high if value > high else low:,.0f} is used.")
    return min(max(value, low), high)


def to_state(scenario: Scenario) -> tuple[dict[str, Any], list[str]]:
    """Widget values for a scenario, and notes on anything the page had to simplify."""
    hh = scenario.household
    notes: list[str] = []
    date = min(max(scenario.date, DATE_RANGE[0]), DATE_RANGE[1])
    if date != scenario.date:
        notes.append(f"The date {scenario.date.isoformat()} is outside what the page takes; "
                     f"{date.isoformat()} is used.")
    s: dict[str, Any] = {
        "date": date,
        "adults": len(hh.adults),
        "couple": bool(hh.couple),
        "children": hh.children,
        "phase": hh.phase,
        "procedure": hh.procedure,
        "housing": hh.housing,
        "housing_cost": _clamp("housing_cost", float(hh.housing_cost_per_month or 0.0), "Rent", notes),
        "has_housing_cost": hh.housing_cost_per_month is not None,
        "charge_mode": scenario.accommodation_charge.mode,
        "charge_amount": _clamp("charge_amount", float(scenario.accommodation_charge.amount_per_month),
                                "Accommodation charge", notes),
        "transport_reform": bool(scenario.reform.get("offset.deduct_transport", False)),
        "reform_other": {k: v for k, v in scenario.reform.items() if k != "offset.deduct_transport"},
        "n_options": 0,
        "title": scenario.title or "",
    }
    for i, adult in enumerate(hh.adults):
        s[f"months_{i}"] = adult.months_since_application
        s[f"kept_{i}"] = adult.contract_kept
    if len(hh.adults) == 1:
        s["months_1"], s["kept_1"] = hh.adults[0].months_since_application, True
    # A listed, empty "No work" is the reference every page shows first: as an option it would be a duplicate.
    options = [o for o in scenario.options if not (o.name == NO_WORK and not o.work)]
    if len(options) > MAX_OPTIONS:
        notes.append(f"Only the first {MAX_OPTIONS} of {len(options)} options are shown.")
    s["n_options"] = min(len(options), MAX_OPTIONS)
    for i, option in enumerate(options[:MAX_OPTIONS]):
        work = option.work
        first = work[0] if work else None
        adults = sorted({w.adult for w in work})
        who = "both" if adults == [0, 1] else ("adult_2" if adults == [1] else "adult_1")
        same = all((w.kind, w.hours_per_week, round(w.hourly_wage, 2), w.transport_per_month) ==
                   (first.kind, first.hours_per_week, round(first.hourly_wage, 2), first.transport_per_month)
                   for w in work) if first else True
        if len(work) > len(adults) or not same:
            notes.append(f"“{option.name}”: its {len(work)} work items are shown as one job taken by "
                         f"{'both adults' if who == 'both' else 'one adult'}; "
                         "download the file to keep them all.")
        s[f"opt{i}_name"] = option.name
        s[f"opt{i}_who"] = who
        s[f"opt{i}_kind"] = first.kind if first else "job"
        s[f"opt{i}_hours"] = float(first.hours_per_week) if first else 0.0
        s[f"opt{i}_wage"] = _clamp("wage", round(float(first.hourly_wage), 2),
                                   f"“{option.name}”, hourly wage", notes) if first else 0.0
        s[f"opt{i}_pay_mode"] = "hourly"
        # Shown only if the counsellor switches to monthly pay: kept inside its widget's range, no note.
        monthly = round(s[f"opt{i}_wage"] * first.hours_per_week * WEEKS_PER_MONTH, 2) if first else 0.0
        s[f"opt{i}_monthly"] = min(monthly, LIMITS["monthly"][1])
        s[f"opt{i}_transport"] = float(first.transport_per_month) if first else 0.0
    return s, notes


def from_state(s: dict[str, Any]) -> Scenario:
    """The scenario the widget values describe (raises ScenarioError when they do not make one)."""
    adults = int(s["adults"])
    options = []
    for i in range(int(s["n_options"])):
        who = s[f"opt{i}_who"]
        if adults == 1:
            who = "adult_1"
        kind = s[f"opt{i}_kind"]
        hours = float(s[f"opt{i}_hours"])
        item: dict[str, Any] = {"kind": kind, "hours_per_week": hours,
                                "transport_per_month": float(s[f"opt{i}_transport"])}
        if kind == "unpaid_praktik":
            item["hourly_wage"] = 0.0
        elif s.get(f"opt{i}_pay_mode") == "monthly" and hours > 0:
            item["hourly_wage"] = float(s[f"opt{i}_monthly"]) / (hours * WEEKS_PER_MONTH)
        else:
            item["hourly_wage"] = float(s[f"opt{i}_wage"])
        takers = {"adult_1": [0], "adult_2": [1], "both": [0, 1]}[who]
        options.append({"name": s[f"opt{i}_name"].strip() or f"Option {i + 1}",
                        "work": [dict(item, adult=a) for a in takers]})
    reform = dict(s.get("reform_other") or {})
    if s.get("transport_reform"):
        reform["offset.deduct_transport"] = True
    data = {
        "schema_version": 1,
        "title": s.get("title") or None,
        "date": s["date"],
        "household": {
            "adults": [{"months_since_application": int(s[f"months_{i}"]),
                        "contract_kept": bool(s[f"kept_{i}"])} for i in range(adults)],
            "couple": bool(s["couple"]) and adults == 2,
            "children": int(s["children"]),
            "phase": int(s["phase"]),
            "procedure": s["procedure"],
            "housing": s["housing"],
            "housing_cost_per_month": float(s["housing_cost"]) if (s.get("has_housing_cost") or
                                                                     s["housing"] == "own_housing") else None,
        },
        "accommodation_charge": {"mode": s["charge_mode"], "amount_per_month": float(s["charge_amount"])},
        "reform": reform,
        "options": options,
    }
    return parse_scenario(data)


def new_option(i: int) -> dict[str, Any]:
    """Widget values of an added option: a copy of the default part-time job."""
    base, _ = to_state(default_scenario())
    return {f"opt{i}_{k}": base[f"opt0_{k}"] for k in ("who", "kind", "hours", "wage", "pay_mode", "monthly",
                                                        "transport")} | {f"opt{i}_name": f"Option {i + 1}"}

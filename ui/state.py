"""The page's inputs as a flat dict of widget values, and the scenario they describe (both ways, pure).

The page edits each option as one kind of work that adult 1, adult 2 or both take, with its hours, pay
and commuter card. A file whose option holds other combinations is shown simplified, and says so.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Any

from simulator.models import Scenario, parse_scenario
from simulator.scenario_files import load_scenario
from simulator.periods import WEEKS_PER_MONTH

MAX_OPTIONS = 6
DEFAULT_FILE = Path(__file__).parent / "default_scenario.yaml"
WHO = ("adult_1", "adult_2", "both")
OPTION_FIELDS = ("name", "who", "kind", "hours", "wage", "pay_mode", "monthly", "transport")


@lru_cache(maxsize=1)
def _default_file() -> Scenario:
    return load_scenario(DEFAULT_FILE)


def default_scenario(today: dt.date | None = None) -> Scenario:
    """The scenario a fresh page opens with, dated today."""
    return _default_file().model_copy(update={"date": today or dt.date.today()})


def to_state(scenario: Scenario) -> tuple[dict[str, Any], list[str]]:
    """Widget values for a scenario, and notes on anything the page had to simplify."""
    hh = scenario.household
    notes: list[str] = []
    s: dict[str, Any] = {
        "date": scenario.date,
        "adults": len(hh.adults),
        "couple": bool(hh.couple),
        "children": hh.children,
        "phase": hh.phase,
        "procedure": hh.procedure,
        "housing": hh.housing,
        "housing_cost": float(hh.housing_cost_per_month or 0.0),
        "has_housing_cost": hh.housing_cost_per_month is not None,
        "charge_mode": scenario.accommodation_charge.mode,
        "charge_amount": float(scenario.accommodation_charge.amount_per_month),
        "transport_reform": bool(scenario.reform.get("offset.deduct_transport", False)),
        "reform_other": {k: v for k, v in scenario.reform.items() if k != "offset.deduct_transport"},
        "n_options": min(len(scenario.options), MAX_OPTIONS),
        "title": scenario.title or "",
    }
    for i, adult in enumerate(hh.adults):
        s[f"months_{i}"] = adult.months_since_application
        s[f"kept_{i}"] = adult.contract_kept
    if len(hh.adults) == 1:
        s["months_1"], s["kept_1"] = hh.adults[0].months_since_application, True
    if len(scenario.options) > MAX_OPTIONS:
        notes.append(f"Only the first {MAX_OPTIONS} of {len(scenario.options)} options are shown.")
    for i, option in enumerate(scenario.options[:MAX_OPTIONS]):
        work = option.work
        first = work[0] if work else None
        adults = sorted({w.adult for w in work})
        who = "both" if adults == [0, 1] else ("adult_2" if adults == [1] else "adult_1")
        same = all((w.kind, w.hours_per_week, round(w.hourly_wage, 2), w.transport_per_month) ==
                   (first.kind, first.hours_per_week, round(first.hourly_wage, 2), first.transport_per_month)
                   for w in work) if first else True
        if len(work) > len(adults) or not same:
            notes.append(f"“{option.name}”: its {len(work)} work items are shown as one job taken by "
                         f"{'both adults' if who == 'both' else 'one adult'}; download the file to keep them all.")
        s[f"opt{i}_name"] = option.name
        s[f"opt{i}_who"] = who
        s[f"opt{i}_kind"] = first.kind if first else "job"
        s[f"opt{i}_hours"] = float(first.hours_per_week) if first else 0.0
        s[f"opt{i}_wage"] = round(float(first.hourly_wage), 2) if first else 0.0
        s[f"opt{i}_pay_mode"] = "hourly"
        s[f"opt{i}_monthly"] = round(float(first.hourly_wage * first.hours_per_week * WEEKS_PER_MONTH), 2) if first else 0.0
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
            "adults": [{"months_since_application": int(s[f"months_{i}"]), "contract_kept": bool(s[f"kept_{i}"])}
                       for i in range(adults)],
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

"""The reform editor's pure parts: every public parameter with the value in force, its source and status,
and the edited values turned into a validated reform (with one message per bad value)."""
from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from simulator.errors import ScenarioError
from simulator.rules import rules_at, validate_reform

COLUMNS = ("parameter", "description", "in_force", "unit", "status", "source", "new_value")


def parameter_table(date: dt.date) -> pd.DataFrame:
    """One row per public parameter (RULES.md section 9): path, description, value in force, unit, status,
    source, and an empty column for the reform's value."""
    rules = rules_at(date)
    rows = []
    for path, entry in rules.entries.items():
        p = entry.parameter
        if not p.public:
            continue
        rows.append({"parameter": path, "description": p.description, "in_force": _text(entry.value),
                     "unit": p.unit + (f"/{p.period}" if p.period not in ("none", "") else ""),
                     "status": entry.status, "source": entry.source.text, "new_value": ""})
    return pd.DataFrame(rows, columns=list(COLUMNS))


def value_text(value: Any) -> str:
    """A value as the editor shows and reads it back (`_parse`): true/false, a plain number, a word."""
    return _text(value)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return (f"{value:g}" if abs(value) < 1e6 else f"{value:.0f}") if isinstance(value, float) else str(value)


def _parse(text: str) -> Any:
    """A typed value from what was typed: true/false, a number (comma or point), or a word."""
    word = text.strip()
    if word.lower() in ("true", "false"):
        return word.lower() == "true"
    try:
        number = float(word.replace(",", "."))
    except ValueError:
        return word
    return int(number) if number.is_integer() and "." not in word and "," not in word else number


def reform_from_table(table: pd.DataFrame, date: dt.date) -> tuple[dict[str, Any], list[str]]:
    """The reform the edited table describes, and a message for every value that could not be used."""
    reform: dict[str, Any] = {}
    problems: list[str] = []
    for _, row in table.iterrows():
        raw = row.get("new_value")
        if raw is None or (isinstance(raw, float) and raw != raw) or str(raw).strip() == "":
            continue
        path = str(row["parameter"])
        try:
            reform.update(validate_reform({path: _parse(str(raw))}))
        except ScenarioError as exc:
            problems.append(str(exc))
    try:
        rules_at(date, reform)
    except ScenarioError as exc:
        problems.append(str(exc))
        reform = {}
    return reform, problems

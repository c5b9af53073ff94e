"""Reading scenario and reform files (YAML; JSON is YAML) with one clear error for anything wrong."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import ScenarioError
from .models import Scenario, parse_scenario
from .rules import validate_reform


def read_yaml(text: str, what: str = "file") -> Any:
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "cannot be read"
        raise ScenarioError(what, f"is not valid YAML{where}: {problem}") from None


def load_scenario(source: str | Path | dict) -> Scenario:
    """A validated scenario from a file path, YAML text already read, or a parsed mapping."""
    if isinstance(source, dict):
        return parse_scenario(source)
    path = Path(source)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError(str(path), f"cannot be read ({exc.__class__.__name__})") from None
    data = read_yaml(text, str(path))
    if not isinstance(data, dict):
        raise ScenarioError(str(path), "must be a mapping with schema_version, date, household and options")
    return parse_scenario(data)


def scenario_to_dict(scenario: Scenario, keep_labels: bool = True) -> dict[str, Any]:
    """The scenario as a v1 mapping (what a saved file holds); labels dropped when `keep_labels` is False."""
    data = scenario.model_dump(mode="json", exclude_none=True)
    for option in data.get("options", []):
        for w in option.get("work", []):
            w.pop("monthly_wage", None)
    if not keep_labels:
        for adult in data["household"]["adults"]:
            adult.pop("label", None)
    return data


def dump_scenario(scenario: Scenario, keep_labels: bool = True) -> str:
    return yaml.safe_dump(scenario_to_dict(scenario, keep_labels), sort_keys=False, allow_unicode=True)


def load_reform(source: str | Path) -> dict[str, Any]:
    """A named reform file: title, rationale, reference and `reform:` (parameter path → value), validated."""
    path = Path(source)
    try:
        data = read_yaml(path.read_text(encoding="utf-8"), str(path))
    except OSError as exc:
        raise ScenarioError(str(path), f"cannot be read ({exc.__class__.__name__})") from None
    if not isinstance(data, dict) or not isinstance(data.get("reform"), dict):
        raise ScenarioError("reform", f"{path.name} needs a `reform:` mapping of parameter path to value")
    return {"title": data.get("title", path.stem), "rationale": data.get("rationale", ""),
            "reference": data.get("reference", ""), "reform": validate_reform(data["reform"]), "file": path.stem}

"""Reading scenario and reform files (YAML; JSON is YAML) with one clear error for anything wrong.

Every file, upload and `--reform FILE` goes through the same boundary (simulator/boundary.py): at most
`MAX_FILE_BYTES`, UTF-8, strict YAML without aliases, bounded nesting and numbers.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from .boundary import MAX_FILE_BYTES, decode_text, dump_yaml, read_file_text, read_yaml
from .errors import ScenarioError
from .untrusted import one_line

if TYPE_CHECKING:   # pydantic's models are imported when a scenario is parsed, not with the package
    from .models import Scenario

__all__ = ["MAX_FILE_BYTES", "dump_scenario", "load_scenario", "read_scenario_bytes", "read_yaml",
           "scenario_to_dict"]



def read_scenario_bytes(data: bytes, name: str) -> Scenario:
    """A validated scenario from the bytes of a file (an upload), named `name` in any message."""
    name = one_line(name, 200)
    return _scenario(read_yaml(decode_text(bytes(data), name), name), name)


def load_scenario(source: str | Path | dict) -> Scenario:
    """A validated scenario from a file path or an already parsed mapping."""
    if isinstance(source, dict):
        from .models import parse_scenario
        return parse_scenario(source)
    name = one_line(str(source), 200)
    return _scenario(read_yaml(read_file_text(source), name), name)


def _scenario(data: Any, name: str) -> Scenario:
    if not isinstance(data, dict):
        raise ScenarioError.of(name, "scenario.not_mapping")
    from .models import parse_scenario
    return parse_scenario(data)


def scenario_to_dict(scenario: Scenario, keep_labels: bool = True) -> dict[str, Any]:
    """The scenario as a v1 mapping (what a saved file holds); labels dropped when `keep_labels` is False."""
    data = scenario.model_dump(mode="json", exclude_none=True)
    for option in data.get("options", []):
        for w in option.get("work", []):
            # The wage as it was given (SCENARIO_FORMAT.md): a monthly wage stays monthly, and the hourly
            # wage it implies (long decimals) is not written beside it.
            if "monthly_wage" in w:
                w.pop("hourly_wage", None)
    if not keep_labels:
        for adult in data["household"]["adults"]:
            adult.pop("label", None)
    return data


def dump_scenario(scenario: Scenario, keep_labels: bool = True) -> str:
    return dump_yaml(scenario_to_dict(scenario, keep_labels))



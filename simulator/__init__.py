"""Krone for Krone: what an asylum seeker in Denmark is left with when wages are offset against allowances.

The public API: load and validate a scenario or a reform, compute it, sweep it over hours or wages.
"""
from .errors import ScenarioError
from .reforms import Reform
from .reforms import load as load_reform
from .rules import public_paths, rules_at
from .scenario_files import load_scenario
from .simulate import simulate, simulate_json
from .sweep import sweep


def __getattr__(name: str):
    """Scenario and parse_scenario, imported when first asked for: pydantic's models are the largest part of
    the package's import, and a caller that computes arrays or reads rules never needs them."""
    if name in ("Scenario", "parse_scenario"):
        from . import models
        return getattr(models, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["ScenarioError", "Scenario", "parse_scenario", "rules_at", "public_paths", "load_scenario",
           "load_reform", "Reform", "simulate", "simulate_json", "sweep"]

"""Krone for Krone: what an asylum seeker in Denmark is left with when wages are offset against allowances.

The public API: load and validate a scenario or a reform, compute it, sweep it over hours or wages.
"""
from .errors import ScenarioError
from .models import Scenario, parse_scenario
from .reforms import Reform
from .reforms import load as load_reform
from .rules import public_paths, rules_at
from .scenario_files import load_scenario
from .simulate import simulate, simulate_json
from .sweep import sweep

__all__ = ["ScenarioError", "Scenario", "parse_scenario", "rules_at", "public_paths", "load_scenario",
           "load_reform", "Reform", "simulate", "simulate_json", "sweep"]

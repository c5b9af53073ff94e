"""Krone for Krone: what an asylum seeker in Denmark is left with when wages are offset against allowances.

The public API: load and validate a scenario, compute it, sweep it over hours or wages.
"""
from .errors import ScenarioError
from .models import Scenario, parse_scenario
from .rules import public_paths, rules_at
from .scenario_files import load_reform, load_scenario
from .simulate import simulate, simulate_json
from .sweep import sweep

__all__ = ["ScenarioError", "Scenario", "parse_scenario", "rules_at", "public_paths", "load_scenario",
           "load_reform", "simulate", "simulate_json", "sweep"]

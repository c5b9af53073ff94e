"""Who may do the work of an option (UDL § 14 a, RULES.md sections 1 and 7): warnings, never refusals."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from .models import Option, Scenario
from .rules import RuleSet

EXCLUDED = {"dublin", "manifestly_unfounded", "manifestly_unfounded_urgent"}


@dataclass(frozen=True)
class Warning:
    code: str
    message: str
    source: str
    url: str

    def as_json(self) -> dict:
        return {"code": self.code, "message": self.message, "source": self.source}


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict]:
    return yaml.safe_load((Path(__file__).parent / "eligibility.yaml").read_text(encoding="utf-8"))


def _warning(code: str) -> Warning:
    entry = catalogue()[code]
    return Warning(code, entry["message"], entry["source"], entry["url"])


def warning_codes(scenario: Scenario, option: Option, rules: RuleSet) -> list[str]:
    """The codes that concern this option's own work items, each once, in a fixed order."""
    hh = scenario.household
    codes: list[str] = []

    def add(code: str) -> None:
        if code not in codes:
            codes.append(code)

    for w in option.work:
        if w.kind in ("job", "paid_praktik") and not rules["work.permitted"]:
            add("work_not_yet_allowed")
        if w.kind == "job":
            if hh.adults[w.adult].months_since_application < rules["work.min_months_since_application"]:
                add("under_six_months")
            if hh.phase == 1:
                add("phase_1")
            if hh.procedure in EXCLUDED:
                add("excluded_procedure")
            if hh.phase == 3:
                add("phase_3_disputed")
        if w.kind == "unpaid_praktik" and hh.phase == 1:
            add("praktik_in_phase_1")
    if hh.housing == "special_housing" and not rules["housing.special_housing_available"]:
        add("special_housing_abolished")
    return codes


def warnings_for(codes: list[str]) -> list[Warning]:
    return [_warning(c) for c in codes]

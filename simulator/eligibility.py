"""Who may do the work of an option (UDL § 14 a, RULES.md sections 1 and 7): warnings, never refusals.

The conditions are written once, as masks over households × work items, so one scenario (`simulate`) and
a whole caseload read the same rules.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from .arithmetic import NUMPY, Arithmetic
from .codes import Housing, Procedure, WorkKind
from .rules import RuleSet, last_rates_year

EXCLUDED = {"dublin", "manifestly_unfounded", "manifestly_unfounded_urgent"}
EXCLUDED_CODES = [int(Procedure[p.upper()]) for p in sorted(EXCLUDED)]
_EXCLUDED_TABLE = tuple(code in EXCLUDED_CODES for code in range(len(Procedure)))   # procedure code → excluded
_JOB, _UNPAID, _SPECIAL_HOUSING = int(WorkKind.JOB), int(WorkKind.UNPAID_PRAKTIK), int(Housing.SPECIAL_HOUSING)
# Codes that concern a work item, in the order they are listed for it; then those about the household.
ITEM_CODES = ("work_not_yet_allowed", "under_six_months", "phase_1", "excluded_procedure", "phase_3_disputed",
              "praktik_in_phase_1")
HOUSEHOLD_CODES = ("special_housing_abolished",)
# Codes read from an option's budget against no work (`outcome_masks`), listed after the others.
OUTCOME_CODES = ("not_self_supporting",)
_OWN_HOUSING = int(Housing.OWN_HOUSING)


@dataclass(frozen=True)
class EligibilityWarning:
    code: str
    message: str
    source: str
    url: str

    def as_json(self) -> dict:
        return {"code": self.code, "message": self.message, "source": self.source}


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict]:
    return yaml.safe_load((Path(__file__).parent / "eligibility.yaml").read_text(encoding="utf-8"))


def _warning(code: str, values: Mapping[str, Any]) -> EligibilityWarning:
    entry = catalogue()[code]
    return EligibilityWarning(code, entry["message"].format(**values), entry["source"], entry["url"])


def warning_masks(kind: np.ndarray, months_since_application: np.ndarray, phase: np.ndarray,
                  procedure: np.ndarray, housing: np.ndarray, rules: RuleSet,
                  present: np.ndarray | bool = True, xp: Arithmetic = NUMPY) -> dict[str, np.ndarray]:
    """Which warning each work item (ITEM_CODES) and each household (HOUSEHOLD_CODES) draws.

    `kind`, `months_since_application` (of the adult doing the item) and `present` (False for padding)
    have the full shape of the work items, e.g. (households, items); `phase`, `procedure` and `housing` broadcast
    against them, e.g. (households, 1). Item masks have the broadcast shape; household masks the shape of
    `housing`. With `xp=FLOATS`, every argument is one number and every mask one bool."""
    job = (kind == _JOB) & present
    paid = (kind != _UNPAID) & present
    unpaid = (kind == _UNPAID) & present
    excluded = xp.lookup(_EXCLUDED_TABLE, procedure)
    return {
        "work_not_yet_allowed": paid & (not rules["work.permitted"]),
        "under_six_months": job & (months_since_application < rules["work.min_months_since_application"]),
        "phase_1": job & (phase == 1),
        "excluded_procedure": job & excluded,
        "phase_3_disputed": job & (phase == 3),
        "praktik_in_phase_1": unpaid & (phase == 1),
        "special_housing_abolished": (housing == _SPECIAL_HOUSING)
                                     & (not rules["housing.special_housing_available"]),
    }


def outcome_masks(housing: np.ndarray, gain: np.ndarray, offer: np.ndarray | bool = True) -> dict[str, np.ndarray]:
    """Which warning an option's result draws (OUTCOME_CODES): in own housing, work that leaves the family
    with less than no work at a centre would not make it self-supporting (UDL § 42 b stk. 15, § 42 l).
    `offer` is False for 'No work' itself; the arguments broadcast (one number each for one option)."""
    return {"not_self_supporting": (housing == _OWN_HOUSING) & offer & (gain < 0)}


def stale_rates(rules: RuleSet) -> dict[str, int] | None:
    """The values of the `rates_not_published` warning, drawn by every option when the date is past the
    last year of published or indexed rates (the last rates are then used), else None."""
    last = last_rates_year()
    return {"year": rules.date.year, "last": last} if rules.date.year > last else None


def row_codes(items: list[Mapping[str, Any]], household: Mapping[str, Any],
              outcome: Mapping[str, Any] | None = None, stale: bool = False) -> list[str]:
    """The codes one row draws, each once: its work items' in order (ITEM_CODES order within an item),
    then the household's, then its result's (`outcome_masks`), then `rates_not_published` when `stale`."""
    found = list(dict.fromkeys(code for item in items for code in ITEM_CODES if item[code]))
    found += [code for code in HOUSEHOLD_CODES if household[code]]
    found += [code for code in OUTCOME_CODES if outcome and outcome[code]]
    return found + ["rates_not_published"] * bool(stale)


def warnings_for(codes: list[str], values: Mapping[str, Any] | None = None) -> list[EligibilityWarning]:
    """The warnings of `codes`, their messages filled with `values` (e.g. the years of rates_not_published)."""
    return [_warning(c, values or {}) for c in codes]

"""Which of the RULES.md assumptions a result rests on, and what the bottom line becomes without each."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from .engine import Budget
from .models import Scenario
from .rules import RuleSet


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict]:
    return yaml.safe_load((Path(__file__).parent / "assumptions.yaml").read_text(encoding="utf-8"))


def applicable(scenario: Scenario, rules: RuleSet, budget: Budget, period_name: str) -> list[str]:
    """Codes of the assumptions that change or qualify this result (RULES.md 'Assumptions')."""
    hh = scenario.household
    works = bool((budget.gross > 0).any())
    offsets = bool((budget.offset > 0).any())
    codes = []
    if works and rules["offset.income_base"] == "net":
        codes.append("offset_income_base_net")
    if offsets and hh.persons > 1:
        codes.append("family_netting")
    if works and scenario.accommodation_charge.mode == "income_tested" and hh.housing != "own_housing":
        codes.append("charge_mode_and_cap")
    if works and rules["tax.base"] == "gross":
        codes.append("tax_on_gross")
    if any(rules.entry(p).status == "indexed" for p in rules.entries if p.startswith("allowance.")) and bool(
            (budget.allowances > 0).any()):
        codes.append("rates_indexed")
    if period_name == "month":
        codes.append("monthly_conversion")
    if hh.procedure == "manifestly_unfounded_urgent" and hh.housing != "centre_canteen" and hh.children > 0:
        codes.append("agh_child_rate")
    return codes


@dataclass(frozen=True)
class AssumptionEffect:
    """An assumption and, where it can be computed, each option's disposable income and gain without it."""

    code: str
    number: int
    title: str
    text: str
    alternative: str | None
    disposable: dict[str, float] | None   # option name → disposable income under the alternative
    gain: dict[str, float] | None         # option name → gain vs no work under the alternative
    change: dict[str, float] | None       # option name → what the alternative adds to the disposable income


def effects(scenario: Scenario, codes: list[str], period_name: str, base: dict[str, float],
            reform: dict) -> list[AssumptionEffect]:
    """Re-run the scenario under each computable alternative (a reform or another charge mode), on top
    of the same `reform` as the result it is compared with (`base`: option name → disposable income)."""
    from .simulate import simulate  # the alternative is a full simulation of its own

    out = []
    for code in codes:
        entry = catalogue()[code]
        disposable = gain = change = None
        if entry.get("reform") or entry.get("charge_mode"):
            changed = scenario.model_copy(update={"reform": {**reform, **entry.get("reform", {})}})
            if entry.get("charge_mode"):
                charge = scenario.accommodation_charge.model_copy(update={"mode": entry["charge_mode"]})
                changed = changed.model_copy(update={"accommodation_charge": charge})
            alt = simulate(changed, period_name, with_effects=False, with_trace=False)
            disposable = {o.name: o.disposable_income for o in alt.options}
            gain = {o.name: o.gain for o in alt.options}
            change = {name: disposable[name] - base[name] for name in base}
        out.append(AssumptionEffect(code, entry["number"], entry["title"], entry["text"], entry.get("alternative"),
                                    disposable, gain, change))
    return out

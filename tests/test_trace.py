"""The trace as data and its one renderer (ui/trace_text.py): every language complete, the law in force on
the date cited (never RULES.md), and the renderer's arithmetic text the step's own numbers."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from simulator import load_scenario, simulate
from simulator.i18n import LANGUAGES, translator
from simulator.result import Number, Step
from simulator.trace_text import formula_text, sources, trace_text

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "scenarios" / "single-man-2014-commuter.yaml"


def single(date: str, **household) -> dict:
    return {"date": date, "household": {"adults": [{}], "housing": "centre_self_catering", **household},
            "options": [{"name": "Job", "work": [{"kind": "job", "hours_per_week": 20, "hourly_wage": 150,
                                                  "transport_per_month": 900}]}]}


def step(result, option: int, name: str) -> Step:
    return next(s for s in result.options[option].trace if s.name == name)


def test_the_cli_explains_in_danish_and_cites_the_law():
    proc = subprocess.run([sys.executable, "-m", "simulator", "run", str(SEED), "--explain", "--lang", "da"],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    why = proc.stdout[proc.stdout.index("Hvorfor"):]
    assert "UDL § 42 b, stk. 14" in why and "BEK nr. 1547/2013" in why and "KSL § 48 B, stk. 1" in why
    assert "RULES.md" not in proc.stdout
    english = translator("en")
    for key in ("trace.law", "trace.assumption", "trace.unit.days", "trace.term.allowances", "line.basic_allowance"):
        word = re.sub(r"\{\w+\}", "", english(key)).strip()
        assert word and word not in why, f"English {word!r} ({key}) in the Danish explanation"
    assert "Grundydelse: voksne 1 × 53,24 kr/dag × 365/12 dage = 1.619,38 kr" in why


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_every_language_renders_every_step_without_a_raw_key(lang):
    scenarios = [single("2014-11-01"), single("2025-06-01", children=5, housing="centre_canteen"),
                 single("2026-02-01", housing="own_housing", housing_cost_per_month=4000),
                 single("2020-02-01", procedure="manifestly_unfounded_urgent", children=1)]
    t = translator(lang)
    for scenario in scenarios:
        for option in simulate(scenario).options:
            text = "\n".join(trace_text(option.trace, t))
            assert not re.search(r"\b(trace|line|status|assumption)\.[a-z_.]+", text), text
            assert "RULES.md" not in text


def test_the_offset_cites_the_wording_in_force_on_the_date():
    """UDL § 42 b stk. 14 reads 'indkomst' from 2025-01-01 (lov nr. 1699 af 30.12.2024; RULES.md section 3)."""
    before = step(simulate(single("2024-12-31")), 1, "countable_income")
    after = step(simulate(single("2025-01-01")), 1, "countable_income")
    assert [c.cite for c in before.law] == ["UDL § 42 b, stk. 14"] and not before.law[0].wording
    assert "lov nr. 1699" in after.law[0].cite and "indkomst, fradrages denne" in after.law[0].wording
    assert "UDL § 42 b, stk. 14" in sources(before)


def test_a_withheld_allowance_cites_its_own_provision():
    own = simulate(single("2026-02-01", housing="own_housing", housing_cost_per_month=4000))
    basic = step(own, 1, "basic_allowance")
    assert basic.value == 0 and basic.note == "withheld.own_housing"
    assert [c.cite for c in basic.law] == ["UDL § 42 b, stk. 15"]


def test_rates_and_assumptions_are_the_engines_choice():
    result = simulate(load_scenario(SEED))
    job = result.options[1]
    basic = step(result, 1, "basic_allowance")
    assert [p.path for p in basic.parameters] == ["allowance.basic.single"]
    assert "monthly_conversion" in basic.assumptions
    charge = step(result, 1, "accommodation_charge")
    assert "charge_mode_and_cap" in charge.assumptions and charge.value == job.lines["accommodation_charge"]


def test_formula_text_brackets_only_where_the_order_needs_them():
    t = translator("en")
    numbers = {name: Number(v, "factor") for name, v in {"a": 1, "b": 2, "c": 3}.items()}
    assert formula_text(("sub", "a", ("sub", "b", "c")), numbers, t) == "1 − (2 − 3)"
    assert formula_text(("mul", ("add", "a", "b"), "c"), numbers, t) == "(1 + 2) × 3"
    assert formula_text(("sub", ("add", "a", "b"), "c"), numbers, t) == "1 + 2 − 3"
    assert formula_text(("min", "a", ("mul", "b", "c")), numbers, t) == "min(1, 2 × 3)"

"""The trace follows the engine by construction (issue 20): each step is declared once (simulator/steps.py),
the engine computes it from that declaration and the trace renders it. So every step of every trace, its
formula evaluated by the engine's own arithmetic with the numbers it shows, is the step's value to the bit;
the parameters it lists are those its formula reads; and each note says what the numbers show, checked here
against the scenario and the rules, not against the declaration.
"""
from __future__ import annotations

import math

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator import simulate
from simulator.arithmetic import FLOATS
from simulator.formula import evaluate, names
from simulator.i18n import LANGUAGES, catalogue
from simulator.models import parse_scenario
from simulator.periods import period as get_period
from simulator.program import notes_of, validate
from simulator.rules import parameters, rules_at
from simulator.steps import BY_NAME, SHOWN, TRACE
from tests.strategies import with_reforms

EXAMPLES = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def same_bits(a: float, b: float) -> bool:
    """Equal as IEEE doubles (NaN equals NaN)."""
    return np.float64(a).tobytes() == np.float64(b).tobytes() or (math.isnan(a) and math.isnan(b))


def test_the_table_is_well_formed():
    """Every formula checks, reads only known names, and an item line reads no household line."""
    validate()


def test_every_number_a_step_shows_has_a_unit_and_every_word_a_translation():
    """What the trace can print — each number's term, each variant's term, each note, each step's label —
    is in every language's catalogue (`make i18n-check` keeps the catalogues alike; this keeps the table
    and the catalogues alike)."""
    terms = {term for _, term in SHOWN.values() if term}
    terms |= {c.shown_as for x in BY_NAME.values() for c in x.cases if c.shown_as}
    notes = {n.key for x in BY_NAME.values() for n in notes_of(x)}
    keys = [f"trace.term.{k}" for k in terms] + [f"trace.note.{k}" for k in notes] + [f"line.{x.name}" for x in TRACE]
    for lang in LANGUAGES:
        missing = [k for k in keys if k not in catalogue(lang)]
        assert not missing, f"{lang}: {missing}"


@EXAMPLES
@given(raw=with_reforms(), period=st.sampled_from(["month", "14d"]))
def test_each_step_is_its_formula_with_its_own_numbers(raw, period):
    """The formula a step shows, evaluated by the engine's arithmetic (formula.py) from the numbers it shows,
    gives the step's value bit for bit; and every parameter it reads is listed by it or a step before it."""
    for option in simulate(raw, period, with_effects=False).options:
        listed: set[str] = set()
        for step in option.trace:
            values = {name: n.value for name, n in step.numbers.items()}
            got = evaluate(step.formula, values, FLOATS)
            assert same_bits(got, step.value), f"{option.name}: {step.name} = {step.value!r}, formula {got!r}"
            listed |= {p.path for p in step.parameters}
            read = {n for n in names(step.formula) if n in parameters()}
            assert read <= listed, (step.name, read - listed)


def _rules(raw: dict):
    scenario = parse_scenario(raw)
    return scenario, rules_at(scenario.date, scenario.reform)


@EXAMPLES
@given(raw=with_reforms(), period=st.sampled_from(["month", "14d"]))
def test_each_note_says_what_the_numbers_show(raw, period):
    """Each note holds exactly where RULES.md says it does, read from the scenario, the rules and the lines:
    a note the engine decided wrongly (say 'transport is not deducted' under a reform that deducts it)
    fails here whatever the table declares."""
    scenario, rules = _rules(raw)
    per = get_period(period)
    hh = scenario.household
    result = simulate(raw, period, with_effects=False)
    for option_model, option in zip(scenario.compared_options(), result.options):
        notes = {s.name: s for s in option.trace}
        lines = option.lines
        kinds = [w.kind for w in option_model.work]
        note = {name: s.note for name, s in notes.items()}.get

        paid = any(k != "unpaid_praktik" for k in kinds)
        assert (note("gross_wage", "") == "no_paid_work") == (not paid)
        deducts = bool(rules["offset.deduct_transport"])
        assert (note("countable_income", "") == "transport_not_deducted") == (lines["transport"] > 0 and not deducts)
        covered = "unpaid_praktik" in kinds and bool(rules["praktik.transport_covered"])
        assert (note("transport", "") == "praktik_transport_covered") == covered
        own = hh.housing == "own_housing"   # 'No work' is then measured at a self-catering centre
        assert (note("gain_vs_no_work", "") == "compared_with_self_catering") == own
        moved = own and option.name == "No work"
        for step in ("basic_allowance", "supplementary_allowance", "child_supplement"):
            if note(step, "").startswith("withheld.") or note(step, "") == "no_children":
                assert lines[step] == 0, (step, note(step, ""))
        assert (note("child_supplement", "") == "no_children") == (hh.children == 0 and not note(
            "child_supplement").startswith("withheld."))
        if note("child_supplement", "") == "children_beyond_cap":
            full = min(hh.children, rules["allowance.child.max_full"])
            reduced = 0 if hh.housing == "centre_canteen" else min(
                max(hh.children - rules["allowance.child.max_full"], 0), rules["allowance.child.max_reduced"])
            assert notes["child_supplement"].note_values["count"] == hh.children - full - reduced > 0
        charge = note("accommodation_charge", "")
        housing = "centre_self_catering" if moved else hh.housing   # 'No work' in own housing: measured there
        mode = "own_housing" if housing == "own_housing" else scenario.accommodation_charge.mode
        if mode == "income_tested":
            exempt = rules["charge.exempt_per_month"] * per.per_month
            countable = notes["countable_income"].value
            starts = lines["allowances_before_offset"] / rules["offset.rate"] + exempt
            assert (charge == "charge.not_reached") == (not countable > starts)
            if charge:
                assert lines["accommodation_charge"] == 0
        else:
            assert charge == f"charge.{mode}"

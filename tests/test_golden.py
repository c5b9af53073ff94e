"""Golden tests: hand-computed cases, one YAML entry per case, grouped by rule in tests/golden/.

Each case names the rule it protects in a sentence, cites its source (RULES.md section and the law,
order or report behind it), gives a v1 scenario and the expected figures per option. Expected money is
written as the arithmetic a reader can check by hand ("(53.24 + 31.07) * 365 / 12"); it is evaluated by
a small, safe evaluator (numbers, + - * /, parentheses, unary minus, min and max) and compared to the
øre. Fields a case does not list are not checked.

What a result says about itself is checked like money: a case may list the `assumptions` the result rests
on (the exact set, SCENARIO_FORMAT.md), each option's `warnings` (the exact set) and its trace's `notes`
(step → note key, "" for no note; only the steps listed).
"""
from __future__ import annotations

import ast
import operator
from pathlib import Path

import pytest
import yaml

from simulator import simulate, simulate_json
from simulator.assumptions import catalogue as assumption_catalogue

GOLDEN_DIR = Path(__file__).parent / "golden"
PERIODS = ("month", "14d")
CASE_KEYS = {"name", "source", "period", "scenario", "expect", "assumptions"}

# How close the engine's JSON must come to the hand-computed value, by field.
MONEY_TOLERANCE = 0.006          # to the øre: the JSON is rounded to 2 decimals
HALF_ORE = 0.005 + 1e-9          # a tie at half an øre may round up or down
RATE_TOLERANCE = 1e-6            # participation_tax_rate is a fraction
PER_HOUR_TOLERANCE = 0.01        # kr per hour
MONEY_FIELDS = frozenset({
    "gross_wage", "labour_market_contribution", "income_tax", "net_wage", "basic_allowance",
    "supplementary_allowance", "child_supplement", "allowances_before_offset", "offset", "allowances_paid",
    "accommodation_charge", "transport", "housing_cost", "disposable_income", "gain_vs_no_work",
})
RATE_FIELDS = frozenset({"participation_tax_rate"})
PER_HOUR_FIELDS = frozenset({"gain_per_hour", "break_even_hourly_wage", "break_even_hours_per_week"})
NUMBER_FIELDS = MONEY_FIELDS | RATE_FIELDS | PER_HOUR_FIELDS
WARNING_CODES = frozenset({
    "work_not_yet_allowed", "under_six_months", "phase_1", "excluded_procedure", "phase_3_disputed",
    "praktik_in_phase_1", "special_housing_abolished", "not_self_supporting",
})


# --------------------------------------------------------------------------------------------------
# The safe evaluator: arithmetic only, never eval().

_BINARY = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}
_FUNCTIONS = {"min": min, "max": max}


def evaluate(expression: str | int | float) -> float:
    """The value of an expected figure: a number, or arithmetic in a string ("(53.24 + 31.07) * 365 / 12").

    Allowed: numbers, + - * /, parentheses, unary minus, min(...) and max(...). Anything else (names,
    attributes, powers, calls to other functions) raises ValueError.
    """
    if isinstance(expression, bool):
        raise ValueError(f"expected a number or arithmetic, got {expression!r}")
    if isinstance(expression, int | float):
        return float(expression)
    if not isinstance(expression, str):
        raise ValueError(f"expected a number or arithmetic, got {expression!r}")
    tree = ast.parse(expression.strip(), mode="eval")
    return float(_node(tree.body, expression))


def _node(node: ast.AST, text: str) -> float:
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):  # not bool, not str
        return node.value
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        return _BINARY[type(node.op)](_node(node.left, text), _node(node.right, text))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return -_node(node.operand, text)
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _FUNCTIONS
            and not node.keywords and node.args):
        return _FUNCTIONS[node.func.id](_node(a, text) for a in node.args)
    raise ValueError(f"not allowed in an expected value: {ast.dump(node)} in {text!r}")


# --------------------------------------------------------------------------------------------------
# Comparing one field.


def field_problem(field: str, expected, actual) -> str | None:
    """Why the engine's `actual` value of `field` does not match the case's `expected` one, or None."""
    if field == "notes":
        if not isinstance(expected, dict):
            return f"notes: expected a mapping of step to note, got {expected!r}"
        wrong = {step: actual.get(step, "<no such step>") for step, note in expected.items()
                 if actual.get(step, "<no such step>") != (note or "")}
        return f"notes: engine {wrong} != expected {expected}" if wrong else None
    if field == "warnings":
        if not isinstance(expected, list):
            return f"warnings: expected a list of codes, got {expected!r}"
        unknown = set(expected) - WARNING_CODES
        if unknown:
            return f"warnings: unknown codes {sorted(unknown)} in the case"
        codes = [w["code"] for w in actual]
        # The exact set, and each code at most once per option (SCENARIO_FORMAT.md).
        if sorted(codes) != sorted(set(expected)):
            return f"warnings: engine {codes} != expected {sorted(set(expected))}"
        return None
    if field not in NUMBER_FIELDS:
        return f"{field}: not a field of the CLI JSON"
    if expected is None:
        return None if actual is None else f"{field}: engine {actual!r} != expected null"
    value = evaluate(expected)
    if actual is None:
        return f"{field}: engine null != expected {expected} = {value:.6f}"
    if field in RATE_FIELDS:
        ok = abs(value - actual) <= RATE_TOLERANCE
    elif field in PER_HOUR_FIELDS:
        ok = abs(round(value, 2) - actual) <= PER_HOUR_TOLERANCE + 1e-9
    else:
        # round(expected, 2) == actual; at an exact half øre (e.g. 2 * 47.91 * 365 / 12 = 2914.525) binary
        # floating point may round either way, so an actual within half an øre of the exact value passes.
        ok = abs(round(value, 2) - actual) <= MONEY_TOLERANCE or abs(value - actual) <= HALF_ORE
    return None if ok else f"{field}: engine {actual!r} != expected {expected} = {value:.6f}"


def case_problems(case: dict, result: dict, notes_of=lambda name: {}) -> list[str]:
    """Every mismatch between a case's expectations and the engine's JSON document (`notes_of(option)`:
    the option's trace notes, step → note)."""
    options = {o["name"]: o for o in result["options"]}
    problems = []
    if "assumptions" in case and sorted(case["assumptions"]) != sorted(result["assumptions"]):
        problems.append(f"assumptions: engine {result['assumptions']} != expected {case['assumptions']}")
    for option_name, fields in case["expect"].items():
        if option_name not in options:
            problems.append(f"option {option_name!r} not in the result ({sorted(options)})")
            continue
        for field, expected in fields.items():
            actual = (options[option_name]["warnings"] if field == "warnings" else notes_of(option_name)
                      if field == "notes" else options[option_name].get(field, "<missing>"))
            problem = field_problem(field, expected, actual)
            if problem:
                problems.append(f"[{option_name}] {problem}")
    return problems


# --------------------------------------------------------------------------------------------------
# Loading the cases.


def load_cases() -> list[dict]:
    """Every case of every tests/golden/*.yaml file, each tagged with the file it came from."""
    cases = []
    for path in sorted(GOLDEN_DIR.glob("*.yaml")):
        entries = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert isinstance(entries, list), f"{path.name}: must be a list of cases"
        for entry in entries:
            cases.append({**entry, "_file": path.name})
    return cases


CASES = load_cases()


def test_golden_files_are_well_formed():
    assert len(CASES) >= 70
    names = [c.get("name") for c in CASES]
    assert len(names) == len(set(names)), "case names must be unique"
    for case in CASES:
        where = f"{case['_file']}: {case.get('name')!r}"
        assert set(case) - {"_file"} <= CASE_KEYS, f"{where}: unknown keys"
        required = {"name", "source", "scenario", "expect"}
        assert required <= set(case), f"{where}: missing {sorted(required - set(case))}"
        assert case.get("period", "month") in PERIODS, where
        assert case["expect"], f"{where}: expects nothing"
        assert set(case.get("assumptions", [])) <= set(assumption_catalogue()), f"{where}: unknown assumption"
        for fields in case["expect"].values():
            assert fields, f"{where}: an option with nothing to check"
            for field, expected in fields.items():
                if field == "warnings":
                    assert set(expected) <= WARNING_CODES, f"{where}: {expected}"
                elif field == "notes":
                    assert isinstance(expected, dict) and expected, f"{where}: notes must name steps"
                else:
                    assert field in NUMBER_FIELDS, f"{where}: unknown field {field}"
                    if expected is not None:
                        evaluate(expected)  # raises on anything but arithmetic


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_golden(case):
    period = case.get("period", "month")
    result = simulate_json(case["scenario"], period=period)
    traced = {}
    if any("notes" in fields for fields in case["expect"].values()):
        traced = {o.name: {s.name: s.note for s in o.trace} for o in simulate(case["scenario"], period).options}
    problems = case_problems(case, result, lambda name: traced.get(name, {}))
    header = f"{case['_file']}: {case['name']}\n  source: {case['source']}\n  "
    assert not problems, header + "\n  ".join(problems)


# --------------------------------------------------------------------------------------------------
# The harness itself: a wrong expectation must fail, and the evaluator must refuse anything but arithmetic.


def test_evaluator_reads_arithmetic():
    assert evaluate("(53.24 + 31.07) * 365 / 12") == pytest.approx(2564.4291666, abs=1e-6)
    assert evaluate("-1700") == -1700
    assert evaluate("min(303 * 365 / 12, 6199.752 - 2564.43)") == pytest.approx(3635.322)
    assert evaluate("max(0, 1343.33 - 1500)") == 0
    assert evaluate(12) == 12.0


@pytest.mark.parametrize("bad", ["__import__('os').system('true')", "2 ** 10", "x + 1", "abs(-1)",
                                 "(1).real", "[1, 2]", "1 if 1 else 2", "min()", "True + 1", "+5"])
def test_evaluator_refuses_anything_else(bad):
    with pytest.raises((ValueError, SyntaxError)):
        evaluate(bad)


def test_a_wrong_expectation_fails():
    seed = {
        "date": "2014-11-01",
        "household": {"adults": [{}], "housing": "centre_self_catering"},
        "options": [{"name": "Job", "work": [{"kind": "job", "hours_per_week": 20, "hourly_wage": 115.38,
                                              "transport_per_month": 1700}]}],
    }
    result = simulate_json(seed)
    right = {"name": "right", "expect": {"Job": {"gain_vs_no_work": "-1700", "warnings": []},
                                         "No work": {"basic_allowance": "53.24 * 365 / 12"}}}
    assert case_problems(right, result) == []
    wrong_by_one_ore = {"name": "wrong",
                        "expect": {"No work": {"basic_allowance": "53.24 * 365 / 12 + 0.01"}}}
    assert case_problems(wrong_by_one_ore, result)
    assert field_problem("gain_vs_no_work", "0", -1700.0)
    assert field_problem("participation_tax_rate", "1 + 1700 / 9999.6 + 0.00001", 1.170007)
    assert field_problem("participation_tax_rate", None, 1.170007)
    assert field_problem("gain_per_hour", "-19.60", -19.62)
    assert field_problem("warnings", ["phase_1"], [])
    assert field_problem("warnings", [], [{"code": "phase_1"}])
    assert field_problem("warnings", ["phase_1"], [{"code": "phase_1"}, {"code": "phase_1"}])
    assert field_problem("net_wage", "1", None)
    # A half-øre tie may round either way, but no further.
    assert field_problem("basic_allowance", "2 * 47.91 * 365 / 12", 2914.52) is None
    assert field_problem("basic_allowance", "2 * 47.91 * 365 / 12", 2914.53) is None
    assert field_problem("basic_allowance", "2 * 47.91 * 365 / 12", 2914.54)
    assert field_problem("no_such_field", "1", 1.0)
    assert case_problems({"expect": {"Missing option": {"net_wage": 0}}}, result)
    # What the result says about itself: the assumptions as an exact set, the notes of the steps named.
    assert case_problems({"expect": {}, "assumptions": ["offset_income_base_net", "charge_mode_and_cap",
                                                        "tax_on_gross", "monthly_conversion"]}, result) == []
    assert case_problems({"expect": {}, "assumptions": ["monthly_conversion"]}, result)
    assert case_problems({"expect": {}, "assumptions": result["assumptions"] + ["family_netting"]}, result)
    notes = {"countable_income": "transport_not_deducted", "transport": ""}
    assert field_problem("notes", {"countable_income": "transport_not_deducted"}, notes) is None
    assert field_problem("notes", {"transport": None}, notes) is None
    assert field_problem("notes", {"countable_income": ""}, notes)
    assert field_problem("notes", {"no_such_step": ""}, notes)

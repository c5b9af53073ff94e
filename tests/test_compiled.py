"""The compiled engine (simulator/compiled.py) is the engine: recorded from engine.compute, it gives numpy's
bits for every budget line, over the whole scenario space and random reforms; it refuses what it cannot
compile, and it is only used once a structure is asked for often enough."""
from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from simulator import sweep
from simulator.arithmetic import FLOATS, NUMPY
from simulator.arrays import household_arrays, option_work, with_reference_row, work_arrays
from simulator.compiled import SYMBOLS, Compiled, Recording, compile_source, layout, loop_source
from simulator.engine import BUDGET_FIELDS, compute
from simulator.errors import ScenarioError
from simulator.models import parse_scenario
from simulator.params import floats, numeric
from simulator.periods import period as get_period
from simulator.rules import rules_at
from tests.strategies import with_reforms

SWEPT = ("disposable", "gain", "allowances_paid", "net_wage", "accommodation_charge", "offset")
# every line the engine computes without `choices` (the choices are None then)
LINES = tuple(name for name in BUDGET_FIELDS if name not in (
    "basic_rate", "basic_withheld", "supplement_rate", "supplement_withheld", "child_rate", "child_withheld",
    "cap_kind", "transport_covered"))


def bits(a) -> np.ndarray:
    """The IEEE patterns of float64 values, with every NaN the same (numpy may carry any NaN's payload)."""
    a = np.array(a, dtype=np.float64)
    a[np.isnan(a)] = np.nan
    return a.view(np.int64)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=with_reforms(), over=st.sampled_from(["hours", "wage"]), period=st.sampled_from(["month", "14d"]))
def test_a_compiled_sweep_has_the_bits_of_numpy(raw, over, period):
    scenario = parse_scenario(raw)
    try:
        expected = sweep(scenario, over=over, period=period, points=37, compiled=False)
    except ScenarioError:   # no option with work: nothing to sweep
        assume(False)
    got = sweep(scenario, over=over, period=period, points=37, compiled=True)
    for name in SWEPT:
        mine, theirs = getattr(got, name), getattr(expected, name)
        assert mine.shape == theirs.shape, name
        assert np.array_equal(bits(mine), bits(theirs)), f"{name} differs\n{raw!r}"


ENGINES = Compiled()   # one structure per number of work items: compiled once, shared by the examples


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=with_reforms())
def test_every_line_of_the_compiled_engine_is_numpys(raw):
    """Every line, not only a sweep's: the options and the no-work row against law and reform, per item."""
    scenario = parse_scenario(raw)
    options = scenario.compared_options()
    per = get_period("month")
    sets = [rules_at(scenario.date), rules_at(scenario.date, scenario.reform)]
    rows = with_reference_row(household_arrays(scenario), len(options))
    work = work_arrays(options, no_work_row=True)
    work = type(work)(*(a[:, None, :] for a in vars(work).values()))   # (rows, 1, items), as the rows
    r = numeric(sets, (2, 1, 1), minimal=False)
    expected = compute(rows, work, numeric(sets, (2, 1, 1)), per)
    got = ENGINES.compute(rows, work, r, per, LINES, compile_now=True)
    for name in LINES:
        theirs = np.broadcast_to(getattr(expected, name), got[name].shape)
        assert np.array_equal(bits(got[name]), bits(theirs)), f"{name} differs\n{raw!r}"


SPECIAL = [np.nan, np.inf, -np.inf, 0.0, -0.0, 1.0, -1.0, 5e-324]


def test_minimum_and_maximum_follow_numpy_in_every_arithmetic():
    """NaN wins, and of two equal numbers (0.0 and -0.0) the second: as np.minimum, np.maximum do."""
    a, b = (np.array(v) for v in zip(*[(x, y) for x in SPECIAL for y in SPECIAL]))
    recording = Recording()
    x, y = recording.input("x0"), recording.input("x1")
    values = [SYMBOLS.minimum(x, y), SYMBOLS.maximum(x, y)]
    kernel = compile_source(loop_source(recording, values, [(True,), (True,)], 1))
    out = np.empty((2, a.size))
    kernel(a.shape, a, b, out)
    for k, (ours, numpys) in enumerate([(FLOATS.minimum, NUMPY.minimum), (FLOATS.maximum, NUMPY.maximum)]):
        expected = bits(numpys(a, b))
        assert np.array_equal(bits(out[k]), expected), ours.__name__
        assert np.array_equal(bits([ours(float(p), float(q)) for p, q in zip(a, b)]), expected), ours.__name__


def test_division_by_zero_gives_what_numpy_gives():
    recording = Recording()
    x, y = recording.input("x0"), recording.input("x1")
    kernel = compile_source(loop_source(recording, [SYMBOLS.divide(x, y)], [(True,), None], 1))
    a = np.array([1.0, -1.0, 0.0, 2.0])
    out = np.empty((1, 4))
    kernel(a.shape, a, 0.0, out)
    with np.errstate(divide="ignore", invalid="ignore"):
        assert np.array_equal(bits(out[0]), bits(a / 0.0))


def test_the_engine_may_not_branch_on_a_value_it_records():
    recording = Recording()
    x = recording.input("x0")
    with pytest.raises(TypeError, match="cannot be compiled"):
        if x > 1:
            pass


def test_a_structure_is_compiled_only_once_asked_for_often_enough():
    scenario = parse_scenario({"schema_version": 1, "date": "2026-03-01",
                               "household": {"adults": [{}], "children": 1, "housing": "centre_self_catering"},
                               "options": [{"name": "Job", "work": [{"adult": 0, "kind": "job", "hours_per_week": 20,
                                                                     "hourly_wage": 130}]}]})
    rows = with_reference_row(household_arrays(scenario), 1)
    work = work_arrays(scenario.options, no_work_row=True)
    work = type(work)(*(a[:, None, :] for a in vars(work).values()))
    r, per = numeric([rules_at(scenario.date)], (1, 1, 1), minimal=False), get_period("month")
    engines = Compiled(compile_after=3)
    assert engines.compute(rows, work, r, per, ("net_wage",)) is None
    assert engines.compute(rows, work, r, per, ("net_wage",)) is None
    third = engines.compute(rows, work, r, per, ("net_wage",))
    assert third is not None
    assert np.array_equal(third["net_wage"], compute(rows, work, r, per).net_wage)
    missing = Compiled(compile_after=1)
    missing.have_numba = False   # as where numba is not installed: numpy is used
    assert missing.compute(rows, work, r, per, ("net_wage",), compile_now=True) is None


def test_one_household_of_single_numbers_gives_single_numbers():
    """No input with an axis: the loop runs once and every line is a 0-d array, equal to the float engine's."""
    scenario = parse_scenario({"schema_version": 1, "date": "2026-03-01",
                               "household": {"adults": [{}, {}], "children": 3, "housing": "centre_canteen"},
                               "options": [{"name": "Job", "work": [
                                   {"adult": 0, "kind": "job", "hours_per_week": 25, "hourly_wage": 140,
                                    "transport_per_month": 600}]}]})
    h, rules, per = household_arrays(scenario), rules_at(scenario.date), get_period("month")
    work = work_arrays(scenario.options)
    one = type(work)(*(a[0] for a in vars(work).values()))   # (items,): each item a single number
    got = Compiled().compute(h, one, numeric(rules), per, LINES, compile_now=True)
    expected = compute(h, option_work(scenario.options[0]), floats(rules), per, xp=FLOATS)
    for name in LINES:
        assert got[name].shape == (), name
        assert np.array_equal(bits(got[name]), bits(getattr(expected, name))), name


def test_inputs_that_do_not_broadcast_are_refused_before_any_loop():
    """The loop reads each input along the axes of the broadcast shape: a mismatch would read past an array."""
    assert layout([(3, 1), (1, 4), ()]).full == (3, 4)
    with pytest.raises(ValueError, match="do not broadcast"):
        layout([(3, 1), (2, 4)])


def test_a_number_on_the_left_stays_on_the_left():
    """`1 - x` is not `x - 1`: a reflected operator keeps the order in the source."""
    recording = Recording()
    x = recording.input("x0")
    values = [1.0 - x, 3.0 / x, 2.0 * x, 0.5 + x, 1 < x, 2 >= x, (x > 1) & True, False | (x < 1)]
    kernel = compile_source(loop_source(recording, values, [None], 1))
    out = np.empty((len(values), 1))
    kernel((1,), 4.0, out)
    assert list(out[:, 0]) == [-3.0, 0.75, 8.0, 4.5, 1.0, 0.0, 1.0, 0.0]


def test_a_literal_reads_back_as_the_same_float():
    recording = Recording()
    x = recording.input("x0")
    values = [x * 0.1, x * (1 / 3), x + 1e-300, x * math.pi]
    kernel = compile_source(loop_source(recording, values, [None], 1))
    out = np.empty((4, 1))
    kernel((1,), 7.0, out)
    assert list(out[:, 0]) == [7.0 * 0.1, 7.0 * (1 / 3), 7.0 + 1e-300, 7.0 * math.pi]

"""One engine, two kinds of number: the engine on one household's Python floats (`xp=FLOATS`, what
`simulate` runs) gives the same bits as on numpy arrays (what sweeps, break-even and caseloads run), for
every budget line and every choice the engine makes, over the whole scenario space and random reforms.
"""
from __future__ import annotations

import math

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.arithmetic import FLOATS, NUMPY, select
from simulator.arrays import household_floats, option_work, work_arrays
from simulator.engine import compute, fields_of, reference_households
from simulator.models import parse_scenario
from simulator.params import floats, numeric
from simulator.periods import period as get_period
from simulator.rules import rules_at
from tests.strategies import with_reforms

EXAMPLES = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def same_bits(a, b) -> bool:
    """Equal as IEEE doubles (NaN equals NaN, and 0.0 differs from -0.0)."""
    a, b = float(a), float(b)
    return np.float64(a).tobytes() == np.float64(b).tobytes() or (math.isnan(a) and math.isnan(b))


@EXAMPLES
@given(raw=with_reforms(), period=st.sampled_from(["month", "14d"]), reference=st.booleans())
def test_floats_and_arrays_give_the_same_bits(raw, period, reference):
    scenario = parse_scenario(raw)
    per = get_period(period)
    rules = rules_at(scenario.date, scenario.reform)
    options = scenario.compared_options()
    h = household_floats(scenario)
    if reference:
        h_floats, h_arrays = reference_households(h, FLOATS), reference_households(h, NUMPY)
    else:
        h_floats = h_arrays = h
    for i, option in enumerate(options):
        # each option alone: padded to another option's items, `transport_covered` would see the padding
        arrays = compute(h_arrays, work_arrays([option]), numeric(rules), per, choices=True)
        one = compute(h_floats, option_work(option), floats(rules), per, choices=True, xp=FLOATS)
        pairs = [(name, getattr(one, name), getattr(arrays, name)[0]) for name in fields_of(arrays)]
        shape = arrays.disposable_income.shape
        for name, mine in one.named.items():   # every other name: inputs, lines, variants taken, notes
            theirs = arrays.named[name]
            if isinstance(mine, (list, tuple)):   # an item line (or the work), item by item
                pairs += [(f"{name}[{k}]", m, np.broadcast_to(t, shape)[0])
                          for k, (m, t) in enumerate(zip(mine, theirs))]
            else:
                pairs.append((name, mine, np.broadcast_to(theirs, shape)[0]))
        for name, mine, theirs in pairs:
            assert isinstance(mine, (bool, int, float)), f"{name} is {type(mine).__name__}, not a Python number"
            assert same_bits(mine, theirs), f"option {i} {name}: floats {mine!r}, arrays {theirs!r}\n{raw!r}"


def test_the_float_engine_uses_no_numpy_number():
    """FLOATS is Python arithmetic throughout: a numpy scalar would bring numpy's dispatch back."""
    scenario = parse_scenario({"schema_version": 1, "date": "2026-03-01",
                               "household": {"adults": [{}, {}], "children": 5, "housing": "centre_canteen"},
                               "options": [{"name": "Job", "work": [
                                   {"adult": 0, "kind": "job", "hours_per_week": 30, "hourly_wage": 130,
                                    "transport_per_month": 500},
                                   {"adult": 1, "kind": "unpaid_praktik", "hours_per_week": 10}]}]})
    rules = rules_at(scenario.date)
    budget = compute(household_floats(scenario), option_work(scenario.options[0]), floats(rules),
                     get_period("month"), choices=True, xp=FLOATS)
    kinds = {name: type(getattr(budget, name)) for name in fields_of(budget)}
    kinds |= {f"{name}[{k}]": type(v) for name, values in budget.named.items() if isinstance(values, (list, tuple))
              for k, v in enumerate(values)}
    kinds |= {name: type(v) for name, v in budget.named.items() if not isinstance(v, (list, tuple))}
    assert set(kinds.values()) <= {bool, int, float}, kinds


@settings(max_examples=200, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), size=st.sampled_from([1, 100, 4096, 5000]),
       layout=st.sampled_from(["arrays", "scalar_true", "scalar_false", "small_values", "ints", "bools"]))
def test_the_branch_free_select_is_np_where(seed, size, layout):
    """arithmetic.select gives np.where's bits (NaN, inf and −0.0 included) for every shape the engine uses."""
    rng = np.random.default_rng(seed)
    special = np.array([np.nan, np.inf, -np.inf, -0.0, 0.0, 1e-320, 1e308])
    def values(n):
        v = rng.normal(0, 1e4, n)
        return np.where(rng.random(n) < 0.1, rng.choice(special, n), v)
    condition = rng.random(size) < 0.5
    a, b = values(size), values(size)
    if layout == "scalar_true":
        a = 0.0
    elif layout == "scalar_false":
        b = 2.5
    elif layout == "small_values":
        condition = rng.random((3, size)) < 0.5
        a, b = values(1)[0], values(size)
    elif layout == "ints":
        a, b = rng.integers(-5, 5, size), 3
    elif layout == "bools":
        a, b = rng.random(size) < 0.5, False
    expected = np.where(condition, a, b)
    got = select(condition, a, b)
    assert got.dtype == expected.dtype and got.shape == expected.shape
    assert np.array_equal(got.view(np.uint8), np.ascontiguousarray(expected).view(np.uint8))


def _random_households(rng, n: int):
    from simulator.engine import Households
    adults = rng.integers(1, 3, n).astype(float)
    return Households(
        adults=adults, couple=(adults == 2).astype(float), children=rng.integers(0, 9, n).astype(float),
        phase=rng.integers(1, 4, n).astype(float), procedure=rng.integers(0, 4, n).astype(float),
        housing=rng.integers(0, 6, n).astype(float), contracts_kept=rng.integers(0, 3, n).astype(float),
        housing_cost=np.where(rng.random(n) < 0.3, rng.uniform(2000, 9000, n), np.nan),
        charge_mode=rng.integers(0, 3, n).astype(float), charge_fixed=rng.uniform(0, 3000, n))


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), distinct=st.integers(1, 60), rows=st.sampled_from([7, 5000]),
       choices=st.booleans())
def test_distinct_households_give_the_same_budget_as_every_row(seed, distinct, rows, choices):
    """compute(..., household_of=i) on distinct households equals compute on the households row by row."""
    from simulator.engine import Households, WorkItems
    rng = np.random.default_rng(seed)
    h = _random_households(rng, distinct)
    at = rng.integers(0, distinct, rows)
    every = Households(*(np.asarray(v)[at] for v in vars(h).values()))
    w = WorkItems(kind=rng.integers(0, 3, (rows, 2)).astype(float), hours=rng.uniform(0, 45, (rows, 2)),
                  wage=rng.uniform(0, 250, (rows, 2)), transport=rng.uniform(0, 2000, (rows, 2)))
    date = rules_at("2026-06-01").date
    r = numeric([rules_at(date), rules_at(date, {"offset.deduct_transport": True, "offset.rate": 0.5})], (2, 1))
    per = get_period("month")
    expected = compute(every, w, r, per, choices=choices)
    got = compute(h, w, r, per, choices=choices, household_of=at)
    for name in fields_of(expected):
        e, g = getattr(expected, name), getattr(got, name)
        assert e.shape == g.shape, name
        assert np.array_equal(np.ascontiguousarray(e).view(np.uint8), np.ascontiguousarray(g).view(np.uint8)), name
    lean = compute(h, w, r, per, broadcast=False, household_of=at)   # the lines per row are the same too
    for name in ("disposable_income", "allowances_paid", "offset", "accommodation_charge", "charge_rule",
                 "allowances_before_offset", "housing_cost", "gross_wage"):
        e = np.broadcast_to(getattr(expected, name), expected.disposable_income.shape)
        g = np.broadcast_to(getattr(lean, name), expected.disposable_income.shape)
        assert np.array_equal(e.view(np.uint8) if e.flags.c_contiguous else np.ascontiguousarray(e).view(np.uint8),
                              np.ascontiguousarray(g).view(np.uint8)), name


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), reforms=st.lists(with_reforms().map(lambda raw: raw.get("reform") or {}),
                                                       min_size=1, max_size=4))
def test_rules_cut_to_their_varying_axes_give_the_same_budget(seed, reforms):
    """numeric(sets, shape) keeps each parameter only along the axes where it changes (NumericRules.minimal):
    every line, broadcast, equals the full stack's bit for bit."""
    rng = np.random.default_rng(seed)
    date = rules_at("2026-06-01").date
    sets = [rules_at(date)] + [rules_at(date, reform) for reform in reforms]
    shape = (len(sets), 1)
    full = numeric(sets).reshape(shape)
    cut = numeric(sets, shape)
    assert all(np.shape(v) in ((1, 1), shape) for v in vars(cut).values())
    h = _random_households(rng, 300)
    from simulator.engine import WorkItems
    w = WorkItems(kind=rng.integers(0, 3, (300, 2)).astype(float), hours=rng.uniform(0, 45, (300, 2)),
                  wage=rng.uniform(0, 250, (300, 2)), transport=rng.uniform(0, 2000, (300, 2)))
    per = get_period("month")
    expected, got = compute(h, w, full, per), compute(h, w, cut, per)
    for name in fields_of(expected):
        e = getattr(expected, name)
        g = np.broadcast_to(getattr(got, name), e.shape)
        assert np.array_equal(np.ascontiguousarray(e).view(np.uint8), np.ascontiguousarray(g).view(np.uint8)), name

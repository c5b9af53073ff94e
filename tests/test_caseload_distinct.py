"""The caseload's faster paths equal the direct ones, bit for bit: what depends on the household alone is
computed once per distinct household and gathered back; the impact's groups are slices of one partition."""
from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.caseload import read_caseload, run_caseload
from simulator.caseload.distinct import distinct_rows
from simulator.caseload.impact import _Changes, _group
from simulator.caseload.run import WARNING_COLUMNS, computable_readings, warning_rows, with_charge_modes
from simulator.caseload.schema import HOUSEHOLD_COLUMNS
from simulator.codes import ChargeMode
from simulator.eligibility import outcome_masks
from simulator.engine import compute, no_work, reference_households
from simulator.params import numeric
from simulator.periods import period as get_period
from simulator.rules import rules_at
from tests.test_caseload import caseloads, good_row, text

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def bits(a: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(a).view(np.uint8)


def column(kind: str):
    if kind == "int":
        return st.lists(st.integers(-3, 40), min_size=1, max_size=60).map(lambda v: np.array(v, np.int16))
    floats = st.sampled_from([0.0, -0.0, 1.5, float("nan"), 2000.0, 1e300])
    return st.lists(floats, min_size=1, max_size=60).map(lambda v: np.array(v, np.float64))


@SETTINGS
@given(data=st.data(), kinds=st.lists(st.sampled_from(["int", "float"]), min_size=1, max_size=5))
def test_distinct_rows_stand_for_every_row(data, kinds):
    """Each row's representative holds the same bits in every column (-0.0 is not 0.0), and no two
    representatives are the same row of values."""
    first = [data.draw(column(k)) for k in kinds]
    n = first[0].size
    columns = [c[np.arange(n) % c.size] for c in first]
    found = distinct_rows(columns)
    for c in columns:
        assert bits(c[found.rows][found.inverse]).tobytes() == bits(c).tobytes()
    keys = {tuple(bits(c[i : i + 1]).tobytes() for c in columns) for i in range(n)}
    assert len(found) == len(keys)


def test_distinct_rows_of_wide_and_large_columns():
    """Many columns with many values: the combined key no longer fits one integer, and the rows are ranked."""
    rng = np.random.default_rng(3)
    columns = [rng.integers(0, 30_000, 500).astype(np.int16) for _ in range(6)]
    columns[2][:250] = columns[2][250:]
    for c in columns:
        c[250:] = c[:250]
    found = distinct_rows(columns)
    assert len(found) == 250
    for c in columns:
        np.testing.assert_array_equal(c[found.rows][found.inverse], c)


@SETTINGS
@given(data=caseloads, date=st.sampled_from(["2013-06-01", "2014-11-01", "2026-09-01"]),
       period=st.sampled_from(["month", "14d"]))
def test_reference_and_warnings_of_distinct_households_equal_the_direct_ones(data, date, period):
    """The no-work reference computed once per distinct household and gathered back equals, bit for bit,
    the reference computed for every household; so do the warnings (eligibility's, and own housing that
    does not pay its way, read from the law's gain)."""
    cases = read_caseload(data)
    per = get_period(period)
    readings = computable_readings()
    reform = {"offset.rate": 0.5}
    rules = [rules_at(date, {**s, **r.reform}) for r in readings for s in ({}, reform)]
    stacked = numeric(rules).reshape((len(readings), 2, 1))
    modes = [int(ChargeMode[r.charge_mode.upper()]) if r.charge_mode else -1 for r in readings]
    n = len(cases)
    with np.errstate(over="ignore"):
        direct = compute(reference_households(with_charge_modes(cases.households(), modes)), no_work((n,)),
                         stacked, per)
        households = distinct_rows([cases.values[k] for k in HOUSEHOLD_COLUMNS])
        once = compute(reference_households(with_charge_modes(cases.households(households.rows), modes)),
                       no_work((len(households),)), stacked, per)
    gathered = once.disposable_income[..., households.inverse]
    assert bits(gathered).tobytes() == bits(direct.disposable_income).tobytes()

    run = run_caseload(cases, date, {"r": reform}, period, alternatives=True)
    with np.errstate(over="ignore"):
        offer = compute(with_charge_modes(cases.households(), modes), cases.work(), stacked, per).disposable_income
    assert bits(run.gain_by_reading).tobytes() == bits(offer - direct.disposable_income).tobytes()
    every_row = warning_rows(cases, slice(None), rules[0])
    every_row |= outcome_masks(cases.values["housing"], (offer - direct.disposable_income)[0, 0])
    assert set(run.warned) == set(every_row)
    for code, mask in every_row.items():
        np.testing.assert_array_equal(run.warned[code], mask)
    np.testing.assert_array_equal(run.household_type, cases.household_type)


def test_warning_columns_cover_what_the_warnings_read():
    """The warnings are gathered from distinct rows of these columns: every column they read is one."""
    assert set(WARNING_COLUMNS) >= {"kind", "months_since_application", "phase", "procedure", "housing",
                                    "working_adults"}
    assert set(HOUSEHOLD_COLUMNS) >= {"adults", "couple", "children", "housing", "housing_cost_per_month",
                                      "charge_mode", "charge_amount_per_month"}


@SETTINGS
@given(n=st.integers(1, 80), seed=st.integers(0, 2**32 - 1))
def test_groups_from_one_partition_equal_groups_from_masks(n, seed):
    """Each group of the impact (a slice of one stable partition of the sorted changes) holds the same
    households in the same order as picking them out of the sorted changes with a mask: the same figures,
    to the bit."""
    rng = np.random.default_rng(seed)
    delta = rng.choice([0.0, -0.0, 1e-3, -50.5, 17.25, 300.0], n) + rng.choice([0.0, 0.1], n)
    weight = rng.choice([1.0, 0.5, 2.0, 12.25], n)
    works_law, works_reform = rng.random(n) < 0.5, rng.random(n) < 0.5
    codes = rng.integers(0, 6, n).astype(np.int16)
    changes = _Changes.of(delta, weight, works_law, works_reform)
    names = {c: f"g{c}" for c in range(6)}
    by_partition = changes.groups("housing", names, codes)
    in_order = changes.sorted_like(codes)
    for code, group in zip(names, by_partition, strict=True):
        inside = in_order == code
        by_mask = _group("housing", names[code], changes.delta[inside], changes.weight[inside],
                         changes.works_law[inside], changes.works_reform[inside])
        assert repr(group) == repr(by_mask)


@SETTINGS
@given(ids=st.lists(st.sampled_from(["a", "b", "c", "a1", "b2", " a", "z"]), min_size=1, max_size=12),
       ascending=st.booleans())
def test_repeated_ids_are_found_in_any_order(ids, ascending):
    """An id given again is reported on its later lines, naming the first, whether the ids come in
    ascending order (checked without a hash table) or not."""
    if ascending:
        ids = sorted(ids, key=str.strip)
    cases = read_caseload(text(*(good_row(i) for i in ids)))
    first: dict[str, int] = {}
    expected = []
    for line, i in enumerate(ids, start=2):
        key = i.strip()
        if key in first:
            expected.append(f"line {line}, household_id: '{key}' appears twice (first on line {first[key]})")
        else:
            first[key] = line
    assert [str(e) for e in cases.errors] == expected
    assert list(cases.household_id) == list(first)


@SETTINGS
@given(data=caseloads, date=st.sampled_from(["2013-06-01", "2014-11-01", "2026-09-01"]),
       period=st.sampled_from(["month", "14d"]), reform=st.sampled_from([{}, {"offset.rate": 0.5},
                                                                        {"offset.deduct_transport": True},
                                                                        {"tax.base": "gross"}]))
def test_one_item_for_every_working_adult_equals_an_item_each(data, date, period, reform):
    """`Caseload.work` gives one item with the hours and transport times the working adults; the budget is
    the same, bit for bit, as with the offer once for each working adult (two items)."""
    from simulator.codes import WorkKind
    from simulator.engine import WorkItems
    cases = read_caseload(data)
    v = cases.values
    second = v["working_adults"] >= 2

    def each(name: str, empty: float) -> np.ndarray:
        return np.stack([v[name].astype(float), np.where(second, v[name], empty)], axis=-1)

    two = WorkItems(each("kind", float(WorkKind.UNPAID_PRAKTIK)), each("hours_per_week", 0.0),
                    each("hourly_wage", 0.0), each("transport_per_month", 0.0))
    r = numeric(rules_at(date, reform))
    per = get_period(period)
    with np.errstate(over="ignore"):
        expected = compute(cases.households(), two, r, per)
        got = compute(cases.households(), cases.work(), r, per)
    for name in ("gross_wage", "labour_market_contribution", "income_tax", "net_wage", "transport", "hours",
                 "countable_income", "offset", "allowances_paid", "accommodation_charge", "disposable_income"):
        assert bits(getattr(got, name)).tobytes() == bits(getattr(expected, name)).tobytes(), name

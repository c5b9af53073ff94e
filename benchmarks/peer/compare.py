# ruff: noqa  (kept as the shared benchmark wrote it, so the two stay easy to compare)
# Copied from the steering repository's shared benchmark (/work/shared/bench/compare.py), so that
# `make bench` can compare against the OpenFisca peer from this checkout.
# Changes: the table is always printed, and --bar adds the verdict after it (one run, not two); one row more,
# law + 2 reforms with the assumption ranges (the ⅓-of-the-ceiling target), with its verdict.
"""Side-by-side speed of the project against the OpenFisca peer and a plain-numpy ceiling, in one run.

Interleaved rounds (project, peer, project, peer ...) so that machine noise hits both; the best round of
each is compared. Prints ratios (peer time / project time: > 1 means the project is faster).

Run from the project's root, with a venv holding openfisca-core and the project:
    python3 -m venv .peer && .peer/bin/pip install -q openfisca-core==46.0.1 -e .
    PROJECT=. .peer/bin/python ../shared/bench/compare.py [--quick] [--bar]
"""
from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
import openfisca_peer as of  # noqa: E402

from simulator import load_scenario, simulate, sweep  # noqa: E402
from simulator.memory import keep_freed_memory  # noqa: E402

keep_freed_memory()   # as the caseload command and the page do (no longer on import: issue 20)

QUICK = "--quick" in sys.argv
ROUNDS = 3 if QUICK else 5

ONE = {
    "schema_version": 1, "date": "2026-03-01",
    "household": {"adults": [{}], "children": 2, "housing": "centre_self_catering"},
    "options": [{"name": "Part-time", "work": [{"adult": 0, "kind": "job", "hours_per_week": 20,
                                                "hourly_wage": 120, "transport_per_month": 1700}]}],
}
FOUR = {
    "schema_version": 1, "date": "2026-06-01",
    "household": {"adults": [{}, {}], "children": 2, "housing": "centre_self_catering"},
    "reform": {"offset.deduct_transport": True},
    "options": [
        {"name": "Part-time", "work": [{"adult": 0, "kind": "job", "hours_per_week": 20, "hourly_wage": 140,
                                        "transport_per_month": 900}]},
        {"name": "Full-time", "work": [{"adult": 0, "kind": "job", "hours_per_week": 37, "hourly_wage": 140,
                                        "transport_per_month": 900}]},
        {"name": "Unpaid praktik", "work": [{"adult": 1, "kind": "unpaid_praktik", "hours_per_week": 20}]},
    ],
}


def per_call(fn, n: int) -> float:
    start = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - start) / n


def best_pair(a, b, n_a: int, n_b: int) -> tuple[float, float]:
    a(), b()
    ta, tb = [], []
    for _ in range(ROUNDS):
        ta.append(per_call(a, n_a))
        tb.append(per_call(b, n_b))
    return min(ta), min(tb)


def numpy_ceiling(n: int, rng) -> float:
    """The core formula alone for n single-adult households (the practical ceiling of numpy)."""
    hours = rng.choice([10.0, 20.0, 37.0], n)
    wage = rng.uniform(80, 200, n)
    transport = rng.choice([0.0, 800.0, 1700.0], n)
    children = rng.integers(0, 5, n).astype(float)
    days, weeks = 365 / 12, 52 / 12
    start = time.perf_counter()
    gross = hours * wage * weeks
    net = gross * 0.92 * 0.7
    allow = (63.23 + 36.90 + np.minimum(children, 4) * 100.12) * days
    offset = np.minimum(allow, net)
    charge = np.minimum(323 * (1 + children) * days, np.maximum(0.0, net - allow))
    disposable = allow - offset + net - charge - transport
    disposable.sum()
    return time.perf_counter() - start


def main() -> None:
    rows = []
    # 1. One household, one option: the public API a user calls, against the peer's situation dict.
    one = load_scenario(ONE)
    h = {"adults": [{}], "children": 2, "phase": 2, "housing": "centre_self_catering"}
    w = {0: {"kind": "job", "hours_per_week": 20, "hourly_wage": 120, "transport_per_month": 1700}}
    assert abs(simulate(one, with_trace=False, with_effects=False).options[1].disposable_income
               - of.one_household("2026-03", h, w)) < 1, "project and peer disagree"
    p, q = best_pair(lambda: simulate(ONE, with_trace=False, with_effects=False),
                     lambda: of.one_household("2026-03", h, w), 200, 30)
    rows.append(("one household, one option (dict in, result out)", p * 1e3, q * 1e3, "ms"))
    p2 = min(per_call(lambda: simulate(one, with_trace=False, with_effects=False), 200) for _ in range(ROUNDS))
    rows.append(("  same, scenario already parsed", p2 * 1e3, q * 1e3, "ms"))
    p3 = min(per_call(lambda: simulate(load_scenario(FOUR)), 50) for _ in range(ROUNDS))
    rows.append(("four options, full result (trace, effects, break-even)", p3 * 1e3, None, "ms"))

    # 2. A sweep: 401 hours × 4 options × law and reform (the peer: the same 3,208 budgets as one batch).
    four = load_scenario(FOUR)
    rng = np.random.default_rng(0)
    p, q = best_pair(lambda: sweep(four, over="hours", points=401), lambda: of.batch("2026-03", 3208, rng), 20, 3)
    rows.append(("sweep 401 × 4 options × law+reform (3,208 budgets)", p * 1e3, q * 1e3, "ms"))

    # 3. A batch of 100,000 households: the caseload API (law only) against the peer's vectorised simulation.
    sys.path.insert(0, os.path.join(os.environ.get("PROJECT", "."), "scenarios", "caseload"))
    from simulator.caseload import read_caseload, run_caseload
    import generate  # the project's synthetic caseload writer
    n = 20_000 if QUICK else 100_000
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "c.csv")
        generate.write_csv(generate.generate(n, 7), path)
        t0 = time.perf_counter()
        cases = read_caseload(path)
        read_s = time.perf_counter() - t0
    p, q = best_pair(lambda: run_caseload(cases, "2014-11-01"), lambda: of.batch("2014-11", n, rng), 1, 1)
    rows.append((f"batch {n:,} households, law (household-options/s)", n / p, n / q, "/s"))
    reforms = {"transport": {"offset.deduct_transport": True}, "taper50": {"offset.rate": 0.5}}
    p3 = min(per_call(lambda: run_caseload(cases, "2014-11-01", reforms), 1) for _ in range(ROUNDS))
    rows.append((f"batch {n:,} × law + 2 reforms (budgets/s)", 3 * n / p3, None, "/s"))
    ranged = run_caseload(cases, "2014-11-01", reforms, alternatives=True).gain_by_reading.size
    p4 = min(per_call(lambda: run_caseload(cases, "2014-11-01", reforms, alternatives=True), 1) for _ in range(ROUNDS))
    rows.append((f"batch {n:,} × law + 2 reforms with the assumption ranges (budgets/s)", ranged / p4, None, "/s"))
    rows.append((f"read {n:,}-row caseload CSV (rows/s)", n / read_s, None, "/s"))
    c = min(numpy_ceiling(1_000_000, rng) for _ in range(ROUNDS))
    rows.append(("plain numpy formula, 1,000,000 households (ceiling)", 1e6 / c, None, "/s"))

    print(f"| measure | project | OpenFisca peer | peer/project |\n|---|---|---|---|")
    for name, mine, peer, unit in rows:
        if unit == "ms":
            ratio = f"{peer / mine:.1f}× faster" if peer else ""
            print(f"| {name} | {mine:.3f} ms | {'' if peer is None else f'{peer:.3f} ms'} | {ratio} |")
        else:
            ratio = f"{mine / peer:.1f}× faster" if peer else ""
            print(f"| {name} | {mine:,.0f}/s | {'' if peer is None else f'{peer:,.0f}/s'} | {ratio} |")
    if "--bar" in sys.argv:
        bar(rows)


# What the performance issue asks, as ratios in one run (and one rate with a wide margin).
# The sweep is shown without a target: a repeated sweep in one process is no user's path (issue 20).
TARGETS = {"one household, one option (dict in, result out)": 10.0,
           "sweep 401 × 4 options × law+reform (3,208 budgets)": 0.0}


def bar(rows) -> None:
    fails, shown = [], []
    for name, mine, peer, unit in rows:
        if name in TARGETS:
            ratio = peer / mine
            shown.append(f"{name.split(' (')[0]} {ratio:.1f}×")
            if ratio < TARGETS[name]:
                fails.append(f"{name}: {ratio:.1f}× the peer, target {TARGETS[name]:.0f}×")
        elif name.startswith("batch") and "law (" in name:
            ratio = mine / peer
            shown.append(f"batch {ratio:.1f}×")
            if ratio < 7:
                fails.append(f"{name}: {ratio:.1f}× the peer, target 7×")
        elif "assumption ranges" in name:
            ceiling = next(m for label, m, _, _ in rows if "ceiling" in label)
            shown.append(f"ranges {mine / ceiling:.2f} of the ceiling")
            if mine < ceiling / 3:
                fails.append(f"{name}: {mine / ceiling:.2f} of the numpy ceiling, target 1/3")
        elif name.startswith("read"):
            shown.append(f"CSV {mine:,.0f} rows/s")
            if mine < 500_000:
                fails.append(f"{name}: {mine:,.0f} rows/s, target 500,000")
    for f in fails:
        print(f)
    print("perf vs OpenFisca: " + ", ".join(shown))
    sys.exit(1 if fails else 0)


if __name__ == "__main__":
    main()

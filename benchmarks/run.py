"""Speed of the core (issue 2 targets on a 2-core machine):
(a) one simulate() of a four-option scenario            < 1 ms (also when every break-even is read)
(b) a sweep of 401 points × 4 options × law and reform   < 10 ms
(c) a batch of 100,000 random household-options          > 2 million per second
(d) the page's server work for a four-option scenario with curves (issue 3: every rerun < 150 ms)
(e) app.py's whole run after an input changes (issue 12: the page's server work per rerun < 50 ms)

Run: `make bench` (or `.venv/bin/python benchmarks/run.py`). Prints a markdown table; the latest numbers
are kept in benchmarks/README.md.
"""
from __future__ import annotations

import datetime as dt
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from simulator import load_scenario, simulate, sweep  # noqa: E402
from simulator.engine import Households, WorkItems, compute  # noqa: E402
from simulator.memory import keep_freed_memory  # noqa: E402
from simulator.params import numeric  # noqa: E402
from simulator.periods import MONTH  # noqa: E402
from simulator.rules import rules_at  # noqa: E402

keep_freed_memory()   # as the caseload command and the page do

FOUR_OPTIONS = {
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


def timed(fn, repeat: int) -> float:
    """Median seconds of `repeat` calls after a warm-up."""
    fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def random_batch(n: int, rng: np.random.Generator) -> tuple[Households, WorkItems]:
    adults = rng.integers(1, 3, n).astype(float)
    h = Households(
        adults=adults, couple=(adults == 2).astype(float), children=rng.integers(0, 6, n).astype(float),
        phase=rng.integers(1, 4, n).astype(float), procedure=rng.integers(0, 4, n).astype(float),
        housing=rng.integers(0, 5, n).astype(float), contracts_kept=adults,
        housing_cost=np.where(rng.random(n) < 0.2, rng.uniform(3000, 9000, n), np.nan),
        charge_mode=rng.integers(0, 3, n).astype(float), charge_fixed=rng.uniform(0, 3000, n))
    w = WorkItems(kind=rng.integers(0, 3, (n, 1)).astype(float), hours=rng.uniform(0, 45, (n, 1)),
                  wage=rng.uniform(100, 200, (n, 1)), transport=rng.uniform(0, 2000, (n, 1)))
    return h, w


def main() -> None:
    scenario = load_scenario(FOUR_OPTIONS)
    a = timed(lambda: simulate(scenario, with_effects=False), 300)
    a_be = timed(lambda: [o.break_even for o in simulate(scenario, with_effects=False).options], 300)
    a_trace = timed(lambda: [(o.break_even, o.trace) for o in simulate(scenario, with_effects=False).options], 100)
    a_full = timed(lambda: simulate(scenario), 100)
    b = timed(lambda: sweep(scenario, over="hours", points=401), 200)
    rng = np.random.default_rng(1)
    h, w = random_batch(100_000, rng)
    r = numeric(rules_at(dt.date(2026, 6, 1)))
    c = timed(lambda: compute(h, w, r, MONTH), 20)

    from simulator.i18n import translator
    from ui.page import charts
    t = translator("en")

    def page() -> None:
        results = {"law": simulate(scenario, reform={}), "reform": simulate(scenario)}
        curves = sweep(scenario, over="hours")
        for o in results["law"].options:
            charts.waterfall_spec(o, t, "per month")
        for o in scenario.options:
            charts.curve_spec(curves, o.name, 20, 0.0, t, "per month")
            charts.curve_table(curves, o.name, t)
        charts.results_table(results, t)
    d = timed(page, 10)

    from streamlit.testing.v1 import AppTest
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.run()
    hours = iter(range(10, 40))

    script_ms = []

    def rerun() -> None:
        app.number_input(key="opt0_hours").set_value(float(next(hours))).run()
        script_ms.append(app.session_state["run_ms"])
    e = timed(rerun, 10)
    e_script = statistics.median(script_ms) / 1e3

    rows = [
        ("(a) simulate(), 4 options (break-even and trace computed when read)", f"{a * 1e3:.3f} ms", "< 1 ms"),
        ("(a1) the same, reading every option's break-even", f"{a_be * 1e3:.3f} ms", "< 1 ms"),
        ("(a2) the same, reading every option's break-even and trace", f"{a_trace * 1e3:.3f} ms", "—"),
        ("(a') simulate() with the assumption alternatives", f"{a_full * 1e3:.3f} ms", "—"),
        ("(b) sweep 401 points × 3 options (+ No work) × law and reform", f"{b * 1e3:.3f} ms", "< 10 ms"),
        ("(c) batch of 100,000 household-options", f"{100_000 / c / 1e6:.1f} million/s ({c * 1e3:.1f} ms)",
         "> 2 million/s"),
        ("(d) page server work: 2 simulations, curves, 7 charts, table (uncached)", f"{d * 1e3:.0f} ms",
         "< 150 ms per rerun"),
        ("(e) app.py's own run after changing an option's hours (server time, timed inside the script; "
         "10 ms of it the pause after the answer)",
         f"{e_script * 1e3:.0f} ms", "< 50 ms"),
        ("(e') the same rerun as AppTest sees it (adds AppTest's element tree and messaging)",
         f"{e * 1e3:.0f} ms", "—"),
    ]
    print("| measurement | median | target |\n|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()

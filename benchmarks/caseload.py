"""Speed and memory of the policy workbench's caseload runs (issue 5 targets on a 2-core machine):

(a) 100,000 households × law and two reforms (transport deduction, 50 % taper) in one engine pass per
    chunk: under one second. Timed as `run_caseload` alone (the target) and as the CLI's whole computation
    (`run_caseload` with the three computable assumption alternatives stacked in, then `impact`).
(b) how it scales from 1,578 to 1,000,000 households: reading the CSV, the run, the impact, and the peak
    memory each step allocates (tracemalloc, measured in a separate untimed pass: tracing slows Python).

Run: `.venv/bin/python benchmarks/caseload.py [--sizes 1578,10000,100000,1000000] [--repeat 5]`.
Caseloads come from scenarios/caseload/generate.py (seed 2014), written to a temporary directory.
Prints markdown tables.
"""
from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from simulator.caseload import impact, named_reforms, read_caseload, run_caseload  # noqa: E402

DATE = "2014-11-01"
SIZES = (1_578, 10_000, 100_000, 1_000_000)
TARGET_SIZE = 100_000
TARGET_SECONDS = 1.0


def generator():
    spec = importlib.util.spec_from_file_location("caseload_generate", ROOT / "scenarios/caseload/generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def best(fn, repeat: int) -> tuple[float, float]:
    """Best and median wall time of `repeat` calls (the best is the machine's speed; the median its load)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def peak_mib(fn) -> float:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def fmt(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def measure(path: Path, reforms: dict, repeat: int) -> tuple[float, ...]:
    """Times (best; best and median) and peak memory of reading, the run, and the run with alternatives."""
    read_best, _ = best(lambda: read_caseload(path), max(1, repeat // 2))
    cases = read_caseload(path)

    def run() -> None:
        run_caseload(cases, DATE, reforms)

    def run_and_impact() -> None:
        impact(run_caseload(cases, DATE, reforms, alternatives=True), cases)

    run_best, run_median = best(run, repeat)
    full_best, full_median = best(run_and_impact, repeat)
    read_mem = peak_mib(lambda: read_caseload(path))
    full_mem = peak_mib(run_and_impact)
    return read_best, run_best, run_median, full_best, full_median, read_mem, full_mem


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(str(s) for s in SIZES))
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    named = named_reforms()
    reforms = {k: named[k] for k in ("transport-deduction", "taper-50")}
    gen = generator()

    rows = []
    headline = None
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            path = Path(tmp) / f"caseload-{size}.csv"
            gen.write_csv(gen.generate(size, gen.DEFAULT_SEED), path)
            repeat = args.repeat if size <= TARGET_SIZE else max(1, args.repeat // 2)
            row = measure(path, reforms, repeat)
            rows.append((size, *row, path.stat().st_size / 2**20))
            if size == TARGET_SIZE:
                headline = row[1:5]
            path.unlink()

    print(f"Caseload benchmark: rules of {DATE}, law + transport-deduction + taper-50; "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; best (median) of the runs.\n")
    if headline:
        ok = "meets" if headline[0] < TARGET_SECONDS else "MISSES"
        print(f"Target: {TARGET_SIZE:,} households × 3 rule sets in one pass < {TARGET_SECONDS:g} s: "
              f"{fmt(headline[0])} (median {fmt(headline[1])}) — {ok} the target. With the 3 assumption "
              f"alternatives (12 rule-set readings) and the impact tables: {fmt(headline[2])} "
              f"(median {fmt(headline[3])}).\n")
    print("| households | CSV size | read + validate CSV | run: law + 2 reforms | run with 3 assumption "
          "alternatives + impact | peak memory: read | peak memory: run + impact |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for size, read_t, run_t, run_m, full_t, full_m, read_mem, full_mem, mib in rows:
        print(f"| {size:,} | {mib:,.1f} MiB | {fmt(read_t)} | {fmt(run_t)} ({fmt(run_m)}) | "
              f"{fmt(full_t)} ({fmt(full_m)}) | {read_mem:,.0f} MiB | {full_mem:,.0f} MiB |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

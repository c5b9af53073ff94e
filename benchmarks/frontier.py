"""Speed of the reform frontier (issue 19 target, on a 2-core machine): a 50-point frontier of
`offset.disregard_per_month` (0 to 4,900 kr) over 100,000 generated households — law + 50 rule sets in one
stacked run, and per point the net cost per year, work pays and work no longer costs money — under 2 s.

Run: `.venv/bin/python benchmarks/frontier.py [--size 100000] [--points 50] [--repeat 3]` (`make bench` runs
it). The caseload comes from scenarios/caseload/generate.py (seed 7), read once before the timing.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.caseload import best, generator, verdict  # noqa: E402
from simulator.caseload import frontier, read_caseload  # noqa: E402

DATE = "2014-11-01"
PARAMETER = "offset.disregard_per_month"
TARGET_S = 2.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--points", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    gen = generator()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "caseload.csv"
        gen.write_csv(gen.generate(args.size, 7), path)
        cases = read_caseload(path)
    values = frontier.values(0.0, 100.0 * (args.points - 1), args.points)
    wall, cpu = best(lambda: frontier.caseload_frontier(cases, DATE, PARAMETER, values), args.repeat)
    print(f"Frontier benchmark: {args.points} values of {PARAMETER} over {args.size:,} generated households, "
          f"rules of {DATE}; {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; best of {args.repeat} "
          f"(other processes on the machine slow every figure).\n")
    print("| measure | wall | processor | target | |")
    print("|---|---:|---:|---:|---|")
    print(f"| {args.points}-point frontier (one stacked run + the three figures per point) | {wall:.2f} s | "
          f"{cpu:.2f} s | {TARGET_S} s | {verdict(wall, TARGET_S)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

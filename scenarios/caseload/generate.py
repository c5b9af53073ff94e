"""Write a synthetic caseload: asylum-seeker households, each with one job offer (RULES.md section 11).

    python scenarios/caseload/generate.py                       # caseload-2014.csv: 1,578 households, seed 2014
    python scenarios/caseload/generate.py --size 1000000 --seed 7 --out /tmp/million.csv

What the sources give is marked [seed] (Danish Red Cross experience report, 2015, via RULES.md section 11);
everything else is an [assumption] with its reasoning in README.md beside this file. Each assumption is a
named constant below: change it here, regenerate, and say why in README.md. The columns are the CSV schema
of `simulator/caseload/schema.py`.
"""
from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).parent
DEFAULT_OUT = HERE / "caseload-2014.csv"

DEFAULT_SIZE = 1_578          # [seed] persons in the target group for work, May 2014
DEFAULT_SEED = 2014
MAX_SIZE = 1_000_000
DATE = "2014-11-01"           # [assumption] rules date the file is meant for (the seed's single man, Nov 2014)

# Family composition [assumption]: the seed gives none; most people in the target group for work were
# single adults, and families were the group the report says found work hardest to make pay.
HOUSEHOLD_SHARES = {"single": 0.60, "couple_no_children": 0.10, "family_with_children": 0.30}
SINGLE_PARENT_SHARE = 0.15    # of families with children, one adult
CHILDREN_SHARES = {1: 0.30, 2: 0.30, 3: 0.20, 4: 0.12, 5: 0.05, 6: 0.03}
BOTH_ADULTS_WORK_SHARE = 0.10  # of two-adult households, both adults take the same offer

# Phase and procedure [assumption]: work needs phase 2 (registered) and 6 months since the application;
# the target group excludes Dublin and manifestly unfounded cases (RULES.md section 1).
REJECTED_SHARE = 0.10         # phase 3: rejected, work disputed (RULES.md section 1); special housing is always phase 3
MONTHS_SINCE_APPLICATION = (6, 36)
CONTRACT_KEPT_SHARE = 0.95    # per adult

# Housing. [seed] approvals to move out, 2 May 2013 - 20 Nov 2014: 561 independent housing, 62 private
# accommodation, 0 own housing, 150 special housing (families with children only), 773 in all.
MOVED_OUT_APPROVALS = {"independent_housing": 561, "private_accommodation": 62, "own_housing": 0,
                       "special_housing": 150}
MOVED_OUT_SHARE = 0.25        # [assumption] share of the target group living outside a centre
CANTEEN_SHARE = 0.15          # [assumption] of those at a centre, a centre with a canteen

# Jobs. [seed] 125 applications, 77 part-time and 48 full-time; kitchen/pizzeria, kiosk, dishwasher,
# cleaning, shop assistant. [assumption] hourly wages within 110-140 kr (2014 collective-agreement
# minimums for unskilled work), part-time 15-25 hours a week, full-time 37 hours.
PART_TIME_SHARE = 77 / 125
PART_TIME_HOURS = (15, 25)
FULL_TIME_HOURS = 37.0
JOBS = {                      # job -> hourly wage range, kr [assumption]
    "kitchen/pizzeria": (115.0, 130.0),
    "kiosk": (110.0, 120.0),
    "dishwasher": (110.0, 125.0),
    "cleaning": (120.0, 140.0),
    "shop assistant": (115.0, 135.0),
}
WAGE_STEP = 0.5               # wages are drawn to the half krone

# Commuting [assumption]: centres are mostly far from the jobs; the seed's single man paid 1,700 kr a month
# from his centre to Copenhagen, and 30-day cards to Copenhagen cost up to 1,800 kr (RULES.md section 10).
LOCAL_JOB_SHARE = 0.25        # walk or cycle: 0 kr
COMMUTER_CARD = (300.0, 1_800.0)
COMMUTER_STEP = 10.0

COLUMNS = ["household_id", "adults", "couple", "children", "phase", "procedure", "housing",
           "housing_cost_per_month", "contracts_kept", "months_since_application", "charge_mode",
           "charge_amount_per_month", "kind", "working_adults", "hours_per_week", "hourly_wage",
           "transport_per_month", "weight", "job"]


def _choice(rng: np.random.Generator, shares: dict, size: int) -> np.ndarray:
    keys = list(shares)
    p = np.array([shares[k] for k in keys], dtype=np.float64)
    return np.array(keys, dtype=object)[rng.choice(len(keys), size=size, p=p / p.sum())]


def _housing(rng: np.random.Generator, family: np.ndarray) -> np.ndarray:
    """Centre (canteen or self-catering) or one of the moved-out types; special housing only for families."""
    n = family.size
    total = sum(MOVED_OUT_APPROVALS.values())
    special = MOVED_OUT_APPROVALS["special_housing"] / total
    family_share = HOUSEHOLD_SHARES["family_with_children"] / sum(HOUSEHOLD_SHARES.values())
    # Families carry all of special housing, so among moved-out families it is this much more likely.
    p_special_family = min(1.0, special / family_share)
    others = {k: v for k, v in MOVED_OUT_APPROVALS.items() if k != "special_housing"}
    housing = np.where(rng.random(n) < CANTEEN_SHARE, "centre_canteen", "centre_self_catering").astype(object)
    moved = rng.random(n) < MOVED_OUT_SHARE
    to_special = moved & family & (rng.random(n) < p_special_family)
    rest = moved & ~to_special
    housing[rest] = _choice(rng, others, int(rest.sum()))
    housing[to_special] = "special_housing"
    return housing


def generate(size: int = DEFAULT_SIZE, seed: int = DEFAULT_SEED) -> dict[str, np.ndarray]:
    """The caseload's columns (one entry per household), reproducible from `seed`."""
    if not 1 <= size <= MAX_SIZE:
        raise ValueError(f"size: must be between 1 and {MAX_SIZE:,} (got {size})")
    rng = np.random.default_rng(seed)
    kind = _choice(rng, HOUSEHOLD_SHARES, size)
    family = kind == "family_with_children"
    adults = np.where(kind == "single", 1, 2)
    adults = np.where(family & (rng.random(size) < SINGLE_PARENT_SHARE), 1, adults)
    children = np.where(family, _choice(rng, CHILDREN_SHARES, size).astype(np.int64), 0)
    couple = (adults == 2).astype(np.int64)

    housing = _housing(rng, family)
    phase = np.where((housing == "special_housing") | (rng.random(size) < REJECTED_SHARE), 3, 2)
    months = rng.integers(MONTHS_SINCE_APPLICATION[0], MONTHS_SINCE_APPLICATION[1] + 1, size)
    kept = (rng.random((size, 2)) < CONTRACT_KEPT_SHARE).astype(np.int64)
    contracts_kept = kept[:, 0] + np.where(adults == 2, kept[:, 1], 0)

    working = np.where((adults == 2) & (rng.random(size) < BOTH_ADULTS_WORK_SHARE), 2, 1)
    part_time = rng.random(size) < PART_TIME_SHARE
    hours = np.where(part_time, rng.integers(PART_TIME_HOURS[0], PART_TIME_HOURS[1] + 1, size), FULL_TIME_HOURS)
    names = list(JOBS)
    job_index = rng.integers(0, len(names), size)          # the five job types equally likely [assumption]
    job = np.array(names, dtype=object)[job_index]
    low = np.array([JOBS[j][0] for j in names])[job_index]
    high = np.array([JOBS[j][1] for j in names])[job_index]
    wage = np.round((low + rng.random(size) * (high - low)) / WAGE_STEP) * WAGE_STEP
    card = np.round(rng.uniform(*COMMUTER_CARD, size) / COMMUTER_STEP) * COMMUTER_STEP
    transport = np.where(rng.random(size) < LOCAL_JOB_SHARE, 0.0, card)

    width = len(str(size))
    return {
        "household_id": np.array([f"hh-{i:0{width}d}" for i in range(1, size + 1)], dtype=object),
        "adults": adults, "couple": couple, "children": children, "phase": phase,
        "procedure": np.full(size, "normal", dtype=object), "housing": housing,
        "housing_cost_per_month": np.full(size, "", dtype=object), "contracts_kept": contracts_kept,
        "months_since_application": months, "charge_mode": np.full(size, "income_tested", dtype=object),
        "charge_amount_per_month": np.zeros(size, dtype=np.int64), "kind": np.full(size, "job", dtype=object),
        "working_adults": working, "hours_per_week": hours, "hourly_wage": wage, "transport_per_month": transport,
        "weight": np.ones(size, dtype=np.int64), "job": job,
    }


def _text(values: np.ndarray) -> list[str]:
    """Numbers without a needless '.0' (37, 117.5); text as it is."""
    if values.dtype == object:
        return values.tolist()
    if np.issubdtype(values.dtype, np.integer) or np.all(values == np.round(values)):
        return values.astype(np.int64).astype(str).tolist()
    return [f"{v:g}" for v in values.tolist()]


WRITE_CHUNK = 100_000


def write_csv(columns: dict[str, np.ndarray], out: Path | str) -> None:
    """The columns as a UTF-8 CSV with a header row, in the schema's column order (in chunks of rows, so a
    million households never sit in memory as text at once)."""
    size = len(columns[COLUMNS[0]])
    with open(out, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(COLUMNS)
        for start in range(0, size, WRITE_CHUNK):
            texts = [_text(columns[name][start:start + WRITE_CHUNK]) for name in COLUMNS]
            writer.writerows(zip(*texts, strict=True))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=DEFAULT_SIZE, help=f"households (1 to {MAX_SIZE:,})")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", default=str(DEFAULT_OUT), help="CSV file to write")
    args = parser.parse_args(argv)
    try:
        columns = generate(args.size, args.seed)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    write_csv(columns, args.out)
    print(f"{args.out}: {args.size:,} households (seed {args.seed})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

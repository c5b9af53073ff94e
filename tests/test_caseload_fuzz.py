"""Hostile caseload CSVs (issue 8): a bounded, seeded set of over 300 files built to break the reader —
binary, bad UTF-8, NUL bytes, huge cells, huge headers, stray quotes and CRs, formulas, non-finite numbers.
Each is either read (bad rows named by line and column, every amount finite) or refused with one short line.
"""
from __future__ import annotations

import math
import random
import time

import numpy as np
import pytest

from simulator.caseload import MAX_BYTES, MAX_CELL, CaseloadError, caseload_impact, read_caseload
from simulator.errors import ScenarioError

HEADER = ("household_id,adults,couple,children,phase,procedure,housing,housing_cost_per_month,contracts_kept,"
          "months_since_application,charge_mode,charge_amount_per_month,kind,working_adults,hours_per_week,"
          "hourly_wage,transport_per_month,weight,job")
GOOD = "h{i},1,0,0,2,normal,centre_self_catering,,1,12,income_tested,0,job,1,20,115,1700,1,kitchen"
NASTY_CELLS = ["", " ", "nan", "inf", "-inf", "1e309", "-1", "1e-320", "0x10", "1_000", "١٢", "=HYPERLINK(1)",
               "+1+1", "@SUM(A1)", "\t=1", '"', '""', '"a,b"', '"a\nb"', '"a\rb"', "\u202e", "\ufeff", "x" * 70,
               "y" * (MAX_CELL + 5), "12,5", "true", "yes", "2.5", "-0", "00012", "9" * 400]
MAX_MESSAGE = 400
CASES = 320


def good_rows(n: int) -> list[str]:
    return [GOOD.format(i=i) for i in range(n)]


def hostile(rng: random.Random, k: int) -> bytes:
    """One hostile file, by kind k % 10 (seeded: the same files every run)."""
    kind = k % 10
    rows = good_rows(rng.randint(1, 6))
    if kind == 0:                                   # random bytes, sometimes behind a good header
        noise = bytes(rng.getrandbits(8) for _ in range(rng.randint(0, 400)))
        return noise if rng.random() < 0.5 else (HEADER + "\n").encode() + noise
    if kind == 1:                                   # nasty cells in random places
        out = []
        for r in rows:
            cells = r.split(",")
            for _ in range(rng.randint(1, 4)):
                cells[rng.randrange(len(cells))] = rng.choice(NASTY_CELLS)
            out.append(",".join(cells))
        return ("\n".join([HEADER, *out]) + "\n").encode()
    if kind == 2:                                   # bad UTF-8 or NUL somewhere
        data = bytearray(("\n".join([HEADER, *rows]) + "\n").encode())
        data[rng.randrange(len(data))] = rng.choice([0x00, 0xFF, 0xC3, 0x80])
        return bytes(data)
    if kind == 3:                                   # line ends: CR, CRLF, mixed, none at the end
        end = rng.choice(["\r", "\r\n", "\n\r", "\n\n"])
        return end.join([HEADER, *rows]).encode()
    if kind == 4:                                   # header mangled: repeated, unknown, huge, quoted
        names = HEADER.split(",")
        choice = rng.randrange(4)
        if choice == 0:
            names += [rng.choice(names) for _ in range(rng.randint(1, 2000))]
        elif choice == 1:
            names += [f"col{i}" for i in range(rng.randint(1, 5000))]
        elif choice == 2:
            names = [f'"{n}"' for n in names]
        else:
            rng.shuffle(names)
            names = names[: rng.randint(0, len(names))]
        return ("\n".join([",".join(names), *rows]) + "\n").encode()
    if kind == 5:                                   # ragged rows
        out = [r + "," * rng.randint(-3, 3) if rng.random() < 0.5 else r.rsplit(",", rng.randint(1, 5))[0]
               for r in rows]
        return ("\n".join([HEADER, *out]) + "\n").encode()
    if kind == 6:                                   # a huge cell, quoted or not
        big = "z" * rng.choice([MAX_CELL + 1, 200_000, 5_000_000])
        cells = rows[0].split(",")
        cells[rng.randrange(len(cells))] = f'"{big}"' if rng.random() < 0.5 else big
        return ("\n".join([HEADER, ",".join(cells), *rows[1:]]) + "\n").encode()
    if kind == 7:                                   # quotes opened and never closed, stray quotes
        cells = rows[-1].split(",")
        cells[rng.randrange(len(cells))] = rng.choice(['"open', 'a"b', '"a""b"', '"\r"', '"x\r\ny"'])
        return ("\n".join([HEADER, *rows[:-1], ",".join(cells)]) + "\n").encode()
    if kind == 8:                                   # separators and a BOM
        sep = rng.choice([";", "\t", "|"])
        return ("\ufeff" + "\n".join(x.replace(",", sep) for x in [HEADER, *rows]) + "\n").encode()
    return ("\n".join([HEADER, *rows, *(["", ",,,,", "   "] * rng.randint(1, 3))])).encode()  # blanks


def check(data: bytes, run: bool) -> None:
    try:
        cases = read_caseload(data)
    except (CaseloadError, ScenarioError) as exc:
        message = str(exc)
        assert "\n" not in message and "\r" not in message, message
        assert len(message) <= MAX_MESSAGE, message[:200]
        return
    for e in cases.errors:
        text = str(e)
        assert text.startswith(f"line {e.line}") and e.line >= 2, text
        assert "\n" not in text and len(text) <= MAX_MESSAGE, text[:200]
    for name, values in cases.values.items():
        if values.dtype == np.float64 and name != "housing_cost_per_month":
            assert np.isfinite(values).all(), name
    if run:
        result = caseload_impact(cases, "2014-11-01", {"t": {"offset.rate": 0.5}})
        for r in result.reforms:
            for f in (r.net_cost_per_month, r.net_cost_per_year, r.mean_gain_change, r.winners):
                assert f.value is not None and math.isfinite(f.value)


def test_hostile_csvs_are_read_or_refused_in_one_line():
    rng = random.Random(20261130)
    start = time.perf_counter()
    for k in range(CASES):
        check(hostile(rng, k), run=k % 16 == 1)
    assert time.perf_counter() - start < 60


def test_a_header_of_40000_names_is_checked_at_once():
    header = ",".join(f"c{i}" for i in range(40_000))
    start = time.perf_counter()
    with pytest.raises(CaseloadError,
                       match=r"header \(line 1\): missing columns .* and \d+ more; unknown columns .* and 39,997 more"):
        read_caseload((header + "\n" + "1," * 39_999 + "1\n").encode())
    assert time.perf_counter() - start < 1.0


def test_a_long_cell_is_refused_naming_its_line_and_column_and_the_rest_is_read():
    rows = good_rows(3)
    rows[1] = rows[1].replace("kitchen", "k" * 200_000)
    cases = read_caseload(("\n".join([HEADER, *rows]) + "\n").encode())
    assert len(cases) == 2 and cases.bad_rows == 1
    assert str(cases.errors[0]) == f"line 3, job: is longer than {MAX_CELL:,} characters"


def test_a_bare_cr_inside_a_quoted_cell_stays_in_the_cell():
    rows = good_rows(3)
    rows[0] = rows[0].replace("kitchen", '"kitchen\rporter"')
    cases = read_caseload(("\n".join([HEADER, *rows]) + "\n").encode())
    assert len(cases) == 3 and cases.bad_rows == 0
    assert cases.values["job"][0] == "kitchen\rporter"
    assert cases.line.tolist() == [2, 4, 5]   # the CR counts as a line break, as a text editor shows it


@pytest.mark.parametrize("data, problem", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "is not UTF-8 text"),
    ((HEADER + "\n").encode("utf-16"), "is not UTF-8 text"),
    ((HEADER + "\n" + GOOD.format(i=1) + "\n").encode() + b"\xff\xfe", "is not UTF-8 text on line 3"),
])
def test_binary_or_not_utf8_is_one_clear_line(data, problem):
    with pytest.raises(CaseloadError) as exc:
        read_caseload(data)
    assert problem in str(exc.value) and "\n" not in str(exc.value)


def test_a_file_over_the_size_bound_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "huge.csv"
    with open(path, "wb") as fh:
        fh.truncate(MAX_BYTES + 1)              # sparse: nothing is written
    with pytest.raises(CaseloadError, match="is larger than 256 MiB"):
        read_caseload(path)

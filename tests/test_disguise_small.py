"""The smaller holes of issue 22, each closed: a FIFO is refused at once, JSON's escaped surrogate pairs are
read, a bad --date is the one line said, a CR-only CSV is read, exported names like "-inf" are text, a cut
link name is said, and "the first N are listed" counts rows."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from simulator import load_scenario
from simulator.caseload import read_caseload
from simulator.caseload.schema import RowError
from simulator.errors import ScenarioError
from simulator.untrusted import spreadsheet_cell
from ui import share
from ui.workbench.view import first_rows

ROOT = Path(__file__).resolve().parent.parent
CASELOAD = ROOT / "scenarios" / "caseload" / "caseload-2014.csv"
SCENARIO = {"schema_version": 1, "date": "2014-11-01", "household": {"adults": [{}]},
            "options": [{"name": "Job \U0001F600 ok", "work": [{"hours_per_week": 20, "hourly_wage": 120}]}]}


def cli(*args: str, timeout: float = 30) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "simulator", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout)


@pytest.mark.parametrize("command", [["run"], ["sweep", "--over", "hours"]])
def test_a_fifo_is_refused_at_once(tmp_path, command):
    fifo = tmp_path / "scenario.yaml"
    os.mkfifo(fifo)
    started = time.monotonic()
    with pytest.raises(ScenarioError, match="not a regular file"):
        load_scenario(fifo)
    assert time.monotonic() - started < 1.0
    proc = cli(command[0], str(fifo), *command[1:], timeout=20)   # hangs forever without the check
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.strip().splitlines() == [f"{fifo}: cannot be read (not a regular file)"]


def test_json_with_escaped_surrogate_pairs_is_read(tmp_path):
    path = tmp_path / "s.json"
    path.write_text(json.dumps(SCENARIO))            # ensure_ascii: the emoji as "\ud83d\ude00"
    assert "\\ud83d\\ude00" in path.read_text()
    assert load_scenario(path).options[0].name == "Job \U0001F600 ok"
    lone = path.read_text().replace("\\ude00", "")   # half a pair is still no character
    path.write_text(lone)
    with pytest.raises(ScenarioError):
        load_scenario(path)
    escaped = path.read_text().replace("\\ud83d", "\\\\ud83d\\\\ude00")   # an escaped backslash is text
    path.write_text(escaped)
    assert load_scenario(path).options[0].name == "Job \\ud83d\\ude00 ok"


def test_a_bad_row_and_a_bad_date_say_one_line(tmp_path):
    lines = CASELOAD.read_text().splitlines()
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join([lines[0], lines[1], lines[2].replace(",2,", ",x,", 1)]) + "\n")
    proc = cli("caseload", str(bad), "--reform", "transport-deduction", "--date", "2014-02-30")
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.strip().splitlines() == ["--date: '2014-02-30' is not a date (use YYYY-MM-DD)"]


def test_a_cr_only_csv_is_read(tmp_path):
    text = CASELOAD.read_text()
    cr = tmp_path / "mac.csv"
    cr.write_bytes(text.replace("\n", "\r").encode())
    expected = read_caseload(CASELOAD)
    got = read_caseload(cr)
    assert len(got) == len(expected) and got.bad_rows == 0
    lines = text.splitlines()
    lines[3] = lines[3].replace(",2,", ",x,", 1)      # a bad row on line 4: its line is named as with LF
    cr.write_bytes("\r".join(lines).encode())
    assert [e.line for e in read_caseload(cr).errors] == [4]


@pytest.mark.parametrize("name", ["-inf", "+1_000", "-1e5", "+inf", "-nan", "=1+1", "+1"])
def test_names_that_float_reads_are_escaped_in_exports(name):
    assert spreadsheet_cell(name) == "'" + name


def test_plain_negative_amounts_stay_numbers():
    assert spreadsheet_cell("-450") == "-450" and spreadsheet_cell("-12.5") == "-12.5"


def test_a_link_name_over_80_characters_is_cut_with_a_note():
    name = "Kitchen job " + "x" * 100
    decoded = share.decode({"o": [f"{name}|j:0:20:150:0"]}, share_default())
    assert decoded.scenario.options[0].name == name[:80]
    assert any("cut to 80 characters" in line for line in decoded.ignored), decoded.ignored
    short = share.decode({"o": ["Kitchen|j:0:20:150:0"]}, share_default())
    assert not any("cut" in line for line in short.ignored)


def test_link_names_that_differ_only_in_invisible_characters_are_one_name():
    decoded = share.decode({"o": ["A|j:0:20:150:0", "A\u200b|j:0:30:150:0"]}, share_default())
    assert [o.name for o in decoded.scenario.options] == ["A"]


def share_default():
    import datetime as dt

    from ui import state
    return state.default_scenario(dt.date(2026, 1, 1))


def test_the_first_rows_listed_are_counted_as_rows():
    errors = [RowError(2, "adults", "bad"), RowError(2, "children", "bad"), RowError(5, "phase", "bad"),
              RowError(7, "phase", "bad")]
    shown, rows = first_rows(errors, 2)
    assert rows == 2 and [e.line for e in shown] == [2, 2, 5]


def test_a_gzip_caseload_is_read_and_a_zip_bomb_refused(tmp_path):
    import gzip

    from simulator.caseload.schema import MAX_BYTES, CaseloadError

    packed = gzip.compress(CASELOAD.read_bytes())
    assert len(read_caseload(packed, name="c.csv.gz")) == len(read_caseload(CASELOAD))
    (tmp_path / "c.csv.gz").write_bytes(packed)
    assert len(read_caseload(tmp_path / "c.csv.gz")) == len(read_caseload(CASELOAD))
    bomb = gzip.compress(b"a" * (MAX_BYTES + 2**20))      # a few hundred kB that unpack past the limit
    with pytest.raises(CaseloadError, match="unpacks to more than 256 MiB"):
        read_caseload(bomb, name="bomb.csv.gz")
    with pytest.raises(CaseloadError, match="cut short"):
        read_caseload(packed[: len(packed) // 2], name="half.csv.gz")

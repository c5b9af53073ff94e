"""The reform frontier (issue 19): one parameter swept over the default caseload in one stacked run.

What it protects: every point equals what `caseload FILE --reform R --json` prints for a reform R setting the
parameter to the point's value (an independent loop of single-reform runs through the CLI); the transport
deduction's cap is the law at 0 and the uncapped deduction at the law's cap; bad frontier specs exit 2 with
one line naming the problem; the CSV has integers as integers.
"""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from simulator.caseload import frontier, read_caseload
from simulator.cli import main

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CASELOAD = ROOT / "scenarios" / "caseload" / "caseload-2014.csv"
CAP = "offset.transport_deduction_cap_per_month"
DISREGARD = "offset.disregard_per_month"


def cli_json(capsys, *argv: str) -> dict:
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def single_reform(capsys, tmp_path: Path, reform: dict) -> dict:
    """What `caseload FILE --reform R --json` prints for the reform file R (one reform, one run)."""
    path = tmp_path / "r.json"
    path.write_text(json.dumps({"schema_version": 1, "title": "point", "reform": reform}))
    doc = cli_json(capsys, "caseload", str(DEFAULT_CASELOAD), "--reform", str(path), "--json")
    r = doc["reforms"][0]
    return {"net_cost_per_year": r["net_cost_per_year"]["value"], "work_pays": r["work_pays"]["reform"]["value"],
            "no_longer_costs": r["no_longer_costs"]["value"]}


@pytest.mark.parametrize("parameter,spec,base", [
    (DISREGARD, "0:3000:31", {}),
    (CAP, "0:2000:21", {"offset.deduct_transport": True}),
])
def test_frontier_json_equals_a_loop_of_single_reform_runs(capsys, tmp_path, parameter, spec, base):
    doc = cli_json(capsys, "caseload", str(DEFAULT_CASELOAD), "--frontier", f"{parameter}={spec}", "--json")
    low, high, steps = spec.split(":")
    assert doc["parameter"] == parameter
    assert [p["value"] for p in doc["points"]] == frontier.values(float(low), float(high), int(steps))
    assert len(doc["points"]) == int(steps)
    for p in doc["points"]:
        expected = single_reform(capsys, tmp_path, {**base, parameter: p["value"]})
        got = {k: p[k] for k in expected}
        assert got == expected, f"{parameter} = {p['value']}"
    # a frontier that bites: more households better off at the top than at the bottom (a transport deduction
    # brings a gain below 0 up to 0 at most: work then no longer costs money, but does not pay)
    top, bottom = doc["points"][-1], doc["points"][0]
    assert top["no_longer_costs"] > bottom["no_longer_costs"] == 0
    assert top["work_pays"] > bottom["work_pays"] if parameter == DISREGARD else top["work_pays"] == bottom["work_pays"]
    assert doc["points"][-1]["net_cost_per_year"] > doc["points"][0]["net_cost_per_year"]


def test_cap_frontier_runs_from_the_law_to_the_uncapped_deduction(capsys):
    cases = read_caseload(DEFAULT_CASELOAD)
    f = frontier.caseload_frontier(cases, "2014-11-01", CAP, [0.0, 1_000_000.0])
    law_point, uncapped = f.points
    assert law_point.net_cost_per_year == 0 and law_point.no_longer_costs == 0
    assert law_point.work_pays == f.work_pays_law
    whole = cli_json(capsys, "caseload", str(DEFAULT_CASELOAD), "--reform", "transport-deduction", "--json")
    r = whole["reforms"][0]
    assert uncapped.as_json()["net_cost_per_year"] == r["net_cost_per_year"]["value"]
    assert uncapped.as_json()["work_pays"] == r["work_pays"]["reform"]["value"]
    assert uncapped.as_json()["no_longer_costs"] == r["no_longer_costs"]["value"]
    assert f.base == {"offset.deduct_transport": True}


def test_frontier_csv_has_integers_as_integers(capsys):
    assert main(["caseload", str(DEFAULT_CASELOAD), "--frontier", f"{DISREGARD}=0:3000:4", "--csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["value"] for r in rows] == ["0", "1000", "2000", "3000"]
    assert all(not r["work_pays"].endswith(".0") for r in rows)
    assert rows[0]["net_cost_per_year"] == "0"


@pytest.mark.parametrize("spec,named", [
    ("offset.rate", "PARAM=FROM:TO:STEPS"),
    ("tax.am_rate=0:1:3", "cannot be swept"),
    (f"{DISREGARD}=0:3000", "FROM:TO:STEPS"),
    (f"{DISREGARD}=a:3000:3", "plain numbers"),
    (f"{DISREGARD}=0:3000:1", "STEPS"),
    (f"{DISREGARD}=0:3000:100000", "STEPS"),
    (f"{DISREGARD}=3000:0:5", "FROM must be below TO"),
    (f"{DISREGARD}=-5:3000:5", "reform"),
    ("offset.rate=0:1:5", "offset.rate"),
])
def test_bad_frontier_spec_exits_2_with_one_line(capsys, spec, named):
    assert main(["caseload", str(DEFAULT_CASELOAD), "--frontier", spec, "--json"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1 and named in err, err

"""Every field round-trips exactly as given (issue 18, part 2): a file, the page's state (ui/state.py), a
share link (ui/share.py) and the command line keep each number and the kind of wage — a monthly wage of
20,000 kr stays 20,000 kr a month, never 124.74 kr an hour and a gross of 19,999.98.

What never travels, by design: the title and the adults' labels (no names in a link), and a listed, empty
'No work' (the reference every page shows first). The page holds an option as the job of adult 1, adult 2
or both, one job each in that order, so the page-state round trip is over every scenario the page's
editor can hold (`ui.state.unshown` names the others); the link alone carries any option.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator import simulate_json
from simulator.models import NO_WORK, parse_scenario
from simulator.scenario_files import load_scenario, read_scenario_bytes, scenario_to_dict
from tests import strategies as gen
from tests.cli_runner import in_process
from ui import share, state

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = state.default_scenario(dt.date(2026, 1, 1))
ROUND_TRIP = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def monthly_wages() -> st.SearchStrategy[float]:
    """A monthly wage as typed (to the øre) or as any float a program might write (long decimals)."""
    return st.one_of(st.just(20_000.0), st.integers(1, 6_000_000).map(lambda ore: ore / 100),
                     st.floats(0.01, 10_000_000, allow_nan=False, allow_infinity=False))


def exact_wages() -> st.SearchStrategy[float]:
    """An hourly wage to the øre, or with any number of decimals (a wage computed elsewhere)."""
    return st.one_of(gen.kroner(400), st.floats(0.01, 100_000, allow_nan=False, allow_infinity=False),
                     st.just(0.0))


@st.composite
def page_scenarios(draw, editable: bool = True) -> dict[str, Any]:
    """A valid scenario file over the whole scenario space (tests/strategies.py, any public reform), its wages
    sometimes monthly, sometimes with long decimals; with `editable`, its options as the page holds them."""
    data = draw(gen.scenarios(reform=gen.reforms()))
    adults = len(data["household"]["adults"])
    options = []
    for i in range(draw(st.integers(0, 6))):
        if editable:
            who = draw(st.sampled_from([[0], [1], [0, 1]] if adults == 2 else [[0]]))
        else:
            who = draw(st.lists(st.integers(0, adults - 1), min_size=0, max_size=3))
        work = []
        for adult in who:
            item = draw(gen.work_items(adults)) | {"adult": adult}
            if item["hours_per_week"] > 0 and draw(st.booleans()):
                item.pop("hourly_wage")
                item["monthly_wage"] = draw(monthly_wages())
            else:
                item["hourly_wage"] = draw(exact_wages())
            work.append(item)
        options.append({"name": f"Option {i + 1} – {draw(st.text('abcæøå 1', max_size=8)).strip()}",
                        "work": work})
    if draw(st.booleans()):
        options.insert(0, {"name": NO_WORK, "work": []})
    data["options"] = options
    return data


def as_file(scenario) -> dict[str, Any]:
    """What a saved file holds, less what never travels (title, labels, a listed empty 'No work')."""
    data = scenario_to_dict(scenario, keep_labels=False)
    data.pop("title", None)
    data["options"] = [o for o in data["options"] if not (o["name"] == NO_WORK and not o["work"])]
    return data


def through_the_page(scenario):
    """The scenario as the page's widgets hold it and give it back."""
    s, notes = state.to_state(scenario)
    assert notes == []
    return state.from_state(s)


def through_a_link(scenario):
    decoded = share.decode(share.encode(scenario), DEFAULT)
    assert decoded.ignored == []
    return decoded.scenario


@ROUND_TRIP
@given(page_scenarios())
def test_file_page_link_page_file_is_identical(data):
    """file → page state → link → page state → file: every field as given, the kind of wage included."""
    original = load_scenario(data)
    back = through_the_page(through_a_link(through_the_page(original)))
    assert as_file(back) == as_file(original)
    saved = yaml.safe_dump(scenario_to_dict(back))
    assert as_file(read_scenario_bytes(saved.encode(), "saved.yaml")) == as_file(original)


@ROUND_TRIP
@given(page_scenarios(editable=False))
def test_a_link_carries_any_option_exactly(data):
    """file → link → file, options of any shape (several items per adult, any order, none)."""
    original = load_scenario(data)
    assert as_file(through_a_link(original)) == as_file(original)


def test_a_monthly_wage_of_20000_stays_20000_a_month():
    """The issue's case: 20,000 kr a month came back as 124.74 kr an hour and a gross of 19,999.98."""
    data = {"schema_version": 1, "date": "2025-06-01",
            "household": {"adults": [{}], "housing": "centre_self_catering"},
            "options": [{"name": "Job", "work": [{"kind": "job", "hours_per_week": 37, "monthly_wage": 20000}]}]}
    original = load_scenario(data)
    link = share.to_query_string(original)
    assert "m20000" in link and "124.74" not in link
    for scenario in (through_a_link(original), through_the_page(original),
                     through_the_page(through_a_link(through_the_page(original)))):
        work = scenario.options[0].work[0]
        assert work.monthly_wage == 20000
        assert scenario_to_dict(scenario)["options"][0]["work"][0] == {
            "adult": 0, "kind": "job", "hours_per_week": 37.0, "monthly_wage": 20000.0, "transport_per_month": 0.0}
        gross = simulate_json(scenario_to_dict(scenario))["options"][1]["gross_wage"]
        assert gross == 20000.0


@pytest.mark.parametrize("wage", [{"monthly_wage": 20000}, {"hourly_wage": 124.7401}])
def test_the_command_line_reads_the_wage_as_given(tmp_path, wage):
    """`run --json` of a file and of the file the page would save from its link give the same gross."""
    data = {"schema_version": 1, "date": "2025-06-01",
            "household": {"adults": [{}], "housing": "centre_self_catering"},
            "options": [{"name": "Job", "work": [{"kind": "job", "hours_per_week": 37, **wage}]}]}
    first, second = tmp_path / "first.yaml", tmp_path / "second.yaml"
    first.write_text(yaml.safe_dump(data), encoding="utf-8")
    back = through_the_page(through_a_link(through_the_page(load_scenario(data))))
    second.write_text(yaml.safe_dump(scenario_to_dict(back)), encoding="utf-8")
    outputs = []
    for path in (first, second):
        proc = in_process("run", path, "--json")
        assert proc.returncode == 0, proc.stderr
        outputs.append(json.loads(proc.stdout))
    assert outputs[0] == outputs[1]
    expected = 20000.0 if "monthly_wage" in wage else round(124.7401 * 37 * 52 / 12, 2)
    assert outputs[0]["options"][1]["gross_wage"] == expected
    assert yaml.safe_load(second.read_text(encoding="utf-8"))["options"][0]["work"][0] == {
        "adult": 0, "kind": "job", "hours_per_week": 37.0, **{k: float(v) for k, v in wage.items()},
        "transport_per_month": 0.0}


def test_an_old_link_with_a_rounded_hourly_wage_still_reads():
    """Links made before the kind of wage travelled (wage to the øre, no 'm') read as they always did."""
    decoded = share.decode({"v": "1", "d": "2025-06-01", "a": "1", "o": ["Job|j:0:37:124.74:0"]}, DEFAULT)
    assert decoded.ignored == [] and decoded.scenario.options[0].work[0].hourly_wage == 124.74
    assert decoded.scenario.options[0].work[0].monthly_wage is None


def test_a_bad_monthly_wage_in_a_link_is_ignored_with_a_reason():
    decoded = share.decode({"v": "1", "a": "1", "o": ["Job|j:0:37:mlots:0"]}, DEFAULT)
    assert decoded.ignored and "not a number" in decoded.ignored[0]
    parse_scenario(scenario_to_dict(decoded.scenario))

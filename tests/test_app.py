"""The counsellor's page (app.py) through Streamlit's AppTest: it opens with a sensible default, every input
changes what it should, a shared link restores the numbers of the core, and bad input never loses the
counsellor's work."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from streamlit.testing.v1 import AppTest

from simulator import load_scenario, simulate
from ui import share, state
from ui.i18n import translator

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")  # AppTest resolves a relative path against this file, not the working directory
SCENARIOS = ROOT / "scenarios"
SEED = SCENARIOS / "single-man-2014-commuter.yaml"
LEFT = "Left to live on"
WITH_REFORM = "With the proposal"
t = translator("en")


# --------------------------------------------------------------------------------------------------
# helpers


def open_page(query: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    if query:
        at.query_params.update(query)
    return run(at)


def run(at: AppTest) -> AppTest:
    """Run the page; it must not fail, and whatever it shows must be the core's numbers for its inputs."""
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    if left(at):
        assert [digits(v) for v in left(at)] == expected(at)
    return at


def left(at: AppTest) -> list[str]:
    """The 'Left to live on' metric of each option, in page order."""
    return [m.value for m in at.metric if m.label == LEFT]


def with_reform(at: AppTest) -> list[str]:
    return [m.value for m in at.metric if m.label == WITH_REFORM]


def digits(text: str) -> int:
    """'3,046 kr' → 3046, '−1,700 kr' → -1700: the number a metric shows, whatever its separators."""
    sign = -1 if text.strip()[:1] in "-−" else 1
    return sign * int(re.sub(r"\D", "", text))


def titles(at: AppTest) -> list[str]:
    """The option columns' headings, in order."""
    return [s.value for s in at.subheader if s.value not in (t("options.heading"), t("sidebar.files"))]


def query(at: AppTest) -> dict[str, list[str]]:
    """The page's query parameters, every value as a list (AppTest collapses one-item lists)."""
    return {k: v if isinstance(v, list) else [v] for k, v in at.query_params.items()}


def as_query(params: dict) -> dict[str, list[str]]:
    return {k: v if isinstance(v, list) else [v] for k, v in params.items()}


def expected(at: AppTest, reform: bool = False) -> list[int]:
    """The core's disposable income per option for the scenario the page's inputs describe, in kroner."""
    scenario = state.from_state(dict(at.session_state.items()))
    result = simulate(scenario, at.session_state["period"], reform=None if reform else {})
    return [round(o.disposable_income) for o in result.options]


def has_widget(at: AppTest, key: str) -> bool:
    kinds = ("number_input", "checkbox", "text_input", "selectbox", "radio", "toggle", "date_input")
    return any(w.key == key for kind in kinds for w in getattr(at, kind))


def shown(at: AppTest, text: str) -> bool:
    """Whether `text` is anywhere in the page's markdown, captions, alerts or metrics."""
    pieces = [e.value for kind in ("markdown", "caption", "warning", "info", "error", "subheader", "header")
              for e in getattr(at, kind)]
    return any(text in str(p) for p in pieces)


@pytest.fixture
def page() -> AppTest:
    return open_page()


# --------------------------------------------------------------------------------------------------
# the default page


def test_the_default_page_shows_no_work_and_three_options(page):
    assert titles(page) == ["No work", "Part-time (20 h)", "Full-time (37 h)", "Unpaid praktik"]
    assert len(left(page)) == 4
    assert all(re.fullmatch(r"−?[\d,]+ kr", v) for v in left(page))
    assert not page.error and not page.warning


def test_the_default_page_shows_the_numbers_of_the_core(page):
    result = simulate(state.default_scenario())
    assert [digits(v) for v in left(page)] == [round(o.disposable_income) for o in result.options]


def test_the_default_page_writes_its_link(page):
    assert query(page) == as_query(share.encode(state.default_scenario()))


# --------------------------------------------------------------------------------------------------
# every input changes something


def test_language(page):
    page.selectbox(key="lang").set_value("da")
    run(page)
    assert query(page)["lang"] == ["da"]
    assert len(left(page)) == 0 and len(page.metric) == 4  # the metric label is now Danish
    assert page.metric[0].label != LEFT


def test_policy_view_and_back_keeps_the_household(page):
    page.number_input(key="children").set_value(3)
    run(page)
    before = left(page)
    page.radio(key="view").set_value("policy")
    run(page)
    assert not left(page)  # the workbench replaces the options' results
    page.radio(key="view").set_value("counsellor")
    run(page)
    assert left(page) == before and query(page)["c"] == ["3"]


def test_period(page):
    month = [digits(v) for v in left(page)]
    page.radio(key="period").set_value("14d")
    run(page)
    fortnight = [digits(v) for v in left(page)]
    assert query(page)["p"] == ["14d"]
    assert all(f < m for f, m in zip(fortnight, month, strict=True))
    expected = simulate(state.default_scenario(), "14d")
    assert fortnight == [round(o.disposable_income) for o in expected.options]
    assert shown(page, "per 14 days")


def test_example_picker(page):
    page.selectbox(key="example").set_value(SEED.name)
    run(page)
    assert titles(page) == ["No work", "Part-time kitchen job in Copenhagen (20 h)"]
    assert [digits(v) for v in left(page)] == [2564, 864]
    assert query(page)["d"] == ["2014-11-01"]
    assert shown(page, SEED.name)


def test_upload(page):
    page.get("file_uploader")[0].upload(SEED.name, SEED.read_bytes(), "application/x-yaml")
    run(page)
    assert [digits(v) for v in left(page)] == [2564, 864]
    assert page.number_input(key="months_0").value == 14


def test_a_broken_upload_says_why_and_keeps_the_page(page):
    before = left(page)
    page.get("file_uploader")[0].upload("broken.yaml", b"schema_version: 1\nhousehold: 3\n", "application/x-yaml")
    run(page)
    assert left(page) == before
    assert shown(page, "broken.yaml")


def test_adults_and_couple(page):
    single = left(page)
    page.radio(key="adults").set_value(2)
    run(page)
    assert query(page)["a"] == ["2"] and query(page)["cp"] == ["0"]  # two adults, not (yet) a couple
    two = left(page)
    assert two[0] != single[0]
    assert has_widget(page, "months_1") and has_widget(page, "kept_1") and has_widget(page, "opt0_who")
    page.checkbox(key="couple").check()
    run(page)
    assert query(page)["cp"] == ["1"]
    assert left(page)[0] != two[0]  # a couple's rate differs from two singles'


def test_children_raise_no_work(page):
    before = digits(left(page)[0])
    page.number_input(key="children").set_value(2)
    run(page)
    assert digits(left(page)[0]) > before
    assert query(page)["c"] == ["2"]


def test_date(page):
    before = left(page)
    page.date_input(key="date").set_value(dt.date(2014, 11, 1))
    run(page)
    assert query(page)["d"] == ["2014-11-01"]
    assert left(page) != before


def test_housing_canteen_lowers_no_work(page):
    before = digits(left(page)[0])
    page.selectbox(key="housing").set_value("centre_canteen")
    run(page)
    assert digits(left(page)[0]) < before
    assert query(page)["h"] == ["centre_canteen"]


def test_housing_cost(page):
    assert not has_widget(page, "housing_cost")
    page.checkbox(key="has_housing_cost").check()
    run(page)
    assert has_widget(page, "housing_cost")
    page.number_input(key="housing_cost").set_value(2500)
    run(page)
    assert query(page)["hc"] == ["2500"]
    page.selectbox(key="housing").set_value("own_housing")
    run(page)
    own = left(page)
    assert query(page)["h"] == ["own_housing"]
    assert not has_widget(page, "has_housing_cost")  # own housing always has its rent
    page.number_input(key="housing_cost").set_value(4000)
    run(page)
    assert query(page)["hc"] == ["4000"]
    assert left(page) != own


def test_phase(page):
    before = left(page)
    page.selectbox(key="phase").set_value(1)
    run(page)
    assert query(page)["ph"] == ["1"]
    assert left(page) != before


def test_procedure(page):
    page.selectbox(key="procedure").set_value("manifestly_unfounded")
    run(page)
    assert query(page)["pr"] == ["manifestly_unfounded"]
    assert page.warning  # work is not open to this procedure: the options say so, with the law


def test_months_since_application(page):
    page.number_input(key="months_0").set_value(3)
    run(page)
    assert query(page)["m"] == ["3"]
    assert page.warning  # too early to work


def test_contract_kept(page):
    before = digits(left(page)[0])
    page.checkbox(key="kept_0").uncheck()
    run(page)
    assert query(page)["k"] == ["0"]
    assert digits(left(page)[0]) < before  # the supplement is withheld when the contract is not kept


def test_second_adults_months_and_contract(page):
    page.radio(key="adults").set_value(2)
    run(page)
    page.number_input(key="months_1").set_value(30)
    page.checkbox(key="kept_1").uncheck()
    run(page)
    assert query(page)["m"] == ["12,30"] and query(page)["k"] == ["1,0"]


def test_charge_mode(page):
    before = [digits(v) for v in left(page)]
    page.radio(key="charge_mode").set_value("none")
    run(page)
    assert query(page)["cm"] == ["none"]
    assert digits(left(page)[2]) > before[2]  # the full-time job no longer pays the income-tested charge
    page.radio(key="charge_mode").set_value("fixed")
    run(page)
    page.number_input(key="charge_amount").set_value(1000)
    run(page)
    assert query(page)["cm"] == ["fixed"] and query(page)["ca"] == ["1000"]
    assert [digits(v) for v in left(page)] == expected(page)
    assert [digits(v) for v in left(page)] != before


def test_transport_reform_shows_the_proposal(page):
    assert not with_reform(page)
    page.number_input(key="opt0_transport").set_value(800)
    page.toggle(key="transport_reform").set_value(True)
    run(page)
    assert query(page)["r.offset.deduct_transport"] == ["1"]
    assert len(with_reform(page)) == 4
    # part-time: the wage is offset krone for krone, so the commuter card came out of his pocket; with the
    # proposal it is deducted before the offset
    assert digits(with_reform(page)[1]) > digits(left(page)[1])
    assert [digits(v) for v in with_reform(page)] == expected(page, reform=True)


def test_option_name(page):
    page.text_input(key="opt0_name").input("Kitchen job")
    run(page)
    assert titles(page)[1] == "Kitchen job"
    assert query(page)["o"][0].startswith("Kitchen job|")


def test_option_kind(page):
    page.selectbox(key="opt0_kind").set_value("paid_praktik")
    run(page)
    assert query(page)["o"][0] == "Part-time (20 h)|pp:0:20:150:0"


def test_option_who(page):
    page.radio(key="adults").set_value(2)
    run(page)
    before = left(page)[2]
    page.selectbox(key="opt1_who").set_value("both")
    run(page)
    assert query(page)["o"][1] == "Full-time (37 h)|j:0:37:150:0;j:1:37:150:0"
    assert left(page)[2] != before
    page.selectbox(key="opt1_who").set_value("adult_2")
    run(page)
    assert query(page)["o"][1] == "Full-time (37 h)|j:1:37:150:0"
    assert [digits(v) for v in left(page)] == expected(page)


def test_option_hours(page):
    before = left(page)
    page.number_input(key="opt1_hours").set_value(30)
    run(page)
    assert query(page)["o"][1] == "Full-time (37 h)|j:0:30:150:0"
    assert left(page)[2] != before[2]


def test_option_wage(page):
    before = left(page)
    page.number_input(key="opt1_wage").set_value(180)
    run(page)
    assert query(page)["o"][1] == "Full-time (37 h)|j:0:37:180:0"
    assert digits(left(page)[2]) > digits(before[2])


def test_option_monthly_pay(page):
    page.radio(key="opt1_pay_mode").set_value("monthly")
    run(page)
    page.number_input(key="opt1_monthly").set_value(30000)
    run(page)
    wage = round(30000 / (37 * 52 / 12), 2)
    assert query(page)["o"][1] == f"Full-time (37 h)|j:0:37:{wage}:0"
    assert not has_widget(page, "opt1_wage")


def test_option_transport(page):
    before = digits(left(page)[2])
    page.number_input(key="opt1_transport").set_value(500)
    run(page)
    assert query(page)["o"][1] == "Full-time (37 h)|j:0:37:150:500"
    assert digits(left(page)[2]) == before - 500


def test_remove_an_option(page):
    page.button(key="remove_0").click()
    run(page)
    assert titles(page) == ["No work", "Full-time (37 h)", "Unpaid praktik"]
    assert len(left(page)) == 3
    assert len(query(page)["o"]) == 2


def test_remove_every_option_keeps_no_work_and_its_link(page):
    for _ in range(3):
        page.button(key="remove_0").click()
        run(page)
    assert titles(page) == ["No work"] and len(left(page)) == 1
    assert query(page)["o"] == [share.NO_OPTIONS]
    again = open_page(page.query_params)
    assert titles(again) == ["No work"]


def test_add_an_option(page):
    add = next(b for b in page.button if b.label.endswith(t("options.add")))
    add.click()
    run(page)
    assert titles(page)[-1] == "Option 4" and len(left(page)) == 5
    for _ in range(2):
        next(b for b in page.button if b.label.endswith(t("options.add"))).click()
        run(page)
    assert len(left(page)) == 1 + state.MAX_OPTIONS
    assert next(b for b in page.button if b.label.endswith(t("options.add"))).disabled


# --------------------------------------------------------------------------------------------------
# a shared link opens the same numbers

REPRESENTABLE = [  # files the page shows as they are (no option split between two different jobs)
    "single-man-2014-commuter.yaml", "single-man-2014-transport-reform.yaml", "before-work-permitted-2013.yaml",
    "fixed-charge-independent-housing.yaml", "phase1-young-person-paid-praktik.yaml",
    "single-man-2017-stevns-commuter.yaml", "special-housing-family-2015.yaml", "unpaid-praktik.yaml",
]


@pytest.mark.parametrize("name", REPRESENTABLE)
@pytest.mark.parametrize("period", ["month", "14d"])
def test_a_shared_link_shows_the_numbers_of_the_core(name, period):
    scenario = load_scenario(SCENARIOS / name)
    link = share.encode(scenario, period)
    at = open_page(link)
    law = simulate(scenario, period, reform={})
    assert [digits(v) for v in left(at)] == [round(o.disposable_income) for o in law.options]
    assert titles(at) == [o.name for o in law.options]
    if scenario.reform:
        reformed = simulate(scenario, period)
        assert [digits(v) for v in with_reform(at)] == [round(o.disposable_income) for o in reformed.options]
    else:
        assert not with_reform(at)
    assert query(at) == as_query(link)
    assert not at.warning or all("could not be read" not in w.value for w in at.warning)


def test_the_seed_link_shows_the_report_case():
    at = open_page(share.encode(load_scenario(SEED)))
    assert left(at) == ["2,564 kr", "864 kr"]
    job = [m for m in at.metric if m.label == LEFT][1]
    assert "-1,700" in job.delta


@pytest.mark.parametrize("name", sorted(set(p.name for p in SCENARIOS.glob("*.yaml")) - set(REPRESENTABLE)))
def test_a_link_the_page_cannot_show_as_it_is_says_so(name):
    """Both adults in one option with different jobs: the page shows one job for both, and says so."""
    scenario = load_scenario(SCENARIOS / name)
    at = open_page(share.encode(scenario))
    assert shown(at, "Opened with changes")
    shown_scenario = state.from_state(state.to_state(scenario)[0])
    assert [digits(v) for v in left(at)] == [round(o.disposable_income) for o in simulate(shown_scenario).options]
    assert query(at) == as_query(share.encode(shown_scenario))


# --------------------------------------------------------------------------------------------------
# tampered links and bad input


@pytest.mark.parametrize("link", [
    {"a": "7", "h": "castle"},
    {"a": "7", "c": "-1", "h": "castle", "d": "2099-99-99", "o": "broken", "r.offset.rate": "5",
     "r.unknown.path": "1", "v": "9", "p": "year", "lang": "xx"},
    {"d": "2099-01-01", "hc": "500000", "h": "own_housing", "o": "Job|j:0:20:50000:0"},
    {"r.tax.income_tax_rate": "0.95", "r.tax.am_rate": "0.2"},
    {"o": ["A|j:0:20:150:0", "A|j:0:30:150:0"]},
])
def test_a_tampered_link_is_read_as_far_as_it_goes(link):
    at = open_page(link)
    assert any("could not be read" in w.value for w in at.warning)
    assert left(at)  # the page still computes
    decoded = share.decode(link, state.default_scenario())
    assert query(at) == as_query(share.encode(decoded.scenario, decoded.period, decoded.lang))


def test_a_link_truncated_inside_an_option_drops_it_and_says_so():
    full = share.to_query_string(load_scenario(SEED))
    at = open_page(parse_qs(full[: full.index("115.3") + 4]))  # the option's wage cut short: '115.'
    assert any("could not be read" in w.value and "o=" in w.value for w in at.warning)
    assert titles(at) == ["No work"] and len(left(at)) == 1
    assert query(at)["d"] == ["2014-11-01"]  # what came before the cut is kept


def test_a_link_truncated_at_its_last_value_reads_what_is_there():
    full = share.to_query_string(load_scenario(SEED))
    at = open_page(parse_qs(full[: full.index("1700") + 2]))  # the commuter card cut to '17'
    assert titles(at)[1] == "Part-time kitchen job in Copenhagen (20 h)"
    assert query(at)["o"] == ["Part-time kitchen job in Copenhagen (20 h)|j:0:20:115.38:17"]
    assert [digits(v) for v in left(at)] == expected(at)


def test_a_duplicate_option_name_shows_an_error_and_keeps_the_inputs(page):
    page.number_input(key="opt1_hours").set_value(33)
    page.text_input(key="opt1_name").input("Part-time (20 h)")
    run(page)
    assert page.error and "options" in page.error[0].value and "Part-time (20 h)" in page.error[0].value
    assert not left(page)  # no results from inputs that do not make a scenario
    assert page.text_input(key="opt1_name").value == "Part-time (20 h)"
    assert page.number_input(key="opt1_hours").value == 33
    page.text_input(key="opt1_name").input("Longer part-time")
    run(page)
    assert not page.error and len(left(page)) == 4
    assert query(page)["o"][1] == "Longer part-time|j:0:33:150:0"


def test_an_option_named_no_work_is_an_error(page):
    page.text_input(key="opt2_name").input("No work")
    run(page)
    assert page.error and "No work" in page.error[0].value
    assert page.text_input(key="opt2_name").value == "No work"


def test_a_named_reform_is_applied_shown_beside_the_law_and_put_in_the_link(page):
    page.selectbox(key="named_reform").set_value("taper-50")
    run(page)
    assert page.session_state["reform_other"] == {"offset.rate": 0.5}
    assert [digits(v) for v in with_reform(page)] == expected(page, reform=True)
    assert with_reform(page) != left(page)
    assert query(page)["r.offset.rate"] == ["0.5"]
    page.selectbox(key="named_reform").set_value("transport-deduction")
    run(page)
    assert page.session_state["transport_reform"] is True and page.session_state["reform_other"] == {}

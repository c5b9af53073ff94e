"""The counsellor's page (app.py) through Streamlit's AppTest: it opens with a sensible default, every input
changes what it should, a shared link restores the numbers of the core, and bad input never loses the
counsellor's work."""
from __future__ import annotations

import csv
import datetime as dt
import html
import io
import re
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from streamlit.testing.v1 import AppTest

from simulator import load_scenario, simulate
from simulator.i18n import translator
from simulator.scenario_files import dump_scenario
from ui import share, state
from ui.page import charts

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


def open_whys(at: AppTest) -> AppTest:
    """Unfold every option's "why?" (its text is made only while it is open: ui/page/folds.py)."""
    for n in range(at.session_state["n_options"] + 1):
        at.session_state[f"why-{n}"] = True
    return run(at)


def open_household(at: AppTest) -> AppTest:
    """Unfold the household's editor (its fields are made only while it is open: ui/page/folds.py)."""
    at.session_state["household_open"] = True
    return run(at)


def in_each_option(at: AppTest, read) -> list:
    """`read(at)` with each option's details open in turn (only the open tab is made: ui/page/results_view.py),
    then the tab that was open opened again."""
    labels = [tab.label for tab in at.tabs][:at.session_state["n_options"] + 1]   # the details' tabs come first
    was, seen = at.session_state["details_tab"], []
    for label in labels:
        at.session_state["details_tab"] = label
        seen.append(read(run(at)))
    at.session_state["details_tab"] = was
    run(at)
    return seen


def answer(at: AppTest) -> str:
    """The answer at the top of the page (ui/page/answer.py): one card per option, as HTML."""
    bodies = [h.proto.body for h in at.html if "kfk-answer" in h.proto.body]
    return bodies[0] if bodies else ""


def left(at: AppTest) -> list[str]:
    """The big number of each option's card ('Left to live on'), in page order."""
    return [untag(v) for v in re.findall(r'<span class="kfk-left">(.*?)</span>', answer(at))]


def with_reform(at: AppTest) -> list[str]:
    return [untag(v) for v in re.findall(r'<span class="kfk-reform-amount">(.*?)</span>', answer(at))]


def deltas(at: AppTest) -> list[str]:
    """Each paid option's comparison with no work, as its card writes it."""
    return [untag(v) for v in re.findall(r'class="kfk-delta[^"]*">(.*?)</p>', answer(at))]


def untag(fragment: str) -> str:
    """An HTML fragment's text."""
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def digits(text: str) -> int:
    """'3,046 kr' → 3046, '−1,700 kr' → -1700: the number a metric shows, whatever its separators."""
    sign = -1 if text.strip()[:1] in "-−" else 1
    return sign * int(re.sub(r"\D", "", text))


def titles(at: AppTest) -> list[str]:
    """The option cards' headings, in order."""
    return [html.unescape(v) for v in re.findall(r"<h3[^>]*><bdi>(.*?)</bdi></h3>", answer(at))]


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


def tables(at: AppTest) -> int:
    """How many tables the page shows (ui/page/tables.py: HTML tables)."""
    return sum(h.proto.body.count('<table class="kfk-table">') for h in at.html)


def has_widget(at: AppTest, key: str) -> bool:
    kinds = ("number_input", "checkbox", "text_input", "selectbox", "radio", "toggle", "date_input")
    return any(w.key == key for kind in kinds for w in getattr(at, kind))


def literal(markdown: str) -> str:
    """Markdown as the reader sees it: text from outside has its punctuation escaped (untrusted.plain)."""
    return re.sub(r"\\(.)", r"\1", str(markdown))


def prose(at: AppTest) -> list[str]:
    """The text of the page's HTML elements (the answer, headings with their lines: ui/page/prose.py)."""
    return [untag(h.proto.body) for h in at.html]


def shown(at: AppTest, text: str) -> bool:
    """Whether `text` is anywhere in the page's text: markdown, captions, alerts, the HTML elements."""
    pieces = [e.value for kind in ("markdown", "caption", "warning", "info", "error", "subheader", "header")
              for e in getattr(at, kind)] + prose(at)
    # Text from outside is shown with Markdown's punctuation escaped (untrusted.plain): read it as shown.
    return any(text in literal(p) for p in pieces)


@pytest.fixture
def page() -> AppTest:
    return open_page()


# --------------------------------------------------------------------------------------------------
# the default page


def test_the_default_page_shows_no_work_and_three_options(page):
    assert titles(page) == ["No work", "Part-time (20 h)", "Full-time (37 h)", "Unpaid praktik (20 h)"]
    assert len(left(page)) == 4
    assert all(re.fullmatch(r"−?[\d,]+ kr", v) for v in left(page))
    assert not page.error and not page.warning
    assert not page.info  # nothing was changed on the way in: no "Opened with changes"


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
    da = translator("da")
    assert titles(page) == [da("result.no_work"), "Deltid (20 t)", "Fuldtid (37 t)", "Ulønnet praktik (20 t)"]
    assert da("answer.no_work", amount=left(page)[0], period=da("period.month")) in html.unescape(answer(page))
    assert query(page)["o"][0].startswith("Deltid (20 t)|")  # the link carries the name the page shows


def test_policy_view_and_back_keeps_the_household(page):
    open_household(page)
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
    open_household(page)
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


def test_two_adults_are_a_couple_unless_the_tick_is_taken_off(page):
    open_household(page)
    single = left(page)
    page.radio(key="adults").set_value(2)
    run(page)
    assert query(page)["a"] == ["2"] and query(page)["cp"] == ["1"]  # SCENARIO_FORMAT.md: a couple by default
    couple = left(page)
    assert couple[0] != single[0]
    assert has_widget(page, "months_1") and has_widget(page, "kept_1") and has_widget(page, "opt0_who")
    assert shown(page, t("household.adults_couple").capitalize())
    page.checkbox(key="couple").uncheck()
    run(page)
    assert query(page)["cp"] == ["0"]
    assert digits(left(page)[0]) > digits(couple[0])  # two single rates are more than a couple's


def test_children_raise_no_work(page):
    open_household(page)
    before = digits(left(page)[0])
    page.number_input(key="children").set_value(2)
    run(page)
    assert digits(left(page)[0]) > before
    assert query(page)["c"] == ["2"]


def test_date(page):
    open_household(page)
    before = left(page)
    page.date_input(key="date").set_value(dt.date(2014, 11, 1))
    run(page)
    assert query(page)["d"] == ["2014-11-01"]
    assert left(page) != before


def test_housing_canteen_lowers_no_work(page):
    open_household(page)
    before = digits(left(page)[0])
    page.selectbox(key="housing").set_value("centre_canteen")
    run(page)
    assert digits(left(page)[0]) < before
    assert query(page)["h"] == ["centre_canteen"]


def test_housing_cost(page):
    open_household(page)
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
    open_household(page)
    before = left(page)
    page.selectbox(key="phase").set_value(1)
    run(page)
    assert query(page)["ph"] == ["1"]
    assert left(page) != before


def test_procedure(page):
    open_household(page)
    page.selectbox(key="procedure").set_value("manifestly_unfounded")
    run(page)
    assert query(page)["pr"] == ["manifestly_unfounded"]
    assert page.warning  # work is not open to this procedure: the options say so, with the law


def test_months_since_application(page):
    open_household(page)
    page.number_input(key="months_0").set_value(3)
    run(page)
    assert query(page)["m"] == ["3"]
    assert page.warning  # too early to work


def test_contract_kept(page):
    open_household(page)
    before = digits(left(page)[0])
    page.checkbox(key="kept_0").uncheck()
    run(page)
    assert query(page)["k"] == ["0"]
    assert digits(left(page)[0]) < before  # the supplement is withheld when the contract is not kept


def test_second_adults_months_and_contract(page):
    open_household(page)
    page.radio(key="adults").set_value(2)
    run(page)
    page.number_input(key="months_1").set_value(30)
    page.checkbox(key="kept_1").uncheck()
    run(page)
    assert query(page)["m"] == ["12,30"] and query(page)["k"] == ["1,0"]


def test_charge_mode(page):
    open_household(page)
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
    page.toggle(key="featured_reform").set_value(True)
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
    page.number_input(key="opt0_hours").set_value(15)
    run(page)
    assert titles(page)[1] == "Kitchen job"  # a typed name is the counsellor's: kept
    page.text_input(key="opt0_name").input("")
    run(page)
    assert titles(page)[1] == "Part-time (15 h)"  # emptied, it follows the inputs again


def test_option_names_follow_hours_and_kind(page):
    page.number_input(key="opt0_hours").set_value(15)
    run(page)
    assert titles(page)[1] == "Part-time (15 h)"
    assert page.text_input(key="opt0_name").value == "Part-time (15 h)"
    assert query(page)["o"][0] == "Part-time (15 h)|j:0:15:150:0"
    page.selectbox(key="opt0_kind").set_value("paid_praktik")
    page.number_input(key="opt1_hours").set_value(20)
    run(page)
    # two options with the same inputs are numbered, not refused as duplicates
    assert titles(page)[1:3] == ["Paid praktik (15 h)", "Part-time (20 h)"]
    page.number_input(key="opt1_hours").set_value(15)
    page.selectbox(key="opt1_kind").set_value("paid_praktik")
    run(page)
    assert titles(page)[1:3] == ["Paid praktik (15 h)", "Paid praktik (15 h) (2)"]


def test_option_kind(page):
    page.selectbox(key="opt0_kind").set_value("paid_praktik")
    run(page)
    assert query(page)["o"][0] == "Paid praktik (20 h)|pp:0:20:150:0"


def test_option_who_and_a_job_for_each_adult(page):
    open_household(page)
    page.radio(key="adults").set_value(2)
    run(page)
    before = left(page)[2]
    page.selectbox(key="opt1_who").set_value("both")
    run(page)
    assert query(page)["o"][1] == "Both work: Full-time (37 h) + Full-time (37 h)|j:0:37:150:0;j:1:37:150:0"
    assert left(page)[2] != before
    # adult 2's job is their own: kind, hours, pay and commuter card
    page.selectbox(key="opt1_kind_2").set_value("paid_praktik")
    page.number_input(key="opt1_hours_2").set_value(30)
    page.number_input(key="opt1_wage_2").set_value(135)
    page.number_input(key="opt1_transport_2").set_value(900)
    run(page)
    assert query(page)["o"][1] == ("Both work: Full-time (37 h) + Paid praktik (30 h)"
                                   "|j:0:37:150:0;pp:1:30:135:900")
    assert [digits(v) for v in left(page)] == expected(page)
    page.radio(key="opt1_pay_mode_2").set_value("monthly")
    run(page)
    page.number_input(key="opt1_monthly_2").set_value(20000)
    run(page)
    assert query(page)["o"][1].endswith("pp:1:30:m20000:900")   # the monthly wage as given (issue 18)
    page.selectbox(key="opt1_who").set_value("adult_2")
    run(page)
    assert query(page)["o"][1] == "Full-time (37 h), adult 2|j:1:37:150:0"
    assert [digits(v) for v in left(page)] == expected(page)


def test_option_hours(page):
    before = left(page)
    page.number_input(key="opt1_hours").set_value(30)
    run(page)
    assert query(page)["o"][1] == "Part-time (30 h)|j:0:30:150:0"  # the name follows the hours
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
    assert query(page)["o"][1] == "Full-time (37 h)|j:0:37:m30000:0"   # kept monthly, not 187.11 kr an hour
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
    assert titles(page) == ["No work", "Full-time (37 h)", "Unpaid praktik (20 h)"]
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
    assert titles(page)[-1] == "Part-time (20 h) (2)" and len(left(page)) == 5
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
    assert deltas(at) == ["−1,700 kr against no work"]


@pytest.mark.parametrize("name", sorted(set(p.name for p in SCENARIOS.glob("*.yaml")) - set(REPRESENTABLE)))
def test_a_file_with_a_job_for_each_adult_shows_the_numbers_of_the_cli(name):
    """Both adults in one option, each with a job of their own: the page holds them as they are."""
    scenario = load_scenario(SCENARIOS / name)
    at = open_page(share.encode(scenario))
    assert not shown(at, "Opened with changes")
    law = simulate(scenario, reform={})
    assert [digits(v) for v in left(at)] == [round(o.disposable_income) for o in law.options]
    assert query(at) == as_query(share.encode(scenario))


def test_the_family_in_own_housing_shows_the_two_job_option_as_the_cli_does():
    at = open_page(share.encode(load_scenario(SCENARIOS / "family-own-housing.yaml")))
    assert left(at)[2] == "15,498 kr" and deltas(at)[1] == "+4,117 kr against no work"


def test_a_file_with_two_jobs_for_one_adult_says_what_the_page_shows_instead():
    scenario = load_scenario(SCENARIOS / "family-own-housing.yaml")
    doubled = scenario.options[0].model_copy(update={"work": scenario.options[0].work * 2})
    scenario = scenario.model_copy(update={"options": [doubled]})
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    at.get("file_uploader")[0].upload("two-jobs-one-adult.yaml", dump_scenario(scenario).encode(),
                                      "application/x-yaml")
    run(at)
    full = simulate(scenario, reform={}).options[1].disposable_income
    assert shown(at, "Opened with changes") and shown(at, f"where the file gives {t.kr(full)}")


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
    assert any("could not be read" in w.value and "o=" in literal(w.value) for w in at.warning)
    assert titles(at) == ["No work"] and len(left(at)) == 1
    assert query(at)["d"] == ["2014-11-01"]  # what came before the cut is kept


def test_a_link_truncated_at_its_last_value_reads_what_is_there():
    full = share.to_query_string(load_scenario(SEED))
    at = open_page(parse_qs(full[: full.index("1700") + 2]))  # the commuter card cut to '17'
    assert titles(at)[1] == "Part-time kitchen job in Copenhagen (20 h)"
    assert query(at)["o"] == ["Part-time kitchen job in Copenhagen (20 h)|j:0:20:115.38:17"]
    assert [digits(v) for v in left(at)] == expected(at)


TAMPERED_LINK = {"a": "7", "o": ["broken"], "zz": "1", "p": "year"}


def warning_lines(at: AppTest) -> list[str]:
    """The lines of the page's notice on a link read in part, as the reader sees them."""
    return [literal(line) for w in at.warning for line in w.value.split("\n")]


@pytest.mark.parametrize("lang,heading,lines", [
    ("da", "Dele af linket kunne ikke læses", [
        "- voksne (\u2068a='7'\u2069): skal være mellem 1 og 2",
        "- mulighed (\u2068o='broken'\u2069): kræver sit navn, '|' og sit arbejde",
        "- \u2068'zz'\u2069: ikke et felt på denne side",
        "- periode (\u2068p='year'\u2069): skal være en af: month, 14d"]),
    ("ar", "", [
        "- البالغون (\u2068a='7'\u2069): يجب أن تكون بين 1 و2",
        "- الخيار (\u2068o='broken'\u2069): يحتاج إلى اسمه و'|' وعمله",
        "- \u2068'zz'\u2069: ليس حقلًا في هذه الصفحة",
        "- الفترة (\u2068p='year'\u2069): يجب أن تكون واحدة من: month, 14d"]),
])
def test_a_tampered_link_says_what_it_ignored_in_the_links_language(lang, heading, lines):
    """Issue 17: the notes come from the catalogue of the language the link itself gives, and follow the
    language when it is switched."""
    at = open_page(TAMPERED_LINK | {"lang": lang})
    shown_lines = warning_lines(at)
    assert shown_lines[0].startswith(translator(lang)("share.ignored"))
    assert heading in shown_lines[0]
    assert [line for line in shown_lines if line.startswith("- ")] == lines
    assert not any(english in line for line in shown_lines
                   for english in ("could not be read", "not a field", "must be", "needs its name"))
    at.selectbox(key="lang").set_value("en")
    run(at)
    assert [line for line in warning_lines(at) if line.startswith("- ")] == [
        "- adults (\u2068a='7'\u2069): must be between 1 and 2",
        "- option (\u2068o='broken'\u2069): needs its name, '|' and its work",
        "- \u2068'zz'\u2069: not a field of this page",
        "- period (\u2068p='year'\u2069): must be one of: month, 14d"]


def test_what_the_page_simplified_in_a_link_is_said_in_the_links_language_and_follows_a_switch():
    """The notes of ui/state.py (an option with two jobs for one adult) are keys too: said in the link's
    language, the option's name as it came (isolated), and in English after switching."""
    scenario = load_scenario(SCENARIOS / "family-own-housing.yaml")
    doubled = scenario.options[0].model_copy(update={"work": scenario.options[0].work * 2})
    scenario = scenario.model_copy(update={"options": [doubled]})
    name = doubled.name
    at = open_page(share.encode(scenario, "month", "da"))
    info = literal(at.info[0].value)
    da = translator("da")
    full = simulate(scenario, reform={}).options[1].disposable_income
    assert info.startswith(da("share.simplified"))
    assert f"„\u2068{name}\u2069“ har mere end ét arbejde" in info and f"hvor filen giver {da.kr(full)}" in info
    at.selectbox(key="lang").set_value("en")
    run(at)
    info = literal(at.info[0].value)
    assert info.startswith("Opened with changes") and f"where the file gives {t.kr(full)}" in info
    assert f"“\u2068{name}\u2069” holds more than one job" in info


def test_a_duplicate_option_name_shows_an_error_and_keeps_the_inputs(page):
    page.number_input(key="opt1_hours").set_value(33)
    page.text_input(key="opt1_name").input("Part-time (20 h)")
    run(page)
    assert page.error and "options" in page.error[0].value and "Part-time (20 h)" in literal(page.error[0].value)
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
    assert page.error and "No work" in literal(page.error[0].value)
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
    assert page.session_state["featured_reform"] is True and page.session_state["reform_other"] == {}


# --------------------------------------------------------------------------------------------------
# text from a link is shown as text


PHISH = "[Click to renew](https://evil.example/phish)"


def test_an_option_name_from_a_link_is_never_markdown():
    at = open_page({"o": f"{PHISH}|j:0:20:115:0", "[call us](https://evil.example)": "1"})
    assert titles(at)[1] == PHISH  # escaped in the card's HTML, shown as the letters it is
    assert not re.search(r"<a[\s>]", answer(at))
    markdown = [e.value for kind in ("markdown", "caption", "warning", "info", "subheader", "header")
                for e in getattr(at, kind)] + [tab.label for tab in at.tabs] + [x.label for x in at.expander]
    for text in markdown:  # wherever the name or the key appears in Markdown, its brackets are escaped
        assert "](https://evil" not in text, text
    assert any("call us" in literal(w.value) for w in at.warning)


def test_the_results_csv_never_starts_a_cell_like_a_formula():
    scenario = load_scenario(SEED)
    named = scenario.options[0].model_copy(update={"name": '=HYPERLINK("http://evil.example","Details")'})
    scenario = scenario.model_copy(update={"options": [named]})
    table = charts.results_table({"law": simulate(scenario, reform={})}, t)
    rows = list(csv.reader(io.StringIO(charts.results_csv(table).decode())))
    cells = [c for row in rows[1:] for c in row]
    for cell in cells:
        if cell and cell[0] in "=+-@":
            float(cell)  # only a negative number may start with a minus
    assert "'=HYPERLINK(" in "".join(cells)


def test_a_job_no_usual_wage_makes_pay_says_so_with_the_assumptions_effect():
    at = open_page(share.encode(load_scenario(SCENARIOS / "couple-two-children-self-catering.yaml")))
    # in the details (not the cards), the effect as their small print (not the assumptions' table row)
    details = [h.proto.body for h in at.html if "kfk-answer" not in h.proto.body]
    assert any("no usual wage" in body for body in details), prose(at)
    assert any('<p class="kfk-small">If no rent is imposed' in body for body in details)


def test_a_link_with_a_named_reforms_values_shows_that_reform_by_name():
    at = open_page({"r.offset.rate": "0.5"})
    assert at.selectbox(key="named_reform").value == "taper-50"


def test_an_example_says_it_was_opened_without_claiming_changes(page):
    page.selectbox(key="example").set_value(SEED.name)
    run(page)
    assert shown(page, SEED.name) and not page.info


def test_a_folded_table_is_made_when_opened_and_kept_open(page):
    """The chart's and the curve's tables are made only while their expanders are open (an input's change
    does not wait for them); one opened stays open through the next change."""
    closed = tables(page)
    page.session_state["waterfall-table-1"] = True
    page.session_state["curve-table-0"] = True
    run(page)
    assert tables(page) == closed + 2
    page.number_input(key="opt0_hours").set_value(15)
    run(page)
    assert tables(page) == closed + 2 and page.session_state["waterfall-table-1"] is True


def test_the_household_editor_and_every_number_are_made_when_opened_and_keep_their_values_closed(page):
    """Closed, the household's editor and the table of every number send nothing (an input's change does not
    wait for them: ui/page/folds.py); opened, they are there; a value typed before closing the household is
    kept while it is closed, through other changes and a change of language, and is in its field when it is
    opened again. The CSV of every number is there either way."""
    assert not has_widget(page, "children") and not has_widget(page, "adults")
    before = tables(page)
    assert [b.label for b in page.get("download_button")][:1] == [t("table.download")]
    page.session_state["numbers_open"] = True
    open_household(page)
    assert tables(page) == before + 1
    page.number_input(key="children").set_value(2)
    run(page)
    with_children = left(page)
    page.session_state["household_open"] = False
    run(page)
    assert not has_widget(page, "children")
    page.number_input(key="opt0_hours").set_value(15)
    page.selectbox(key="lang").set_value("da")
    run(page)
    assert page.session_state["children"] == 2 and digits(left(page)[0]) == digits(with_children[0])
    open_household(page)
    assert page.number_input(key="children").value == 2


def test_each_why_text_follows_its_own_option(page):
    """The "why?" texts are kept per option: changing one option's hours changes its text to the core's new
    trace, and leaves the other options' texts as the core gives them."""
    def whys(at: AppTest) -> list[str]:
        return [m.value for m in at.markdown if "**" in m.value and "=" in m.value]

    def core_whys(at: AppTest) -> list[str]:
        law = simulate(state.from_state(at.session_state), at.session_state["period"], reform={})
        t = translator(at.session_state["lang"])
        return [charts.trace_markdown(o, t) for o in law.options]

    assert whys(page) == []   # folded: not made
    before = [why for whys_of_one in in_each_option(open_whys(page), whys) for why in whys_of_one]
    assert before == core_whys(page)
    page.number_input(key="opt0_hours").set_value(15)
    run(page)
    after = [why for whys_of_one in in_each_option(page, whys) for why in whys_of_one]
    assert after == core_whys(page)
    assert after[1] != before[1] and after[2:] == before[2:] and after[0] == before[0]


def test_only_the_open_tab_is_made_and_it_stays_open_when_its_option_is_renamed(page):
    """The details make only the open tab (ui/page/results_view.py): the first option with work at first. An
    open tab stays open when its option's name follows new hours and when the language changes; a "why?"
    opened in a tab is open again when the reader comes back to it."""
    assert page.session_state["details_tab"] == page.tabs[1].label
    assert sum(text.count("Where the money goes") for text in prose(page)) == 1   # one option's chart
    page.session_state["details_tab"] = page.tabs[2].label
    page.session_state["why-2"] = True
    run(page)
    assert len([m for m in page.markdown if "**" in m.value and "=" in m.value]) == 1   # one tab's "why?"
    page.number_input(key="opt1_hours").set_value(30)   # "Full-time (37 h)" becomes "Part-time (30 h)"
    run(page)
    assert "30" in page.session_state["details_tab"] and page.session_state["details_tab"] == page.tabs[2].label
    page.selectbox(key="lang").set_value("da")
    run(page)
    assert page.session_state["details_tab"] == page.tabs[2].label and "Deltid" in page.tabs[2].label
    page.session_state["details_tab"] = page.tabs[0].label
    run(page)
    page.session_state["details_tab"] = page.tabs[2].label
    run(page)
    assert page.session_state["why-2"] is True

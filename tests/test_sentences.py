"""Sentences that are true for every case (ui/sentences.py, simulator/adult_breakeven.py): per adult, from
which wage each adult's work pays, within the usual range of wages and up to full time, or that nothing in
that range does; every deduction that takes the wage, largest first; unpaid praktik and own housing said
as what they are. Each claim a sentence makes is checked against the core itself."""
from __future__ import annotations

import math
import re
from html import unescape
from pathlib import Path

import pytest

from simulator import load_scenario, simulate
from simulator.adult_breakeven import adult_break_evens
from simulator.i18n import LANGUAGES, translator
from simulator.models import NO_WORK
from simulator.rules import parameters, rules_at
from simulator.simulate import scenario_rules
from ui import state
from ui.page import answer
from ui.sentences import adults_of, card_lines, deductions, reason_sentence, work_sentences

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
COUPLE = SCENARIOS / "couple-two-children-self-catering.yaml"
SEED = SCENARIOS / "single-man-2014-commuter.yaml"
OWN = SCENARIOS / "family-own-housing.yaml"
en = translator("en")
MONTH = en("period.month")


def text_of(fragment: str) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", fragment))


def with_work(scenario, option_index: int, adult: int, **changes):
    """The scenario with one option's work item of `adult` changed (hours_per_week, hourly_wage)."""
    options = list(scenario.options)
    option = options[option_index]
    work = [w.model_copy(update=changes) if w.adult == adult else w for w in option.work]
    options[option_index] = option.model_copy(update={"work": work})
    return scenario.model_copy(update={"options": options})


def gain(scenario, option_index: int) -> float:
    return simulate(scenario, reform={}, with_trace=False, with_effects=False).options[option_index + 1].gain


def wages_per_hour(text: str) -> list[int]:
    """Every 'N kr an hour' a text quotes, as whole kroner."""
    return [int(re.sub(r"\D", "", n)) for n in re.findall(r"([\d,]+) kr an hour", text)]


# --------------------------------------------------------------------------------------------------
# the usual wage range: a dated, sourced assumption


def test_the_usual_wage_range_is_a_dated_sourced_assumption():
    p = parameters()["work.usual_hourly_wage"]
    assert [v.value for v in p.values] == [[110, 140]] and {v.status for v in p.values} == {"assumption"}
    assert all(v.source.title and v.source.href.startswith("https://") for v in p.values)
    assert rules_at("2026-09-01")["work.usual_hourly_wage"] == [110, 140]
    assert rules_at("2026-09-01")["work.full_time_hours"] == 37


# --------------------------------------------------------------------------------------------------
# per adult break-even, checked against the core


@pytest.mark.parametrize("path", sorted(SCENARIOS.glob("*.yaml")), ids=lambda p: p.stem)
def test_one_earners_break_even_is_the_options_own(path):
    """With one adult in paid work, that adult's break-even at the hours offered is the option's own."""
    scenario = load_scenario(path)
    law = simulate(scenario, reform={}, with_effects=False)
    for option, adults in zip(law.options, adults_of(scenario, law), strict=True):
        if len(adults) != 1 or option.break_even.hourly_wage is None:
            continue
        assert adults[0].alone
        assert adults[0].at_hours == pytest.approx(option.break_even.hourly_wage, abs=1e-6)


def test_each_adults_break_even_is_where_that_adults_job_starts_to_add():
    """Two earners: at the printed wage (rounded up) the family with the job has more than without it, a
    krone below it no more; the other adult's job is held as it is."""
    scenario = load_scenario(OWN)
    law = simulate(scenario, reform={})
    index = next(i for i, o in enumerate(scenario.options) if len({w.adult for w in o.work}) == 2)
    adults = adults_of(scenario, law)[index + 1]
    assert [b.adult for b in adults] == [0, 1] and not any(b.alone for b in adults)
    for b in adults:
        other = [w for w in scenario.options[index].work if w.adult != b.adult]
        without = scenario.model_copy(update={"options": [scenario.options[index].model_copy(update={"work": other})]})
        base = gain(without, 0)
        at = math.ceil(b.at_hours)
        assert gain(with_work(scenario, index, b.adult, hourly_wage=at), index) > base
        assert gain(with_work(scenario, index, b.adult, hourly_wage=at - 1), index) <= base + 0.005


def test_at_full_time_is_where_the_job_pays_at_37_hours():
    """The seed's part-time job pays at no usual wage at 20 hours, but at full time from 136 kr an hour."""
    scenario = load_scenario(SEED)
    law = simulate(scenario, reform={})
    b = adults_of(scenario, law)[1][0]
    assert b.hours == 20 and b.full_time_hours == 37 and not b.pays_at_hours and b.pays_in_range
    at = math.ceil(b.at_full_time)
    assert at == 136
    assert gain(with_work(scenario, 0, 0, hours_per_week=37, hourly_wage=at), 0) > 0
    assert gain(with_work(scenario, 0, 0, hours_per_week=37, hourly_wage=at - 1), 0) <= 0
    sentence = work_sentences(law.options[1], [b], en, True, MONTH)[0]
    assert sentence == ("This job: at 20 hours a week no usual wage (110 kr to 140 kr an hour) makes it pay; "
                        "at full time (37 hours a week) it pays from 136 kr an hour.")


def test_the_range_comes_from_the_parameter_and_the_wage_offered():
    """A wider range in the rules moves the sentence; a wage offered above the range is realistic too."""
    scenario = load_scenario(SEED)
    rules = scenario_rules(scenario, {})
    reference = simulate(scenario, reform={}).options[0].disposable_income
    entries = dict(rules.entries)
    entries["work.usual_hourly_wage"] = entries["work.usual_hourly_wage"].__class__(
        **{**vars(entries["work.usual_hourly_wage"]), "value": [110, 300]})
    wide = rules.__class__(rules.date, entries)
    b = adult_break_evens(scenario, wide, "month", reference)[1][0]
    assert b.pays_at_hours and b.top == 300
    offered = with_work(scenario, 0, 0, hourly_wage=260)
    b = adult_break_evens(offered, rules, "month", reference)[1][0]
    assert b.top == 260 and b.pays_at_hours   # breaks even at 251 kr, below the wage offered


# --------------------------------------------------------------------------------------------------
# two earners: the cards name both jobs and quote no wage above the range


def test_a_two_earner_card_names_both_jobs_and_no_break_even_above_the_range():
    scenario = load_scenario(COUPLE)
    law = simulate(scenario, reform={})
    html = answer.answer_html(law, None, en, MONTH, scenario)
    cards = re.findall(r"<article.*?</article>", html, flags=re.S)
    both = text_of(next(c for c in cards if "Both work" in c))
    assert "Adult 1's job (37 h, 135 kr an hour)" in both
    assert "Adult 2's job (20 h, 130 kr an hour)" in both
    assert "57 h" not in both and "This job" not in both
    assert both.count("no usual wage (110 kr to 140 kr an hour") == 2
    assert max(wages_per_hour(both)) <= 140
    # one-earner cards keep their one sentence
    assert all("Adult 1's" not in text_of(c) for c in cards if "Both work" not in c)


def test_every_two_earner_sentence_quotes_no_wage_above_the_top_of_the_range():
    """Over every scenario with two earners and both period views: a quoted break-even is never above the
    top of the usual range (or the wage offered)."""
    for path in sorted(SCENARIOS.glob("*.yaml")):
        scenario = load_scenario(path)
        for period in ("month", "14d"):
            law = simulate(scenario, period, reform={}, with_effects=False)
            for option, adults in zip(law.options, adults_of(scenario, law), strict=True):
                for b, line in zip(adults, card_lines(option, adults, en), strict=False):
                    quoted = [w for w in wages_per_hour(line) if w not in (round(b.wage), 110, 140)]
                    assert all(w <= b.top + 1 for w in quoted), (path.name, line)


# --------------------------------------------------------------------------------------------------
# the reason: every deduction, largest first


def test_the_reason_names_every_deduction_largest_first_and_adds_up():
    scenario = load_scenario(COUPLE)
    both = scenario.options[2]
    full = both.model_copy(update={"work": [w.model_copy(update={"hours_per_week": 37.0, "hourly_wage": 135.0})
                                            for w in both.work]})
    scenario = scenario.model_copy(update={"options": [both, full.model_copy(update={"name": "Both full time"})]})
    law = simulate(scenario, reform={})
    for option in law.options[1:]:
        items = deductions(option, law.options[0])
        amounts = [v for _, v in items]
        assert amounts == sorted(amounts, reverse=True)
        assert {k for k, _ in items} >= {"allowances_lost", "accommodation_charge", "income_tax", "transport"}
        assert sum(amounts) == pytest.approx(option.lines["gross_wage"] - option.gain, abs=0.01)
        text = reason_sentence(option, law.options[0], en, MONTH)
        for _, amount in items:
            assert en.kr(amount) in text
        assert "paid on top" not in text
    # both full time: the rent is the largest deduction of all, and the reason says it first
    option = law.option("Both full time")
    first = deductions(option, law.options[0])[0]
    assert first[0] == "accommodation_charge"
    assert reason_sentence(option, law.options[0], en, MONTH).startswith(
        f"Where the wage of {en.kr(option.lines['gross_wage'])} per month goes: {en.kr(first[1])} to rent to "
        "the Immigration Service (betaling for ophold), ")


def test_the_reason_under_the_proposal_lists_its_own_amounts():
    """With the transport deducted before the offset, the offset and the rent together take the commuter
    card less: the reason says so in numbers, and the deductions still add up to the wage less the gain."""
    scenario = load_scenario(SCENARIOS / "single-man-2014-transport-reform.yaml")
    law, reform = simulate(scenario, reform={}), simulate(scenario)
    a, b = law.options[1], reform.options[1]

    def taken(option, no_work):
        items = dict(deductions(option, no_work))
        return items.get("allowances_lost", 0) + items.get("accommodation_charge", 0)

    assert taken(b, reform.options[0]) == pytest.approx(taken(a, law.options[0]) - a.lines["transport"])
    assert en.kr(b.lines["accommodation_charge"]) in reason_sentence(b, reform.options[0], en, MONTH)
    assert sum(v for _, v in deductions(b, reform.options[0])) == pytest.approx(
        b.lines["gross_wage"] - b.gain, abs=0.01)


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_the_reason_reads_in_every_language(lang):
    t = translator(lang)
    scenario = load_scenario(COUPLE)
    law = simulate(scenario, reform={})
    text = reason_sentence(law.options[3], law.options[0], t, t("period.month"))
    assert "(betaling for ophold)" in text or "betaling for ophold" in text
    assert "{" not in text and t("sentences.list_sep").strip() in text


# --------------------------------------------------------------------------------------------------
# unpaid praktik and own housing


def test_an_unpaid_praktik_card_says_it_pays_nothing_and_costs_nothing():
    scenario = state.default_scenario()
    law = simulate(scenario, reform={})
    praktik = next(o for o in law.options if "praktik" in o.name)
    text = answer.sentence(praktik, en, MONTH)
    assert "adds nothing" not in text
    assert text == ("Unpaid praktik pays nothing and costs nothing: the allowances continue, and the centre pays "
                    "the transport to the praktik.")
    assert work_sentences(praktik, [], en, True, MONTH) == [text]


def test_an_unpaid_praktik_whose_transport_is_not_covered_says_what_it_costs():
    scenario = state.default_scenario()
    options = [o.model_copy(update={"work": [w.model_copy(update={"transport_per_month": 400.0})
                                             for w in o.work]}) for o in scenario.options]
    scenario = scenario.model_copy(update={"options": options, "reform": {"praktik.transport_covered": False}})
    proposal = simulate(scenario)
    praktik = next(o for o in proposal.options if "praktik" in o.name)
    assert praktik.gain == pytest.approx(-400)
    html = answer.answer_html(proposal, None, en, MONTH, scenario)
    assert ("Unpaid praktik pays nothing: the allowances continue, but the commuter card of 400 kr per month is "
            "yours to pay, so you have that much less than without work.") in text_of(html)


def test_own_housing_no_work_card_says_the_figure_is_for_a_centre():
    scenario = load_scenario(OWN)
    law = simulate(scenario, reform={})
    html = text_of(answer.answer_html(law, None, en, MONTH, scenario))
    amount = en.kr(law.options[0].disposable_income)
    assert (f"at a self-catering centre (center med selvforplejning) it would have {amount} per month to live "
            "on") in html
    assert "Without work you have" not in html
    # at a centre the plain sentence stays
    couple = load_scenario(COUPLE)
    law = simulate(couple, reform={})
    assert answer.sentence(law.options[0], en, MONTH) == (
        f"Without work you have {en.kr(law.options[0].disposable_income)} per month to live on.")


def test_no_work_gets_no_work_sentence():
    scenario = load_scenario(COUPLE)
    law = simulate(scenario, reform={})
    assert law.options[0].name == NO_WORK
    assert work_sentences(law.options[0], [], en, True, MONTH) == []
    assert reason_sentence(law.options[0], law.options[0], en, MONTH) == ""


def test_the_details_say_it_per_adult_with_hours_and_the_other_adults_work_held():
    scenario = load_scenario(OWN)
    law = simulate(scenario, reform={})
    index = next(i for i, o in enumerate(law.options) if "Both work" in o.name)
    adults = adults_of(scenario, law)[index]
    lines = work_sentences(law.options[index], adults, en, True, MONTH)
    at = [math.ceil(b.at_hours) for b in adults]
    assert lines == [
        f"Adult 1's job (37 hours a week at 140 kr an hour) adds to what the family has from {at[0]} kr an hour "
        "(at 37 hours a week, with the other adult's work as it is).",
        f"Adult 2's job (30 hours a week at 135 kr an hour) adds to what the family has from {at[1]} kr an hour "
        "(at 30 hours a week, with the other adult's work as it is)."]
    html = text_of(answer.answer_html(law, None, en, MONTH, scenario))
    assert f"Adult 1's job (37 h, 140 kr an hour): adds to what the family has from {at[0]} kr an hour." in html


def test_the_pdf_says_it_per_adult_in_the_short_form():
    from ui.sentences import short_sentences
    scenario = load_scenario(COUPLE)
    law = simulate(scenario, reform={})
    adults = adults_of(scenario, law)
    lines = [short_sentences(o, a, en, True, MONTH) for o, a in zip(law.options, adults, strict=True)]
    assert lines[0] == [] and lines[1] == ["This job: no usual wage (110 kr to 140 kr an hour) makes it pay, even "
                                           "at full time."]
    assert [line.split(":")[0] for line in lines[3]] == ["Adult 1's job (37 h, 135 kr an hour)",
                                                         "Adult 2's job (20 h, 130 kr an hour)"]
    seed = load_scenario(SEED)
    law = simulate(seed, reform={})
    assert short_sentences(law.options[1], adults_of(seed, law)[1], en, True, MONTH) == [
        "This job: no usual wage (110 kr to 140 kr an hour) makes it pay at these hours; at full time it does "
        "from 136 kr an hour."]

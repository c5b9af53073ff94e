"""The answer at the top of the page (ui/page/answer.py) and the names and defaults of the editors (ui/state.py):
pure functions, tested without Streamlit."""
from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from simulator import load_scenario, simulate
from simulator.i18n import translator
from ui import state
from ui.page import answer
from ui.sentences import adults_of, work_sentences
from ui.text import household_line, unrealistic_effects

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "scenarios" / "single-man-2014-transport-reform.yaml"
en = translator("en")


def text_of(fragment: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", fragment))


def test_each_option_gets_its_amount_and_a_sentence_against_no_work():
    scenario = load_scenario(SEED)
    law, reform = simulate(scenario, reform={}), simulate(scenario)
    html = answer.answer_html(law, reform, en, en("period.month"))
    text = text_of(html)
    assert "864 kr" in text and "−1,700 kr against no work" in text
    assert "With this choice you have 1,700 kr per month less than without work." in text
    # with the proposal: against the law, and against no work under the proposal
    assert "+1,700 kr against the law" in text and "0 kr against no work" in text
    assert "-" not in re.sub(r"AM-bidrag|[a-z]-[a-z]", "", text)  # every minus is the typographic one


def test_a_name_from_outside_is_escaped_and_rtl_pages_read_right_to_left():
    scenario = load_scenario(SEED)
    named = scenario.options[0].model_copy(update={"name": '<img src="http://x/t.png">[a](https://evil.example)'})
    law = simulate(scenario.model_copy(update={"options": [named]}), reform={})
    html = answer.answer_html(law, None, translator("ar"), "per month")
    assert "<img" not in html and "&lt;img" in html
    assert 'dir="rtl"' in html and '<bdi dir="ltr">−1,700</bdi>' in html


def test_names_follow_the_inputs_in_the_pages_language():
    values, notes = state.to_state(state.default_scenario())
    assert notes == [] and all(values[f"opt{i}_auto"] for i in range(3))
    values["opt0_hours"] = 15.0
    assert state.option_names(values)[:1] == ["Part-time (15 h)"]
    assert state.option_names(values | {"lang": "da"}) == ["Deltid (15 t)", "Fuldtid (37 t)",
                                                           "Ulønnet praktik (20 t)"]
    values["opt1_auto"], values["opt1_name"] = False, "Kitchen"
    assert state.option_names(values)[1] == "Kitchen"


def test_two_adults_are_a_couple_and_each_keeps_their_own_job():
    family = load_scenario(ROOT / "scenarios" / "family-own-housing.yaml")
    values, notes = state.to_state(family)
    assert notes == [] and state.unshown(family) == []
    assert (values["opt1_who"], values["opt1_hours"], values["opt1_hours_2"], values["opt1_wage_2"]) == \
        ("both", 37.0, 30.0, 135.0)
    assert state.from_state(values).options == family.options
    single, _ = state.to_state(state.default_scenario())
    assert single["couple"] is True  # so that choosing a second adult makes a couple
    assert household_line(family, en).startswith("A couple")


def test_a_job_no_usual_wage_makes_pay_says_so_with_what_each_assumption_changes():
    scenario = load_scenario(ROOT / "scenarios" / "couple-two-children-self-catering.yaml")
    law = simulate(scenario, reform={})
    adults = adults_of(scenario, law)
    n, job = next((n, o) for n, o in enumerate(law.options[1:], 1) if not adults[n][0].pays_in_range)
    sentence = work_sentences(job, adults[n], en, True, en("period.month"))[0]
    assert sentence.startswith("This job: no usual wage (110 kr to 140 kr an hour")
    assert "even at full time (37 hours a week)" in sentence
    effects = unrealistic_effects(job, law.effects, en, adults=adults[n])
    assert effects and all("compared with no work" in e for e in effects)


@pytest.mark.parametrize("amount", [0.5, -0.5, 2.5, -2.5, 0.4, 1700.0])
def test_a_cards_signed_amount_has_the_sign_of_the_amount_shown(amount):
    """The card's signed amount (ui/cards.kr_html) shows the sign `signed_kr` gives: half a krone is shown as
    "+1 kr" (whole_kroner rounds half away from zero), never as an unsigned "1 kr" beside a green tone."""
    from ui.cards import kr_html
    t = translator("en")
    assert re.sub(r"<[^>]+>", "", unescape(kr_html(t, amount, signed=True))) == t.signed_kr(amount)


def test_a_link_box_shows_the_link_as_text():
    """The share link's box (ui/cards.link_html): the link escaped, so whatever a proxy's address holds stays
    text, inside a code box of its own."""
    from ui.cards import link_html
    box = link_html('https://example.org/krone/?v=1&o=A"<img src=x onerror=alert(1)>')
    assert '<code>https://example.org/krone/?v=1&amp;o=A&quot;&lt;img src=x onerror=alert(1)&gt;</code>' in box
    assert box.count("<code>") == 1 and "<img" not in box


def test_a_table_shows_its_text_escaped_with_each_row_named():
    """A table of the page (ui/page/tables.table_html): a header row, each row named by its first cell,
    every cell escaped (an option's name from a link is text, never markup), characters that steer display
    removed and the isolates put around names kept."""
    import pandas as pd

    from ui.page.tables import table_html
    frame = pd.DataFrame({"Line": ["Gross wage", "Left\u202e"], '<b>Job</b> "A"': ["10,000", "−1,700"]})
    html_table = table_html(frame)
    assert '<th scope="col">&lt;b&gt;Job&lt;/b&gt; &quot;A&quot;</th>' in html_table
    assert '<tr><th scope="row">Gross wage</th><td>10,000</td></tr>' in html_table
    assert '<tr><th scope="row">Left</th><td>−1,700</td></tr>' in html_table   # U+202E removed
    assert "<b>" not in html_table and html_table.count("<tr>") == 3

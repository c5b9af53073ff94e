"""The page's sentences through AppTest (app.py with ui/page/results_view.py and ui/page/editors.py): the details say
which rules they show and show the proposal's steps when chosen; an unpaid praktik asks for no commuter
card the centre pays."""
from __future__ import annotations

from simulator import load_scenario, simulate
from simulator.i18n import translator
from tests.test_app import SCENARIOS, has_widget, in_each_option, open_page, open_whys, run, shown, untag
from ui import share, state
from ui.page import charts

t = translator("en")


def whys(at) -> list[str]:
    """Every option's "why?" (each tab open in turn)."""
    return [why for one in in_each_option(at, _whys_shown) for why in one]


def _whys_shown(at) -> list[str]:
    return [m.value for m in at.markdown if "**" in m.value and "=" in m.value]


def test_without_a_proposal_the_details_say_they_show_the_law():
    at = open_page()
    assert shown(at, "Shown: the law in force on ")
    assert not has_widget(at, "details_rules")


def test_with_the_proposal_the_details_say_which_rules_and_show_the_proposals_steps():
    scenario = load_scenario(SCENARIOS / "single-man-2014-transport-reform.yaml")
    at = open_whys(open_page(share.encode(scenario)))
    assert at.radio(key="details_rules").value == "law"
    assert shown(at, "Shown: the law in force on 1 November 2014, without the proposal.")
    law = simulate(scenario, reform={})
    assert whys(at) == [charts.trace_markdown(o, t) for o in law.options]
    at.radio(key="details_rules").set_value("reform")
    run(at)
    assert shown(at, "Shown: the proposal (") and not shown(at, "Shown: the law in force")
    proposal = simulate(scenario)
    assert whys(at) == [charts.trace_markdown(o, t) for o in proposal.options]
    assert whys(at)[1] != charts.trace_markdown(law.options[1], t)
    # the reason under the proposal: its own amounts, and no "paid on top"
    text = " ".join(untag(h.proto.body) for h in at.html if "kfk-answer" not in h.proto.body)   # the details
    assert "paid on top" not in text
    assert f"{t.kr(proposal.options[1].lines['accommodation_charge'])} to rent to the Immigration Service" in text


def test_an_unpaid_praktik_asks_for_no_commuter_card_the_centre_pays():
    at = open_page()
    praktik = next(i for i in range(at.session_state["n_options"]) if at.session_state[f"opt{i}_kind"] ==
                   "unpaid_praktik")
    assert not has_widget(at, f"opt{praktik}_transport") and has_widget(at, f"opt{praktik - 1}_transport")
    assert shown(at, "The centre pays the transport to an unpaid praktik")
    assert shown(at, "Unpaid praktik pays nothing and costs nothing")


def test_a_proposal_that_stops_covering_praktik_transport_asks_for_the_card():
    scenario = state.default_scenario().model_copy(update={"reform": {"praktik.transport_covered": False}})
    at = open_page(share.encode(scenario))
    praktik = next(i for i in range(at.session_state["n_options"]) if at.session_state[f"opt{i}_kind"] ==
                   "unpaid_praktik")
    assert has_widget(at, f"opt{praktik}_transport")
    assert shown(at, "Under the proposal the centre does not pay the transport to the praktik")


def test_the_rules_shown_stay_chosen_when_the_language_changes():
    scenario = load_scenario(SCENARIOS / "single-man-2014-transport-reform.yaml")
    at = open_page(share.encode(scenario))
    at.radio(key="details_rules").set_value("reform")
    run(at)
    at.selectbox(key="lang").set_value("da")
    run(at)
    assert at.radio(key="details_rules").value == "reform"
    assert shown(at, "Vist: forslaget (")

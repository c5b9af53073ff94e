"""Sentences that are true, in a real browser: a two-earner couple's cards name both adults' jobs and quote
no break-even wage above the usual range; with the proposal on, "Each choice in detail" says which rules it
shows and, switched, shows the proposal's steps. Screenshots go to tests/e2e/screenshots/."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from test_browser import WAIT, open_link, settle, snap

from simulator import load_scenario, simulate
from simulator.i18n import translator
from ui import share

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
COUPLE = ROOT / "scenarios" / "couple-two-children-self-catering.yaml"
REFORM = ROOT / "scenarios" / "single-man-2014-transport-reform.yaml"
t = translator("en")


def test_a_two_earner_couples_cards_name_both_jobs_and_no_break_even_above_the_range(new_page, screenshots):
    couple = load_scenario(COUPLE)
    page = new_page()
    open_link(page, share.to_query_string(couple))
    card = page.locator(".kfk-card").filter(has_text="Both work")
    expect(card.locator(".kfk-adult")).to_have_count(2, timeout=WAIT)
    text = card.inner_text()
    assert "Adult 1's job (37 h, 135 kr an hour)" in text
    assert "Adult 2's job (20 h, 130 kr an hour)" in text
    assert "57 h" not in text and "This job" not in text
    quoted = [int(n.replace(",", "")) for n in re.findall(r"([\d,]+) kr an hour", text)]
    assert quoted and max(quoted) <= 140, quoted
    assert text.count("no usual wage (110 kr to 140 kr an hour") == 2
    card.screenshot(path=str(screenshots / "sentences-two-earner-card.png"))
    page.locator(".kfk-answer").screenshot(path=str(screenshots / "sentences-couple-cards.png"))


def test_with_the_proposal_the_details_say_which_rules_and_show_the_proposals_steps(new_page, screenshots):
    scenario = load_scenario(REFORM)
    law, proposal = simulate(scenario, reform={}), simulate(scenario)
    page = new_page()
    open_link(page, share.to_query_string(scenario))
    details = page.locator('[data-testid="stMain"]')
    expect(details.get_by_text("Shown: the law in force on 1 November 2014, without the proposal.")).to_be_visible(
        timeout=WAIT)
    rent_law = t.kr(law.options[1].lines["accommodation_charge"])
    rent_proposal = t.kr(proposal.options[1].lines["accommodation_charge"])
    assert rent_law != rent_proposal
    job = scenario.options[0].name
    # the details' tab of the job (the curve below has a tab of the same name)
    page.get_by_role("tab", name=job).first.click()  # the name is isolated (FSI … PDI)
    expect(details.get_by_text(f"{rent_law} to rent to the Immigration Service").first).to_be_visible()
    page.locator('[data-testid="stRadio"]').filter(has_text=t("sentences.rules_shown")) \
        .get_by_text(t("sentences.rules_reform"), exact=True).click()
    settle(page)
    page.get_by_role("tab", name=job).first.click()  # the name is isolated (FSI … PDI)
    expect(details.get_by_text("Shown: the proposal (", exact=False)).to_be_visible(timeout=WAIT)
    expect(details.get_by_text("Shown: the law in force")).to_have_count(0)
    expect(details.get_by_text(f"{rent_proposal} to rent to the Immigration Service").first).to_be_visible()
    body = page.locator("body").inner_text()
    assert "paid on top" not in body
    snap(page, screenshots, "sentences-reform-details")


def test_praktik_and_own_housing_cards_say_what_they_are(new_page, screenshots):
    page = new_page()
    open_link(page, "")
    card = page.locator(".kfk-card").filter(has_text=t("kind.unpaid_praktik"))
    expect(card).to_contain_text("Unpaid praktik pays nothing and costs nothing", timeout=WAIT)
    assert "adds nothing" not in card.inner_text()
    page.locator(".kfk-answer").screenshot(path=str(screenshots / "sentences-default-cards.png"))
    family = load_scenario(ROOT / "scenarios" / "family-own-housing.yaml")
    page = new_page()
    open_link(page, share.to_query_string(family))
    no_work = page.locator(".kfk-card").first
    expect(no_work).to_contain_text("at a self-catering centre (center med selvforplejning)", timeout=WAIT)
    page.locator(".kfk-answer").screenshot(path=str(screenshots / "sentences-own-housing-cards.png"))

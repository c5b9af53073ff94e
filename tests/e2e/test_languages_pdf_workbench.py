"""In a real browser: switching language keeps the scenario and goes into the link, Arabic reads right to
left, the take-home PDF downloads with the page's numbers, and the policy workbench runs the caseload."""
from __future__ import annotations

import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader
from test_browser import SEED, WAIT, open_link, settle, snap

from simulator import load_scenario, reforms, simulate
from simulator.i18n import language_label, translator
from simulator.rules import public_paths
from ui import share

pytestmark = pytest.mark.browser


def choose(page: Page, label: str, option: str) -> None:
    """Pick `option` in the Streamlit selectbox labelled `label`."""
    page.get_by_label(label).first.click()
    page.get_by_role("option", name=option, exact=True).click()
    settle(page)


def test_language_switch_keeps_the_scenario_and_goes_into_the_link(new_page, screenshots):
    scenario = load_scenario(SEED)
    page = new_page()
    open_link(page, share.to_query_string(scenario))
    left = translator("en").kr(simulate(scenario, reform={}).options[1].disposable_income)
    expect(page.get_by_text(left, exact=True).first).to_be_visible(timeout=WAIT)

    choose(page, translator("en")("sidebar.language"), language_label("da"))
    da = translator("da")
    expect(page.get_by_text(da("results.heading"), exact=False).first).to_be_visible(timeout=WAIT)
    expect(page.get_by_text(da.kr(simulate(scenario, reform={}).options[1].disposable_income), exact=True)
           .first).to_be_visible(timeout=WAIT)
    page.wait_for_function("() => window.location.search.includes('lang=da')", timeout=WAIT)
    assert parse_qs(urlsplit(page.url).query)["lang"] == ["da"]

    choose(page, da("sidebar.language"), language_label("ar"))
    ar = translator("ar")
    expect(page.get_by_text(ar("results.heading"), exact=False).first).to_be_visible(timeout=WAIT)
    page.wait_for_function("() => getComputedStyle(document.querySelector('[data-testid=stMainBlockContainer]'))"
                           ".direction === 'rtl'", timeout=WAIT)
    snap(page, screenshots, "language-arabic")
    decoded = share.decode(parse_qs(urlsplit(page.url).query), scenario)
    assert decoded.lang == "ar" and decoded.scenario.options == scenario.options


def test_the_pdf_downloads_with_the_page_numbers(new_page):
    scenario = load_scenario(SEED)
    page = new_page()
    open_link(page, share.to_query_string(scenario))
    t = translator("en")
    button = page.get_by_role("button", name=t("pdf.download"))
    button.scroll_into_view_if_needed()
    with page.expect_download(timeout=WAIT) as info:
        button.click()
    data = open(info.value.path(), "rb").read()
    assert data.startswith(b"%PDF")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    for option in simulate(scenario, reform={}).options:
        assert option.name in text.replace("\n", " ")
    assert "864" in text


def test_the_policy_workbench_runs_the_default_caseload(new_page, screenshots):
    page = new_page()
    open_link(page, "")
    t = translator("en")
    page.get_by_text(t("view.policy"), exact=True).click()
    settle(page)
    expect(page.get_by_text(t("wb.caseload"), exact=True)).to_be_visible(timeout=WAIT)
    expect(page.get_by_text(t("caseload.coverage", n="1,578", total="1,578"))).to_be_visible(timeout=WAIT)
    assert page.locator('[data-testid="stException"]').count() == 0
    snap(page, screenshots, "policy-workbench")


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_pdf_with_the_proposal_shows_law_and_proposal_without_parameter_paths(new_page, lang):
    """Issue 9: with the Red Cross switch on, the take-home PDF shows the law in force and the proposal side by
    side (864 kr and 2,564 kr for the seed), the proposal named in words, never as a parameter path."""
    scenario = load_scenario(SEED)
    proposal = reforms.featured()
    scenario = scenario.model_copy(update={"reform": dict(proposal.values)})
    page = new_page()
    open_link(page, share.to_query_string(scenario, lang=lang))
    t = translator(lang)
    button = page.get_by_role("button", name=t("pdf.download"))
    button.scroll_into_view_if_needed()
    with page.expect_download(timeout=WAIT) as info:
        button.click()
    data = open(info.value.path(), "rb").read()
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    flat = re.sub(r"[\u200e\u200f\u2066-\u2069\s]+", " ", text)
    law, reformed = simulate(scenario, reform={}).options[1], simulate(scenario).options[1]
    assert round(law.disposable_income) == 864 and round(reformed.disposable_income) == 2564
    assert "864" in flat and "2,564" in flat
    # The share link printed under the QR code carries the reform as `r.<path>=<value>`, like any link of
    # the page; the words of the PDF never name it by its path.
    words = " ".join(w for w in flat.split() if not re.search(r"https?:|[?&=]", w))
    assert not any(path in words for path in public_paths()), "a parameter path reached the resident's PDF"
    first_page = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert re.sub(r"[\u200e\u200f\u2066-\u2069]", "", proposal.title_in(lang)).split()[0] in first_page

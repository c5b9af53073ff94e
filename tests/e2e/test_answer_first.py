"""The answer first, in every language, on a laptop and a phone: a shared link shows what is left and the
comparison with no work without scrolling; six options fit with no amount cut off; two adults are a couple;
the example family shows the CLI's numbers; option names follow their hours; no WCAG 2 A/AA violation
(axe-core). Screenshots of every language at both sizes go to tests/e2e/screenshots/."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from test_browser import SEED, WAIT, drawn, open_link, open_section, settle, snap

from simulator import load_scenario, simulate
from simulator.i18n import LANGUAGES, translator
from ui import share

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SIZES = {"laptop": (1366, 768), "phone": (390, 844)}
LANGS = list(LANGUAGES)   # every language of the page, the residents' too
SIX = "&".join(["v=1", "d=2026-01-01", "a=2", "c=2", "h=centre_self_catering", "r.offset.deduct_transport=1"] + [
    "o=" + o for o in ["Unpaid praktik at the municipal kitchen|up:0:20:0:0",
                       "Part-time cleaning job at the hospital|j:0:20:150:400",
                       "Full-time kitchen job (37 h)|j:0:37:150:900",
                       "Both work full time|j:0:37:150:900;j:1:37:140:900",
                       "Paid praktik youth education|pp:1:25:90:0", "Evening job|j:1:12:160:300"]])

# Elements that clip their text (overflow hidden or an ellipsis) and are narrower than it, among the answer's
# amounts and every heading and tab of the page.
CUT = """() => [...document.querySelectorAll('.kfk-answer *, h1, h2, h3, [data-testid="stTab"] *')]
  .filter(e => { const s = getComputedStyle(e);
                 return (s.overflowX === 'hidden' || s.overflow === 'hidden' || s.textOverflow === 'ellipsis')
                        && e.scrollWidth > e.clientWidth + 1; })
  .map(e => e.tagName + ': ' + e.textContent.slice(0, 60))"""


BROKEN_WORDS = """() => [...document.querySelectorAll('h1, h2, h3, .kfk-card h3')]
  .filter(e => { const s = getComputedStyle(e);
                 return s.wordBreak === 'break-all' || s.overflowWrap === 'anywhere' || s.wordBreak === 'break-word'; })
  .map(e => e.tagName + ': ' + e.textContent.slice(0, 60))"""


# The direction and alignment of the page's text: every heading, paragraph, list item, table and the "why?"
# box that is not right to left and aligned right (or to the start of a right-to-left line).
NOT_RTL = """() => [...document.querySelectorAll('.stMainBlockContainer :is(h1, h2, h3,'
  + ' [data-testid="stMarkdownContainer"] p, li, .kfk-table, .kfk-table th, summary,'
  + ' [data-testid="stWidgetLabel"],'
  + ' [class*="st-key-why-text"], [class*="st-key-why-text"] p)')]
  .filter(e => { const s = getComputedStyle(e);
                 return s.direction !== 'rtl' || !['right', 'start'].includes(s.textAlign); })
  .map(e => e.tagName + ' ' + getComputedStyle(e).direction + '/' + getComputedStyle(e).textAlign + ': '
            + e.textContent.slice(0, 40))"""
KINDS = """() => ['h1', 'h2', '[data-testid="stMarkdownContainer"] p', '.kfk-table',
                 '[class*="st-key-why-text"] p'].filter(s => document.querySelector('.stMainBlockContainer ' + s))"""


def in_viewport(page: Page, locator) -> bool:
    box = locator.bounding_box()
    size = page.viewport_size
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= size["height"] \
        and box["x"] >= 0 and box["x"] + box["width"] <= size["width"]


def at_size(page: Page, size: str) -> None:
    """The page at a laptop's or a phone's size. Each language's page is loaded once, at the laptop's size,
    and then narrowed to the phone's (a page load costs ~4 s of the browser's time on a 2-core machine, and
    these tests load one per language): Streamlit lays the page out by its width as it changes, and folds the
    sidebar away below its breakpoint as a phone's first load does (a screenshot of the narrowed page was the
    same, pixel for pixel, as one of the page loaded at the phone's size). Waits until the sidebar is out of
    view on the phone and in view on the laptop, and the page is drawn."""
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    page.wait_for_function("""phone => { const box = document.querySelector('[data-testid="stSidebar"]')
        .getBoundingClientRect(); return phone ? box.right <= 0 : box.left >= 0 && box.width > 0; }""",
                           arg=size == "phone", timeout=WAIT)
    drawn(page)


@pytest.mark.parametrize("lang", LANGS)
def test_a_shared_link_opens_on_the_answer(new_page, screenshots, lang):
    """On a laptop and on a phone: what is left and the comparison with no work in the first screen, nothing
    scrolled, the language picker in view; for a right-to-left language the whole page right to left, with
    the "why?" and a table unfolded."""
    seed = load_scenario(SEED)
    t = translator(lang)
    page = new_page(*SIZES["laptop"])
    open_link(page, share.to_query_string(seed, lang=lang))
    job = simulate(seed, reform={}).options[1]
    assert (round(job.disposable_income), round(job.gain)) == (864, -1700)
    amount = page.locator(".kfk-left").filter(has_text=t.kr(864)).first
    loss = page.locator(".kfk-delta").filter(has_text=t.signed_kr(-1700)).first
    expect(amount).to_be_visible(timeout=WAIT)
    expect(loss).to_be_visible()
    for size in SIZES:
        at_size(page, size)
        assert page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollTop") == 0
        assert in_viewport(page, amount), (size, amount.bounding_box())
        assert in_viewport(page, loss), (size, loss.bounding_box())
        expect(page.get_by_label(t("sidebar.language"))).to_be_visible()  # not hidden on a phone
        page.screenshot(path=str(screenshots / f"seed-{lang}-{size}-first-screen.png"))
        if t.rtl:   # the whole page right to left, the "why?" and a table unfolded
            if size == "laptop":
                page.locator("summary").filter(has_text=t("results.why")).first.click()
                page.locator("summary").filter(has_text=t("results.waterfall_table")).first.click()
                settle(page)
            expect(page.locator('[class*="st-key-why-text"] p').first).to_be_visible()
            assert len(page.evaluate(KINDS)) == 5, page.evaluate(KINDS)
            assert page.evaluate(NOT_RTL) == []
        snap(page, screenshots, f"seed-{lang}-{size}")
        page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollTo(0, 0)")
    # the share link: left to right in every language, one click selects all of it, ready to copy
    box = page.locator(".kfk-link code")
    box.click()
    assert page.evaluate("() => window.getSelection().toString()") == box.inner_text()
    assert box.inner_text().startswith(page.url.split("?")[0]) and f"lang={lang}" in box.inner_text()
    assert box.evaluate("e => getComputedStyle(e).direction") == "ltr"


@pytest.mark.parametrize("lang", LANGS)
def test_six_options_fit_with_no_amount_cut_off(new_page, screenshots, lang):
    page = new_page(*SIZES["laptop"])
    open_link(page, f"{SIX}&lang={lang}")
    expect(page.locator(".kfk-card")).to_have_count(7)
    for size in SIZES:
        at_size(page, size)
        assert page.evaluate(CUT) == [], size
        # headings wrap between words, never inside one ("Unpai d prakti k")
        assert page.evaluate(BROKEN_WORDS) == [], size
        widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        assert widths[0] <= widths[1] + 1, (size, widths)
        snap(page, screenshots, f"six-options-{lang}-{size}")


def test_two_adults_are_a_couple_by_default(new_page):
    t = translator("en")
    page = new_page()
    open_link(page, "")
    open_section(page, t("household.heading"))
    page.locator('[data-testid="stRadio"]').filter(has_text=t("household.adults")).get_by_text("2", exact=True) \
        .click()
    settle(page)
    page.wait_for_function("() => window.location.search.includes('cp=1')", timeout=WAIT)
    expect(page.get_by_text(t("household.adults_couple").capitalize() + ",").first).to_be_visible()
    expect(page.get_by_role("checkbox", name=t("household.couple"))).to_be_checked()


def test_the_family_in_own_housing_shows_the_clis_numbers(new_page):
    family = load_scenario(ROOT / "scenarios" / "family-own-housing.yaml")
    page = new_page()
    open_link(page, share.to_query_string(family))
    card = page.locator(".kfk-card").filter(has_text=family.options[1].name)
    expect(card.locator(".kfk-left")).to_have_text("15,498 kr")
    expect(card.locator(".kfk-delta")).to_have_text("+4,117 kr against no work")


def test_option_names_follow_their_hours(new_page):
    t = translator("en")
    page = new_page()
    open_link(page, "")
    open_section(page, t("options.heading"))
    # the first option's field by its widget key: `.first` of the fields by label could be another option's
    # while the columns are still being drawn
    hours = page.locator(".st-key-opt0_hours").get_by_role("spinbutton", name=t("option.hours"), exact=True)
    hours.fill("15")
    hours.press("Enter")
    expect(page.locator(".kfk-card h3").nth(1)).to_have_text("Part-time (15 h)", timeout=WAIT)
    page.wait_for_function("() => window.location.search.includes('Part-time+%2815+h%29')", timeout=WAIT)


@pytest.mark.parametrize("lang", ["en", "ar", "ti"])
def test_no_wcag_violation(new_page, lang):
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: `make test` installs axe-core with npm")
    page = new_page(1366, 768)
    # with the proposal on and the household and the options unfolded: every card line and every input
    open_link(page, share.to_query_string(load_scenario(ROOT / "scenarios" / "single-man-2014-transport-reform.yaml"),
                                          lang=lang))
    for n in range(2):
        page.locator("summary").nth(n).click()
        settle(page)
    drawn(page)  # the charts drawn
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}});
        return r.violations.map(v => ({id: v.id, nodes: v.nodes.map(n => n.target.join(' ') + ' ' +
                                                                         n.failureSummary).slice(0, 5)}));
    }""")
    assert result == [], json.dumps(result, indent=1, ensure_ascii=False)

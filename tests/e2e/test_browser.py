"""The counsellor's page in a real browser: a shared link opens the core's numbers, a changed option updates
them and the address bar, the new address opens the same page in a fresh browser, a tampered link still
opens, and the page works at phone width and from the keyboard. Screenshots go to tests/e2e/screenshots/."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from simulator import load_scenario, simulate
from simulator.i18n import translator
from simulator.models import Scenario
from ui import share, state

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "scenarios" / "single-man-2014-commuter.yaml"
JOB = "Part-time kitchen job in Copenhagen (20 h)"
t = translator("en")
WAIT = 60_000  # ms: generous, a cold server imports the whole stack on the first run


# --------------------------------------------------------------------------------------------------
# helpers


def open_link(page: Page, query: str) -> None:
    page.goto(f"/?{query}" if query else "/")
    expect(page.locator(".kfk-left").first).to_be_visible(timeout=WAIT)
    settle(page)


def open_section(page: Page, label: str) -> None:
    """Unfold the editor whose expander label starts with `label` (the household, the options)."""
    summary = page.locator("summary").filter(has_text=label).first
    summary.click()
    settle(page)


def settle(page: Page) -> None:
    """Wait until Streamlit has finished running the script: the app says it is not running, and its status
    widget is gone. (The status widget alone shows only after a delay: a quick run could still be drawing.)"""
    try:
        page.wait_for_function("() => document.querySelector('[data-testid=\"stApp\"]')"
                               "?.getAttribute('data-test-script-state') === 'notRunning'"
                               " && !document.querySelector('[data-testid=\"stStatusWidget\"]')",
                               timeout=WAIT)
    except PlaywrightTimeout:
        status = page.locator('[data-testid="stStatusWidget"]').all_inner_texts()
        raise AssertionError(f"Streamlit still busy after {WAIT // 1000} s: {status}") from None


# Drawn: Streamlit loads a widget's or a chart's code only when the page first needs it, and shows a skeleton
# until then (for a second or more after the script has finished); a chart draws its canvas after that, and
# the web fonts load on their own.
DRAWN = """() => !document.querySelector('[data-testid="stSkeleton"]') && document.fonts.status === 'loaded'
  && [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')].filter(c => c.offsetParent !== null)
       .every(c => [...c.querySelectorAll('canvas, svg')].some(e => e.getBoundingClientRect().width > 0))"""


def drawn(page: Page) -> None:
    """Wait until the page is drawn as a person would see it: no skeleton left, every visible chart drawn, the
    fonts loaded; then two frames, for the browser to paint it."""
    page.wait_for_function(DRAWN, timeout=WAIT)
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def left_values(scenario: Scenario, period: str = "month") -> list[str]:
    """'Left to live on' per option as the page writes it, from the core."""
    return [t.kr(o.disposable_income) for o in simulate(scenario, period, reform={}).options]


def metric_values(page: Page):
    """The big number of each option's card at the top: what is left to live on."""
    return page.locator(".kfk-left")


def expect_numbers(page: Page, scenario: Scenario) -> None:
    expect(metric_values(page)).to_have_text(left_values(scenario), timeout=WAIT)
    settle(page)
    expect(metric_values(page)).to_have_text(left_values(scenario))


def expect_no_failure(page: Page) -> None:
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    body = page.locator("body").inner_text()
    assert "Traceback" not in body and "encountered an error" not in body


def snap(page: Page, screenshots: Path, name: str) -> None:
    """A screenshot of the whole page: the viewport is stretched to the main block's height for the shot
    (Streamlit scrolls inside its main block, so a plain full-page shot shows only the first screen)."""
    size = page.viewport_size
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": size["width"], "height": min(max(height, size["height"]), 12_000)})
    drawn(page)  # the charts drawn (at the new size)
    page.screenshot(path=str(screenshots / f"{name}.png"))
    page.set_viewport_size(size)


def scenario_of(url: str) -> share.Decoded:
    params = parse_qs(urlsplit(url).query, keep_blank_values=True)
    return share.decode(params, state.default_scenario())


def with_hours(scenario: Scenario, hours: float) -> Scenario:
    option = scenario.options[0]
    work = [option.work[0].model_copy(update={"hours_per_week": hours})]
    return scenario.model_copy(update={"options": [option.model_copy(update={"work": work})]})


# --------------------------------------------------------------------------------------------------
# tests


def test_a_shared_link_shows_the_seed_case(new_page, screenshots):
    seed = load_scenario(SEED)
    page = new_page()
    open_link(page, share.to_query_string(seed))
    expect_numbers(page, seed)
    assert left_values(seed) == ["2,564 kr", "864 kr"]
    expect(page.locator(".kfk-delta").first).to_have_text("−1,700 kr against no work")
    expect(page.get_by_role("heading", name=JOB).first).to_be_visible()
    expect(page.get_by_text("could not be read")).to_have_count(0)
    expect_no_failure(page)
    snap(page, screenshots, "seed-link-desktop")


def test_changing_hours_updates_numbers_link_and_a_fresh_browser(new_page, screenshots):
    seed = load_scenario(SEED)
    page = new_page()
    open_link(page, share.to_query_string(seed))
    open_section(page, t("options.heading"))
    hours = page.get_by_role("spinbutton", name=t("option.hours"), exact=True)
    hours.click()
    hours.press("Control+A")
    hours.type("40")
    hours.press("Tab")
    changed = with_hours(seed, 40)
    assert left_values(changed) != left_values(seed)  # below 38 h the job leaves him exactly 864 kr
    expect_numbers(page, changed)
    expect(page).to_have_url(re.compile(r"o=[^&]*%3A40%3A115\.38%3A1700"), timeout=WAIT)
    decoded = scenario_of(page.url)
    assert decoded.ignored == []
    assert left_values(decoded.scenario) == left_values(changed)
    snap(page, screenshots, "seed-40-hours")

    fresh = new_page(fresh=True)  # a new context: no cookies, no session, only the address
    fresh.goto(page.url)
    expect(metric_values(fresh).first).to_be_visible(timeout=WAIT)
    expect_numbers(fresh, changed)
    open_section(fresh, t("options.heading"))
    hours_field = fresh.get_by_role("spinbutton", name=t("option.hours"), exact=True)
    expect(hours_field).to_have_value(re.compile(r"^40(\.0+)?$"))
    expect_no_failure(fresh)


def test_enter_also_commits_a_number(new_page):
    seed = load_scenario(SEED)
    page = new_page()
    open_link(page, share.to_query_string(seed))
    open_section(page, t("options.heading"))
    hours = page.get_by_role("spinbutton", name=t("option.hours"), exact=True)
    hours.fill("45")
    hours.press("Enter")
    expect_numbers(page, with_hours(seed, 45))


@pytest.mark.parametrize("name,query", [
    ("tampered", "a=7&h=castle"),
    ("truncated", None),
])
def test_a_tampered_or_truncated_link_still_opens(new_page, screenshots, name, query):
    if query is None:
        full = share.to_query_string(load_scenario(SEED))
        query = full[: full.index("%3A115") + 5]  # cut inside the option
    page = new_page()
    open_link(page, query)
    expect(page.locator('[data-testid="stAlert"]').filter(has_text="could not be read")).to_be_visible()
    expect_numbers(page, scenario_of(page.url).scenario)
    expect_no_failure(page)
    snap(page, screenshots, f"link-{name}")


def test_phone_width_has_no_horizontal_overflow(new_page, screenshots):
    page = new_page(390, 844)
    open_link(page, share.to_query_string(load_scenario(SEED)))
    drawn(page)
    widths = page.evaluate("""() => {
        const main = document.querySelector('[data-testid="stMain"]');
        const block = document.querySelector('[data-testid="stMainBlockContainer"]') || main;
        return {main: [main.scrollWidth, main.clientWidth], block: [block.scrollWidth, block.clientWidth],
                doc: [document.documentElement.scrollWidth, window.innerWidth]};
    }""")
    for part, (scroll, client) in widths.items():
        assert scroll <= client + 1, (part, widths)
    expect_no_failure(page)
    snap(page, screenshots, "seed-link-phone")


def test_tab_reaches_the_first_input(new_page):
    page = new_page()
    open_link(page, "")
    # the sidebar slides in after the first render; until it is in place its inputs take no focus
    expect(page.locator('[data-testid="stSidebar"] input').first).to_be_visible()
    drawn(page)   # every field is there: a skeleton still loading its widget takes no focus
    page.wait_for_timeout(1000)
    is_first_input = ("() => document.activeElement === "
                      "document.querySelector('input:not([type=hidden]), select, textarea')")
    focused = []
    for _ in range(10):
        page.keyboard.press("Tab")
        focused.append(page.evaluate("() => [document.activeElement.tagName, "
                                     "document.activeElement.getAttribute('aria-label')]"))
        if page.evaluate(is_first_input):
            break
    else:
        pytest.fail(f"Tab never reached the first input: {focused}")
    # and on, to the folded household, opened with Enter, and into it: the first number a counsellor types,
    # changed from the keyboard alone
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("heading => document.activeElement.tagName === 'SUMMARY'"
                         " && document.activeElement.textContent.includes(heading)",
                         t("household.heading")):
            break
    else:
        pytest.fail("Tab never reached the household")
    page.keyboard.press("Enter")
    # unfolded: its fields shown before the next Tab (a busy machine draws them later than a key is pressed)
    expect(page.locator(f'input[aria-label="{t("household.children")}"]')).to_be_visible()
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.getAttribute('aria-label')") == t("household.children"):
            break
    else:
        pytest.fail("Tab never reached the number of children")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Tab")
    expect(page).to_have_url(re.compile(r"[?&]c=1(&|$)"), timeout=WAIT)

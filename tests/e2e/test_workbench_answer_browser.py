"""The workbench answers first (issue 19), in a real browser at 1366×768:

- opened with the default caseload, the transport deduction's net cost per year and its two counts are on
  the first screen, equal to `python -m simulator caseload … --reform transport-deduction --json`, with the
  phase-3 warning;
- a point picked on the frontier opens as the reform editor's reform (a card of its own, equal to the CLI's
  frontier point) and as a share link;
- an uploaded caseload and the chosen reforms survive the counsellor view and a language switch.
"""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect
from test_workbench import choose_language, no_failure, settle  # noqa: E402  (the workbench browser tests' helpers, same folder)

from simulator.i18n import translator
from tests.cli_runner import in_process
from ui import share, state

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CASELOAD = ROOT / "scenarios" / "caseload" / "caseload-2014.csv"
WAIT = 90_000
CAP = "offset.transport_deduction_cap_per_month"
en, da = translator("en"), translator("da")


def cli(*argv: str) -> dict:
    """`python -m simulator caseload <the default caseload> ARGV --json`, run in this process."""
    out = in_process("caseload", DEFAULT_CASELOAD, *argv, "--json")
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def open_workbench(page: Page) -> None:
    page.goto("/")
    expect(page.get_by_text(en("view.policy"), exact=True)).to_be_visible(timeout=WAIT)
    page.get_by_text(en("view.policy"), exact=True).click()
    expect(page.locator(".wb-card").first).to_be_visible(timeout=WAIT)
    settle(page)
    no_failure(page)


def switch_view(page: Page, t, view: str) -> None:
    page.locator('[data-testid="stSidebar"]').get_by_text(t(f"view.{view}"), exact=True).click()
    settle(page)
    no_failure(page)


def in_first_screen(page: Page, locator) -> None:
    box = locator.bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 768, box


def test_the_answer_is_on_the_first_screen_and_equals_the_cli(new_page, screenshots):
    doc = cli("--reform", "transport-deduction")
    r = doc["reforms"][0]
    page = new_page(1366, 768)
    open_workbench(page)
    card = page.locator('.wb-card[data-reform="transport-deduction"]')
    expect(card).to_be_visible()
    cost = en("fmt.kr", amount=en.number(r["net_cost_per_year"]["value"]))
    work_pays = en("wb.answer_work_pays", before=en.number(r["work_pays"]["law"]["value"]),
                   after=en.number(r["work_pays"]["reform"]["value"]))
    no_longer = en("wb.answer_no_longer", n=en.number(r["no_longer_costs"]["value"]))
    for text in (cost, work_pays, no_longer):
        shown = card.get_by_text(text, exact=True)
        expect(shown).to_be_visible()
        in_first_screen(page, shown)
    assert float(card.get_attribute("data-net-cost-per-year")) == pytest.approx(r["net_cost_per_year"]["value"],
                                                                                 abs=0.006)
    assert float(card.get_attribute("data-no-longer-costs")) == r["no_longer_costs"]["value"]
    # the phase-3 warning of the CLI's JSON, on the page
    phase3 = next(w for w in doc["warnings"] if w["code"] == "phase_3_disputed")
    expect(page.get_by_text(f"{en.number(phase3['households'])} of 1,578 households").first).to_be_visible()
    page.screenshot(path=str(screenshots / "workbench-answer-1366x768.png"))


def test_a_frontier_point_opens_as_a_reform_and_a_share_link(new_page, screenshots):
    frontier = cli("--frontier", f"{CAP}=0:2000:21")
    point = frontier["points"][10]                    # the page's default pick: the middle point, 1,000 kr
    assert point["value"] == 1000
    page = new_page(1366, 900)
    open_workbench(page)
    use = page.get_by_role("button", name=en("wb.frontier_use"))
    use.scroll_into_view_if_needed()
    link = page.locator(".kfk-link").filter(has_text="r.offset.transport_deduction_cap_per_month=1000")
    expect(link).to_be_visible(timeout=WAIT)
    query = parse_qs(urlsplit(link.inner_text().strip()).query)
    opened = share.decode(query, state.default_scenario())
    assert opened.scenario.reform == {"offset.deduct_transport": True, CAP: 1000.0} and not opened.ignored
    page.screenshot(path=str(screenshots / "workbench-frontier.png"))
    use.click()
    card = page.locator('.wb-card[data-reform="custom"]')
    expect(card).to_be_visible(timeout=WAIT)
    settle(page)
    no_failure(page)
    assert float(card.get_attribute("data-net-cost-per-year")) == pytest.approx(point["net_cost_per_year"],
                                                                                 abs=0.006)
    assert float(card.get_attribute("data-work-pays-reform")) == point["work_pays"]
    assert float(card.get_attribute("data-no-longer-costs")) == point["no_longer_costs"]
    # in the reform editor: the two parameters with the point's values
    page.get_by_text(en("wb.editor"), exact=True).click()
    expect(page.get_by_role("textbox", name=f"({CAP})")).to_have_value("1000", timeout=WAIT)
    # a switch shows as the page's yes/no (ui/workbench/reform_editor.value_text)
    expect(page.get_by_role("textbox", name="(offset.deduct_transport)")).to_have_value(en("param.yes"))


def test_the_upload_and_the_reforms_survive_the_counsellor_view_and_a_language_switch(new_page, tmp_path):
    lines = DEFAULT_CASELOAD.read_bytes().splitlines(keepends=True)
    path = tmp_path / "smaller.csv"
    path.write_bytes(b"".join(lines[:101]))           # the header and 100 households
    page = new_page(1366, 900)
    open_workbench(page)
    page.get_by_role("button", name=en("wb.frontier_use")).click()     # a reform of one's own
    expect(page.locator('.wb-card[data-reform="custom"]')).to_be_visible(timeout=WAIT)
    settle(page)
    page.get_by_text(en("wb.source_upload"), exact=True).click()
    settle(page)
    uploader = page.get_by_test_id("stMainBlockContainer").get_by_test_id("stFileUploaderDropzoneInput")
    uploader.set_input_files(str(path))
    expect(page.get_by_text(en("caseload.coverage", n="100", total="100"))).to_be_visible(timeout=WAIT)
    settle(page)
    switch_view(page, en, "counsellor")
    switch_view(page, en, "policy")
    expect(page.get_by_text(en("caseload.coverage", n="100", total="100"))).to_be_visible(timeout=WAIT)
    expect(page.locator('.wb-card[data-reform="custom"]')).to_be_visible()
    expect(page.locator('.wb-card[data-reform="transport-deduction"]')).to_be_visible()
    choose_language(page, "da")
    expect(page.get_by_text(da("caseload.coverage", n="100", total="100"))).to_be_visible(timeout=WAIT)
    settle(page)
    no_failure(page)
    expect(page.locator('.wb-card[data-reform="custom"]')).to_be_visible()
    switch_view(page, da, "counsellor")
    switch_view(page, da, "policy")
    expect(page.get_by_text(da("caseload.coverage", n="100", total="100"))).to_be_visible(timeout=WAIT)
    expect(page.locator('.wb-card[data-reform="custom"]')).to_be_visible()

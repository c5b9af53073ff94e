"""Text from a link or a file is shown as the letters it is: a forged link or scenario file with Markdown
links and images in its option names and keys puts no link on the page and makes the browser fetch
nothing, and the results CSV of such a scenario has no cell a spreadsheet would run."""
from __future__ import annotations

import csv
import io
from urllib.parse import quote, urlsplit

import pytest
from conftest import _free_port
from playwright.sync_api import Page, expect
from test_browser import WAIT, open_link, settle

from simulator import load_scenario
from simulator.i18n import translator
from simulator.scenario_files import dump_scenario

pytestmark = pytest.mark.browser

PHISH = "[Click to renew](https://evil.example/phish)"
KEY = "[Your allowance is stopped, call us](https://evil.example)"
FORMULA = '=HYPERLINK("https://evil.example","Details")'
t = translator("en")


def tracker() -> tuple[str, str]:
    """A Markdown image on a local port nothing listens on: the host a forged link would report to."""
    host = f"127.0.0.1:{_free_port()}"
    return host, f"![t](http://{host}/track.png)"


def record_requests(page: Page) -> list[str]:
    urls: list[str] = []
    page.on("request", lambda request: urls.append(request.url))
    return urls


def expect_literal(page: Page, texts: list[str], urls: list[str], host: str) -> None:
    for text in texts:
        expect(page.get_by_text(text, exact=False).first).to_be_visible(timeout=WAIT)
    assert page.locator('a[href*="evil.example"]').count() == 0
    assert page.locator(f'img[src*="{host}"]').count() == 0
    hosts = {urlsplit(u).netloc for u in urls}
    assert host not in hosts and not any(h.endswith("evil.example") for h in hosts), hosts


def test_a_forged_link_shows_its_text_literally(new_page):
    host, image = tracker()
    page = new_page()
    urls = record_requests(page)
    query = "&".join([f"o={quote(PHISH + '|j:0:20:115:0')}", f"o={quote(image + '|j:0:30:115:0')}",
                      f"{quote(KEY)}=1"])
    open_link(page, query)
    page.wait_for_timeout(1500)
    # an unknown key is listed quoted and cut short (simulator.untrusted.quote): its start shows literally
    expect_literal(page, [PHISH, image, KEY[:36]], urls, host)
    # the curve's tabs and the details' tabs carry the names too
    expect(page.get_by_role("tab").filter(has_text="[Click to renew](https").first).to_be_attached()


def test_a_forged_scenario_file_shows_its_text_literally_and_exports_no_formula(new_page, tmp_path):
    host, image = tracker()
    scenario = load_scenario("scenarios/single-man-2014-commuter.yaml")
    job = scenario.options[0]
    options = [job.model_copy(update={"name": name}) for name in (PHISH, image, FORMULA)]
    scenario = scenario.model_copy(update={"title": KEY, "options": options})
    page = new_page()
    urls = record_requests(page)
    open_link(page, "")
    page.locator('input[type="file"]').set_input_files(files=[{
        "name": "forged.yaml", "mimeType": "application/x-yaml", "buffer": dump_scenario(scenario).encode()}])
    settle(page)
    expect(page.locator(".kfk-card")).to_have_count(4, timeout=WAIT)
    page.wait_for_timeout(1500)
    expect_literal(page, [PHISH, image, FORMULA], urls, host)

    button = page.get_by_role("button", name=t("table.download"))
    button.scroll_into_view_if_needed()
    with page.expect_download(timeout=WAIT) as info:
        button.click()
    rows = list(csv.reader(io.StringIO(open(info.value.path(), encoding="utf-8").read())))
    cells = [cell for row in rows[1:] for cell in row]
    assert any(cell == "'" + FORMULA for cell in cells)
    for cell in cells:
        if cell and cell[0] in "=+-@\t\r":
            float(cell)  # only a negative number may start like a formula

"""The policy workbench in a real browser: two sessions one after the other (the second replays the first
one's cache), every download, a language and a period switch — never "This app has encountered an error";
an uploaded caseload with a bad row on line 4 shows the line and the skipped count."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from simulator.i18n import language_label, translator

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CASELOAD = ROOT / "scenarios" / "caseload" / "caseload-2014.csv"
WAIT = 90_000  # ms: a cold server imports the whole stack on the first run
en, da = translator("en"), translator("da")


def settle(page: Page) -> None:
    """Wait until Streamlit has finished running the script (its status widget is gone)."""
    page.wait_for_timeout(300)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=WAIT)


def no_failure(page: Page) -> None:
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    body = page.locator("body").inner_text()
    assert "This app has encountered an error" not in body and "Traceback" not in body


def choose_language(page: Page, lang: str) -> None:
    """Pick `lang` in the page's language picker (the page is in English)."""
    language = page.get_by_label(en("sidebar.language")).first
    language.scroll_into_view_if_needed()      # a select's menu closes while the page still scrolls to it
    page.wait_for_timeout(700)
    language.click()
    page.get_by_role("option", name=language_label(lang), exact=True).click()


def open_workbench(page: Page) -> None:
    page.goto("/")
    expect(page.get_by_text(en("view.policy"), exact=True)).to_be_visible(timeout=WAIT)
    page.get_by_text(en("view.policy"), exact=True).click()
    expect(page.get_by_text(en("caseload.coverage", n="1,578", total="1,578"))).to_be_visible(timeout=WAIT)
    settle(page)
    no_failure(page)


def download(page: Page, label: str) -> bytes:
    button = page.get_by_role("button", name=label)
    button.scroll_into_view_if_needed()
    with page.expect_download(timeout=WAIT) as info:
        button.click()
    data = Path(info.value.path()).read_bytes()
    settle(page)
    no_failure(page)
    return data


def test_two_sessions_downloads_language_and_period(new_page):
    for _ in range(2):                                 # one browser context after the other
        page = new_page(fresh=True)
        open_workbench(page)
        assert download(page, en("wb.download_csv")).startswith(b"# coverage")
        assert download(page, en("wb.download_pdf")).startswith(b"%PDF")
        assert json.loads(download(page, en("wb.download_json")))["households"] == 1578
        page.locator('[data-testid="stSidebar"]').get_by_text(en("period.14d"), exact=True).click()
        settle(page)
        expect(page.get_by_text(en("caseload.coverage", n="1,578", total="1,578"))).to_be_visible(timeout=WAIT)
        no_failure(page)
        choose_language(page, "da")
        expect(page.get_by_text(da("caseload.coverage", n="1.578", total="1.578"))).to_be_visible(timeout=WAIT)
        settle(page)
        no_failure(page)
        # the next change after a language switch keeps the workbench (it once fell back to the counsellor view)
        page.locator('[data-testid="stSidebar"]').get_by_text(da("period.month"), exact=True).click()
        settle(page)
        expect(page.get_by_text(da("caseload.coverage", n="1.578", total="1.578"))).to_be_visible(timeout=WAIT)
        no_failure(page)
        page.context.close()


def test_a_bad_row_on_line_4_is_shown_and_downloadable(new_page, tmp_path):
    lines = DEFAULT_CASELOAD.read_bytes().splitlines(keepends=True)
    lines[3] = lines[3].replace(b",job,", b",castle,")
    path = tmp_path / "bad-line-4.csv"
    path.write_bytes(b"".join(lines))
    page = new_page()
    open_workbench(page)
    page.get_by_text(en("wb.source_upload"), exact=True).click()
    settle(page)
    uploader = page.get_by_test_id("stMainBlockContainer").get_by_test_id("stFileUploaderDropzoneInput")
    uploader.set_input_files(str(path))
    expect(page.get_by_text("line 4, kind: must be one of job")).to_be_visible(timeout=WAIT)
    expect(page.get_by_text(en("caseload.coverage", n="1,577", total="1,578"))).to_be_visible(timeout=WAIT)
    settle(page)
    no_failure(page)
    skipped = download(page, en("caseload.skipped_download")).decode()
    assert skipped.splitlines()[:2] == ["line,column,problem", "4,kind,\"must be one of job, paid_praktik, "
                                        "unpaid_praktik (got 'castle')\""]
    assert "4,kind," in download(page, en("wb.download_csv")).decode()
    assert json.loads(download(page, en("wb.download_json")))["row_errors"][0]["line"] == 4

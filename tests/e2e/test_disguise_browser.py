"""In the browser: a forged link cannot make the page show a number that is not what it seems (issue 22).

Names with control and format characters, look-alikes of "No work" and names that look like amounts leave
one reference card, every amount as it was computed and no bidi control on the page; a link that drops the
centre contract (`k=0`) or the rent (`cm=none`) says so in the headline and on both sides of the PDF."""
from __future__ import annotations

import io
import sys
from pathlib import Path
from urllib.parse import parse_qs, quote

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from playwright.sync_api import expect
from pypdf import PdfReader
from test_browser import WAIT, open_link

from simulator import load_scenario, simulate
from simulator.i18n import translator
from simulator.lookalike import looks_like_no_work
from simulator.untrusted import clean_name
from ui import share

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from test_disguise import NAMES  # noqa: E402  (the unit tests' strategies)

pytestmark = pytest.mark.browser
SEED = "scenarios/single-man-2014-commuter.yaml"
BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u200e\u200f\u061c")


def pdf_text(page) -> list[str]:
    button = page.get_by_role("button", name=translator("en")("pdf.download"))
    button.scroll_into_view_if_needed()
    with page.expect_download(timeout=WAIT) as info:
        button.click()
    data = open(info.value.path(), "rb").read()
    return [p.extract_text().replace("\n", " ") for p in PdfReader(io.BytesIO(data)).pages]


@pytest.mark.parametrize(("param", "words", "da_words"), [
    ("k=0", "does not keep the centre contract", "overholder ikke kontrakten"),
    ("cm=none", "no rent imposed", "ingen husleje"),
])
def test_a_link_that_moves_the_bottom_line_says_so_in_the_headline_and_the_pdf(new_page, param, words, da_words):
    scenario = load_scenario(SEED)
    page = new_page()
    open_link(page, share.to_query_string(scenario) + "&" + param)
    headline = page.locator("strong").filter(has_text="rules of").first
    expect(headline).to_contain_text(words, timeout=WAIT)
    front, back = pdf_text(page)[:2]
    assert words in front, front[:400]
    assert da_words in back, back[:400]


@settings(max_examples=5, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(NAMES, min_size=1, max_size=3))
def test_a_forged_link_shows_one_no_work_and_every_amount_as_computed(new_page, names):
    names = list({clean_name(n): n for n in names if clean_name(n) and "|" not in n}.values())
    if not names:
        return
    t = translator("en")
    raw = [f"o={quote(name + '|j:0:37:120:0', safe='')}" for name in names]
    base = share.to_query_string(load_scenario(SEED)).split("&")
    query = "&".join([p for p in base if not p.startswith("o=")] + raw)
    expected = simulate(share.decode(parse_qs(query), load_scenario(SEED)).scenario, "month", reform={})
    page = new_page()
    open_link(page, query)
    cards = page.locator(".kfk-card")
    expect(cards).to_have_count(len(expected.options), timeout=WAIT)
    titles = [h.inner_text() for h in page.locator(".kfk-card h3").all()]
    assert sum(looks_like_no_work(title) for title in titles) == 1, titles
    assert page.locator(".kfk-card h3 bdi").count() == len(expected.options)
    amounts = [a.inner_text() for a in page.locator(".kfk-left").all()]
    assert amounts == [t.kr(o.disposable_income) for o in expected.options], amounts
    body = page.evaluate("() => document.body.innerText")
    assert not BIDI_CONTROLS & set(body), [hex(ord(c)) for c in BIDI_CONTROLS & set(body)]

"""Hosted for real: two app replicas behind nginx at /krone/, run with deploy/nginx.conf itself on loopback
(deploy/local_stack.py), started and stopped here. In Chromium through the proxy: the page loads, the share
link begins with the proxy's address and /krone/, the PDF's QR code decodes to that link, an uploaded scenario
file opens, ten sessions at once each get their own numbers; the health endpoint answers through the proxy,
and neither the proxy's logs nor the replicas' hold a query string.

nginx comes from Debian (nginx-light, installed by .ci/run): without it these tests are skipped and say why,
except on CI, where a missing nginx is a failure."""
from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import numpy as np
import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from simulator import load_scenario, simulate
from simulator.i18n import translator
from ui import share

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "deploy"), str(ROOT / "benchmarks")]
from local_stack import Stack, nginx_binary  # noqa: E402

pytestmark = pytest.mark.browser

SEED = ROOT / "scenarios" / "single-man-2014-commuter.yaml"
WAIT = 90_000
t = translator("en")


@pytest.fixture(scope="module")
def stack(tmp_path_factory) -> Stack:
    if nginx_binary() is None:
        if os.environ.get("CI"):  # .ci/run installs nginx-light: missing there, the test fails
            pytest.fail("nginx is missing on CI: .ci/run should have installed Debian's nginx-light")
        pytest.skip("nginx is missing: install Debian's nginx-light (.ci/run does) to test the proxy")
    with Stack(2, tmp_path_factory.mktemp("stack")) as running:
        yield running


@pytest.fixture
def context(browser, stack):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    ctx.set_default_timeout(WAIT)
    yield ctx
    ctx.close()


def settle(page) -> None:
    page.wait_for_function("() => document.querySelector('[data-testid=\"stApp\"]')"
                           "?.getAttribute('data-test-script-state') === 'notRunning'"
                           " && !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=WAIT)


def left_values(scenario) -> list[str]:
    return [t.kr(o.disposable_income) for o in simulate(scenario, reform={}).options]


def open_through_proxy(context, stack: Stack, query: str):
    page = context.new_page()
    page.goto(f"{stack.url}?{query}")
    expect(page.locator(".kfk-left").first).to_be_visible(timeout=WAIT)
    settle(page)
    return page


def share_link(page) -> str:
    heading = page.get_by_role("heading", name=t("share.heading"))
    heading.scroll_into_view_if_needed()
    return page.locator(".kfk-link code").last.inner_text().strip()


def qr_codes(pdf: bytes, tmp_path: Path) -> list[str]:
    """The texts of the QR codes on the PDF's first page, read from pixels: poppler's pdftoppm renders it, the
    zxing-cpp library decodes what a phone's camera would see."""
    zxingcpp = pytest.importorskip("zxingcpp", reason="zxing-cpp (a test extra) decodes the QR code")
    path = tmp_path / "page.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "200", "-gray", "-f", "1", "-l", "1", str(path), str(tmp_path / "page")],
                   check=True, timeout=120)
    pgm = next(tmp_path.glob("page*.pgm")).read_bytes()
    header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", pgm)
    width, height = int(header[1]), int(header[2])
    pixels = np.frombuffer(pgm[header.end():header.end() + width * height], dtype=np.uint8).reshape(height, width)
    return [code.text for code in zxingcpp.read_barcodes(pixels) if code.format == zxingcpp.BarcodeFormat.QRCode]


def test_the_page_loads_through_the_proxy_and_its_link_is_the_public_address_and_sub_path(context, stack):
    scenario = load_scenario(SEED)
    page = open_through_proxy(context, stack, share.to_query_string(scenario))
    expect(page.locator(".kfk-left")).to_have_text(left_values(scenario))
    link = share_link(page)
    assert link.startswith(stack.url + "?"), link
    assert urlsplit(link).path == "/krone/"
    assert share.decode(parse_qs(urlsplit(link).query), scenario).scenario == scenario
    # The proxy set the route cookie that keeps this browser on one replica.
    assert [c["name"] for c in context.cookies() if c["name"] == "krone_route"] == ["krone_route"]
    assert page.locator('[data-testid="stException"]').count() == 0


def test_the_pdfs_qr_code_decodes_to_the_link_the_page_shows(context, stack, tmp_path):
    scenario = load_scenario(SEED)
    page = open_through_proxy(context, stack, share.to_query_string(scenario))
    link = share_link(page)
    button = page.get_by_role("button", name=t("pdf.download"))
    button.scroll_into_view_if_needed()
    with page.expect_download(timeout=WAIT) as info:   # served by the session's replica: /krone/media/...
        button.click()
    pdf = Path(info.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    assert qr_codes(pdf, tmp_path) == [link]
    printed = re.sub(r"\s+", "", PdfReader(io.BytesIO(pdf)).pages[0].extract_text())
    assert link in printed, "the PDF does not print the link beside its QR code"
    assert "localhost" not in printed and f":{stack.ports[0]}" not in printed and f":{stack.ports[1]}" not in printed


def test_an_uploaded_scenario_file_opens_through_the_proxy(context, stack):
    page = open_through_proxy(context, stack, "")
    page.locator('[data-testid="stSidebar"] input[type="file"]').set_input_files(str(SEED))
    expect(page.get_by_text(t("sidebar.loaded", name=SEED.name))).to_be_visible(timeout=WAIT)
    settle(page)
    scenario = load_scenario(SEED)
    expect(page.locator(".kfk-left")).to_have_text(left_values(scenario))
    assert share_link(page).startswith(stack.url + "?")


def test_ten_sessions_at_once_each_get_their_own_numbers_on_both_replicas(stack):
    from load import run_sessions  # Streamlit's own protocol through the proxy, as benchmarks/load.py measures

    outcome = run_sessions(stack, 10)
    assert outcome.errors == [], outcome.errors
    assert len(outcome.seconds) == 10
    log = stack.access_log.read_text()
    for port in stack.ports:   # ten random route cookies: both replicas served
        assert f"upstream=127.0.0.1:{port}" in log


def test_the_health_endpoint_answers_through_the_proxy_with_the_framing_headers(stack):
    with urllib.request.urlopen(f"{stack.url}_stcore/health", timeout=10) as response:
        assert response.status == 200 and response.read() == b"ok"
        assert response.headers["Content-Security-Policy"] == "frame-ancestors 'none'"
        assert response.headers["X-Frame-Options"] == "DENY"


def test_the_proxys_logs_hold_no_query_string(stack):
    """Last in this file: by now the log holds page loads with share links, uploads, downloads and WebSockets."""
    with urllib.request.urlopen(f"{stack.url}?a=2&c=3&h=centre_canteen", timeout=10) as response:
        assert response.status == 200
    # nginx writes a WebSocket's line when it closes: close every session first.
    stack.stop()
    log = stack.access_log.read_text()
    lines = log.splitlines()
    assert any('"GET /krone/ ' in line or '"GET /krone/"' in line for line in lines)
    assert any("/_stcore/stream" in line for line in lines)
    assert any("/_stcore/upload_file/" in line for line in lines), "no upload went through the proxy"
    assert any("/media/" in line for line in lines), "no download went through the proxy"
    leaked = [line for line in lines if "?" in line or "c=3" in line or "lang=" in line or "o=" in line]
    assert leaked == []
    error_log = stack.error_log.read_text() if stack.error_log.exists() else ""
    assert "?" not in error_log and "a=2" not in error_log
    for i in range(stack.replicas):   # nor do the replicas' own logs (Streamlit logs no requests)
        replica_log = (stack.dir / f"replica{i}.log").read_text()
        assert "c=3" not in replica_log and "v=1&" not in replica_log and "lang=" not in replica_log

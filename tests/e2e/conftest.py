"""The browser tests' fixtures: the page served by a real `streamlit run`, and a system Chromium driven by
Playwright. Chromium comes from the system (Debian's `chromium`, installed by `.ci/run`), never from
`playwright install`; without it the browser tests are skipped and say why."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
PAGE_TIMEOUT = 60_000  # ms: a page's actions on a busy machine
START_TIMEOUT = 90  # seconds: a cold start imports numpy, pandas, altair and the rules


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app's base URL, served as `make run` serves it (`streamlit run serve.py`: app.py with the server's
    guard, the allocator setting and the page's modules frozen out of the GC's scans) from the repository
    root for the whole session."""
    port = _free_port()
    log_path = tmp_path_factory.mktemp("streamlit") / "server.log"
    log = open(log_path, "wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "serve.py", "--server.port", str(port), "--server.address",
         "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
         # edits to the source while the tests run must not put a "File change. Rerun?" prompt on the page
         "--server.fileWatcherType", "none"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if process.poll() is not None:
                pytest.fail(f"streamlit exited with {process.returncode}:\n{log_path.read_text(errors='replace')}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"streamlit did not answer within {START_TIMEOUT} s:\n"
                            f"{log_path.read_text(errors='replace')}")
            time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)
        log.close()


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):  # CI installs it (.ci/run): a missing browser there is a failure, not a skip
            pytest.fail(f"{CHROMIUM} is missing on CI: .ci/run should have installed Debian's chromium")
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (.ci/run does); "
                    "the tests never download a browser")
    from playwright.sync_api import expect, sync_playwright

    # An assertion waits up to 30 s for the page (Playwright's default is 5 s): two test processes share the
    # machine's cores (`make test`), and a page whose widgets are still loading is slow, not wrong.
    expect.set_options(timeout=30_000)
    with sync_playwright() as instance:
        yield instance


@pytest.fixture(scope="session")
def browser(playwright_driver) -> Iterator:
    """A browser with nothing in it, for a fresh context per page (`new_page(fresh=True)`)."""
    chromium = playwright_driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    try:
        yield chromium
    finally:
        chromium.close()


@pytest.fixture(scope="session")
def warm_context(playwright_driver, server, tmp_path_factory) -> Iterator:
    """One browser profile kept on disk for the test process, as a returning visitor's browser: after its
    first page, Streamlit's scripts come from its cache already compiled (a page load then costs the machine
    ~3.0 CPU-s instead of ~4.2: benchmarks/README.md, issue 20). Each page in it is still a session of its own
    (its own websocket; the app keeps nothing in the browser)."""
    context = playwright_driver.chromium.launch_persistent_context(
        tmp_path_factory.mktemp("chromium-profile"), executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
        base_url=server, accept_downloads=True)
    context.set_default_timeout(PAGE_TIMEOUT)
    try:
        yield context
    finally:
        context.close()


@pytest.fixture
def new_page(warm_context, server, request):
    """A factory of pages: each a new tab of the warm browser, or with `fresh=True` in a browser context of
    its own (no cache, no cookies, no storage: "a fresh browser", "two browsers")."""
    contexts, pages = [], []

    def make(width: int = 1400, height: int = 1000, fresh: bool = False):
        if fresh:   # the empty browser is started only for the tests that ask for it
            browser = request.getfixturevalue("browser")
            context = browser.new_context(viewport={"width": width, "height": height}, base_url=server)
            context.set_default_timeout(PAGE_TIMEOUT)
            contexts.append(context)
            return context.new_page()
        page = warm_context.new_page()
        page.set_viewport_size({"width": width, "height": height})
        pages.append(page)
        return page

    yield make
    for page in pages:
        page.close()
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS

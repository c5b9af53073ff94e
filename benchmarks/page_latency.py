"""Input to updated answer, in a real browser (issue 20 target: median < 150 ms on an idle 2-core machine;
issue 9's was 300 ms).

Serves the page as `make run` does (`streamlit run serve.py`: app.py with the server's settings), opens the
seed's share link in Debian's Chromium (Playwright), unfolds the options and types new hours into the job's
field (alternately 40 and 45: each gives a different amount); the time is from the key that commits the
value to the moment the headline amount of the job's card at the top shows the new text. Prints each time,
the median and the 90th percentile, and the load average before and after (the machine is shared: a number
without its load says little). A benchmark, not a test: nothing is asserted.

Also prints where the time goes: how many messages the server sends per change (one per element, block and
status), when the last of them arrived, and after how many of them the headline's text changed in the page.
Streamlit's page redraws only when its messages pause: without a pause the new headline came in one long
redraw (50–110 ms) after the last message; with app.py's short pause after the answer it comes after the
first dozen (measured 2026-12-06: benchmarks/README.md). Fewer messages per change, and the answer first,
are what make it faster.

Run: `.venv/bin/python benchmarks/page_latency.py [repeats]` (default 20, after 3 warm-up changes).
"""
from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from simulator import load_scenario  # noqa: E402
from simulator.i18n import translator  # noqa: E402
from ui import share  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
WARM_UP = 3
# Counts the websocket messages after the Enter key and notes when the page got to the last of them, and
# when the headline's text changed in the page (and after how many messages).
MESSAGES = """
window.__kfk = {n: 0, last: 0, enter: 0, changed: 0, at: 0};
new MutationObserver(() => {
  const text = document.querySelectorAll('.kfk-left')[1]?.textContent;
  if (text !== window.__kfk.text) Object.assign(window.__kfk, {text, changed: performance.now(), at: window.__kfk.n});
}).observe(document, {subtree: true, childList: true, characterData: true});
window.WebSocket = class extends window.WebSocket {
  constructor(...args) {
    super(...args);
    this.addEventListener('message', () => { window.__kfk.n += 1; window.__kfk.last = performance.now(); });
  }
};
document.addEventListener('keydown', e => {
  if (e.key === 'Enter') Object.assign(window.__kfk, {n: 0, enter: performance.now()});
}, true);
"""
SETTLED = ("() => document.querySelector('[data-testid=\"stApp\"]')?.getAttribute('data-test-script-state') "
           "=== 'notRunning' && !document.querySelector('[data-testid=\"stStatusWidget\"]')")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(port: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "serve.py", "--server.port", str(port), "--server.address",
         "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                return process
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise SystemExit("streamlit did not start within 90 s")


def measure(repeats: int) -> tuple[list[float], list[int], list[float], list[int]]:
    """Per change: the time to the new headline (ms), the messages sent, when the last arrived (ms), and how
    many had arrived when the headline changed."""
    t = translator("en")
    port = _free_port()
    server = _serve(port)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport={"width": 1366, "height": 768})
            page.add_init_script(MESSAGES)
            query = share.to_query_string(load_scenario(ROOT / "scenarios" / "single-man-2014-commuter.yaml"))
            page.goto(f"http://127.0.0.1:{port}/?{query}")
            page.wait_for_selector(".kfk-amount", timeout=90_000)
            page.locator("summary").filter(has_text=t("options.heading")).first.click()
            hours = page.get_by_role("spinbutton", name=t("option.hours"), exact=True)
            hours.wait_for(timeout=30_000)
            headline = page.locator(".kfk-left").nth(1)
            times, messages, last, seen = [], [], [], []
            for n in range(WARM_UP + repeats):
                before = headline.inner_text()
                hours.fill("40" if n % 2 == 0 else "45")
                start = time.perf_counter()
                hours.press("Enter")
                page.wait_for_function("before => document.querySelectorAll('.kfk-left')[1]"
                                       ".textContent !== before", arg=before, polling="raf", timeout=30_000)
                elapsed = (time.perf_counter() - start) * 1e3
                page.wait_for_function(SETTLED)
                time.sleep(0.3)   # the last status messages
                counted = page.evaluate("() => window.__kfk")
                if n >= WARM_UP:
                    times.append(elapsed)
                    messages.append(counted["n"])
                    last.append(counted["last"] - counted["enter"])
                    seen.append(counted["at"])
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=15)
    return times, messages, last, seen


if __name__ == "__main__":
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    load_before = os.getloadavg()
    times, messages, last, seen = measure(repeats)
    p90 = statistics.quantiles(times, n=10)[-1] if len(times) > 1 else times[0]
    print("input → updated answer, ms:", " ".join(f"{x:.0f}" for x in times))
    print(f"median {statistics.median(times):.0f} ms, p90 {p90:.0f}, min {min(times):.0f}, max {max(times):.0f} "
          f"(n = {len(times)}); load average {load_before[0]:.1f} before, {os.getloadavg()[0]:.1f} after")
    print(f"messages per change: median {statistics.median(messages):.0f}; the page got to the last of them "
          f"{statistics.median(last):.0f} ms after the key (median); the headline changed after message "
          f"{statistics.median(seen):.0f} of them (median)")

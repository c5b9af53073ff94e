"""Many residents at once, through the proxy: N concurrent sessions, each a different share link, on two app
replicas behind nginx (deploy/local_stack.py runs deploy/nginx.conf on loopback). Loopback only; stops by
itself. Two ways to be a resident:

- `protocol` (the default): what a browser sends, without the browser. Each session GETs the link's page
  through the proxy (the route and XSRF cookies come with it), opens the page's WebSocket through the proxy
  and asks for the run of the link's query, as Streamlit's frontend does (a BackMsg `rerun_script`), then
  reads the server's messages. This measures the proxy and the replicas, not 50 copies of the frontend
  competing for two cores.
- `browser`: each session is a fresh context (its own cookies) of one headless Debian Chromium.

Time to the first answer: from the first request to the moment every option's big number at the top (the
answer cards, ui/page/answer.py) holds the amount the core computes for that link. An error is a wrong or missing
number, an exception element, a run that does not finish, a failed request or a timeout. The replicas'
resident memory is sampled every 0.2 s; the peak and the end are reported.

Run: `.venv/bin/python benchmarks/load.py [sessions] [protocol|browser]` (default 50 protocol; 2 replicas).
The browser test (tests/e2e/test_serve_proxy.py) runs `run_sessions` with 10 sessions.
"""
from __future__ import annotations

import asyncio
import html
import os
import re
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "deploy")]

from local_stack import Stack, rss_mb  # noqa: E402

from simulator import load_scenario, simulate  # noqa: E402
from simulator.i18n import translator  # noqa: E402
from ui import share  # noqa: E402

SEED = ROOT / "scenarios" / "single-man-2014-commuter.yaml"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]
TIMEOUT_MS = 180_000


@dataclass
class Outcome:
    seconds: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    peak_rss_mb: list[float] = field(default_factory=list)
    end_rss_mb: list[float] = field(default_factory=list)
    wall: float = 0.0

    def percentile(self, p: float) -> float:
        ordered = sorted(self.seconds)
        return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]

    def summary(self) -> str:
        if not self.seconds:
            return f"0 answers, {len(self.errors)} errors: {self.errors[:3]}"
        return (f"{len(self.seconds)} sessions answered, {len(self.errors)} errors; time to first answer "
                f"p50 {statistics.median(self.seconds):.2f} s, p95 {self.percentile(95):.2f} s, "
                f"max {max(self.seconds):.2f} s; wall {self.wall:.1f} s; replicas' memory peak "
                f"{', '.join(f'{m:.0f}' for m in self.peak_rss_mb)} MB, after "
                f"{', '.join(f'{m:.0f}' for m in self.end_rss_mb)} MB")


def links(n: int) -> list[tuple[str, list[str]]]:
    """N different share links and the amounts each must show: the seed's job with a commuter card of 1,000,
    1,010, 1,020, ... kr a month (the wage itself is offset krone for krone, so each card shows in the answer)."""
    seed = load_scenario(SEED)
    t = translator("en")
    out = []
    for i in range(n):
        option = seed.options[0]
        work = [option.work[0].model_copy(update={"transport_per_month": 1000 + 10 * i})]
        scenario = seed.model_copy(update={"options": [option.model_copy(update={"work": work})]})
        expected = [t.kr(o.disposable_income) for o in simulate(scenario, reform={}).options]
        out.append((share.to_query_string(scenario), expected))
    return out


async def _sessions(bases: list[str], cases: list[tuple[str, list[str]]], outcome: Outcome) -> None:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

        async def one(i: int, query: str, expected: list[str]) -> None:
            context = await browser.new_context(viewport={"width": 1200, "height": 900})
            try:
                page = await context.new_page()
                started = time.perf_counter()
                await page.goto(f"{bases[i % len(bases)]}?{query}", wait_until="commit", timeout=TIMEOUT_MS)
                numbers = page.locator(".kfk-left")
                await page.wait_for_function(   # polled, not per animation frame (throttled in the background)
                    "expected => { const n = [...document.querySelectorAll('.kfk-left')].map(e => e.textContent);"
                    " return n.length === expected.length && n.every((x, i) => x === expected[i]); }",
                    arg=expected, timeout=TIMEOUT_MS, polling=250)
                outcome.seconds.append(time.perf_counter() - started)
                if await page.locator('[data-testid="stException"]').count():
                    outcome.errors.append(f"session {i}: an exception on the page")
                shown = await numbers.all_text_contents()
                if shown != expected:
                    outcome.errors.append(f"session {i}: shows {shown}, the core says {expected}")
            except Exception as exc:  # every failure is counted, none stops the others
                outcome.errors.append(f"session {i}: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}")
            finally:
                await context.close()

        try:
            await asyncio.gather(*(one(i, q, e) for i, (q, e) in enumerate(cases)))
        finally:
            await browser.close()


async def _protocol_sessions(bases: list[str], cases: list[tuple[str, list[str]]], outcome: Outcome) -> None:
    import urllib.request
    from http.cookies import SimpleCookie
    from urllib.parse import urlsplit

    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    def get_page(base: str, query: str) -> dict[str, str]:
        """The page, then the health check (which sets the XSRF cookie), as the frontend asks before its
        WebSocket; the cookies they set (nginx's route cookie, Streamlit's XSRF token)."""
        cookies: dict[str, str] = {}
        for url, must_hold in ((f"{base}?{query}", b"<html"), (f"{base}_stcore/health", b"ok")):
            request = urllib.request.Request(url, headers={"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())})
            with urllib.request.urlopen(request, timeout=TIMEOUT_MS / 1000) as response:
                if response.status != 200 or must_hold not in response.read(4096).lower():
                    raise RuntimeError(f"{url.split('?')[0]} answered {response.status}")
                jar = SimpleCookie()
                for header in response.headers.get_all("Set-Cookie") or []:
                    jar.load(header)
                cookies |= {name: morsel.value for name, morsel in jar.items()}
        return cookies

    async def one(i: int, query: str, expected: list[str]) -> None:
        base = bases[i % len(bases)]
        try:
            started = time.perf_counter()
            cookies = await asyncio.to_thread(get_page, base, query)
            parts = urlsplit(base)
            stream = f"ws://{parts.netloc}{parts.path}_stcore/stream"
            headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
                       "Origin": f"http://{parts.netloc}"}
            async with websockets.connect(stream, additional_headers=headers, max_size=None,
                                          subprotocols=["streamlit", cookies["_streamlit_xsrf"]]) as ws:
                hello = BackMsg()
                hello.rerun_script.query_string = query
                hello.rerun_script.context_info.url = f"{base}?{query}"
                await ws.send(hello.SerializeToString())
                answered = False
                async with asyncio.timeout(TIMEOUT_MS / 1000):
                    async for data in ws:
                        msg = ForwardMsg.FromString(data)
                        kind = msg.WhichOneof("type")
                        if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                            element = msg.delta.new_element
                            if element.WhichOneof("type") == "exception":
                                outcome.errors.append(f"session {i}: {element.exception.message[:200]}")
                            body = element.html.body if element.WhichOneof("type") == "html" else ""
                            if not answered and "kfk-left" in body:
                                # the card's amount as text: its markup (<bdi> around the number) dropped
                                shown = [html.unescape(re.sub(r"<[^>]+>", "", x))
                                         for x in re.findall(r'<span class="kfk-left">(.*?)</span>', body)]
                                if shown != expected:
                                    outcome.errors.append(f"session {i}: shows {shown}, the core says {expected}")
                                outcome.seconds.append(time.perf_counter() - started)
                                answered = True
                        elif kind == "script_finished":
                            if msg.script_finished != ForwardMsg.FINISHED_SUCCESSFULLY:
                                outcome.errors.append(f"session {i}: the run ended with {msg.script_finished}")
                            elif not answered:
                                outcome.errors.append(f"session {i}: the run finished without an answer")
                            break
        except Exception as exc:  # every failure is counted, none stops the others
            text = str(exc).splitlines()[0][:200] if str(exc) else ""
            outcome.errors.append(f"session {i}: {type(exc).__name__}: {text}")

    await asyncio.gather(*(one(i, q, e) for i, (q, e) in enumerate(cases)))


def warm_up(stack: Stack) -> Outcome:
    """One session on each replica directly (not through the proxy), so the measured sessions do not pay for
    a replica's first run: importing numpy, pandas and altair and reading the rules."""
    cases = links(stack.replicas)
    outcome = Outcome()
    bases = [f"http://127.0.0.1:{port}/krone/" for port in stack.ports]
    started = time.perf_counter()
    worker = threading.Thread(target=lambda: asyncio.run(_protocol_sessions(bases, cases, outcome)))
    worker.start()
    worker.join()
    outcome.wall = time.perf_counter() - started
    return outcome


def run_sessions(stack: Stack, n: int, mode: str = "protocol") -> Outcome:
    """N concurrent sessions through `stack`'s proxy, each a different link; measured as the module says."""
    sessions = {"protocol": _protocol_sessions, "browser": _sessions}[mode]
    outcome = Outcome(peak_rss_mb=[0.0] * stack.replicas)
    cases = links(n)
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            for k, pid in enumerate(stack.replica_pids):
                outcome.peak_rss_mb[k] = max(outcome.peak_rss_mb[k], rss_mb(pid))
            done.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.perf_counter()
    # In a thread of its own: the caller may hold Playwright's sync API (its own event loop) on this one.
    worker = threading.Thread(target=lambda: asyncio.run(sessions([stack.url], cases, outcome)))
    worker.start()
    worker.join()
    outcome.wall = time.perf_counter() - started
    done.set()
    sampler.join()
    outcome.end_rss_mb = [rss_mb(pid) for pid in stack.replica_pids]
    return outcome


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    mode = sys.argv[2] if len(sys.argv) > 2 else "protocol"
    with Stack(2) as stack:
        idle = [rss_mb(pid) for pid in stack.replica_pids]
        print(f"2 replicas behind nginx at {stack.url}; idle memory {', '.join(f'{m:.0f}' for m in idle)} MB")
        print(f"warm-up, one session per replica directly: {warm_up(stack).summary()}")
        warm = [rss_mb(pid) for pid in stack.replica_pids]
        print(f"memory after the warm-up {', '.join(f'{m:.0f}' for m in warm)} MB")
        before = os.getloadavg()[0]
        outcome = run_sessions(stack, n, mode)
        print(f"{n} {mode} sessions through the proxy: {outcome.summary()}")
        print(f"load average (1 min) before {before:.1f}, after {os.getloadavg()[0]:.1f}, on {os.cpu_count()} cores")
        for error in outcome.errors[:10]:
            print("  ", error)
        log = stack.access_log.read_text()
        ports = {p: log.count(f"upstream=127.0.0.1:{p}") for p in stack.ports}
        print(f"access log: {len(log.splitlines())} lines, requests per replica {list(ports.values())}, "
              f"lines with a query string: {sum('?' in line for line in log.splitlines())}")
    return 1 if outcome.errors else 0


if __name__ == "__main__":
    sys.exit(main())

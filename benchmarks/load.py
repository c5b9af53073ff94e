"""Many residents at once, through the proxy: N concurrent sessions, each a different share link, on two app
replicas behind nginx (deploy/local_stack.py runs deploy/nginx.conf on loopback).

Each session is a fresh context (its own cookies, so nginx spreads them over the replicas) of one headless
Debian Chromium, all opened at once. Its time to the first answer is from the start of the navigation to the
moment every option's big number at the top shows the amount the core computes for that link; an error is a
wrong or missing number, a page exception or a timeout. The replicas' resident memory is sampled every
0.2 s; the peak and the end are reported. Loopback only; stops by itself.

Run: `.venv/bin/python benchmarks/load.py [sessions]` (default 50; 2 replicas). The browser test
(tests/e2e/test_serve_proxy.py) runs `run_sessions` with 10.
"""
from __future__ import annotations

import asyncio
import os
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
    """N different share links (the seed's job at 5, 5.5, 6, ... hours a week) and the amounts each must show."""
    seed = load_scenario(SEED)
    t = translator("en")
    out = []
    for i in range(n):
        option = seed.options[0]
        work = [option.work[0].model_copy(update={"hours_per_week": 5 + i * 0.5})]
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
                await page.wait_for_function(
                    "expected => { const n = [...document.querySelectorAll('.kfk-left')].map(e => e.textContent);"
                    " return n.length === expected.length && n.every((x, i) => x === expected[i]); }",
                    arg=expected, timeout=TIMEOUT_MS)
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


def warm_up(stack: Stack) -> Outcome:
    """One session on each replica directly (not through the proxy), so the measured sessions do not pay for
    a replica's first run: importing numpy, pandas and altair and reading the rules."""
    cases = links(stack.replicas)
    outcome = Outcome()
    bases = [f"http://127.0.0.1:{port}/krone/" for port in stack.ports]
    worker = threading.Thread(target=lambda: asyncio.run(_sessions(bases, cases, outcome)))
    worker.start()
    worker.join()
    return outcome


def run_sessions(stack: Stack, n: int) -> Outcome:
    """N concurrent sessions through `stack`'s proxy, each a different link; measured as the module says."""
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
    worker = threading.Thread(target=lambda: asyncio.run(_sessions([stack.url], cases, outcome)))
    worker.start()
    worker.join()
    outcome.wall = time.perf_counter() - started
    done.set()
    sampler.join()
    outcome.end_rss_mb = [rss_mb(pid) for pid in stack.replica_pids]
    return outcome


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    with Stack(2) as stack:
        idle = [rss_mb(pid) for pid in stack.replica_pids]
        print(f"2 replicas behind nginx at {stack.url}; idle memory {', '.join(f'{m:.0f}' for m in idle)} MB")
        print(f"warm-up, one session per replica directly: {warm_up(stack).summary()}")
        before = os.getloadavg()[0]
        outcome = run_sessions(stack, n)
        print(outcome.summary())
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

"""The server's surface (issue 22): the app as served (`streamlit run serve.py`, what `make run` starts)
forbids framing by other sites on every response and does not publish its metrics; a client's
`clear_cache` message empties its own session only, never the caches every user shares."""
from __future__ import annotations

import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest
import streamlit as st
from streamlit.runtime.app_session import AppSession

from ui.host.server_guard import harmless_clear_cache

ROOT = Path(__file__).resolve().parent.parent


def test_a_clients_clear_cache_leaves_the_shared_caches_alone():
    calls = []

    @st.cache_data
    def cached(x: int) -> int:
        calls.append(x)
        return x

    cached(1)
    harmless_clear_cache()
    session = SimpleNamespace(_session_state=SimpleNamespace(clear=lambda: calls.append("session cleared")))
    AppSession._handle_clear_cache_request(session)
    cached(1)
    assert calls == [1, "session cleared"]   # the cached value survived; only the session was cleared


@pytest.fixture(scope="module")
def served() -> str:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "serve.py", "--server.port", str(port), "--server.address",
         "127.0.0.1", "--server.headless", "true", "--server.fileWatcherType", "none"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                    break
            except OSError:
                time.sleep(0.3)
        else:
            pytest.fail("streamlit run serve.py did not answer within 90 s")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.mark.parametrize("path", ["/", "/_stcore/health", "/?a=2&k=0", "/_stcore/host-config"])
def test_every_response_forbids_framing_by_other_sites(served, path):
    with urllib.request.urlopen(served + path, timeout=10) as response:
        assert response.status == 200
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Content-Security-Policy"] == "frame-ancestors 'none'"


def test_the_metrics_are_not_public(served):
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(served + "/_stcore/metrics", timeout=10)
    assert refused.value.code == 404
    assert refused.value.headers["X-Frame-Options"] == "DENY"

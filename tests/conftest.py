"""Test selection for the edit loop: `make test-fast` skips the browser tests and the slow fuzzers.

And the split over processes for `make test` (pytest-xdist, `-n 2`): a test file that declares a
module-scoped fixture (rendered PDFs, a caseload run, a server of its own, a pseudo-language switched on) runs
whole on one worker, so that fixture is built once and its tests see it in order; every other test, the browser
tests included, goes by itself to whichever worker is free. Each worker starts its own Streamlit server and
Chromium on free ports (tests/e2e/conftest.py: session fixtures)."""
from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest

# Whole files of generated hostile input: minutes of the suite, rarely what an edit breaks.
SLOW_FILES = ("test_fuzz_inputs.py", "test_caseload_fuzz.py")
MODULE_FIXTURE = re.compile(r"""scope\s*=\s*["']module["']""")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.path.name in SLOW_FILES:
            item.add_marker(pytest.mark.slow)


@functools.cache
def _one_unit(path: Path) -> bool:
    """Whether the test file declares a module-scoped fixture (read from its text: the scheduler runs in
    the controlling process, which collects no test)."""
    try:
        return bool(MODULE_FIXTURE.search(path.read_text(encoding="utf-8")))
    except OSError:
        return False


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """With `-n N` and the default `--dist load`: every test its own unit of work, except a file with a
    module-scoped fixture, which is one unit. (xdist's `loadgroup` would say the same with marks, but it
    loses its groups under pytest 9.2: pytest-dev/pytest-xdist#1386.)"""
    if config.getvalue("dist") != "load":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class ByModuleFixture(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            return module if _one_unit(config.rootpath / module) else nodeid

        def _reschedule(self, node) -> None:
            # A worker that replaces a crashed one gets work once it has collected (xdist's loadscope
            # would look up its collection before that, and stop the run with a KeyError).
            if node in self.registered_collections:
                super()._reschedule(node)

    return ByModuleFixture(config, log)

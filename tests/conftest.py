"""Test selection for the edit loop: `make test-fast` skips the browser tests and the slow fuzzers."""
from __future__ import annotations

import pytest

# Whole files of generated hostile input: minutes of the suite, rarely what an edit breaks.
SLOW_FILES = ("test_fuzz_inputs.py", "test_caseload_fuzz.py")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.path.name in SLOW_FILES:
            item.add_marker(pytest.mark.slow)

"""The allocator setting the engine's speed on large arrays rests on (simulator/memory.py)."""
from __future__ import annotations

import platform
import sys

import pytest

from simulator.memory import keep_freed_memory


@pytest.mark.skipif(not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc",
                    reason="mallopt's thresholds are glibc's; elsewhere keep_freed_memory does nothing")
def test_glibc_takes_the_thresholds():
    assert keep_freed_memory() is True


def test_it_never_fails_elsewhere(monkeypatch):
    monkeypatch.setattr(sys, "platform", "darwin")
    assert keep_freed_memory() is False

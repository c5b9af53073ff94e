"""The allocator setting the engine's speed on large arrays rests on (simulator/memory.py), and that it is
never made behind a host program's back: importing the package leaves the process's allocator alone,
and stays light."""
from __future__ import annotations

import platform
import subprocess
import sys

import pytest

from simulator.memory import keep_freed_memory

GLIBC = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"

# Thirty 4 MiB arrays allocated, written and freed by a host program; prints the MiB it keeps afterwards.
HOST = """
import sys
import numpy as np
{setup}
def rss_mib():
    return next(int(x.split()[1]) for x in open("/proc/self/status") if x.startswith("VmRSS")) / 1024
before = rss_mib()
arrays = [np.ones(4 * 2**20 // 8) for _ in range(30)]
del arrays
print(rss_mib() - before)
"""


def kept_mib(setup: str) -> float:
    out = subprocess.run([sys.executable, "-c", HOST.format(setup=setup)], capture_output=True, text=True,
                         check=True, timeout=120)
    return float(out.stdout)


@pytest.mark.skipif(not GLIBC, reason="mallopt's thresholds are glibc's; elsewhere keep_freed_memory does nothing")
def test_importing_the_package_leaves_a_hosts_freed_memory_alone():
    alone = kept_mib("")
    imported = kept_mib("import simulator, simulator.caseload, simulator.cli")
    assert imported < alone + 16, (alone, imported)
    # the check can see the setting: with it the host keeps most of its 120 MiB
    kept = kept_mib("from simulator.memory import keep_freed_memory; keep_freed_memory()")
    assert kept > alone + 64, (alone, kept)


@pytest.mark.skipif(not GLIBC, reason="mallopt's thresholds are glibc's; elsewhere keep_freed_memory does nothing")
def test_glibc_takes_the_thresholds():
    assert keep_freed_memory() is True


def test_it_never_fails_elsewhere(monkeypatch):
    monkeypatch.setattr(sys, "platform", "darwin")
    assert keep_freed_memory() is False


def test_importing_the_package_does_not_import_pydantic_or_pandas():
    """`import simulator` stays light (issue 20: under 0.5 s): pydantic's models come with the first parse."""
    code = "import sys, simulator; print(sorted(m for m in ('pydantic', 'pandas', 'pyarrow') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.strip() == "[]"

"""Keep freed array memory in the process for the next array (glibc's allocator), instead of handing it
back to the system after every temporary.

The engine makes many short-lived arrays: on a caseload each is some hundreds of kilobytes to a few
megabytes. glibc serves such sizes from fresh memory maps (or trims them off the heap when freed), so every
new temporary costs the kernel a page fault per 4 KiB page: measured on 100,000 households, that was two
thirds of the engine's time (21 ms a pass, 6 ms with the settings below). Raising the map threshold to
32 MiB (glibc's own upper bound for it) and the trim threshold to 128 MiB lets a freed block be reused
at once. The process then keeps up to 128 MiB of freed memory for reuse rather than returning it.

It changes the whole process, so it is never done on import: the programs that are ours call it (the
`caseload` command, the page, the benchmarks). A host program that imports the package keeps its allocator
as it was (tests/test_memory.py).

On other C libraries (macOS, musl) this does nothing.
"""
from __future__ import annotations

import ctypes
import sys

M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3     # mallopt's parameter numbers (malloc.h)
MMAP_THRESHOLD = 32 * 2**20
TRIM_THRESHOLD = 128 * 2**20


def keep_freed_memory() -> bool:
    """Tell glibc to reuse freed blocks up to MMAP_THRESHOLD in size; True when it took the settings."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL("libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes, mallopt.restype = (ctypes.c_int, ctypes.c_int), ctypes.c_int
    return bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD))

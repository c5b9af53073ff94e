"""The command line run in this process, as a test sees a real one: exit status, stdout and stderr.

Starting Python and importing the simulator for every CLI test was most of their time; here `cli.main` runs
in the test's own process with stdout and stderr captured. A handful of tests still run the real
`python -m simulator` (`in_a_process`), where the process itself is the point.
"""
from __future__ import annotations

import contextlib
import io
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def in_process(*args) -> subprocess.CompletedProcess:
    """`python -m simulator ARGS` as `cli.main(ARGS)` in this process (cwd: the checkout)."""
    from simulator.cli import main

    argv = [str(a) for a in args]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), contextlib.chdir(ROOT):
        try:
            code = main(argv)
        except SystemExit as exc:   # argparse's refusals
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    # as a pipe read in text mode (`subprocess.run(..., text=True)`): universal newlines
    text = [stream.getvalue().replace("\r\n", "\n").replace("\r", "\n") for stream in (out, err)]
    return subprocess.CompletedProcess(["simulator", *argv], code, *text)


def in_a_process(*args, timeout: float = 120) -> subprocess.CompletedProcess:
    """The real command: a new Python process running `python -m simulator ARGS`."""
    return subprocess.run([sys.executable, "-m", "simulator", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout)

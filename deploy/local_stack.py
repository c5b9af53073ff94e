"""The reference deployment on loopback: app replicas (`python -m ui.host.serve`) behind nginx run with
deploy/nginx.conf itself, as an ordinary process — no root, no system paths, everything in a temp dir.

The browser test (tests/e2e/test_serve_proxy.py) and the load test (benchmarks/load.py) run on it; so can a
person who wants to try the proxy before hosting it:

    .venv/bin/python deploy/local_stack.py [--replicas 2]     # prints the address, Ctrl-C stops it all

What is changed in deploy/nginx.conf to run here, and only this (each change must apply exactly once, so a
change to the file that would leave a step undone fails loudly): the upstream's `server` lines (loopback
ports), `listen 443 ssl http2` → a loopback port without TLS (with its certificate lines and the cookie's
Secure attribute, which plain http cannot carry), the log paths (the temp dir), and the port-80 redirect
server (dropped).
"""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "deploy" / "nginx.conf"
BASE_PATH = "/krone"
START_TIMEOUT = 120  # seconds: a cold start imports numpy, pandas, altair and the rules, twice at once


def nginx_binary() -> str | None:
    """Debian's nginx (nginx-light), on PATH or at /usr/sbin/nginx; None when it is not installed."""
    found = shutil.which("nginx")
    if found:
        return found
    return "/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _once(pattern: str, replacement: str, text: str, flags: int = 0) -> str:
    new, n = re.subn(pattern, replacement, text, flags=flags)
    if n != 1:
        raise ValueError(f"deploy/nginx.conf: expected {pattern!r} once, found it {n} times")
    return new


def site_config(template: str, upstream_ports: list[int], listen_port: int, log_dir: Path) -> str:
    """deploy/nginx.conf made to run on loopback (see the module's docstring for every change)."""
    servers = "".join(f"    server 127.0.0.1:{p};\n" for p in upstream_ports)
    text = _once(r"(?m)^(    server 127\.0\.0\.1:\d+;\n)+", servers, template)
    text = _once(r"listen 443 ssl http2;", f"listen 127.0.0.1:{listen_port};", text)
    text = _once(r"(?m)^    ssl_certificate .*\n    ssl_certificate_key .*\n", "", text)
    text = _once(r"Secure; ", "", text)
    text = _once(r"(?s)\n# Plain http only redirects.*\Z", "\n", text)
    text = _once(r"access_log /var/log/nginx/krone\.access\.log", f"access_log {log_dir}/access.log", text)
    return _once(r"error_log /var/log/nginx/krone\.error\.log", f"error_log {log_dir}/error.log", text)


def main_config(site: str, prefix: Path) -> str:
    """The nginx.conf around the site: pid, logs and temp files in `prefix`, in the foreground."""
    temp = "".join(f"    {name}_temp_path {prefix}/{name};\n"
                   for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    # Started as root, nginx would run its workers as `nobody`, who cannot enter a private temp dir.
    user = "user root;\n" if os.geteuid() == 0 else ""
    return (f"{user}worker_processes 1;\npid {prefix}/nginx.pid;\nerror_log {prefix}/main-error.log crit;\n"
            f"events {{ worker_connections 4096; }}\nhttp {{\n    default_type application/octet-stream;\n"
            f"{temp}{site}}}\n")


def _wait(url: str, processes: list[subprocess.Popen], logs: list[Path], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        for p, log in zip(processes, logs):
            if p.poll() is not None:
                raise RuntimeError(f"{p.args[0]} exited with {p.returncode}:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{url} did not answer within {timeout:.0f} s")
        time.sleep(0.3)


class Stack:
    """`replicas` app processes behind nginx on loopback; `url` is the proxy's address of the page
    ('http://127.0.0.1:PORT/krone/'). Use as a context manager: everything started is stopped on exit."""

    def __init__(self, replicas: int = 2, workdir: Path | None = None, env: dict[str, str] | None = None):
        self.replicas, self.extra_env = replicas, env or {}
        self.own_dir = workdir is None   # a temp dir of its own is removed on exit; a given one is kept
        self.dir = Path(workdir or tempfile.mkdtemp(prefix="krone-stack-"))
        self.processes: list[subprocess.Popen] = []
        self.logs: list[Path] = []
        self.ports: list[int] = []
        self.proxy_port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.proxy_port}{BASE_PATH}/"

    @property
    def access_log(self) -> Path:
        return self.dir / "access.log"

    @property
    def error_log(self) -> Path:
        return self.dir / "error.log"

    @property
    def replica_pids(self) -> list[int]:
        return [p.pid for p in self.processes[:self.replicas]]

    def _spawn(self, args: list[str], name: str, env: dict[str, str] | None = None, cwd: Path = ROOT) -> None:
        log = self.dir / f"{name}.log"
        self.logs.append(log)
        with open(log, "wb") as out:
            self.processes.append(subprocess.Popen(args, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT))

    def __enter__(self) -> Stack:
        nginx = nginx_binary()
        if nginx is None:
            raise FileNotFoundError("nginx is not installed (Debian: apt-get install nginx-light)")
        try:
            self.ports = [free_port() for _ in range(self.replicas)]
            for i, port in enumerate(self.ports):
                env = {k: v for k, v in os.environ.items() if not k.startswith("KRONE_")}
                env |= {"KRONE_PORT": str(port), "KRONE_ADDRESS": "127.0.0.1", "KRONE_BASE_PATH": BASE_PATH}
                self._spawn([sys.executable, "-m", "ui.host.serve"], f"replica{i}", env | self.extra_env)
            for port in self.ports:
                _wait(f"http://127.0.0.1:{port}{BASE_PATH}/_stcore/health", self.processes, self.logs, START_TIMEOUT)
            self.proxy_port = free_port()
            site = site_config(TEMPLATE.read_text(), self.ports, self.proxy_port, self.dir)
            (self.dir / "nginx.conf").write_text(main_config(site, self.dir))
            self._spawn([nginx, "-p", str(self.dir), "-c", str(self.dir / "nginx.conf"), "-g", "daemon off;"],
                        "nginx")
            _wait(f"{self.url}_stcore/health", self.processes, self.logs, 30)
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        for p in reversed(self.processes):
            if p.poll() is None:
                p.terminate()
        for p in self.processes:
            try:
                p.wait(timeout=15)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait(timeout=15)

    def __exit__(self, *exc) -> None:
        self.stop()
        if self.own_dir:
            shutil.rmtree(self.dir, ignore_errors=True)


def rss_mb(pid: int) -> float:
    """A process's resident memory in MB (VmRSS), read from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replicas", type=int, default=2)
    n = parser.parse_args().replicas
    with Stack(n) as stack:
        print(f"{n} replicas behind nginx: {stack.url} (logs in {stack.dir}); Ctrl-C stops")
        try:
            while all(p.poll() is None for p in stack.processes):
                time.sleep(1)
        except KeyboardInterrupt:
            pass

"""`make serve` (and the container's start): the page for real, configured by environment variables.

    KRONE_PORT        the port to listen on (default 8501)
    KRONE_ADDRESS     the address to listen on (default 127.0.0.1: behind a proxy on the same machine;
                      0.0.0.0 to be reached from other machines, as in the container)
    KRONE_BASE_PATH   the sub-path the page is served at, as the proxy forwards it (e.g. /krone; default: the root)
    KRONE_PUBLIC_URL  the public address for links and QR codes (e.g. https://example.org/krone/), where it
                      cannot be read from the request (ui/host/public_url.py)

The production settings are in .streamlit/config.toml (no usage statistics, no file watcher, upload limit);
this start adds only what the variables give, checks every value first and refuses a bad one in one line.

    python -m ui.host.serve           start the page (from the directory holding app.py and .streamlit/)
    python -m ui.host.serve health    exit 0 when the running page answers its health check, 1 otherwise
    python -m ui.host.serve check     print the settings read from the environment, or the problem
"""
from __future__ import annotations

import os
import sys
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ui.host.public_url import ENV_PUBLIC_URL, base_path, configured, host

HEALTH_PATH = "/_stcore/health"   # Streamlit's own: "ok" once the server takes sessions, under the base path


class SettingError(ValueError):
    """A setting the page cannot start with; the message names the variable."""


@dataclass(frozen=True)
class Settings:
    port: int = 8501
    address: str = "127.0.0.1"
    base_path: str = ""            # '' or '/krone'
    public_url: str | None = None  # canonical 'https://example.org/krone/'

    def streamlit_args(self, app: str = "serve.py") -> list[str]:
        """`streamlit run` with these settings; the rest comes from .streamlit/config.toml."""
        return ["-m", "streamlit", "run", app, "--server.port", str(self.port), "--server.address", self.address,
                "--server.baseUrlPath", self.base_path.strip("/"),
                # also here, so no copy of config.toml can turn statistics or the file watcher back on
                "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
                "--server.headless", "true"]

    def health_url(self) -> str:
        """The health endpoint as this machine reaches it (a wildcard address is reached on loopback)."""
        local = {"0.0.0.0": "127.0.0.1", "::": "[::1]", "": "127.0.0.1"}.get(self.address, self.address)
        if ":" in local and not local.startswith("["):
            local = f"[{local}]"
        return f"http://{local}:{self.port}{self.base_path}{HEALTH_PATH}"


def settings(environ: Mapping[str, str] = os.environ) -> Settings:
    """The settings from KRONE_* variables; SettingError naming the variable and the problem."""
    port_text = environ.get("KRONE_PORT", "").strip() or "8501"
    if not port_text.isascii() or not port_text.isdigit() or not 1 <= int(port_text) <= 65535:
        raise SettingError(f"KRONE_PORT: {port_text[:20]!r} is not a port number from 1 to 65535")
    address = environ.get("KRONE_ADDRESS", "").strip() or "127.0.0.1"
    if address != "::" and host(address if ":" not in address else f"[{address}]") is None:
        raise SettingError(f"KRONE_ADDRESS: {address[:60]!r} is not an IP address or host name")
    try:
        path = base_path(environ.get("KRONE_BASE_PATH", ""))
    except ValueError as exc:
        raise SettingError(f"KRONE_BASE_PATH: {exc}") from None
    try:
        public = configured(environ)
    except ValueError as exc:
        raise SettingError(str(exc)) from None
    return Settings(int(port_text), address, path, public)


def healthy(s: Settings, timeout: float = 4.0) -> bool:
    try:
        with urllib.request.urlopen(s.health_url(), timeout=timeout) as response:
            return response.status == 200 and response.read(16).strip() == b"ok"
    except OSError:
        return False


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    try:
        s = settings()
    except SettingError as exc:
        print(f"krone serve: {exc}", file=sys.stderr)
        return 2
    if args == ["health"]:
        return 0 if healthy(s) else 1
    if args == ["check"]:
        print(f"port {s.port}, address {s.address}, base path {s.base_path or '/'}, "
              f"{ENV_PUBLIC_URL} {s.public_url or '(not set: read from the request)'}; health at {s.health_url()}")
        return 0
    if args:
        print("usage: python -m ui.host.serve [health|check]", file=sys.stderr)
        return 2
    if not (Path.cwd() / "app.py").is_file():
        print(f"krone serve: no app.py in {Path.cwd()}: start from the directory that holds app.py", file=sys.stderr)
        return 2
    os.execv(sys.executable, [sys.executable, *s.streamlit_args()])
    return 0  # not reached: the page replaces this process


if __name__ == "__main__":
    sys.exit(main())

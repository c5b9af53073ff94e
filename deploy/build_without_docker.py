"""Run the Dockerfile's steps as a script, for a machine with no container engine: the image's file system is
a temp dir, its steps run in order, then its CMD is started and its HEALTHCHECK asked until it passes.

    python3 deploy/build_without_docker.py [--keep] [--dry-run]

What cannot run outside a container is said, not faked: FROM is this machine's Python (its version is
compared with the image's tag), `useradd` and USER need a container's own /etc/passwd and are skipped (the
page then runs as the caller), and absolute paths of the image (/app, /opt/...) are moved into the temp dir.
At the end: the size of the app and its venv (the image adds the python:*-slim base to it), the time to
healthy, and the page's memory.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCKERFILE = ROOT / "Dockerfile"


def instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) in order, continuation lines joined and comments dropped."""
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    joined = re.sub(r"\\\n", " ", "\n".join(lines))
    return [(word.upper(), rest.strip()) for word, _, rest in
            (line.strip().partition(" ") for line in joined.splitlines() if line.strip())]


def env_pairs(arguments: str) -> list[tuple[str, str]]:
    return [tuple(item.split("=", 1)) for item in shlex.split(arguments)]


def exec_form(arguments: str) -> list[str]:
    return json.loads(arguments) if arguments.startswith("[") else ["/bin/sh", "-c", arguments]


def du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", action="store_true", help="keep the temp dir")
    parser.add_argument("--dry-run", action="store_true", help="print the steps as they would run")
    args = parser.parse_args()

    image = Path(tempfile.mkdtemp(prefix="krone-image-"))
    # Absolute paths of the image live in the temp dir: /app → <temp>/app, /opt/krone → <temp>/opt/krone.
    mapped = re.compile(r"(?<![\w./-])/(app|opt)(?=[/\s:\"']|$)")

    def inside(text: str) -> str:
        return mapped.sub(lambda m: f"{image}/{m[1]}", text)

    # The caller's environment (its package index and proxy settings are the build machine's), then ENV's.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KRONE_", "VIRTUAL_ENV", "PYTHON"))}
    workdir = image
    cmd: list[str] = []
    health: list[str] = []
    steps = instructions(DOCKERFILE.read_text())

    def say(word: str, text: str) -> None:
        print(f"--> {word} {text}", flush=True)

    started = time.monotonic()
    for word, rest in steps:
        if word == "FROM":
            tag = re.search(r"python:(\d+\.\d+)", rest)
            here = f"{sys.version_info.major}.{sys.version_info.minor}"
            note = "" if tag and tag[1] == here else f" (the image has Python {tag[1] if tag else '?'})"
            say(word, f"{rest}: this machine's Python {here}{note}")
        elif word == "ENV":
            for key, value in env_pairs(rest):
                env[key] = inside(re.sub(r"\$(\w+)|\$\{(\w+)\}", lambda m: env.get(m[1] or m[2], ""), value))
            say(word, " ".join(f"{k}={env[k]}" for k, _ in env_pairs(rest)))
        elif word == "WORKDIR":
            workdir = Path(inside(rest))
            workdir.mkdir(parents=True, exist_ok=True)
            say(word, str(workdir))
        elif word == "COPY":
            *sources, target = shlex.split(rest)
            dest = Path(inside(target)) if target.startswith("/") else workdir / target
            say(word, f"{' '.join(sources)} → {dest}")
            for source in sources:
                src = ROOT / source
                if args.dry_run:
                    continue
                if src.is_dir():
                    shutil.copytree(src, dest, dirs_exist_ok=True,
                                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
                else:
                    dest.mkdir(parents=True, exist_ok=True) if target.endswith("/") else None
                    shutil.copy2(src, dest / src.name if target.endswith("/") else dest)
        elif word == "RUN":
            if rest.startswith("useradd"):
                say(word, f"{rest}  [skipped: a container's own user; outside one the page runs as the caller]")
                continue
            command = inside(rest)
            say(word, command)
            if not args.dry_run:
                subprocess.run(["/bin/sh", "-c", command], cwd=workdir, env=env, check=True)
        elif word == "USER":
            say(word, f"{rest}  [skipped: needs the container's /etc/passwd]")
        elif word == "CMD":
            cmd = exec_form(rest)
        elif word == "HEALTHCHECK":
            health = exec_form(rest.split(" CMD ", 1)[1].strip())
            say(word, " ".join(health))
        else:
            say(word, f"{rest}  [nothing to do outside a container]")
    built = time.monotonic() - started
    if args.dry_run:
        print(f"CMD {' '.join(cmd)}")
        shutil.rmtree(image)
        return 0

    with socket.socket() as s:   # the image's port may be taken on a shared machine: any free one
        s.bind(("127.0.0.1", 0))
        env["KRONE_PORT"] = str(s.getsockname()[1])
    env["KRONE_ADDRESS"] = "127.0.0.1"
    log = open(image / "page.log", "wb")
    page = subprocess.Popen(cmd, cwd=workdir, env=env, stdout=log, stderr=subprocess.STDOUT)
    print(f"--> CMD {' '.join(cmd)} (pid {page.pid}, port {env['KRONE_PORT']})", flush=True)
    try:
        started = time.monotonic()
        while subprocess.run(health, cwd=workdir, env=env).returncode != 0:
            if page.poll() is not None or time.monotonic() - started > 120:
                print((image / "page.log").read_text(errors="replace"), file=sys.stderr)
                print("HEALTHCHECK never passed", file=sys.stderr)
                return 1
            time.sleep(0.5)
        healthy = time.monotonic() - started
        rss = next(int(line.split()[1]) for line in Path(f"/proc/{page.pid}/status").read_text().splitlines()
                   if line.startswith("VmRSS:")) / 1024
        app, venv = du(workdir), du(Path(env["VIRTUAL_ENV"]))
        print(f"built in {built:.0f} s; healthy {healthy:.1f} s after start; page {rss:.0f} MB resident; "
              f"/app {app / 1e6:.1f} MB + venv {venv / 1e6:.0f} MB = {(app + venv) / 1e6:.0f} MB on top of the "
              f"base image")
    finally:
        page.terminate()
        page.wait(timeout=15)
        log.close()
        if args.keep:
            print(f"kept {image}")
        else:
            shutil.rmtree(image)
    return 0


if __name__ == "__main__":
    sys.exit(main())

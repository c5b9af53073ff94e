"""The page's public address, which share links and QR codes carry: never localhost or the internal port when
the page is served behind a proxy (`https://example.org/krone/`).

Where the address comes from, first found first used:
1. `KRONE_PUBLIC_URL`, when set: the host's own word, for a proxy that forwards no headers or a counsellor
   who opens the page at an internal address a resident's phone cannot reach.
2. The proxy's `X-Forwarded-Host`, with `X-Forwarded-Proto` and `X-Forwarded-Prefix` (deploy/nginx.conf
   sets all three).
3. The address in the browser (`st.context.url`, sent by the page's own script).
4. The request's `Host` header, with the base path Streamlit serves at (`server.baseUrlPath`).

Headers and the browser's address come from the client, so each value is read only when it is well formed
(`https`/`http`, a host name or IP address with an optional port, a path of plain segments) and otherwise
passed over for the next source: a forged `Host` can never put markup, a second address or a path of its
own into a link. A bad `KRONE_PUBLIC_URL` is the host's mistake and is refused with a message at start
(ui/host/serve.py) — and, if the page is started some other way, on the page.
"""
from __future__ import annotations

import os
import re
from collections.abc import Mapping
from urllib.parse import urlsplit

ENV_PUBLIC_URL = "KRONE_PUBLIC_URL"
MAX_URL_CHARS = 300     # a public address longer than this would crowd the link out of its QR code
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_HOST = re.compile(rf"(?:{_LABEL}(?:\.{_LABEL})*\.?|\[[0-9A-Fa-f:.]{{2,45}}\])(?::(?P<port>[0-9]{{1,5}}))?")
_SEGMENT = re.compile(r"[A-Za-z0-9._~-]+")


def host(value: str | None) -> str | None:
    """`value` as a host[:port] (a name, an IPv4 or a bracketed IPv6 address), lower case; None if it is not
    one (empty, a list, userinfo, a path, a port over 65535, more than 253 characters)."""
    if not value or len(value) > 260:
        return None
    match = _HOST.fullmatch(value.strip())
    if match is None or (match["port"] is not None and not 0 < int(match["port"]) <= 65535):
        return None
    name = value.strip().lower()
    return None if len(name.rsplit(":", 1)[0] if match["port"] else name) > 253 else name


def base_path(value: str | None) -> str:
    """A sub-path as '' (the root) or '/a/b' — from 'krone', '/krone/' or '/a/b'; ValueError if a segment
    holds anything but letters, digits and . _ ~ - (or is '.' or '..')."""
    segments = [s for s in (value or "").strip().split("/") if s]
    for s in segments:
        if not _SEGMENT.fullmatch(s) or s in (".", ".."):
            raise ValueError(f"{value[:60]!r} is not a path of plain segments such as /krone "
                             "(letters, digits and . _ ~ - between slashes)")
    return "".join(f"/{s}" for s in segments)


def parse_public_url(value: str) -> str:
    """A public address as its canonical base, 'https://example.org/krone/'; ValueError naming the problem."""
    text = value.strip()
    if len(text) > MAX_URL_CHARS:
        raise ValueError(f"is longer than {MAX_URL_CHARS} characters")
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https"):
        raise ValueError(f"{text[:60]!r} must begin with https:// (or http://)")
    if parts.query or parts.fragment or "?" in text or "#" in text:
        raise ValueError(f"{text[:60]!r} must not hold a query (?) or a fragment (#)")
    name = host(parts.netloc)
    if name is None:
        raise ValueError(f"{parts.netloc[:60]!r} is not a host name with an optional port (no user or password)")
    return f"{parts.scheme}://{name}{base_path(parts.path)}/"


def configured(environ: Mapping[str, str] = os.environ) -> str | None:
    """KRONE_PUBLIC_URL as a canonical base, None when unset or empty; ValueError when it is malformed."""
    value = environ.get(ENV_PUBLIC_URL, "").strip()
    if not value:
        return None
    try:
        return parse_public_url(value)
    except ValueError as exc:
        raise ValueError(f"{ENV_PUBLIC_URL}: {exc}") from None


def _first(headers: Mapping[str, str], name: str) -> str | None:
    """A header's first value of a comma-separated list (the proxy nearest the client comes first)."""
    value = headers.get(name) or headers.get(name.lower())
    return value.split(",")[0].strip() if value else None


def from_request(headers: Mapping[str, str], browser_url: str | None, served_at: str = "",
                 environ: Mapping[str, str] = os.environ) -> str | None:
    """The page's public base ('https://example.org/krone/') from the setting, the proxy's headers, the
    browser's address or the Host header, in that order (see the module's docstring); None if none is known.

    `headers` are the request's (st.context.headers), `browser_url` is st.context.url, `served_at` is
    Streamlit's server.baseUrlPath. A malformed KRONE_PUBLIC_URL raises ValueError."""
    setting = configured(environ)
    if setting is not None:
        return setting
    served = base_path(served_at)
    forwarded = host(_first(headers, "X-Forwarded-Host"))
    if forwarded is not None:
        proto = (_first(headers, "X-Forwarded-Proto") or "").lower()
        try:
            prefix = base_path(_first(headers, "X-Forwarded-Prefix") or served)
        except ValueError:
            prefix = served
        return f"{proto if proto in ('http', 'https') else 'https'}://{forwarded}{prefix}/"
    if browser_url:
        try:
            parts = urlsplit(browser_url)
            return parse_public_url(f"{parts.scheme}://{parts.netloc}{parts.path}")
        except ValueError:
            pass
    direct = host(_first(headers, "Host"))
    return None if direct is None else f"http://{direct}{served}/"


def page_base(headers: Mapping[str, str], browser_url: str | None, served_at: str = "",
              environ: Mapping[str, str] = os.environ) -> tuple[str | None, str | None]:
    """`from_request`, and what is wrong with KRONE_PUBLIC_URL (None when nothing is): a malformed setting is
    said on the page and the base read from the request instead, so the link still reopens the scenario."""
    try:
        return from_request(headers, browser_url, served_at, environ), None
    except ValueError as exc:
        return from_request(headers, browser_url, served_at, {}), str(exc)


def share_link(base: str | None, query: str) -> str:
    """The link that reopens a scenario: the public base and the query; a relative '/?…' when no base is known
    (AppTest, which has no request)."""
    return f"{base or '/'}?{query}"

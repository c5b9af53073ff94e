"""Serving for real: the public address that links and QR codes carry (ui/host/public_url.py), the production start's
settings (ui/host/serve.py), and the deploy files agreeing with the page's settings (deploy/nginx.conf, Dockerfile).
The stack itself — two replicas behind nginx in Chromium — is tests/e2e/test_serve_proxy.py."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from ui.host import public_url
from ui.host.public_url import from_request, page_base, parse_public_url, share_link
from ui.host.serve import SettingError, Settings, settings

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "deploy"))
from local_stack import site_config  # noqa: E402

NGINX = (ROOT / "deploy" / "nginx.conf").read_text()
CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
PROXY = {"X-Forwarded-Host": "example.org", "X-Forwarded-Proto": "https", "X-Forwarded-Prefix": "/krone",
         "Host": "127.0.0.1:8501"}


# --- where the public address comes from ---------------------------------------------------------------------
def test_behind_the_proxy_the_link_is_the_public_address_and_sub_path_never_the_internal_port():
    base = from_request(PROXY, "http://127.0.0.1:8501/krone/?a=1", "krone", environ={})
    assert base == "https://example.org/krone/"
    assert share_link(base, "v=1&a=2") == "https://example.org/krone/?v=1&a=2"


def test_the_setting_wins_over_every_header_and_the_browser():
    env = {"KRONE_PUBLIC_URL": "https://Red-Cross.example.dk/tools/krone"}
    assert from_request(PROXY, "http://10.0.0.5:8501/", "krone", env) == "https://red-cross.example.dk/tools/krone/"


def test_a_forwarded_host_with_port_and_no_prefix_uses_the_base_path_streamlit_serves_at():
    headers = {"X-Forwarded-Host": "127.0.0.1:8080", "X-Forwarded-Proto": "http"}
    assert from_request(headers, None, "/krone/", {}) == "http://127.0.0.1:8080/krone/"


def test_a_list_of_forwarded_hosts_takes_the_first_the_one_the_client_used():
    headers = {"X-Forwarded-Host": "example.org, internal.lan:8080", "X-Forwarded-Proto": "https, http"}
    assert from_request(headers, None, "", {}) == "https://example.org/"


def test_without_a_proxy_the_browser_address_is_used_without_its_query():
    assert from_request({"Host": "evil.example"}, "http://localhost:8501/?v=1&a=2", "", {}) == "http://localhost:8501/"


def test_without_a_browser_address_the_host_header_and_base_path_are_used():
    assert from_request({"Host": "192.168.1.20:8501"}, None, "krone", {}) == "http://192.168.1.20:8501/krone/"
    assert from_request({"Host": "[::1]:8501"}, None, "", {}) == "http://[::1]:8501/"


def test_nothing_known_gives_a_relative_link_as_in_apptest():
    assert from_request({}, None, "", {}) is None
    assert share_link(None, "v=1") == "/?v=1"


@pytest.mark.parametrize("forged", [
    "evil.example/phish?x=", "evil.example#", "user:pw@evil.example", "evil.example:99999", "evil example",
    "<script>", "evil.example\r\nSet-Cookie: x=1", "", "a" * 300, "evil..example", "-evil.example",
    "evil.example:80:80", "[not-ipv6]",
])
def test_a_malformed_host_header_never_reaches_the_link(forged):
    assert public_url.host(forged) is None
    # a forged X-Forwarded-Host falls through to the browser's address; a forged Host gives no address at all
    assert from_request({"X-Forwarded-Host": forged}, "https://example.org/krone/", "", {}) == \
        "https://example.org/krone/"
    assert from_request({"Host": forged}, None, "", {}) is None


@pytest.mark.parametrize("proto, prefix, expected", [
    ("javascript", "/krone", "https://example.org/krone/"),        # an unknown scheme: https
    ("HTTP", "/krone", "http://example.org/krone/"),
    ("https", "/../admin", "https://example.org/krone/"),           # a bad prefix: the served base path
    ("https", "/a b", "https://example.org/krone/"),
    ("https", "//evil.example/x", "https://example.org/evil.example/x/"),  # segments only: never a host
])
def test_forwarded_proto_and_prefix_are_read_only_when_well_formed(proto, prefix, expected):
    headers = {"X-Forwarded-Host": "example.org", "X-Forwarded-Proto": proto, "X-Forwarded-Prefix": prefix}
    assert from_request(headers, None, "krone", {}) == expected


@pytest.mark.parametrize("url, problem", [
    ("example.org/krone", "must begin with https://"),
    ("ftp://example.org", "must begin with https://"),
    ("https://example.org/krone/?a=1", "must not hold a query"),
    ("https://example.org/#x", "must not hold a query"),
    ("https://user:pw@example.org/", "is not a host name"),
    ("https://example.org/../x", "not a path of plain segments"),
    ("https://" + "a" * 400, "longer than 300"),
])
def test_a_bad_public_url_is_refused_with_what_is_wrong(url, problem):
    with pytest.raises(ValueError, match=re.escape(problem)):
        parse_public_url(url)


def test_a_bad_setting_is_said_and_the_link_still_comes_from_the_request():
    base, problem = page_base(PROXY, None, "krone", {"KRONE_PUBLIC_URL": "example.org"})
    assert base == "https://example.org/krone/"
    assert problem.startswith("KRONE_PUBLIC_URL: 'example.org' must begin with https://")


# --- the production start -------------------------------------------------------------------------------------
def test_the_defaults_listen_on_loopback_port_8501_at_the_root():
    assert settings({}) == Settings(8501, "127.0.0.1", "", None)
    assert settings({}).health_url() == "http://127.0.0.1:8501/_stcore/health"


def test_every_variable_reaches_streamlit():
    s = settings({"KRONE_PORT": "9000", "KRONE_ADDRESS": "0.0.0.0", "KRONE_BASE_PATH": "/krone/",
                  "KRONE_PUBLIC_URL": "https://example.org/krone"})
    assert s == Settings(9000, "0.0.0.0", "/krone", "https://example.org/krone/")
    args = s.streamlit_args()
    for option, value in [("--server.port", "9000"), ("--server.address", "0.0.0.0"),
                          ("--server.baseUrlPath", "krone"), ("--browser.gatherUsageStats", "false")]:
        assert args[args.index(option) + 1] == value
    assert s.health_url() == "http://127.0.0.1:9000/krone/_stcore/health"
    assert settings({"KRONE_ADDRESS": "::"}).health_url() == "http://[::1]:8501/_stcore/health"


@pytest.mark.parametrize("env, problem", [
    ({"KRONE_PORT": "http"}, "KRONE_PORT: 'http' is not a port number from 1 to 65535"),
    ({"KRONE_PORT": "70000"}, "KRONE_PORT: '70000' is not a port number"),
    ({"KRONE_PORT": "٨٠"}, "KRONE_PORT: '٨٠' is not a port number"),
    ({"KRONE_ADDRESS": "0.0.0.0; rm"}, "KRONE_ADDRESS: '0.0.0.0; rm' is not an IP address or host name"),
    ({"KRONE_BASE_PATH": "/krone/../etc"}, "KRONE_BASE_PATH: '/krone/../etc' is not a path of plain segments"),
    ({"KRONE_PUBLIC_URL": "example.org"}, "KRONE_PUBLIC_URL: 'example.org' must begin with https://"),
])
def test_a_bad_variable_is_refused_in_one_line_naming_it(env, problem):
    with pytest.raises(SettingError, match=re.escape(problem)):
        settings(env)


def test_serve_refuses_a_bad_variable_before_starting_anything():
    out = subprocess.run([sys.executable, "-m", "ui.host.serve"], cwd=ROOT, capture_output=True, text=True, timeout=60,
                         env={"PATH": "/usr/bin:/bin", "KRONE_PORT": "80a"})
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr.strip() == "krone serve: KRONE_PORT: '80a' is not a port number from 1 to 65535"


def test_the_health_check_fails_when_nothing_answers():
    out = subprocess.run([sys.executable, "-m", "ui.host.serve", "health"], cwd=ROOT, capture_output=True, timeout=60,
                         env={"PATH": "/usr/bin:/bin", "KRONE_PORT": "1"})
    assert out.returncode == 1


# --- the deploy files agree with the page ----------------------------------------------------------------------
def test_production_settings_send_no_statistics_and_watch_no_files():
    assert CONFIG["browser"]["gatherUsageStats"] is False
    assert CONFIG["server"]["fileWatcherType"] == "none"
    assert CONFIG["server"]["headless"] is True and CONFIG["server"]["enableXsrfProtection"] is True
    assert CONFIG["client"]["showErrorDetails"] == "none"


def test_the_proxy_takes_an_upload_as_large_as_the_page_does_and_little_more():
    body = re.search(r"client_max_body_size (\d+)m;", NGINX)
    assert body, "deploy/nginx.conf sets no client_max_body_size in megabytes"
    assert CONFIG["server"]["maxUploadSize"] <= int(body[1]) <= CONFIG["server"]["maxUploadSize"] + 2


def test_the_access_log_format_never_holds_the_query_string_or_the_referer():
    formats = re.findall(r"log_format\s+(\w+)\s+((?:'[^']*'\s*)+);", NGINX)
    assert formats, "deploy/nginx.conf defines no log_format"
    for name, text in formats:
        for variable in ("$request ", "$request\"", "$request_uri", "$args", "$query_string", "$is_args",
                         "$http_referer", "$arg_"):
            assert variable not in text, f"log_format {name} logs {variable.strip()}"
        assert "$uri" in text
    used = re.findall(r"access_log\s+\S+\s+(\w+);", NGINX)
    assert used and set(used) <= {name for name, _ in formats}, "an access_log uses nginx's default format"
    assert re.findall(r"error_log\s+\S+\s+(\w+);", NGINX) == ["crit", "crit"]


def test_the_proxy_upgrades_websockets_forwards_the_public_address_and_forbids_framing():
    for line in ("proxy_set_header Upgrade $http_upgrade;", "proxy_set_header Connection $krone_connection;",
                 "proxy_http_version 1.1;", "proxy_set_header X-Forwarded-Host $http_host;",
                 "proxy_set_header X-Forwarded-Proto $scheme;", "proxy_set_header X-Forwarded-Prefix /krone;",
                 """add_header Content-Security-Policy "frame-ancestors 'none'" always;""",
                 "add_header X-Frame-Options DENY always;", "hash $krone_route consistent;"):
        assert line in NGINX


def test_the_loopback_stack_changes_only_ports_paths_tls_and_the_redirect(tmp_path):
    site = site_config(NGINX, [1111, 2222, 3333], 4444, tmp_path)
    assert re.findall(r"server 127\.0\.0\.1:(\d+);", site) == ["1111", "2222", "3333"]
    assert "listen 127.0.0.1:4444;" in site and "ssl" not in site and "listen 80" not in site
    kept = [line for line in NGINX.splitlines() if "log_format" in line or "proxy_" in line or "add_header" in line]
    assert all(line in site for line in kept)
    with pytest.raises(ValueError, match="expected 'listen 443 ssl http2;' once"):
        site_config(NGINX.replace("listen 443 ssl http2;", "listen 443 ssl;"), [1], 2, tmp_path)


def test_the_container_runs_as_a_user_without_test_tools_and_checks_its_health():
    dockerfile = (ROOT / "Dockerfile").read_text()
    instructions = [line.split(None, 1) for line in re.sub(r"\\\n", " ", dockerfile).splitlines()
                    if line.strip() and not line.lstrip().startswith("#")]
    users = [rest.strip() for word, rest in instructions if word == "USER"]
    assert users and users[-1] not in ("root", "0"), "the image's last USER is root"
    assert "[test]" not in dockerfile and "playwright" not in dockerfile
    assert any(word == "HEALTHCHECK" and "ui.host.serve" in rest and "health" in rest for word, rest in instructions)
    assert "STREAMLIT_BROWSER_GATHER_USAGE_STATS=false" in dockerfile
    assert any(word == "CMD" and "ui.host.serve" in rest for word, rest in instructions)


# --- the page ----------------------------------------------------------------------------------------------------
def _share_link(at) -> str:
    """The page's share link, as its box shows it (ui/cards.link_html)."""
    import html
    import re
    boxes = [h.proto.body for h in at.html if "kfk-link" in h.proto.body]
    return html.unescape(re.search(r"<code>(.*?)</code>", boxes[-1]).group(1))


def test_the_page_links_to_the_set_public_address_and_says_when_the_setting_is_wrong(monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("KRONE_PUBLIC_URL", "https://example.org/krone")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    assert not at.exception and not at.error
    assert _share_link(at).startswith("https://example.org/krone/?v=1&")

    monkeypatch.setenv("KRONE_PUBLIC_URL", "example.org/krone")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    assert not at.exception
    said = [e.value.replace("\\", "").replace("\u200b", "") for e in at.error]   # as plain() shows it
    assert len(said) == 1 and "KRONE_PUBLIC_URL: 'example.org/krone' must begin with https://" in said[0]
    assert _share_link(at).startswith("/?v=1&")   # AppTest has no request: a relative link, still working


def test_the_reference_proxy_file_as_shipped_passes_nginx_t(tmp_path):
    """The whole file, TLS server and redirect included (the browser test runs it without TLS): only the log
    and certificate paths point into a temp dir, at a throwaway self-signed certificate."""
    from local_stack import main_config, nginx_binary

    nginx = nginx_binary()
    if nginx is None or shutil.which("openssl") is None:
        if os.environ.get("CI"):
            pytest.fail("nginx or openssl is missing on CI: .ci/run installs nginx-light and openssl")
        pytest.skip("nginx (Debian's nginx-light) or openssl is missing (.ci/run installs both)")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=example.org", "-keyout", str(tmp_path / "key.pem"),
                    "-out", str(tmp_path / "cert.pem")],
                   check=True, capture_output=True, timeout=60)
    site = (NGINX.replace("/var/log/nginx/", f"{tmp_path}/")
            .replace("/etc/ssl/certs/example.org.pem", str(tmp_path / "cert.pem"))
            .replace("/etc/ssl/private/example.org.key", str(tmp_path / "key.pem")))
    (tmp_path / "nginx.conf").write_text(main_config(site, tmp_path))
    out = subprocess.run([nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr

"""The production recipe on loopback: gunicorn with deploy/gunicorn.conf.py on a unix socket behind
nginx with deploy/nginx.conf and deploy/nginx-careerguide.conf (as shipped, only ports, the socket,
certificate and folders rewritten), and Redis with deploy/redis-careerguide.conf."""

import contextlib
import http.client
import os
import re
import runpy
import secrets
import shutil
import signal
import sqlite3
import ssl
import stat
import subprocess
import tempfile
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
from redis import Redis
from redis.exceptions import ConnectionError as RedisConnectionError

from scripts import slowclients, stack

GUNICORN_SETTINGS = runpy.run_path(str(stack.GUNICORN_CONF))
SITE = stack.NGINX_SITE.read_text()
MAIN = stack.NGINX_MAIN.read_text()
REDIS_CONF = stack.ROOT / "deploy" / "redis-careerguide.conf"
SECURITY_HEADERS = (
    "Content-Security-Policy",
    "Permissions-Policy",
    "X-Content-Type-Options",
    "X-Frame-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "Strict-Transport-Security",
)


def nginx_setting(text, name):
    """The arguments of the directive `name` in `text` (the first one)."""
    return re.search(rf"^\s*{name}\s+([^;]+);", text, re.MULTILINE).group(1).split()


def test_gunicorn_listens_on_a_socket_only_its_group_can_open_with_workers_that_survive_slow_clients():
    assert GUNICORN_SETTINGS["bind"] == f"unix:{stack.GUNICORN_SOCKET}"
    assert GUNICORN_SETTINGS["umask"] == 0o007  # the socket: srwxrwx---
    assert GUNICORN_SETTINGS["worker_class"] == "gthread"
    assert GUNICORN_SETTINGS["threads"] >= 2
    assert GUNICORN_SETTINGS["timeout"] == 30
    assert GUNICORN_SETTINGS["graceful_timeout"] == 30
    assert GUNICORN_SETTINGS["max_requests"] == 1000
    assert 0 < GUNICORN_SETTINGS["max_requests_jitter"] < GUNICORN_SETTINGS["max_requests"]
    # On a TCP bind (GUNICORN_BIND), forwarded headers are believed from loopback only.
    assert GUNICORN_SETTINGS["forwarded_allow_ips"] == "127.0.0.1,::1"
    assert f"server unix:{stack.GUNICORN_SOCKET} max_fails=0;" in SITE


def test_gunicorn_reads_its_settings_from_the_environment(monkeypatch):
    monkeypatch.setenv("GUNICORN_BIND", "127.0.0.1:8000")
    monkeypatch.setenv("GUNICORN_WORKERS", "7")
    settings = runpy.run_path(str(stack.GUNICORN_CONF))
    assert (settings["bind"], settings["workers"]) == ("127.0.0.1:8000", 7)


def test_gunicorn_reads_every_request_nginx_passes_on():
    """nginx's request limits are within gunicorn's: a request nginx passes on never meets
    gunicorn's bare 400, one nginx refuses gets nginx's page (with the site's headers)."""
    count, size = nginx_setting(SITE, "large_client_header_buffers")
    buffer = int(size.removesuffix("k")) * 1024
    # A request line or a header line must fit in one buffer with its CR LF.
    assert GUNICORN_SETTINGS["limit_request_line"] >= buffer - 2
    assert GUNICORN_SETTINGS["limit_request_line"] <= 8190  # gunicorn's most
    assert GUNICORN_SETTINGS["limit_request_field_size"] >= buffer  # gunicorn counts the CR LF
    # The most header lines nginx's buffers can hold ("a:" and CR LF each).
    assert GUNICORN_SETTINGS["limit_request_fields"] >= int(count) * buffer // 4


def test_timeouts_and_header_limits_apply_to_every_server_the_default_ones_included():
    """nginx reads a request's headers under the default server's settings: the audit's
    client_header_timeout in the named server was never applied (slow connections lived 60 s)."""
    # The upstream block's own keepalive_timeout is nginx's to gunicorn, not a client's.
    site = re.sub(r"^upstream \w+ \{.*?^\}", "", SITE, flags=re.MULTILINE | re.DOTALL)
    before_any_server = site[: site.index("\nserver {")]
    for directive, value in (
        ("client_header_timeout", ["10s"]),
        ("client_body_timeout", ["10s"]),
        ("keepalive_timeout", ["15s"]),
        ("send_timeout", ["30s"]),
        ("large_client_header_buffers", ["4", "8k"]),
        ("client_max_body_size", ["3m"]),
    ):
        assert nginx_setting(before_any_server, directive) == value, directive
        assert len(re.findall(rf"^\s*{directive}\s", site, re.MULTILINE)) == 1, directive


def test_nginx_has_room_for_slow_clients():
    """Debian's worker_connections 768 was the ceiling the audit hit with 1,530 slow clients."""
    connections = int(nginx_setting(MAIN, "worker_connections")[0])
    assert connections >= 4096
    assert int(nginx_setting(MAIN, "worker_rlimit_nofile")[0]) >= 2 * connections


def test_the_proxy_forwards_the_scheme_and_replaces_client_forwarding_headers():
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in SITE
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in SITE
    assert nginx_setting(SITE, "proxy_next_upstream") == ["error", "timeout"]  # never a POST twice


NO_PROXY = (
    "nginx is not installed (apt-get install nginx-light): no proxy to test"
    if stack.NGINX is None
    else "openssl is not installed: no certificate for the proxy"
    if shutil.which("openssl") is None
    else None
)
needs_nginx = pytest.mark.skipif(NO_PROXY is not None, reason=str(NO_PROXY))


@needs_nginx
def test_nginx_accepts_the_shipped_files(tmp_path):
    config = stack.nginx_main_config(tmp_path, stack.loopback_site(tmp_path, 18080, 18443, 18000, tmp_path))
    ok, output = stack.nginx_test(config)
    assert ok, output
    assert "syntax is ok" in output
    assert "worker_connections 8192;" in config.read_text()


@needs_nginx
def test_nginx_refuses_a_broken_site_file(tmp_path):
    """The check above can fail."""
    site = stack.loopback_site(tmp_path, 18080, 18443, 18000, tmp_path).replace(
        "proxy_read_timeout 35s;", "proxy_read_timeout;"
    )
    ok, output = stack.nginx_test(stack.nginx_main_config(tmp_path, site))
    assert not ok
    assert "invalid number of arguments" in output


def server_env(folder, **extra):
    return {
        "PATH": os.environ["PATH"],
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": f"{stack.HOST_NAME},127.0.0.1",
        "DATABASE_URL": f"sqlite:///{folder / 'site.sqlite3'}",
        "STATIC_ROOT": str(folder / "staticfiles"),
        "MEDIA_ROOT": str(folder / "media"),
        "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto",
        "SECURE_SSL_REDIRECT": "1",
        # Behind one proxy: the client is the address nginx put in X-Forwarded-For.
        "LOGIN_THROTTLE_PROXY_COUNT": "1",
        "GUNICORN_WORKERS": "2",
        "GUNICORN_ACCESS_LOG": "",
        **extra,
    }


@contextlib.contextmanager
def recipe(folder, env, *gunicorn_args, gunicorn_log=None):
    """gunicorn on a unix socket (in a folder every user may pass through, so that the socket's own
    mode is what keeps others out) behind nginx on loopback ports; yields the addresses."""
    stack.manage(env, ["migrate", "--noinput"], ["collectstatic", "--noinput"])
    sockets = Path(tempfile.mkdtemp(prefix="careerguide-"))
    sockets.chmod(0o755)
    gunicorn_socket = sockets / "gunicorn.sock"
    http_port, https_port = stack.free_port(), stack.free_port()
    gunicorn = stack.start_gunicorn(env, gunicorn_socket, *gunicorn_args, log=gunicorn_log)
    config = stack.nginx_main_config(
        folder, stack.loopback_site(folder, http_port, https_port, gunicorn_socket, folder)
    )
    nginx = stack.start_nginx(config)
    try:
        stack.wait_for(f"http://127.0.0.1:{http_port}/healthz", host=stack.HOST_NAME)
        yield {
            "socket": gunicorn_socket,
            "http": http_port,
            "https": https_port,
            "static": folder / "staticfiles",
            "database": folder / "site.sqlite3",
        }
    finally:
        stack.stop(nginx)
        stack.stop(gunicorn, how=signal.SIGINT)
        shutil.rmtree(sockets, ignore_errors=True)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    if NO_PROXY is not None:
        pytest.skip(NO_PROXY)
    folder = tmp_path_factory.mktemp("served")
    (folder / "media" / "logos").mkdir(parents=True)
    (folder / "media" / "logos" / "umd.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    with recipe(folder, server_env(folder)) as addresses:
        yield addresses


def https_request(served, path, host=stack.HOST_NAME, method="GET", body=None, headers=None):
    connection = slowclients.NamedHTTPSConnection("127.0.0.1", served["https"], host, timeout=10)
    try:
        connection.request(method, path, body=body, headers={"Host": host, **(headers or {})})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def https_get(served, path, **options):
    return https_request(served, path, **options)


def http_get(port, path, host=stack.HOST_NAME, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers={"Host": host, **(headers or {})})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def test_pages_come_through_nginx_over_https_and_django_knows_it(served):
    status, headers, body = https_get(served, "/healthz")
    assert (status, body) == (200, b"ok")
    # HSTS is only sent on secure requests: X-Forwarded-Proto reached Django and was trusted.
    assert headers["Strict-Transport-Security"] == "max-age=31536000"
    assert headers["Content-Security-Policy"].startswith("default-src 'self'; script-src 'self';")
    assert headers["Server"] == "nginx"  # server_tokens off: no version


def test_plain_http_is_redirected_except_the_health_and_readiness_checks(served):
    status, headers, _ = http_get(served["http"], "/schools/?state=MD")
    assert status == 301
    assert headers["Location"] == f"https://{stack.HOST_NAME}/schools/?state=MD"
    status, _, body = http_get(served["http"], "/healthz")
    assert (status, body) == (200, b"ok")
    status, _, body = http_get(served["http"], "/readyz")
    assert (status, body) == (
        200,
        b'{"ready": true, "database": "ok", "cache": "ok (this process\'s memory)"}',
    )


def test_a_forged_scheme_header_is_replaced_by_nginx(served):
    status, headers, _ = http_get(served["http"], "/healthz")
    assert status == 200
    assert "Strict-Transport-Security" not in headers
    status, headers, _ = http_get(served["http"], "/healthz", headers={"X-Forwarded-Proto": "https"})
    assert status == 200
    assert "Strict-Transport-Security" not in headers  # still plain HTTP to Django


def test_static_files_come_from_disk_hashed_ones_cached_for_a_year(served):
    hashed = next(served["static"].glob("css/site.*.css")).name
    status, headers, body = https_get(served, f"/static/css/{hashed}")
    assert status == 200
    assert headers["Content-Type"] == "text/css"
    assert headers.get_all("Cache-Control") == ["public, max-age=31536000, immutable"]
    assert body == (served["static"] / "css" / hashed).read_bytes()
    status, headers, _ = https_get(served, "/static/css/site.css")
    assert (status, headers.get_all("Cache-Control")) == (200, ["max-age=3600"])


def test_media_files_are_served_as_images_that_cannot_run(served):
    status, headers, body = https_get(served, "/media/logos/umd.png")
    assert status == 200
    assert headers["Content-Type"] == "image/png"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers.get_all("Content-Security-Policy") == ["default-src 'none'; img-src 'self'; sandbox"]
    assert body.startswith(b"\x89PNG")
    assert https_get(served, "/media/logos/missing.png")[0] == 404


def django_headers(served):
    """The security headers Django sends through nginx (each once: nginx adds none of its own)."""
    _, headers, _ = https_get(served, "/robots.txt")
    for name in SECURITY_HEADERS:
        assert len(headers.get_all(name)) == 1, name
    return {name: headers[name] for name in SECURITY_HEADERS}


def test_what_nginx_answers_itself_carries_the_sites_security_headers(served):
    """The audit: nginx's 400, 413 and 414 and /static/ lacked the site's headers."""
    expected = django_headers(served)
    hashed = next(served["static"].glob("css/site.*.css")).name
    answers = {
        "a static file": (200, https_get(served, f"/static/css/{hashed}")),
        "a missing static file": (404, https_get(served, "/static/css/missing.css")),
        "a body too large": (
            413,
            https_request(served, "/admin/login/", method="POST", body=b"x" * (3 * 1024 * 1024 + 1)),
        ),
        "a request line too long": (414, https_get(served, "/schools/?q=" + "a" * 9000)),
        "a header too large": (400, https_get(served, "/healthz", headers={"X-Long": "v" * 9000})),
    }
    for name, (expected_status, (status, headers, body)) in answers.items():
        assert status == expected_status, name
        assert status == 200 or b"<center>nginx</center>" in body, name  # nginx's own page
        for header, value in expected.items():
            assert headers.get_all(header) == [value], (name, header)
    # Plain HTTP: the same, but no HSTS (browsers ignore it there); a request line too long is
    # answered by the default server, before nginx knows the host.
    for path, expected_status in (("/schools/", 301), ("/schools/?q=" + "a" * 9000, 414)):
        status, headers, _ = http_get(served["http"], path)
        assert status == expected_status
        assert "Strict-Transport-Security" not in headers
        for header, value in expected.items():
            if header != "Strict-Transport-Security":
                assert headers.get_all(header) == [value], (path[:20], header)


def test_requests_within_nginxs_limits_reach_django_and_the_rest_get_nginxs_page(served):
    """nginx and gunicorn agree: the audit's 8 KB request line passed nginx and met gunicorn's bare
    400 (its limit was 4,094 bytes), and so did a request of 101 header lines."""
    finder = "/schools/?q="

    def request_line(length):
        return finder + "a" * (length - len("GET  HTTP/1.1") - len(finder))

    status, _, body = https_get(served, request_line(8190))
    assert (status, body[:15]) == (200, b"<!doctype html>")
    assert https_get(served, request_line(8191))[0] == 414
    status, _, body = https_get(served, "/healthz", headers={f"X-Header-{n}": "v" for n in range(300)})
    assert (status, body) == (200, b"ok")
    status, _, body = https_get(served, "/healthz", headers={"X-Long": "v" * (8190 - len("X-Long: "))})
    assert (status, body) == (200, b"ok")
    status, _, body = https_get(served, "/healthz", headers={"X-Long": "v" * (8191 - len("X-Long: "))})
    assert status == 400 and b"nginx" in body


def test_bodies_over_the_upload_limit_are_refused_by_nginx(served):
    status, _, _ = https_request(
        served,
        "/admin/login/",
        method="POST",
        body=b"x" * (3 * 1024 * 1024 + 1),
        headers={"Content-Type": "text/plain"},
    )
    assert status == 413


def test_other_host_names_never_reach_django(served):
    with pytest.raises(ssl.SSLError):
        https_get(served, "/healthz", host="evil.example.com")
    with pytest.raises((http.client.RemoteDisconnected, ConnectionResetError)):
        http_get(served["http"], "/healthz", host="evil.example.com")


def test_gunicorn_is_reachable_only_through_its_socket_by_its_group(served):
    mode = served["socket"].stat().st_mode
    assert stat.S_ISSOCK(mode)
    assert stat.S_IMODE(mode) == 0o770  # no one outside the owner and its group (nginx's, www-data)
    if os.geteuid() != 0:
        pytest.skip("trying the socket as another user needs root")
    # Another user of the machine (nobody) cannot open it: the audit's way round nginx is closed.
    python = shutil.which("python3", path="/usr/bin:/bin")  # one that user may run
    if python is None:
        pytest.skip("no system python3 for the user nobody to run")
    attempt = subprocess.run(
        [python, "-c", f"import socket; socket.socket(socket.AF_UNIX).connect({str(served['socket'])!r})"],
        user="nobody",
        group="nogroup",
        extra_groups=[],
        cwd="/",
        capture_output=True,
        text=True,
        check=False,
    )
    assert attempt.returncode != 0
    assert "PermissionError" in attempt.stderr


def failed_login(served, forwarded_for):
    """A wrong password for "editor" over HTTPS, with a forged X-Forwarded-For."""
    _, headers, body = https_get(served, "/admin/login/")
    cookies = SimpleCookie(headers["Set-Cookie"])
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    form = urlencode(
        {"csrfmiddlewaretoken": token, "username": "editor", "password": "wrong", "next": "/admin/"}
    )
    return https_request(
        served,
        "/admin/login/",
        method="POST",
        body=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookies['csrftoken'].value}",
            "Referer": f"https://{stack.HOST_NAME}/admin/login/",
            "X-Forwarded-For": forwarded_for,
        },
    )[0]


def test_forwarded_addresses_come_from_the_proxy_only(served):
    """nginx replaces a client's X-Forwarded-For with the address it sees: login throttling counts
    that one, whatever the client claims (the audit forged it to escape the throttle)."""
    assert failed_login(served, "203.0.113.7") == 200  # the form again, with its error
    with contextlib.closing(sqlite3.connect(served["database"])) as database:
        addresses = {row[0] for row in database.execute("SELECT ip_address FROM axes_accessattempt")}
    assert addresses == {"127.0.0.1"}


def test_three_slow_clients_do_not_stop_the_health_check(served):
    result = slowclients.run(
        f"https://127.0.0.1:{served['https']}",
        clients=3,
        seconds=1.5,
        host_header=stack.HOST_NAME,
        settle=0.5,
    )
    # A probe every half second: three in the 1.5 s the slow clients hold their connections.
    assert result["failed"] == 0, result
    assert result["answered"] >= 3, result
    assert result["max_ms"] < 1000, result


def test_slow_clients_do_stop_a_sync_worker_server(tmp_path):
    """The check above can fail: the README's former recipe (three sync workers) stops answering."""
    env = {
        "PATH": os.environ["PATH"],
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
        "SECURE_SSL_REDIRECT": "0",
    }
    port = stack.free_port()
    server = stack.start_gunicorn(env, port, "--workers", "3", config=None)
    try:
        started = time.monotonic()
        result = slowclients.run(f"http://127.0.0.1:{port}", clients=3, seconds=1.5, settle=0.5)
        assert time.monotonic() - started < 30
    finally:
        stack.stop(server, how=signal.SIGINT)
    # No probe was answered while the slow clients were attached (1.5 s); at best once they left.
    assert result["answered"] <= 1, result
    assert result["answered"] == 0 or result["min_ms"] > 1000, result


@needs_nginx
def test_nginxs_bad_gateway_page_carries_the_headers_too(tmp_path):
    """With gunicorn down, nginx's 502 page is the site's, headers and all."""
    https = stack.free_port()
    site = stack.loopback_site(tmp_path, stack.free_port(), https, tmp_path / "no-gunicorn.sock", tmp_path)
    nginx = stack.start_nginx(stack.nginx_main_config(tmp_path, site))
    try:
        for _ in range(50):
            with contextlib.suppress(OSError):
                status, headers, _ = https_get({"https": https}, "/schools/")
                break
            time.sleep(0.1)
    finally:
        stack.stop(nginx)
    assert status == 502
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Content-Security-Policy"].startswith("default-src 'self'")
    assert headers["Strict-Transport-Security"] == "max-age=31536000"


REDIS = shutil.which("redis-server") or (
    "/usr/bin/redis-server" if Path("/usr/bin/redis-server").exists() else None
)


@pytest.mark.skipif(REDIS is None, reason="redis-server is not installed (apt-get install redis-server)")
def test_redis_is_capped_and_evicts_the_least_recently_used(tmp_path):
    """The audit: random query strings filled 128 MB of a Redis with no memory limit."""
    port = stack.free_port()
    # The shipped file, with a smaller cap so that the test fills it quickly.
    server = subprocess.Popen(
        [REDIS, str(REDIS_CONF), "--port", str(port), "--dir", str(tmp_path), "--maxmemory", "4mb"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        redis = Redis(port=port)
        for _ in range(50):
            with contextlib.suppress(RedisConnectionError):
                redis.ping()
                break
            time.sleep(0.1)
        assert redis.config_get("maxmemory-policy") == {"maxmemory-policy": "allkeys-lru"}
        page = b"x" * 100_000
        for number in range(200):  # 20 MB of pages into 4 MB
            redis.set(f"page:{number}", page)
        info = redis.info("memory")
        assert info["used_memory"] <= 4 * 1024 * 1024 + 200_000
        assert redis.info("stats")["evicted_keys"] > 100
        assert redis.get("page:199") == page  # the newest stays
    finally:
        stack.stop(server)


def test_the_shipped_redis_file_caps_memory():
    text = REDIS_CONF.read_text()
    assert re.search(r"^maxmemory 256mb$", text, re.MULTILINE)
    assert re.search(r"^maxmemory-policy allkeys-lru$", text, re.MULTILINE)


def test_nginx_drops_kept_alive_connections_to_gunicorn_before_gunicorn_does():
    """Else nginx may send a request on a connection gunicorn is closing (a retry, at best)."""
    upstream = re.search(r"^upstream careerguide_app \{.*?^\}", SITE, re.MULTILINE | re.DOTALL).group()
    assert nginx_setting(upstream, "keepalive") == ["32"]
    (timeout,) = nginx_setting(upstream, "keepalive_timeout")
    assert int(timeout.removesuffix("s")) < GUNICORN_SETTINGS["keepalive"]
    # Each instance listed twice, as many tries as lines.
    assert len(re.findall(r"^\s*server unix:", upstream, re.MULTILINE)) == 4
    assert nginx_setting(SITE, "proxy_next_upstream_tries") == ["4"]

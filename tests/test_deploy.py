"""The production recipe on loopback: gunicorn with deploy/gunicorn.conf.py behind nginx with
deploy/nginx-careerguide.conf (as shipped, only ports, certificate and folders rewritten)."""

import http.client
import os
import runpy
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from scripts import slowclients, stack

GUNICORN_SETTINGS = runpy.run_path(str(stack.GUNICORN_CONF))


def test_gunicorn_listens_on_loopback_with_workers_that_survive_slow_clients_and_leaks():
    assert GUNICORN_SETTINGS["bind"] == "127.0.0.1:8000"
    assert GUNICORN_SETTINGS["worker_class"] == "gthread"
    assert GUNICORN_SETTINGS["threads"] >= 2
    assert GUNICORN_SETTINGS["timeout"] == 30
    assert GUNICORN_SETTINGS["graceful_timeout"] == 30
    assert GUNICORN_SETTINGS["max_requests"] == 1000
    assert 0 < GUNICORN_SETTINGS["max_requests_jitter"] < GUNICORN_SETTINGS["max_requests"]
    assert GUNICORN_SETTINGS["forwarded_allow_ips"] == "127.0.0.1,::1"


def test_gunicorn_reads_its_settings_from_the_environment(monkeypatch):
    monkeypatch.setenv("GUNICORN_BIND", "unix:/run/careerguide.sock")
    monkeypatch.setenv("GUNICORN_WORKERS", "7")
    settings = runpy.run_path(str(stack.GUNICORN_CONF))
    assert (settings["bind"], settings["workers"]) == ("unix:/run/careerguide.sock", 7)


def test_the_proxy_forwards_the_scheme_and_replaces_client_forwarding_headers():
    site = stack.NGINX_SITE.read_text()
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in site
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in site
    assert "client_max_body_size 3m;" in site
    assert "client_header_timeout 10s;" in site


NO_PROXY = (
    "nginx is not installed (apt-get install nginx-light): no proxy to test"
    if stack.NGINX is None
    else "openssl is not installed: no certificate for the proxy"
    if shutil.which("openssl") is None
    else None
)
needs_nginx = pytest.mark.skipif(NO_PROXY is not None, reason=str(NO_PROXY))


@needs_nginx
def test_nginx_accepts_the_shipped_site_file(tmp_path):
    config = stack.nginx_main_config(tmp_path, stack.loopback_site(tmp_path, 18080, 18443, 18000, tmp_path))
    ok, output = stack.nginx_test(config)
    assert ok, output
    assert "syntax is ok" in output


@needs_nginx
def test_nginx_refuses_a_broken_site_file(tmp_path):
    """The check above can fail."""
    site = stack.loopback_site(tmp_path, 18080, 18443, 18000, tmp_path).replace(
        "proxy_read_timeout 35s;", "proxy_read_timeout;"
    )
    ok, output = stack.nginx_test(stack.nginx_main_config(tmp_path, site))
    assert not ok
    assert "invalid number of arguments" in output


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """gunicorn (deploy config, SQLite file) behind nginx on loopback ports; yields the addresses."""
    if NO_PROXY is not None:
        pytest.skip(NO_PROXY)
    folder = tmp_path_factory.mktemp("served")
    (folder / "media" / "logos").mkdir(parents=True)
    (folder / "media" / "logos" / "umd.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    env = {
        "PATH": os.environ["PATH"],
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": f"{stack.HOST_NAME},127.0.0.1",
        "DATABASE_URL": f"sqlite:///{folder / 'site.sqlite3'}",
        "STATIC_ROOT": str(folder / "staticfiles"),
        "MEDIA_ROOT": str(folder / "media"),
        "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto",
        "SECURE_SSL_REDIRECT": "1",
        "GUNICORN_WORKERS": "2",
        "GUNICORN_ACCESS_LOG": "",
    }
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        subprocess.run(
            [sys.executable, "manage.py", *command], cwd=stack.ROOT, env=env, check=True, capture_output=True
        )
    gunicorn_port, http_port, https_port = stack.free_port(), stack.free_port(), stack.free_port()
    # The app redirects plain HTTP to HTTPS except /healthz, which start_gunicorn polls.
    gunicorn = stack.start_gunicorn(env, gunicorn_port)
    config = stack.nginx_main_config(
        folder, stack.loopback_site(folder, http_port, https_port, gunicorn_port, folder)
    )
    nginx = stack.start_nginx(config)
    try:
        stack.wait_for(f"http://127.0.0.1:{http_port}/healthz", host=stack.HOST_NAME)
        yield {
            "gunicorn": gunicorn_port,
            "http": http_port,
            "https": https_port,
            "static": folder / "staticfiles",
        }
    finally:
        stack.stop(nginx)
        stack.stop(gunicorn, how=signal.SIGINT)


def https_get(served, path, host=stack.HOST_NAME, method="GET", body=None, headers=None):
    connection = slowclients.NamedHTTPSConnection("127.0.0.1", served["https"], host, timeout=10)
    try:
        connection.request(method, path, body=body, headers={"Host": host, **(headers or {})})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def http_get(port, path, host=stack.HOST_NAME):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers={"Host": host})
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


def test_plain_http_is_redirected_except_the_health_check(served):
    status, headers, _ = http_get(served["http"], "/schools/?state=MD")
    assert status == 301
    assert headers["Location"] == f"https://{stack.HOST_NAME}/schools/?state=MD"
    status, _, body = http_get(served["http"], "/healthz")
    assert (status, body) == (200, b"ok")


def test_a_forged_scheme_header_is_replaced_by_nginx(served):
    status, headers, _ = http_get(served["http"], "/healthz")
    assert status == 200
    assert "Strict-Transport-Security" not in headers
    connection = http.client.HTTPConnection("127.0.0.1", served["http"], timeout=10)
    connection.request("GET", "/healthz", headers={"Host": stack.HOST_NAME, "X-Forwarded-Proto": "https"})
    response = connection.getresponse()
    assert response.status == 200
    assert "Strict-Transport-Security" not in response.headers  # still plain HTTP to Django
    connection.close()


def test_static_files_come_from_disk_hashed_ones_cached_for_a_year(served):
    hashed = next(served["static"].glob("css/site.*.css")).name
    status, headers, body = https_get(served, f"/static/css/{hashed}")
    assert status == 200
    assert headers["Content-Type"] == "text/css"
    assert headers.get_all("Cache-Control") == ["public, max-age=31536000, immutable"]
    assert body == (served["static"] / "css" / hashed).read_bytes()


def test_media_files_are_served_as_images_that_cannot_run(served):
    status, headers, body = https_get(served, "/media/logos/umd.png")
    assert status == 200
    assert headers["Content-Type"] == "image/png"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in headers["Content-Security-Policy"]
    assert body.startswith(b"\x89PNG")
    assert https_get(served, "/media/logos/missing.png")[0] == 404


def test_bodies_over_the_upload_limit_are_refused_by_nginx(served):
    status, _, _ = https_get(
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


def test_gunicorn_is_not_reachable_from_outside_loopback(served):
    addresses = {
        info[4][0]
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
        if not info[4][0].startswith("127.")
    }
    if not addresses:
        pytest.skip("this machine has no address but loopback")
    with pytest.raises(OSError, match=r"(?i)refused|unreachable|timed out"):
        socket.create_connection((addresses.pop(), served["gunicorn"]), timeout=2).close()


def test_three_slow_clients_do_not_stop_the_health_check(served):
    # Both at once: gunicorn holds three slow clients of its own while nginx holds three more and
    # passes its own probes through.
    with ThreadPoolExecutor(2) as pool:
        through_nginx = pool.submit(
            slowclients.run,
            f"https://127.0.0.1:{served['https']}",
            clients=3,
            seconds=1.5,
            host_header=stack.HOST_NAME,
            settle=0.5,
        )
        straight = pool.submit(
            slowclients.run, f"http://127.0.0.1:{served['gunicorn']}", clients=3, seconds=1.5, settle=0.5
        )
    for result in (through_nginx.result(), straight.result()):
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

"""Two app servers, one site (issue 26): two gunicorn instances behind one nginx upstream on
loopback, sharing PostgreSQL and Redis, and nginx's pages' cache in front of them."""

import os
import re
import secrets
import shutil
import signal
import subprocess
import tempfile
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from redis import Redis
from redis.exceptions import RedisError

from scripts import slowclients, stack

SCHOOL = "/schools/university-of-maryland-college-park/"
HOST = stack.HOST_NAME
PASSWORD = secrets.token_urlsafe(16)
REDIS_DB = "redis://127.0.0.1:6379/11"


def redis_answers():
    try:
        return Redis.from_url(REDIS_DB, socket_connect_timeout=1).ping()
    except RedisError:
        return False


def psql(url, sql):
    subprocess.run(["psql", url, "-v", "ON_ERROR_STOP=1", "-qtAc", sql], check=True, capture_output=True)


@pytest.fixture(scope="module")
def two_servers(django_db_setup, django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock():
        vendor = connection.vendor
        server = connection.settings_dict
    if vendor != "postgresql":
        pytest.skip("two servers share a PostgreSQL database: run with DATABASE_URL=postgres://… (CI does)")
    if stack.NGINX is None:
        pytest.skip("nginx is not installed (apt-get install nginx-light)")
    if not redis_answers():
        pytest.skip(f"no Redis answers at {REDIS_DB}")
    base = f"postgres://{server['USER']}@{server['HOST'] or '127.0.0.1'}:{server['PORT'] or 5432}"
    name = f"cg_two_servers_{secrets.token_hex(4)}"
    folder = tmp_path_factory.mktemp("two-servers")
    env = {
        "PATH": os.environ["PATH"],
        "PGPASSWORD": server.get("PASSWORD") or "",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": f"{HOST},127.0.0.1",
        "DATABASE_URL": f"{base}/{name}",
        "REDIS_URL": REDIS_DB,
        "STATIC_ROOT": str(folder / "staticfiles"),
        "MEDIA_ROOT": str(folder / "media"),
        "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto",
        "LOGIN_THROTTLE_PROXY_COUNT": "1",
        "GUNICORN_WORKERS": "1",
        "GUNICORN_ACCESS_LOG": "",
        "DJANGO_SUPERUSER_PASSWORD": PASSWORD,
    }
    psql(f"{base}/postgres", f'CREATE DATABASE "{name}"')
    sockets = Path(tempfile.mkdtemp(prefix="careerguide-"))
    sockets.chmod(0o755)
    processes = []
    try:
        stack.manage(
            env,
            ["migrate", "--noinput"],
            ["ensure_seed"],
            ["collectstatic", "--noinput"],
            ["createsuperuser", "--noinput", "--username", "editor", "--email", "editor@example.org"],
        )
        subprocess.run(["redis-cli", "-u", REDIS_DB, "flushdb"], check=False, capture_output=True)
        upstreams = [sockets / "gunicorn.sock", sockets / "gunicorn-2.sock"]
        # Appended one by one: those started are stopped if the next fails to start.
        processes.extend(stack.start_gunicorn(env, upstream) for upstream in upstreams)
        http_port, https_port = stack.free_port(), stack.free_port()
        config = stack.nginx_main_config(
            folder, stack.loopback_site(folder, http_port, https_port, upstreams, folder)
        )
        processes.append(stack.start_nginx(config))
        stack.wait_for(f"http://127.0.0.1:{http_port}/healthz", host=HOST)
        yield {"https": https_port, "sockets": upstreams}
    finally:
        for process in reversed(processes):
            stack.stop(process, how=signal.SIGINT)
        shutil.rmtree(sockets, ignore_errors=True)
        psql(f"{base}/postgres", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def through_nginx(served, path, cookie=None):
    connection = slowclients.NamedHTTPSConnection("127.0.0.1", served["https"], HOST, timeout=10)
    try:
        headers = {"Host": HOST, **({"Cookie": cookie} if cookie else {})}
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode()
    finally:
        connection.close()


class Server:
    """One gunicorn instance, asked directly on its socket, as nginx would (HTTPS said by header)."""

    def __init__(self, socket_path):
        self.socket_path = socket_path
        self.cookies = {}

    def request(self, method, path, form=None):
        connection = stack.UnixHTTPConnection(self.socket_path, timeout=10)
        headers = {"Host": HOST, "X-Forwarded-Proto": "https", "Referer": f"https://{HOST}{path}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return response.status, response.headers, response.read().decode()
        finally:
            connection.close()


def form_values(html):
    """The values a browser would send from the page's main form, as it shows them."""
    form = BeautifulSoup(html, "html.parser").select_one("form#resource_form")
    values = []
    for field in form.select("input[name], select[name], textarea[name]"):
        if (
            field.name == "input"
            and field.get("type") in ("checkbox", "radio")
            and not field.has_attr("checked")
        ):
            continue
        if field.name == "input" and field.get("type") in ("submit", "button", "file"):
            continue
        if field.name == "select":
            chosen = field.select("option[selected]")
            values += [(field["name"], option.get("value", "")) for option in chosen]
            continue
        values.append(
            (field["name"], field.get_text() if field.name == "textarea" else field.get("value", ""))
        )
    return values


def test_one_visitors_page_is_never_served_to_another(two_servers):
    status, headers, _ = through_nginx(two_servers, SCHOOL)
    assert status == 200 and headers["Cache-Control"] == "public, max-age=0, must-revalidate, s-maxage=30"
    status, headers, anonymous = through_nginx(two_servers, SCHOOL)
    assert headers["X-Proxy-Cache"] == "HIT"
    assert "University of Southern California" not in anonymous
    # A visitor with a shortlist gets their own page from Django, marked private and not stored.
    status, headers, own = through_nginx(
        two_servers, SCHOOL, cookie="shortlist=university-of-southern-california"
    )
    assert status == 200
    assert headers["X-Proxy-Cache"] == "BYPASS"
    assert headers["Cache-Control"] == "private, max-age=0, must-revalidate"
    assert "University of Southern California" in own
    # Everyone else still gets the shared page, without that shortlist.
    status, headers, after = through_nginx(two_servers, SCHOOL)
    assert headers["X-Proxy-Cache"] == "HIT"
    assert "University of Southern California" not in after
    # And the next visitor with a cookie never gets the first one's page.
    _, headers, other = through_nginx(
        two_servers, SCHOOL, cookie="shortlist=university-of-illinois-urbana-champaign"
    )
    assert headers["X-Proxy-Cache"] == "BYPASS"
    assert "University of Southern California" not in other


def test_html_json_and_csv_are_compressed_through_nginx(two_servers):
    for path in ("/", "/api/schools/", "/schools/export.csv"):
        connection = slowclients.NamedHTTPSConnection("127.0.0.1", two_servers["https"], HOST, timeout=10)
        try:
            connection.request("GET", path, headers={"Host": HOST, "Accept-Encoding": "gzip"})
            response = connection.getresponse()
            response.read()
            assert response.status == 200, path
            assert response.headers["Content-Encoding"] == "gzip", path
        finally:
            connection.close()


def test_a_save_through_one_server_is_seen_at_once_through_the_other(two_servers):
    first, second = (Server(path) for path in two_servers["sockets"])
    status, _, before = second.request("GET", "/resources/")
    assert status == 200 and "Shared between servers" not in before
    etag_before = second.request("GET", "/resources/")[1]["ETag"]
    # An editor logs in through the first server...
    first.request("GET", "/admin/login/")
    status, headers, _ = first.request(
        "POST",
        "/admin/login/?next=/admin/",
        {
            "username": "editor",
            "password": PASSWORD,
            "csrfmiddlewaretoken": first.cookies["csrftoken"],
            "next": "/admin/",
        },
    )
    assert status == 302, headers
    # ...and the session holds on the second (sessions shared).
    second.cookies = dict(first.cookies)
    status, _, add_form = second.request("GET", "/admin/resources/resource/add/")
    assert status == 200
    # Adds a resource through the second server...
    values = [(name, value) for name, value in form_values(add_form) if name not in ("title", "url", "kind")]
    values += [("title", "Shared between servers"), ("url", "https://example.org/shared"), ("kind", "book")]
    status, headers, page = second.request("POST", "/admin/resources/resource/add/", values)
    assert status == 302, re.findall(r'class="errorlist[^"]*">(.*?)</ul>', page, re.S)
    # ...and the first server's public page shows it at once, under a new ETag.
    status, headers, after = first.request("GET", "/resources/")
    assert status == 200 and "Shared between servers" in after
    assert headers["ETag"] != etag_before

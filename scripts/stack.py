"""Run the production stack on loopback for tests and measurements: gunicorn with
deploy/gunicorn.conf.py and, in front of it, nginx with deploy/nginx.conf and
deploy/nginx-careerguide.conf.

The nginx files are used as shipped; only what differs on a test machine is rewritten (ports, the
gunicorn socket, certificate, the checkout's folder, where nginx writes). Plain Python: imports no
Django app.
"""

import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"
NGINX_MAIN = ROOT / "deploy" / "nginx.conf"
NGINX_SITE = ROOT / "deploy" / "nginx-careerguide.conf"
GUNICORN_SOCKET = "/run/careerguide/gunicorn.sock"  # the recipe's bind and upstream
# The site file's upstream: two gunicorn instances, the first on GUNICORN_SOCKET.
GUNICORN_SOCKETS = (GUNICORN_SOCKET, "/run/careerguide/gunicorn-2.sock")
PROXY_CACHE = "/var/cache/nginx/careerguide"
HOST_NAME = "careerguide.example.org"  # the site file's server_name
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


def manage(env, *commands):
    """Run manage.py commands (each a list of its arguments) in order, in this checkout with `env`;
    the first to fail raises, its output attached."""
    for command in commands:
        subprocess.run(
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True
        )


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class UnixHTTPConnection(http.client.HTTPConnection):
    """HTTP over a unix socket (gunicorn's, as nginx reaches it)."""

    def __init__(self, path, timeout=10):
        super().__init__("localhost", timeout=timeout)
        self.path = str(path)

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(self.path)


def answers(url, host=None):
    """Whether `url` (or `unix:<socket path>` for gunicorn's /healthz) answers 200 now."""
    if url.startswith("unix:"):
        connection = UnixHTTPConnection(url.removeprefix("unix:"), timeout=2)
        try:
            connection.request("GET", "/healthz", headers={"Host": host or "127.0.0.1"})
            return connection.getresponse().status == 200
        finally:
            connection.close()
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    with urllib.request.urlopen(request, timeout=2) as response:
        return response.status == 200


def wait_for(url, deadline_seconds=30, host=None):
    """Poll `url` until it answers 200; raise with the last error after the deadline."""
    deadline = time.monotonic() + deadline_seconds
    last_error = None
    while time.monotonic() < deadline:
        try:
            if answers(url, host):
                return
        except OSError as error:
            last_error = error
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {deadline_seconds} s: {last_error}")


def stop(process, grace_seconds=10, how=signal.SIGTERM):
    """Stop a process this module started: `how` (SIGTERM, for gunicorn a graceful stop; SIGINT
    its quick one, for servers whose requests need no finishing), then SIGKILL after the grace
    period."""
    if process.poll() is None:
        process.send_signal(how)
        try:
            process.wait(grace_seconds)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def bind_address(upstream):
    """gunicorn's --bind for `upstream`: a loopback port (int), or a unix socket (a path)."""
    return f"127.0.0.1:{upstream}" if isinstance(upstream, int) else f"unix:{upstream}"


def start_gunicorn(env, upstream, *extra_args, log=None, config=GUNICORN_CONF):
    """gunicorn bound to 127.0.0.1:`upstream` (a port) or to the unix socket `upstream` (a path),
    with the deploy config unless `config` is None (extra arguments override the config)."""
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        *(["-c", str(config)] if config else []),
        "--bind",
        bind_address(upstream),
        *extra_args,
        "careerguide.wsgi",
    ]
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log or subprocess.DEVNULL, stderr=log or subprocess.DEVNULL
    )
    try:
        bind = bind_address(upstream)
        wait_for(f"http://{bind}/healthz" if isinstance(upstream, int) else bind)
    except RuntimeError:
        stop(process)
        raise
    return process


def self_signed_certificate(folder):
    certificate, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            f"/CN={HOST_NAME}",
            "-keyout",
            str(key),
            "-out",
            str(certificate),
        ],
        check=True,
        capture_output=True,
    )
    return certificate, key


def loopback_site(folder, http_port, https_port, upstream, site_root, *, proxy_cache=True):
    """The shipped site file with this machine's ports, gunicorn's addresses (`upstream`: a
    loopback port or a unix socket's path, or a list of them, one per instance; one address
    stands for both of the file's), certificate, checkout folder and pages' cache folder (or
    none: `proxy_cache=False`)."""
    certificate, key = self_signed_certificate(folder)
    text = NGINX_SITE.read_text()
    text = re.sub(r"listen 80\b", f"listen 127.0.0.1:{http_port}", text)
    text = re.sub(r"listen 443\b", f"listen 127.0.0.1:{https_port}", text)
    upstreams = list(upstream) if isinstance(upstream, (list, tuple)) else [upstream]
    for index, socket_path in enumerate(GUNICORN_SOCKETS):
        address = bind_address(upstreams[index % len(upstreams)])
        text = text.replace(f"server unix:{socket_path} ", f"server {address} ")
    text = text.replace(PROXY_CACHE, str(folder / "proxy_cache"))
    if not proxy_cache:
        text = text.replace("proxy_cache careerguide_pages;", "proxy_cache off;")
    text = re.sub(r"ssl_certificate \S+;", f"ssl_certificate {certificate};", text)
    text = re.sub(r"ssl_certificate_key \S+;", f"ssl_certificate_key {key};", text)
    return text.replace("/srv/careerguide/", f"{site_root}/")


def nginx_main_config(folder, site_text):
    """deploy/nginx.conf around the site file, with every path nginx writes inside `folder`."""
    (folder / "site.conf").write_text(site_text)
    text = NGINX_MAIN.read_text()
    # nginx started by root would run its workers as "nobody", who cannot read a private tmp folder.
    text = text.replace("user www-data;", "user root;" if os.geteuid() == 0 else "")
    text = text.replace("pid /run/nginx.pid;", f"pid {folder}/nginx.pid;")
    text = text.replace("error_log /var/log/nginx/error.log;", f"error_log {folder}/error.log warn;")
    text = text.replace("include /etc/nginx/modules-enabled/*.conf;", "")
    text = text.replace("access_log /var/log/nginx/access.log;", "access_log off;")
    text = text.replace("include /etc/nginx/conf.d/*.conf;", "")
    temp_paths = "".join(
        f"    {kind}_temp_path {folder}/{kind}_temp;\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    text = text.replace(
        "    include /etc/nginx/sites-enabled/*;", f"{temp_paths}    include {folder}/site.conf;"
    )
    config = folder / "nginx.conf"
    config.write_text(text)
    return config


def nginx_test(config):
    """`nginx -t` on a main config: (ok, output)."""
    result = subprocess.run(
        [NGINX, "-t", "-c", str(config), "-e", str(config.parent / "error.log"), "-p", str(config.parent)],
        capture_output=True,
        text=True,
        check=False,
    )
    return result.returncode == 0, result.stderr


def start_nginx(config):
    return subprocess.Popen(
        [
            NGINX,
            "-c",
            str(config),
            "-e",
            str(config.parent / "error.log"),
            "-p",
            str(config.parent),
            "-g",
            "daemon off;",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

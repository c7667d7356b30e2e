"""gunicorn for Careerguide: `gunicorn -c deploy/gunicorn.conf.py careerguide.wsgi`.

Behind nginx (deploy/nginx-careerguide.conf), which buffers whole requests and responses, so a
slow or trickling client ties up an nginx connection, never a worker. Threaded workers keep
answering even when something reaches gunicorn directly and dawdles: a connection is handed to a
thread only once it has data, and one slow request holds one thread, not a whole worker.
Every value can be changed from the environment (GUNICORN_*) without editing this file; see
docs/deploy.md for the service that runs it.
"""

import multiprocessing
import os
from pathlib import Path


def env_int(name, default):
    return int(os.environ.get(name, default))


# A unix socket only nginx can open: gunicorn runs with nginx's group (www-data) and the socket is
# made with mode 0770 (umask 007), so no other user or process on the machine, and nothing on the
# network, reaches gunicorn. What nginx forwards (X-Forwarded-For, X-Forwarded-Proto: it replaces
# what clients send) is then the only account of a request's client and scheme gunicorn and Django
# ever see: login throttling counts addresses nobody can forge. gunicorn trusts the scheme header
# from any peer of a unix socket (forwarded_allow_ips below applies to TCP peers only).
# GUNICORN_BIND=127.0.0.1:8000 binds to loopback instead (the socket's permissions are then
# replaced by "every process on this machine").
bind = os.environ.get("GUNICORN_BIND", "unix:/run/careerguide/gunicorn.sock")
umask = 0o007
forwarded_allow_ips = "127.0.0.1,::1"

worker_class = "gthread"
workers = env_int("GUNICORN_WORKERS", multiprocessing.cpu_count() + 1)
threads = env_int("GUNICORN_THREADS", 4)
# Connections waiting for a free thread; beyond it the kernel's listen backlog holds them.
worker_connections = env_int("GUNICORN_WORKER_CONNECTIONS", 200)

# A request running longer than this is stuck: the worker is replaced (the CSV of every school
# takes about half a second). Graceful restarts let running requests finish for as long.
timeout = env_int("GUNICORN_TIMEOUT", 30)
graceful_timeout = env_int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# nginx opens a connection per request (no upstream keep-alive: deploy/nginx-careerguide.conf says
# why) and closes it after the response; a client that reaches gunicorn some other way (a monitor on
# the socket) has its idle connection closed after this many seconds.
keepalive = env_int("GUNICORN_KEEPALIVE", 5)

# Recycle each worker after about a thousand requests (jitter keeps them from restarting together),
# so a slow leak in any library cannot grow without bound. A worker on its way out drops the
# connections it accepted but had not read: nginx sends those requests again (proxy_next_upstream).
max_requests = env_int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = env_int("GUNICORN_MAX_REQUESTS_JITTER", 200)

# Request limits above nginx's (a line of 8 KB, 32 KB of headers in all), so that every request
# nginx passes on is one gunicorn reads: a request line of at most 8,190 bytes (gunicorn's most; nginx's
# is the same), a header line of at most 16 KB (nginx: 8 KB), and as many header lines as fit in
# nginx's 32 KB (gunicorn's most, 32,768). nginx answers what is larger itself, with the site's headers.
limit_request_line = 8190
limit_request_fields = 32768
limit_request_field_size = 16384

# Worker heartbeats in memory, not on a disk that may stall.
# /dev/shm is a memory file system, not a shared temporary folder others could write to.
worker_tmp_dir = "/dev/shm" if Path("/dev/shm").is_dir() else None  # noqa: S108

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None  # empty: no access log
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "careerguide"

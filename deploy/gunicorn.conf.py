"""gunicorn for Careerguide: `gunicorn -c deploy/gunicorn.conf.py careerguide.wsgi`.

Behind nginx (deploy/nginx-careerguide.conf), which buffers whole requests and responses, so a
slow or trickling client ties up an nginx connection, never a worker. Threaded workers keep
answering even when something reaches gunicorn directly and dawdles: a connection is handed to a
thread only once it has data, and one slow request holds one thread, not a whole worker.
Every value can be changed from the environment (GUNICORN_*) without editing this file.
"""

import multiprocessing
import os
from pathlib import Path


def env_int(name, default):
    return int(os.environ.get(name, default))


# Loopback only: the proxy is the one door in. GUNICORN_BIND=unix:/run/careerguide.sock also works.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

worker_class = "gthread"
workers = env_int("GUNICORN_WORKERS", multiprocessing.cpu_count() + 1)
threads = env_int("GUNICORN_THREADS", 4)
# Connections waiting for a free thread; beyond it the kernel's listen backlog holds them.
worker_connections = env_int("GUNICORN_WORKER_CONNECTIONS", 200)

# A request running longer than this is stuck: the worker is replaced (the CSV of every school
# takes about half a second). Graceful restarts let running requests finish for as long.
timeout = env_int("GUNICORN_TIMEOUT", 30)
graceful_timeout = env_int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# Idle keep-alive connections from the proxy are closed after this many seconds.
keepalive = env_int("GUNICORN_KEEPALIVE", 5)

# Recycle each worker after about a thousand requests (jitter keeps them from restarting together),
# so a slow leak in any library cannot grow without bound.
max_requests = env_int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = env_int("GUNICORN_MAX_REQUESTS_JITTER", 200)

# Request line and header limits as gunicorn's defaults, stated: nginx enforces the same or less.
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190

# Worker heartbeats in memory, not on a disk that may stall.
# /dev/shm is a memory file system, not a shared temporary folder others could write to.
worker_tmp_dir = "/dev/shm" if Path("/dev/shm").is_dir() else None  # noqa: S108

# Only the proxy on this machine may say which scheme and address the client used.
forwarded_allow_ips = "127.0.0.1,::1"

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None  # empty: no access log
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "careerguide"

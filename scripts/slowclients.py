"""Slow clients against a running site: connections that trickle their headers one byte a second
(reconnecting whenever the server drops them) while /healthz is asked twice a second.

    python scripts/slowclients.py http://127.0.0.1:8000 --clients 3 --seconds 30

Prints how /healthz answered meanwhile: latencies and failures, and how many slow connections the
server dropped (nginx drops one after client_header_timeout). Loopback addresses only. One thread
per slow client: 1,500 of them (the SPEC's bar) are fine.
"""

import argparse
import functools
import http.client
import json
import resource
import select
import socket
import ssl
import statistics
import threading
import time
from urllib.parse import urlsplit

PROBE_TIMEOUT = 10.0


@functools.cache
def loopback_tls():
    """One client context for every connection (loading the system's certificates for each of
    1,500 would take the script's own time): loopback, a self-signed certificate, nothing verified."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


class NamedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to a loopback address that names the site (SNI) as a browser would."""

    def __init__(self, host, port, server_name, timeout):
        super().__init__(host, port, timeout=timeout, context=loopback_tls())
        self.server_name = server_name

    def connect(self):
        sock = socket.create_connection((self.host, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.server_name)


def connect(target, host_header, timeout):
    if target.scheme == "https":
        return NamedHTTPSConnection(target.hostname, target.port, host_header.split(":")[0], timeout)
    return http.client.HTTPConnection(target.hostname, target.port, timeout=timeout)


def raw_socket(target, host_header):
    sock = socket.create_connection((target.hostname, target.port), timeout=5)
    if target.scheme == "https":
        sock = loopback_tls().wrap_socket(sock, server_hostname=host_header.split(":")[0])
    return sock


def trickle(target, host_header, stop, counters, byte_interval=1.0):
    """Open a request and never finish its headers; start again whenever the server hangs up."""
    while not stop.is_set():
        try:
            sock = raw_socket(target, host_header)
        except OSError:
            counters["connect_failures"] += 1
            stop.wait(0.5)
            continue
        counters["connections"] += 1
        # poll, not select: select cannot watch a descriptor numbered over 1,023 (slow client 1,000 or so).
        watch = select.poll()
        watch.register(sock, select.POLLIN)
        try:
            sock.sendall(f"GET /healthz HTTP/1.1\r\nHost: {host_header}\r\nX-Slow: ".encode())
            sock.setblocking(False)
            while not stop.is_set():
                if watch.poll(byte_interval * 1000) and server_spoke(sock):
                    break  # the server answered (408) or closed: it has let go of us
                sock.send(b"a")
        except (OSError, ssl.SSLWantWriteError):
            pass
        finally:
            sock.close()
        if stop.is_set():
            return
        counters["dropped"] += 1


def server_spoke(sock):
    """Whether the server sent something of its own (an answer, or the end of the connection) and
    not only TLS housekeeping: a TLS 1.3 server sends its session tickets after the handshake."""
    try:
        sock.recv(4096)
    except (ssl.SSLWantReadError, BlockingIOError):
        return False
    return True


def probe(target, host_header, stop, results, interval=0.5):
    while not stop.is_set():
        started = time.perf_counter()
        connection = connect(target, host_header, PROBE_TIMEOUT)
        try:
            connection.request("GET", "/healthz", headers={"Host": host_header})
            response = connection.getresponse()
            body = response.read()
            ok = response.status == 200 and body == b"ok"
            results.append((time.perf_counter() - started, ok, f"HTTP {response.status}"))
        except OSError as error:
            results.append((time.perf_counter() - started, False, type(error).__name__))
        finally:
            connection.close()
        stop.wait(interval)


def allow_descriptors(count):
    """Raise this process's limit of open files to `count` where the hard limit allows (Debian
    starts processes at 1,024; a slow client holds one, and reconnects)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = count if hard == resource.RLIM_INFINITY else min(count, hard)
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))


def run(url, clients=3, seconds=30.0, host_header=None, settle=1.5):
    """Trickle `clients` connections at `url` for `seconds`, probing /healthz once they have had
    `settle` seconds to take their places; return the figures."""
    target = urlsplit(url)
    if target.hostname not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("Slow clients are for loopback addresses only.")
    host_header = host_header or target.netloc
    allow_descriptors(2 * clients + 256)
    stop = threading.Event()
    counters = {"connections": 0, "connect_failures": 0, "dropped": 0}
    results = []
    threads = [
        threading.Thread(target=trickle, args=(target, host_header, stop, counters), daemon=True)
        for _ in range(clients)
    ]
    for thread in threads:
        thread.start()
    time.sleep(settle)  # let the slow clients take their places first
    prober = threading.Thread(target=probe, args=(target, host_header, stop, results), daemon=True)
    prober.start()
    time.sleep(seconds)
    stop.set()
    prober.join(PROBE_TIMEOUT + 1)
    # One deadline for them all: a slow client may be inside a connect of its own (5 s).
    deadline = time.monotonic() + 6
    for thread in threads:
        thread.join(max(0, deadline - time.monotonic()))
    answered = sorted(latency for latency, ok, _ in results if ok)
    failures = [outcome for _, ok, outcome in results if not ok]
    return {
        "slow_clients": clients,
        "seconds": seconds,
        "probes": len(results),
        "answered": len(answered),
        "failed": len(failures),
        "failures": sorted(set(failures)),
        "min_ms": round(answered[0] * 1000, 1) if answered else None,
        "p50_ms": round(statistics.median(answered) * 1000, 1) if answered else None,
        "max_ms": round(answered[-1] * 1000, 1) if answered else None,
        "slowest_probe_ms": round(max(latency for latency, _, _ in results) * 1000, 1) if results else None,
        "slow_connections_opened": counters["connections"],
        "slow_connections_dropped_by_the_server": counters["dropped"],
    }


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("url", help="the site's root on loopback, e.g. http://127.0.0.1:8000")
    parser.add_argument("--clients", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--host-header", help="Host header to send (default: the URL's)")
    arguments = parser.parse_args()
    print(
        json.dumps(run(arguments.url, arguments.clients, arguments.seconds, arguments.host_header), indent=2)
    )


if __name__ == "__main__":
    main()

"""This checkout against another, page by page, one request each in turn: the check behind "no page
slower than before" on a machine whose speed drifts.

    .venv/bin/python scripts/compare_speed.py --against ../round1 --size real
    .venv/bin/python scripts/compare_speed.py --against ../round1 --size x10 --requests 30 /schools/

Each checkout is served by its own gunicorn (one worker, DEBUG off, the page cache off: every request
renders) on the SQLite file its own `make bench` built (build/bench/real.sqlite3 or x10.sqlite3).
Both servers share one CPU and the client runs on the other, where the machine has two. The two
servers answer the same page alternately, in alternating order, so a slower stretch of the machine
weighs on both alike: the figure to read is the median of the per-pair ratios (this ÷ other), beside
each side's median. `make bench` times each checkout on its own, minutes apart; on a shared virtual
machine its medians drift by more than the differences it is asked to show.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(HERE))

from schools.management.commands.benchmark import fetch, free_port  # noqa: E402

# The pages of `make bench` (schools/management/commands/benchmark.py) that do not name schools.
PAGES = [
    "/healthz",
    "/",
    "/schools/",
    "/schools/?state=CA&tuition_in_max=20000&sort=-graduation_rate",
    "/schools/?state=MD&state=VA&control=public&admission_rate_max=60&sort=tuition_out",
    "/schools/?q=college&sort=name",
    "/schools/?graduation_rate_min=50&enrollment_min=5000&sort=-enrollment&per_page=100",
    "/schools/?home_state=MD&your_tuition_max=30000&sort=your_tuition",
    "/schools/?program=11.0701&sort=-earnings",
    "/careers/machine-learning-engineer/",
    "/api/schools/?state=CA&sort=-graduation_rate",
    "/schools/export.csv",
]


def serve(checkout, database, cpus):
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DEBUG": "0",
        "SECRET_KEY": "compare-speed-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "STATICFILES_MANIFEST": "0",
        "CONN_MAX_AGE": "600",
        "LOG_LEVEL": "ERROR",
        "PAGE_CACHE": "0",
    }
    command = [
        str(checkout / ".venv" / "bin" / "gunicorn"),
        "careerguide.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
    ]
    process = subprocess.Popen(
        [*command, "--workers", "1"],
        cwd=checkout,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        preexec_fn=(lambda: os.sched_setaffinity(0, cpus)) if cpus else None,  # noqa: PLW1509
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"The server of {checkout} exited with code {process.returncode}.")
        try:
            if fetch(port, "/healthz")[0] == 200:
                return process, port
        except OSError:
            time.sleep(0.2)
    process.kill()
    sys.exit(f"The server of {checkout} did not answer within 60 s.")


def compare(ports, path, requests):
    """{name: [ms, …]} and the per-pair ratios of this checkout's time to the other's."""
    for port in ports.values():
        for _ in range(3):  # warm-up, and the check that both answer
            status, _body, _seconds = fetch(port, path)
            if status != 200:
                sys.exit(f"{path} answered {status}.")
    times = {name: [] for name in ports}
    ratios = []
    for turn in range(requests):
        order = list(ports) if turn % 2 == 0 else list(reversed(ports))
        took = {name: fetch(ports[name], path)[2] * 1000 for name in order}
        for name, milliseconds in took.items():
            times[name].append(milliseconds)
        ratios.append(took["this"] / took["other"])
    return times, ratios


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--against", required=True, type=Path, help="The other checkout, after its `make bench`."
    )
    parser.add_argument("--size", default="real", choices=["real", "x10"])
    parser.add_argument("--requests", type=int, default=60, help="Pairs of requests a page (CSV: a sixth).")
    parser.add_argument("pages", nargs="*", default=PAGES)
    options = parser.parse_args()

    checkouts = {"this": HERE, "other": options.against.resolve()}
    databases = {
        name: path / "build" / "bench" / f"{options.size}.sqlite3" for name, path in checkouts.items()
    }
    for name, database in databases.items():
        if not database.exists():
            sys.exit(f"No {database}: run `make bench` in {checkouts[name]} first.")
    cpus = os.sched_getaffinity(0)
    server_cpus, client_cpus = ({max(cpus)}, cpus - {max(cpus)}) if len(cpus) > 1 else (None, None)
    if client_cpus:
        os.sched_setaffinity(0, client_cpus)

    servers = {name: serve(checkouts[name], databases[name], server_cpus) for name in checkouts}
    try:
        ports = {name: port for name, (_process, port) in servers.items()}
        print(f"{options.size}: this = {HERE}, other = {checkouts['other']}")
        print(f"{'page':<60} {'other':>9} {'this':>9} {'this÷other':>10}")
        for path in options.pages:
            requests = max(6, options.requests // 6) if path.endswith(".csv") else options.requests
            times, ratios = compare(ports, path, requests)
            print(
                f"{path[:60]:<60} {statistics.median(times['other']):7.1f}ms "
                f"{statistics.median(times['this']):7.1f}ms {statistics.median(ratios):10.2f}",
                flush=True,
            )
    finally:
        for process, _port in servers.values():
            process.terminate()
            process.wait(timeout=60)


if __name__ == "__main__":
    main()

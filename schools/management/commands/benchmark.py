"""SPEC section 6's benchmark: the site over HTTP at real and ten-times size, beside a floor and Datasette.

For each size it serves one SQLite file twice on loopback, the project with gunicorn and the same
file with Datasette, times the same questions asked of both, and prints medians, p95, query
counts and the ratios to the floor view (/healthz: one trivial query) and to Datasette.
"""

import http.client
import json
import math
import os
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.management import BaseCommand, CommandError

FLOOR = "floor (/healthz)"
# SPEC section 6's bars: an HTML page's first (uncached) hit at real size and at ten times, and a
# page served from the shared cache, each against the floor; exports are judged against Datasette.
FIRST_HIT_LIMIT, FIRST_HIT_LIMIT_AT_SCALE, CACHED_LIMIT = 30, 60, 1.5
PYTHON_BIN = Path(sys.executable).parent


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(port, path):
    """GET path on loopback with a fresh connection; return (status, body bytes, seconds)."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    return response.status, body, time.perf_counter() - started


def wait_until_up(port, path, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise CommandError(f"The server on port {port} exited with code {process.returncode}.")
        try:
            if fetch(port, path)[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise CommandError(f"The server on port {port} did not answer {path} within {seconds} s.")


def percentile(values, share):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


class Command(BaseCommand):
    help = (
        "Import the real data, grow a ten-times copy, and time the site against a floor view and Datasette."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--data",
            default=str(Path(settings.BASE_DIR).parent / "shared" / "data"),
            help="Public data folder.",
        )
        parser.add_argument("--out", default=str(Path(settings.BASE_DIR) / "build" / "bench"))
        parser.add_argument(
            "--requests", type=int, default=20, help="Timed requests per page (CSV: a quarter)."
        )
        parser.add_argument("--factor", type=int, default=10)
        parser.add_argument("--reuse", action="store_true", help="Reuse databases built by an earlier run.")

    def handle(self, *args, data, out, requests, factor, reuse, **options):
        ensure_tools()
        self.out = Path(out)
        self.out.mkdir(parents=True, exist_ok=True)
        self.requests = max(3, requests)
        data = Path(data)
        if not data.is_dir():
            raise CommandError(f"No public data at {data}: pass --data.")

        real_db, big_db = self.out / "real.sqlite3", self.out / f"x{factor}.sqlite3"
        report = {"import": {}, "sizes": {}}
        if not (reuse and real_db.exists() and big_db.exists()):
            report["import"] = self.build_databases(data, real_db, big_db, factor)
        for label, db in (("real", real_db), (f"x{factor}", big_db)):
            report["sizes"][label] = self.measure(label, db)

        self.print_report(report)
        (self.out.parent / "bench.json").write_text(json.dumps(report, indent=2))
        self.stdout.write(f"\nFigures written to {self.out.parent / 'bench.json'}")

    # --- databases -------------------------------------------------------------------------

    def django_env(self, db, page_cache=False):
        return {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{db.resolve()}",
            "DEBUG": "0",
            "SECRET_KEY": "benchmark-only-" + "x" * 40,
            "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "SECURE_SSL_REDIRECT": "0",
            "STATICFILES_MANIFEST": "0",
            "CONN_MAX_AGE": "600",
            "LOG_LEVEL": "ERROR",
            # Uncached: every request renders (the first hit of a page); cached: the shared page cache.
            "PAGE_CACHE": "1" if page_cache else "0",
        }

    def manage(self, db, *arguments):
        started = time.perf_counter()
        completed = subprocess.run(
            [sys.executable, "manage.py", *arguments],
            check=False,
            cwd=settings.BASE_DIR,
            env=self.django_env(db),
            capture_output=True,
            text=True,
        )
        if completed.returncode:
            raise CommandError(f"manage.py {' '.join(arguments)} failed:\n{completed.stderr[-3000:]}")
        return completed.stdout, time.perf_counter() - started

    def build_databases(self, data, real_db, big_db, factor):
        for path in self.out.glob("*.sqlite3*"):
            path.unlink()
        self.stdout.write(f"Building {real_db} from {data} …")
        self.manage(real_db, "migrate", "--noinput")
        self.manage(real_db, "ensure_seed")
        first_output, first = self.manage(real_db, "import_public_data", str(data))
        second_output, second = self.manage(real_db, "import_public_data", str(data))
        self.stdout.write(f"  import: first run {first:.1f} s, second run {second:.1f} s")
        self.stdout.write("  second run summary:\n" + "\n".join(second_output.strip().splitlines()[-16:]))
        with sqlite3.connect(real_db) as source, sqlite3.connect(big_db) as target:
            source.backup(target)
        _, grow = self.manage(big_db, "generate_synthetic_schools", "--factor", str(factor))
        self.stdout.write(f"  {factor}x copy grown in {grow:.1f} s")
        return {
            "first_run_seconds": round(first, 2),
            "second_run_seconds": round(second, 2),
            "grow_seconds": round(grow, 2),
            "first_run_summary": first_output.strip().splitlines()[-16:],
            "second_run_summary": second_output.strip().splitlines()[-16:],
        }

    # --- serving and timing ------------------------------------------------------------------

    def gunicorn(self, db, port, log, page_cache):
        return subprocess.Popen(
            [
                str(PYTHON_BIN / "gunicorn"),
                "careerguide.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
            ],
            cwd=settings.BASE_DIR,
            env=self.django_env(db, page_cache=page_cache),
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    @contextmanager
    def servers(self, db):
        django_port, cached_port, datasette_port = free_port(), free_port(), free_port()
        logs = (
            (self.out / f"{db.stem}-gunicorn.log").open("w"),
            (self.out / f"{db.stem}-gunicorn-cached.log").open("w"),
            (self.out / f"{db.stem}-datasette.log").open("w"),
        )
        gunicorn = self.gunicorn(db, django_port, logs[0], page_cache=False)
        cached = self.gunicorn(db, cached_port, logs[1], page_cache=True)
        datasette = subprocess.Popen(
            [
                str(PYTHON_BIN / "datasette"),
                "serve",
                str(db),
                "--host",
                "127.0.0.1",
                "--port",
                str(datasette_port),
                # Facet suggestions are extra work the finder does not do; CSV is not capped; no query
                # is cut short by the default one-second limit.
                "--setting",
                "suggest_facets",
                "off",
                "--setting",
                "max_csv_mb",
                "0",
                "--setting",
                "sql_time_limit_ms",
                "60000",
            ],
            stdout=logs[2],
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_up(django_port, "/healthz", gunicorn)
            wait_until_up(cached_port, "/healthz", cached)
            wait_until_up(datasette_port, "/-/versions.json", datasette)
            yield django_port, cached_port, datasette_port
        finally:
            for process in (gunicorn, cached, datasette):
                process.terminate()
                try:
                    process.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            for log in logs:
                log.close()

    def cases(self, db):
        table = f"/{db.stem}/schools_school"
        with sqlite3.connect(db) as connection:
            slugs = [
                row[0]
                for row in connection.execute(
                    "SELECT slug FROM schools_school WHERE enrollment IS NOT NULL ORDER BY enrollment DESC LIMIT 10"
                )
            ]
        compare = "/schools/compare/?" + "&".join(f"school={slug}" for slug in slugs)
        return [
            (FLOOR, "/healthz", None),
            ("home page (smallest HTML page)", "/", None),
            ("careers explorer", "/careers/", None),
            ("search: 'nursing'", "/search/?q=nursing", None),
            ("school page: the largest school", f"/schools/{slugs[0]}/", None),
            ("finder: first page", "/schools/", f"{table}?_sort=name&_size=25"),
            (
                "finder: CA, in-state ≤ $20k, by graduation ↓",
                "/schools/?state=CA&tuition_in_max=20000&sort=-graduation_rate",
                f"{table}?state__exact=CA&tuition_in_state__lte=20000&_sort_desc=graduation_rate&_size=25",
            ),
            (
                "finder: MD+VA public, admit ≤ 60%, by out-of-state",
                "/schools/?state=MD&state=VA&control=public&admission_rate_max=60&sort=tuition_out",
                f"{table}?state__in=MD,VA&control__exact=1&admission_rate__lte=60&_sort=tuition_out_of_state&_size=25",
            ),
            (
                "finder: 'college' by name",
                "/schools/?q=college&sort=name",
                f"{table}?name__contains=college&_sort=name&_size=25",
            ),
            (
                "finder: grad ≥ 50%, 5k+ students, by size ↓, 100/page",
                "/schools/?graduation_rate_min=50&enrollment_min=5000&sort=-enrollment&per_page=100",
                f"{table}?graduation_rate__gte=50&enrollment__gte=5000&_sort_desc=enrollment&_size=100",
            ),
            (
                "finder: MD student, your tuition ≤ $30k",
                "/schools/?home_state=MD&your_tuition_max=30000&sort=your_tuition",
                None,
            ),
            ("finder: offers 11.0701, by earnings ↓", "/schools/?program=11.0701&sort=-earnings", None),
            ("finder: within 500 miles of 20742, nearest first", "/schools/?near=20742&within=500", None),
            (
                "finder: MD public at a family income of $25k, by net price",
                "/schools/?income=25000&state=MD&control=public&sort=net_price",
                None,
            ),
            ("compare: 10 schools", compare, None),
            ("compare: 10 schools, income and ZIP code", f"{compare}&income=25000&near=20742", None),
            ("career page", "/careers/machine-learning-engineer/", None),
            ("JSON API: CA by graduation ↓", "/api/schools/?state=CA&sort=-graduation_rate", None),
            ("CSV export: every school", "/schools/export.csv", f"{table}.csv?_stream=on&_size=max"),
        ]

    def time_path(self, port, path, heavy):
        runs = max(3, self.requests // 4) if heavy else self.requests
        status, body, _ = fetch(port, path)  # warm-up, and the check that it works
        if status != 200:
            return {"status": status, "error": body[:300].decode(errors="replace")}
        fetch(port, path)
        timings = [fetch(port, path)[2] * 1000 for _ in range(runs)]
        return {
            "status": status,
            "bytes": len(body),
            "runs": runs,
            "median_ms": round(statistics.median(timings), 2),
            "p95_ms": round(percentile(timings, 0.95), 2),
        }

    def measure(self, label, db):
        self.stdout.write(f"\nMeasuring {label} ({db.name}) …")
        cases = self.cases(db)
        counts_output, _ = self.manage(db, "count_queries", *(path for _, path, _ in cases))
        counts = json.loads(counts_output.strip().splitlines()[-1])
        with sqlite3.connect(db) as connection:
            schools = connection.execute("SELECT COUNT(*) FROM schools_school").fetchone()[0]
        rows = []
        with self.servers(db) as (django_port, cached_port, datasette_port):
            for name, path, datasette_path in cases:
                heavy = path.endswith(".csv")
                row = {"name": name, "path": path, "queries": counts[path]["queries"]}
                row["django"] = self.time_path(django_port, path, heavy)
                row["cached"] = self.time_path(cached_port, path, heavy)
                if datasette_path:
                    row["datasette_path"] = datasette_path
                    row["datasette"] = self.time_path(datasette_port, datasette_path, heavy)
                rows.append(row)
                self.stdout.write(
                    f"  {name}: {row['django'].get('median_ms', 'error')} ms, "
                    f"cached {row['cached'].get('median_ms', 'error')} ms"
                )
        floor = rows[0]["django"]["median_ms"]
        for row in rows:
            median = row["django"].get("median_ms")
            row["x_floor"] = round(median / floor, 1) if median else None
            cached = row["cached"].get("median_ms")
            row["cached_x_floor"] = round(cached / floor, 1) if cached else None
            peer = row.get("datasette", {}).get("median_ms")
            row["x_datasette"] = round(median / peer, 2) if median and peer else None
        return {"schools": schools, "rows": rows}

    def print_report(self, report):
        if report["import"]:
            figures = report["import"]
            self.stdout.write(
                f"\nImport of the public data on SQLite: first run {figures['first_run_seconds']} s, "
                f"second run {figures['second_run_seconds']} s; ten-times copy grown in {figures['grow_seconds']} s."
            )
        for label, size in report["sizes"].items():
            limit = FIRST_HIT_LIMIT if label == "real" else FIRST_HIT_LIMIT_AT_SCALE
            self.stdout.write(
                f"\n{label}: {size['schools']:,} schools (SPEC section 6: an HTML page's first hit ≤ "
                f"{limit}× floor, cached pages ≤ {CACHED_LIMIT}× floor, finder and exports faster than "
                "Datasette)"
            )
            header = (
                f"{'page':<52} {'median':>8} {'p95':>8} {'queries':>7} {'×floor':>7} "
                f"{'cached':>8} {'×floor':>7} {'datasette':>10} {'×ds':>6}"
            )
            self.stdout.write(header)
            self.stdout.write("-" * len(header))
            for row in size["rows"]:
                django = row["django"]
                if "error" in django:
                    self.stdout.write(f"{row['name']:<52} ERROR {django['status']}: {django['error'][:60]}")
                    continue
                peer = row.get("datasette", {})
                is_export = row["path"].endswith(".csv") or row["path"].startswith("/api/")
                verdict = "" if is_export or row["x_floor"] <= limit else "  over floor target"
                if not is_export and (row["cached_x_floor"] or 0) > CACHED_LIMIT:
                    verdict += "  cached over target"
                if row["x_datasette"] is not None and row["x_datasette"] >= 1:
                    verdict += "  slower than Datasette"
                cached = row["cached"]
                self.stdout.write(
                    f"{row['name']:<52} {django['median_ms']:>6.1f}ms {django['p95_ms']:>6.1f}ms "
                    f"{row['queries']:>7} {row['x_floor']:>7.1f} "
                    f"{cached.get('median_ms', 0):>6.1f}ms {row['cached_x_floor'] or 0:>7.1f} "
                    f"{(str(peer.get('median_ms')) + 'ms') if peer.get('median_ms') else '—':>10} "
                    f"{row['x_datasette'] if row['x_datasette'] is not None else '—':>6}{verdict}"
                )


def ensure_tools():
    missing = [
        tool
        for tool in ("gunicorn", "datasette")
        if not (PYTHON_BIN / tool).exists() and not shutil.which(tool)
    ]
    if missing:
        raise CommandError(f"Missing {', '.join(missing)}: install requirements-bench.txt (make bench does).")

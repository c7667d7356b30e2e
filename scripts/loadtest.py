"""Bounded load test on loopback: gunicorn on PostgreSQL, a realistic mix of pages at 10, 50 and
100 concurrent clients, then slow clients (3 by default, --slow-clients) against /healthz.

    make loadtest                     # former-readme, deploy and deploy-nocache, ~5 minutes once the database is filled
    .venv/bin/python scripts/loadtest.py --recipes deploy,deploy-sync --levels 10,50 --seconds 10
    # workers recycled every ~200 requests under load, then 1,500 slow clients for 30 s:
    .venv/bin/python scripts/loadtest.py --recipes deploy --gunicorn-args "--max-requests 200 \\
        --max-requests-jitter 50" --slow-clients 1500 --slow-seconds 30

Recipes (every server shares Redis, REDIS_URL or LOADTEST_REDIS_URL, emptied before the run):
- `former-readme`: the README's former recipe, sync workers (`--workers 3`), no proxy (bound to
  loopback here, not 0.0.0.0: load tests stay on this machine).
- `deploy`: the deploy recipe: two gunicorn instances with deploy/gunicorn.conf.py (threaded
  workers, timeouts, recycling), each on its own unix socket, behind one nginx upstream with
  deploy/nginx.conf and deploy/nginx-careerguide.conf over TLS (its pages' cache on) when nginx
  is installed, else one gunicorn alone on a loopback port.
- `deploy-nocache`: the same with nginx's pages' cache off (what the cache does).
- `deploy-sync`: the deploy recipe with sync workers (what the proxy alone does for them).

Through nginx, the share of responses its pages' cache answered (X-Proxy-Cache: HIT) is printed.

The recipes take turns at each level, so other work on a shared machine weighs on them alike.

The database (LOADTEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/careerguide_loadtest)
is created and filled on the first run: the seed, then the public data from --data when that folder
exists, else a synthetic copy of the seed (generate_synthetic_schools). `--fresh` refills it.
Figures go to stdout and build/loadtest.json. Every process it starts is stopped on the way out.
"""

import argparse
import collections
import http.client
import json
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from redis import Redis

from scripts import slowclients, stack

ROOT = stack.ROOT
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/careerguide_loadtest"
DEFAULT_REDIS = "redis://127.0.0.1:6379/9"
REQUEST_TIMEOUT = 30.0
RECIPES = ("former-readme", "deploy", "deploy-nocache", "deploy-sync")
INSTANCES = 2  # gunicorn instances behind nginx in the deploy recipes


# --- The database -----------------------------------------------------------------------------


def manage(env, *arguments, quiet=True):
    subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL if quiet else None,
    )


def psql(database_url, sql, database="postgres"):
    server = database_url.rsplit("/", 1)[0]
    return subprocess.run(
        ["psql", f"{server}/{database}", "-tAc", sql], check=True, capture_output=True, text=True
    ).stdout.strip()


def prepare_database(env, database_url, data_folder, fresh):
    name = urlsplit(database_url).path.lstrip("/")
    exists = psql(database_url, f"SELECT 1 FROM pg_database WHERE datname = '{name}'") == "1"
    if exists and not fresh:
        # A run cut short while filling leaves no schools table or an empty one: refill then.
        migrated = (
            psql(database_url, "SELECT to_regclass('schools_school') IS NOT NULL", database=name) == "t"
        )
        schools = (
            psql(database_url, "SELECT count(*) FROM schools_school", database=name) if migrated else "0"
        )
        if int(schools) > 0:
            print(f"Database {name}: {schools} schools (reused; --fresh refills it).")
            return
    if exists:
        psql(database_url, f'DROP DATABASE "{name}" WITH (FORCE)')
    psql(database_url, f'CREATE DATABASE "{name}"')
    started = time.monotonic()
    manage(env, "migrate", "--noinput")
    manage(env, "ensure_seed")
    if data_folder and Path(data_folder).is_dir():
        manage(env, "import_public_data", str(data_folder))
    else:
        manage(env, "generate_synthetic_schools", "--factor", "50")
    schools = psql(database_url, "SELECT count(*) FROM schools_school", database=name)
    print(
        f"Database {name}: created and filled with {schools} schools in {time.monotonic() - started:.0f} s."
    )


# --- The page mix -----------------------------------------------------------------------------


class Site:
    """Where requests go: gunicorn directly over HTTP, or nginx over TLS with the site's host name."""

    def __init__(self, url, host_header):
        self.target = urlsplit(url)
        self.host_header = host_header

    def connection(self):
        return slowclients.connect(self.target, self.host_header, REQUEST_TIMEOUT)

    def get_json(self, path):
        connection = self.connection()
        try:
            connection.request("GET", path, headers={"Host": self.host_header})
            response = connection.getresponse()
            if response.status != 200:
                raise RuntimeError(f"{path}: HTTP {response.status}")
            return json.loads(response.read())
        finally:
            connection.close()


FINDER_FILTERS = [
    {},
    {"state": "CA"},
    {"state": ["MD", "VA"], "sort": "-graduation_rate"},
    {"control": "public", "tuition_in_max": "12000", "sort": "tuition_in"},
    {"q": "university", "sort": "-earnings"},
    {"program": "11.07", "sort": "-earnings"},
    {"admission_rate_max": "50", "per_page": "50", "sort": "admission_rate"},
    {"home_state": "TX", "your_tuition_max": "20000", "sort": "your_tuition"},
    {"state": "NY", "page": "2"},
]


def page_mix(site):
    """(kind, weight, path maker) for what students and parents ask, with slugs read from the API."""
    # The 50 largest schools (long program lists) and 50 of every size.
    schools = [
        row["slug"]
        for path in ("/api/schools/?per_page=50&sort=-enrollment", "/api/schools/?per_page=50&page=20")
        for row in site.get_json(path)["results"]
    ]
    careers = [row["slug"] for row in site.get_json("/api/careers/?per_page=100")["results"]] or [
        "machine-learning-engineer"
    ]
    states = ["CA", "TX", "NY", "MD", "FL", "OH", "PA", "IL"]

    def query(filters):
        return "?" + urlencode(filters, doseq=True) if filters else ""

    return [
        ("home", 10, lambda: "/"),
        ("finder", 30, lambda: "/schools/" + query(random.choice(FINDER_FILTERS))),
        ("school", 20, lambda: f"/schools/{random.choice(schools)}/"),
        (
            "compare10",
            8,
            lambda: "/schools/compare/?"
            + urlencode({"school": random.sample(schools, min(10, len(schools)))}, doseq=True),
        ),
        ("career", 12, lambda: f"/careers/{random.choice(careers)}/"),
        ("csv", 5, lambda: f"/schools/export.csv?state={random.choice(states)}"),
        ("api", 15, lambda: "/api/schools/" + query(random.choice(FINDER_FILTERS))),
    ]


def client_loop(site, mix, stop, samples, errors, proxy_cache):
    kinds = [kind for kind, _, _ in mix]
    weights = [weight for _, weight, _ in mix]
    makers = {kind: maker for kind, _, maker in mix}
    connection = site.connection()
    while not stop.is_set():
        kind = random.choices(kinds, weights)[0]
        path = makers[kind]()
        started = time.perf_counter()
        try:
            connection.request("GET", path, headers={"Host": site.host_header, "Accept-Encoding": "identity"})
            response = connection.getresponse()
            response.read()
            elapsed = time.perf_counter() - started
            if response.status != 200:
                errors.append(f"{kind} HTTP {response.status}: {path}")
            samples.append((kind, elapsed))
            proxy_cache[response.headers.get("X-Proxy-Cache", "")] += 1
            if response.will_close:
                connection.close()
        except (OSError, http.client.HTTPException) as error:
            errors.append(f"{kind} {type(error).__name__}: {path}")
            samples.append((kind, time.perf_counter() - started))
            connection.close()
            connection = site.connection()
    connection.close()


def percentile(ordered, fraction):
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def run_level(site, mix, clients, seconds):
    stop = threading.Event()
    samples, errors, proxy_cache = [], [], collections.Counter()
    threads = [
        threading.Thread(
            target=client_loop, args=(site, mix, stop, samples, errors, proxy_cache), daemon=True
        )
        for _ in range(clients)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join(REQUEST_TIMEOUT + 5)
    elapsed = time.perf_counter() - started
    ordered = sorted(latency for _, latency in samples)
    by_kind = {}
    for kind, latency in samples:
        by_kind.setdefault(kind, []).append(latency)
    return {
        "clients": clients,
        "requests": len(samples),
        "errors": len(errors),
        "bad_gateway": sum(" HTTP 502:" in error for error in errors),
        "error_examples": sorted(set(errors))[:5],
        "req_per_s": round(len(samples) / elapsed, 1),
        "p50_ms": round(percentile(ordered, 0.50) * 1000, 1) if ordered else None,
        "p95_ms": round(percentile(ordered, 0.95) * 1000, 1) if ordered else None,
        "p99_ms": round(percentile(ordered, 0.99) * 1000, 1) if ordered else None,
        # None without nginx's pages' cache in front.
        "proxy_cache_hit_ratio": round(proxy_cache["HIT"] / sum(proxy_cache.values()), 3)
        if sum(proxy_cache.values()) - proxy_cache[""]
        else None,
        "median_ms_by_page": {
            kind: round(statistics.median(values) * 1000, 1) for kind, values in sorted(by_kind.items())
        },
        # The tail's source: in a closed loop, clients pile up on whichever page the cache cannot hold.
        "p99_ms_by_page": {
            kind: round(percentile(sorted(values), 0.99) * 1000, 1)
            for kind, values in sorted(by_kind.items())
        },
    }


# --- The recipes ------------------------------------------------------------------------------


def server_env(database_url, redis_url, static_root, media_root, behind_proxy):
    env = {
        key: value
        for key, value in os.environ.items()
        if key in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "PGPASSWORD")
    }
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=f"127.0.0.1,localhost,{stack.HOST_NAME}",
        DATABASE_URL=database_url,
        # The shared cache every instance and worker uses, as the README's deployment has it.
        REDIS_URL=redis_url,
        STATIC_ROOT=str(static_root),
        MEDIA_ROOT=str(media_root),
        GUNICORN_ACCESS_LOG="",
        LOG_LEVEL="ERROR",
        # Behind nginx the production settings hold: HTTPS only, scheme from X-Forwarded-Proto.
        SECURE_SSL_REDIRECT="1" if behind_proxy else "0",
        SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto" if behind_proxy else "",
    )
    return env


def start_recipe(recipe, arguments, database_url, workdir, log, processes):
    """Serve the site the recipe's way; the processes started are appended to `processes`."""
    use_proxy = recipe.startswith("deploy") and stack.NGINX is not None and not arguments.no_proxy
    env = server_env(database_url, arguments.redis_url, workdir / "static", workdir / "media", use_proxy)
    # Behind nginx, each gunicorn instance listens on a unix socket, as the recipe has it; alone,
    # one instance on a port.
    upstreams = (
        [workdir / f"gunicorn-{recipe}-{n}.sock" for n in range(1, INSTANCES + 1)]
        if use_proxy
        else [stack.free_port()]
    )
    if recipe == "former-readme":
        processes.append(stack.start_gunicorn(env, upstreams[0], "--workers", "3", log=log, config=None))
        description = "gunicorn --workers 3 (sync), no proxy"
    else:
        # gunicorn turns sync workers given threads into gthread ones: hence one thread.
        sync = ["--worker-class", "sync", "--threads", "1"] if recipe == "deploy-sync" else []
        options = arguments.gunicorn_args.split() + sync
        for upstream in upstreams:
            processes.append(stack.start_gunicorn(env, upstream, *options, log=log))
        description = (
            f"{len(upstreams)} × gunicorn -c deploy/gunicorn.conf.py {' '.join(options) or '(gthread)'}"
        )
    upstream = upstreams[0]
    site = Site(f"http://127.0.0.1:{upstream}", f"127.0.0.1:{upstream}") if not use_proxy else None
    if use_proxy:
        nginx_folder = workdir / f"nginx-{recipe}"
        nginx_folder.mkdir()
        https_port, http_port = stack.free_port(), stack.free_port()
        proxy_cache = recipe != "deploy-nocache"
        site_text = stack.loopback_site(
            nginx_folder, http_port, https_port, upstreams, workdir, proxy_cache=proxy_cache
        )
        config = stack.nginx_main_config(nginx_folder, site_text)
        ok, output = stack.nginx_test(config)
        if not ok:
            raise RuntimeError(f"nginx -t failed:\n{output}")
        processes.append(stack.start_nginx(config))
        stack.wait_for(f"http://127.0.0.1:{http_port}/healthz", host=stack.HOST_NAME)
        site = Site(f"https://127.0.0.1:{https_port}", stack.HOST_NAME)
        description += f", behind nginx (TLS, pages' cache {'on' if proxy_cache else 'off'})"
    return {"recipe": recipe, "setup": description, "site": site, "proxy": use_proxy}


def print_slow(label, slow, seconds):
    print(
        f"  {label}: {slow['slow_clients']:,} slow clients for {seconds:.0f} s, /healthz answered "
        f"{slow['answered']}/{slow['probes']}"
        f" (p50 {slow['p50_ms']} ms, max {slow['max_ms']} ms, slowest probe {slow['slowest_probe_ms']} ms)"
        + (f", failures {slow['failures']}" if slow["failed"] else "")
    )


def measure(served, arguments):
    """Every level for every recipe, the recipes taking turns at each level (so that other work on
    a shared machine weighs on them alike), then the slow clients against each."""
    for serving in served:
        print(f"{serving['recipe']}: {serving['setup']}")
        serving["mix"] = page_mix(serving["site"])
        serving["levels"] = []
        run_level(serving["site"], serving["mix"], 10, min(3.0, arguments.seconds))  # warm-up
    for clients in arguments.levels:
        print(f"\n{clients} concurrent clients, {arguments.seconds:.0f} s each:")
        for serving in served:
            result = run_level(serving["site"], serving["mix"], clients, arguments.seconds)
            serving["levels"].append(result)
            print(
                f"  {serving['recipe']:<12} {result['req_per_s']:>7} req/s  p50 {result['p50_ms']:>7} ms  "
                f"p95 {result['p95_ms']:>7} ms  p99 {result['p99_ms']:>7} ms  errors {result['errors']} "
                f"(502: {result['bad_gateway']})"
                + (
                    f"  proxy cache hits {result['proxy_cache_hit_ratio']:.0%}"
                    if result["proxy_cache_hit_ratio"] is not None
                    else ""
                )
                + (f"  e.g. {result['error_examples'][:2]}" if result["errors"] else "")
            )
            slowest = max(result["p99_ms_by_page"].items(), key=lambda item: item[1], default=None)
            if slowest:
                print(
                    f"{'':<16}slowest page: {slowest[0]} (median {result['median_ms_by_page'][slowest[0]]} ms, "
                    f"p99 {slowest[1]} ms)"
                )
    print()
    for serving in served:
        site = serving["site"]
        serving["slow_clients"] = slowclients.run(
            f"{site.target.scheme}://127.0.0.1:{site.target.port}",
            clients=arguments.slow_clients,
            seconds=arguments.slow_seconds,
            host_header=site.host_header,
        )
        print_slow(serving["recipe"], serving["slow_clients"], arguments.slow_seconds)
    return [
        {key: value for key, value in serving.items() if key not in ("site", "mix")} for serving in served
    ]


def parse_recipes(text):
    recipes = [recipe.strip() for recipe in text.split(",") if recipe.strip()]
    unknown = set(recipes) - set(RECIPES)
    if unknown or not recipes:
        raise argparse.ArgumentTypeError(f"recipes are {', '.join(RECIPES)}")
    return recipes


def parse_levels(text):
    return [int(level) for level in text.split(",") if level.strip()]


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--recipes",
        type=parse_recipes,
        default=["former-readme", "deploy", "deploy-nocache"],
        help="comma-separated, of former-readme, deploy, deploy-nocache, deploy-sync "
        "(default former-readme,deploy,deploy-nocache)",
    )
    parser.add_argument(
        "--levels", type=parse_levels, default=[10, 50, 100], help="concurrent clients, e.g. 10,50,100"
    )
    parser.add_argument("--seconds", type=float, default=15.0, help="per level (default 15)")
    parser.add_argument("--slow-seconds", type=float, default=20.0, help="the slow-client run (default 20)")
    parser.add_argument(
        "--slow-clients", type=int, default=3, help="connections trickling their headers (default 3)"
    )
    parser.add_argument(
        "--data", default=str(ROOT.parent / "shared" / "data"), help="public data folder to import"
    )
    parser.add_argument("--fresh", action="store_true", help="drop and refill the database")
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("LOADTEST_REDIS_URL") or os.environ.get("REDIS_URL") or DEFAULT_REDIS,
        help=f"the shared cache (default LOADTEST_REDIS_URL, else REDIS_URL, else {DEFAULT_REDIS}); emptied first",
    )
    parser.add_argument("--no-proxy", action="store_true", help="the deploy recipe without nginx")
    parser.add_argument(
        "--gunicorn-args",
        default="",
        help='the deploy recipe with other gunicorn options, e.g. "--worker-class sync"',
    )
    arguments = parser.parse_args()

    database_url = os.environ.get("LOADTEST_DATABASE_URL", DEFAULT_DATABASE)
    if any(
        urlsplit(url).hostname not in ("127.0.0.1", "localhost", "::1")
        for url in (database_url, arguments.redis_url)
    ):
        raise SystemExit("The load test runs on loopback only: the database and Redis must be local.")
    recipes = arguments.recipes
    build = ROOT / "build"
    build.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="careerguide-loadtest-") as folder:
        workdir = Path(folder)
        (workdir / "media").mkdir()
        env = server_env(
            database_url, arguments.redis_url, workdir / "static", workdir / "media", behind_proxy=False
        )
        prepare_database(env, database_url, arguments.data, arguments.fresh)
        # Every run starts from an empty shared cache, whatever the last one left.
        Redis.from_url(arguments.redis_url).flushdb()
        manage(env, "collectstatic", "--noinput")
        processes = []
        try:
            with (build / "loadtest-server.log").open("w") as log:
                served = [
                    start_recipe(recipe, arguments, database_url, workdir, log, processes)
                    for recipe in recipes
                ]
                results = measure(served, arguments)
        finally:
            for process in reversed(processes):
                stack.stop(process)
    (build / "loadtest.json").write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nFigures in {build / 'loadtest.json'}; server errors, if any, in build/loadtest-server.log.")
    failed = [r["recipe"] for r in results if any(level["errors"] for level in r["levels"])]
    if failed:
        print(f"Errors under load with: {', '.join(failed)}")


if __name__ == "__main__":
    main()

import contextlib
import importlib
import os
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.auth.models import Group, Permission, User
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from pytest_django.plugin import blocking_manager_key

from careerguide.core.cache import DATA_VERSION_KEY, data_version
from schools.models import ZipCode

PUBLIC_DATA = Path(settings.BASE_DIR).parent / "shared" / "data"
NO_PUBLIC_DATA = f"the public data extracts are not in {PUBLIC_DATA} (they are not shipped with the project)"


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """MD5 for tests only: an editor's login costs microseconds instead of ~0.3 s of PBKDF2."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache: a page cached by one test never answers another."""
    cache.clear()


def runs_outside_a_transaction(item):
    """Whether the test commits for real (a live server, `transactional_db`, `transaction=True`):
    Django then empties every table after it, so it cannot share data loaded around it."""
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return (
        "live_server" in fixtures
        or "transactional_db" in fixtures
        or bool(marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")))
    )


def shares_the_seed(item):
    return "seed_for_the_module" in getattr(item, "fixturenames", ()) and not runs_outside_a_transaction(item)


class SharedLoad:
    """Data loaded once for a run of consecutive tests that share it, inside one transaction that
    `pytest_runtest_teardown` rolls back after the last of them. Each test runs in its own savepoint
    inside it, so what one test changes the next never sees."""

    def __init__(self, load):
        self._load = load
        self.key = None  # which run of tests the open load serves
        self.value = None
        self.failure = None
        self._transaction = None

    def open(self, key, django_db_blocker):
        if self.key == key:
            return self.value
        if self.failure:
            pytest.fail(f"loading the shared data failed earlier in this run: {self.failure}")
        if self.key is not None:
            self.close()
        self._transaction = contextlib.ExitStack()
        self._transaction.enter_context(django_db_blocker.unblock())
        if connection.in_atomic_block:
            self._transaction.close()
            pytest.fail("shared data must load before the test's own transaction: request it before `db`")
        self._transaction.enter_context(transaction.atomic())
        try:
            self.value = self._load()
        except BaseException as error:
            self.failure = repr(error)
            self.close()
            raise
        self.key = key
        return self.value

    def close(self):
        if self._transaction is None:
            return
        transaction.set_rollback(True)
        self._transaction.close()
        self._transaction = None
        self.key = self.value = None


def load_the_seed():
    call_command("loaddata", "seed", verbosity=0)


SEED = SharedLoad(load_the_seed)


@pytest.fixture(scope="module")
def seed_for_the_module(request, django_db_setup, django_db_blocker):
    """`loaddata seed` once for a module's run of seeded tests (they run last in it, see
    `pytest_collection_modifyitems`). Module scope sets it up before any test's own transaction."""
    if shares_the_seed(request._pyfuncitem):
        SEED.open(request.path, django_db_blocker)
    yield
    SEED.close()


@pytest.fixture
def seed(request, seed_for_the_module, db):
    """The reference career page and its schools and resources, as `loaddata seed` installs them."""
    if SEED.key != request.path:  # a test that commits for real loads its own, emptied after it
        load_the_seed()


@pytest.fixture
def zip_codes(db):
    """Every ZIP code's centre, as migration 0010 copies them. A test that commits for real empties
    every table after it, this one included: refill it (within the test, rolled back after) then."""
    restore_the_zip_codes()


@pytest.fixture
def editor(db):
    user = User.objects.create_user("editor", "editor@example.com", "correct-horse-battery", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


# --- Real browser (Debian's chromium driven by Playwright), shared by the browser tests ---

# Debian's headless shell (package chromium-headless-shell): the same Blink and V8 as `chromium`
# without the desktop browser around them, as Playwright itself runs headless Chromium, and lighter
# on the CPU. `CHROMIUM=/usr/bin/chromium` runs the tests in the full browser.
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium-headless-shell") or shutil.which("chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        pytest.skip(
            "Debian's chromium is not installed (apt-get install chromium-headless-shell): no browser to drive"
        )
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are still
    # plain synchronous code, so Django's async-safety guard does not apply to them.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


SCREENSHOTS = Path(__file__).resolve().parent / "build" / "screenshots"


def pytest_addoption(parser):
    parser.addoption(
        "--screenshots",
        action="store_true",
        help="browser tests save full-page screenshots under build/screenshots/ (seconds of a run: off by default)",
    )


@pytest.fixture
def screenshot(request):
    """`screenshot(page, name)`: the page, whole, as build/screenshots/<name>.png, for a person to
    look at, when the run asks for them (`--screenshots`); nothing is asserted of it."""
    wanted = request.config.getoption("--screenshots")

    def save(page, name):
        if wanted:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    return save


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    yield context
    context.close()


# --- The order of the run, and the real public data imported once for it ------------------------


def xdist_group(item):
    """The real-data tests go to one pytest-xdist worker (one import serves them), each module's
    other tests to one worker (one seed serves them), its tests that commit for real apart."""
    if uses_real_data(item):
        return "real_data"
    if runs_outside_a_transaction(item):
        return f"{item.module.__name__}:commits"
    return item.module.__name__


def pytest_itemcollected(item):
    item.add_marker(pytest.mark.xdist_group(xdist_group(item)))


@pytest.hookimpl(trylast=True)  # after pytest-django's own order, which this one replaces
def pytest_collection_modifyitems(config, items):
    """The order of the run, which is also pytest-xdist's order of dispatch (--dist loadgroup
    --no-loadscope-reorder), one group at a time:
    - the real-data tests first, together: one import serves them, rolled back after the last;
    - then the groups that spend their time waiting rather than computing, so that other workers'
      tests fill the processors meanwhile: those with no database (the deploy recipe's servers
      among them), then those driving a browser against a live server;
    - then the modules marked `long_setup` (one load of seconds serves their tests), so that no
      worker is left running one of them alone at the end;
    - then the rest, larger modules first, so that the run ends on short ones. Within a module's
      group, the tests sharing the seed come last: one `loaddata` serves them.
    Any order is safe: after a test that commits for real, Django empties the tables and
    `pytest_runtest_teardown` puts back what the data migrations made."""
    groups = {}
    for item in items:
        groups.setdefault(xdist_group(item), []).append(item)

    def dispatch_order(run):
        if uses_real_data(run[0]):
            return (0,)
        if not any(map(uses_the_database, run)):
            return (1,)
        if runs_outside_a_transaction(run[0]):
            return (2,)
        if run[0].get_closest_marker("long_setup"):
            return (3,)
        return (4, -len(run))

    items[:] = [
        item
        for run in sorted(groups.values(), key=dispatch_order)
        for item in sorted(run, key=shares_the_seed)
    ]


def uses_the_database(item):
    return (
        "db" in getattr(item, "fixturenames", ())
        or item.get_closest_marker("django_db") is not None
        or runs_outside_a_transaction(item)
    )


def uses_real_data(item):
    return "real_data" in getattr(item, "fixturenames", ())


def import_the_real_data():
    """Seed, then import ../shared/data twice: the two import reports, and the data version after."""
    load_the_seed()
    reports = []
    for _ in range(2):
        out = StringIO()
        call_command("import_public_data", str(PUBLIC_DATA), stdout=out)
        reports.append(out.getvalue())
    return reports, data_version()


REAL_DATA = SharedLoad(import_the_real_data)


@pytest.fixture
def real_data(django_db_setup, django_db_blocker):
    """The two reports of the run's one import of ../shared/data (seed first). Skips with the reason
    when the extracts are absent."""
    if not (PUBLIC_DATA / "ipeds").is_dir():
        pytest.skip(NO_PUBLIC_DATA)
    reports, version = REAL_DATA.open("real_data", django_db_blocker)
    # The data is as the import left it (each test's changes are rolled back), so the search indexes
    # built for that version still hold: keep them across the cache emptied before every test.
    cache.set(DATA_VERSION_KEY, version, timeout=None)
    return reports


def rebuild_the_editors_group():
    """The Editors group as its data migrations build it. Django empties every table after a test
    that commits for real; permissions come back by themselves (post_migrate), the group does not."""
    created = importlib.import_module("careerguide.careers.migrations.0002_editors_group")
    view_only = importlib.import_module("careerguide.careers.migrations.0007_admin_data_sources_view_only")
    added = importlib.import_module(
        "careerguide.careers.migrations.0009_editors_kept_figures_and_import_runs"
    )
    removed = set(view_only.editor_codenames_removed())
    wanted = {
        (app_label, f"{action}_{model}")
        for app_label, models in created.EDITOR_MODELS.items()
        for model in models
        for action in ["view", "add", "change"] + (["delete"] if model in created.DELETABLE else [])
    } - removed
    aliases = importlib.import_module("careerguide.careers.migrations.0010_editors_school_aliases")
    wanted |= set(added.editor_codenames_added()) | set(aliases.editor_codenames_added())
    group, _ = Group.objects.get_or_create(name="Editors")
    group.permissions.set(
        permission
        for permission in Permission.objects.select_related("content_type")
        if (permission.content_type.app_label, permission.codename) in wanted
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a test that committed for real, the database as migrations leave it, whatever runs
    next; shared data rolled back after the last test of its run. Both once the test's own fixtures
    (Django's emptying of the tables among them) are gone."""
    result = yield
    # After the last test the test database is gone already: nothing runs on it any more.
    if runs_outside_a_transaction(item) and nextitem is not None:
        with item.config.stash[blocking_manager_key].unblock():
            rebuild_the_editors_group()
    if nextitem is None or not uses_real_data(nextitem):
        REAL_DATA.close()
    if nextitem is None or not (shares_the_seed(nextitem) and nextitem.path == SEED.key):
        SEED.close()
    if nextitem is not None and "zip_codes" in getattr(nextitem, "fixturenames", ()):
        with item.config.stash[blocking_manager_key].unblock():
            restore_the_zip_codes()
    return result


def restore_the_zip_codes():
    """The ZIP code centres as migration 0010 copies them, when the table is empty. Between tests
    (pytest_runtest_teardown) they are kept for every later test of the worker: otherwise each test
    after one that emptied the tables copied them again in its own transaction, rolled back."""
    if not ZipCode.objects.exists():
        copied = importlib.import_module("schools.migrations.0010_zip_code_centres")
        copied.copy_zip_codes(django_apps, None)

import itertools
import os
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction

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


@pytest.fixture(scope="module")
def seed_for_the_module(request, django_db_setup, django_db_blocker):
    """`loaddata seed` once for a module's run of seeded tests (they run last in it, see
    `pytest_collection_modifyitems`), inside a transaction rolled back when the run ends; each test
    runs in its own savepoint, so what one test changes the next never sees. Yields False when the
    first test to ask commits for real: the module's tests then load the seed one by one."""
    if runs_outside_a_transaction(request._pyfuncitem):
        yield False
        return
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("loaddata", "seed", verbosity=0)
        yield True
        transaction.set_rollback(True)


@pytest.fixture
def seed(seed_for_the_module, db):
    """The reference career page and its schools and resources, as `loaddata seed` installs them."""
    if not seed_for_the_module:
        call_command("loaddata", "seed", verbosity=0)


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

CHROMIUM = shutil.which("chromium")
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
        pytest.skip("Debian's chromium is not installed (apt-get install chromium): no browser to drive")
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are still
    # plain synchronous code, so Django's async-safety guard does not apply to them.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    (Path(__file__).resolve().parent / "build" / "screenshots").mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    yield context
    context.close()


# --- The real public data, imported once for the whole run -------------------------------------


def pytest_collection_modifyitems(config, items):
    """Tests that use the real data run last: the one import they share stays in the database
    (inside a transaction rolled back at the end of the run) without any other test seeing it.
    Likewise, within each run of one module's tests, those sharing the seed run last: the seed
    loaded for them stays until the run ends, and no other test sees it."""
    head = [item for item in items if not uses_real_data(item)]
    tail = [item for item in items if uses_real_data(item)]
    if head and tail:
        # The module that ends the head must not open the tail: its module-scoped seed would still be
        # open around the real-data import and roll it back when the module ends.
        tail.sort(key=lambda item: item.path == head[-1].path)
    items[:] = [
        item
        for part in (head, tail)
        for _, module_run in itertools.groupby(part, key=lambda item: item.path)
        for item in sorted(module_run, key=shares_the_seed)
    ]


def uses_real_data(item):
    return "real_data" in getattr(item, "fixturenames", ())


@pytest.fixture(scope="session")
def real_data(django_db_setup, django_db_blocker):
    """Seed, then import ../shared/data twice: yields the two import reports. Skips with the reason
    when the extracts are absent. Everything is rolled back at the end of the run."""
    if not (PUBLIC_DATA / "ipeds").is_dir():
        pytest.skip(NO_PUBLIC_DATA)
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("loaddata", "seed", verbosity=0)
        reports = []
        for _ in range(2):
            out = StringIO()
            call_command("import_public_data", str(PUBLIC_DATA), stdout=out)
            reports.append(out.getvalue())
        yield reports
        transaction.set_rollback(True)

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


@pytest.fixture
def seed(db):
    """The reference career page and its schools and resources, as `loaddata seed` installs them."""
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
    (inside a transaction rolled back at the end of the run) without any other test seeing it."""
    items.sort(key=lambda item: "real_data" in getattr(item, "fixturenames", ()))


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

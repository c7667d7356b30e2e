"""The snapshot committed in fixtures/snapshot/: what a fresh clone's `make run` loads after the
seed. Loaded once for this module (about 8 s), inside a transaction rolled back at its end."""

import csv
import re
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count
from django.urls import reverse

from careerguide.careers.models import Career, Occupation, Task
from careerguide.careers.tests.test_seed_loading import assert_reference_page
from careerguide.importing.snapshot import SNAPSHOT_PATH
from conftest import NO_PUBLIC_DATA, PUBLIC_DATA
from schools.models import School, SchoolAlias
from schools.vocabulary import PredominantDegree
from tests import markup

MAX_BYTES = 3 * 1024 * 1024  # 2.8 MB today (xz); docs/public-data.md: keep it under 8 MB

pytestmark = pytest.mark.long_setup


@pytest.fixture(scope="module")
def started(django_db_setup, django_db_blocker):
    """What `make seed` runs on a fresh database: ensure_data (the seed, then the snapshot)."""
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        call_command("ensure_data", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def loaded(started, db):
    return started


def test_the_snapshot_is_small_and_holds_every_school_and_occupation(loaded):
    assert SNAPSHOT_PATH.stat().st_size <= MAX_BYTES
    # (The load checks each table's rows against the count the file gives.)
    assert (School.objects.count(), Occupation.objects.count()) == (6998, 1016)
    # O*NET's prose is in it: every occupation's description, the tasks of the 923 that have any.
    assert not Occupation.objects.filter(description="").exists()
    assert Task.objects.count() == 18_796
    assert Occupation.objects.filter(tasks__isnull=False).distinct().count() == 923
    assert SchoolAlias.objects.filter(school__unitid=166683).count() == 2  # MIT: "M.I.T.", "MIT"


def test_the_tasks_are_onets_task_statements(loaded):
    """Each occupation's tasks are the statements Task Statements.txt gives its code: 923 of the 1,016
    occupations have any."""
    statements = PUBLIC_DATA / "onet" / "Task Statements.txt"
    if not statements.is_file():
        pytest.skip(NO_PUBLIC_DATA)
    with statements.open(encoding="utf-8-sig", newline="") as file:
        expected = Counter(row["O*NET-SOC Code"] for row in csv.DictReader(file, delimiter="\t"))
    stored = Counter(
        dict(Occupation.objects.annotate(n=Count("tasks")).filter(n__gt=0).values_list("code", "n"))
    )
    assert stored == expected
    assert (len(expected), expected.total()) == (923, 18_796)


def test_every_school_and_career_is_served(loaded, client):
    assert School.objects.count() == 6998
    assert Career.objects.count() == Occupation.objects.count() + 1  # and the reference page
    response = client.get(reverse("listings:school_finder"))
    assert response.status_code == 200
    # (The count's thousands separator is the finder template's, not the snapshot's, business.)
    assert markup.texts(response, "#results-heading")[0].replace(",", "") == "6998 schools match"


def test_figures_keep_their_sources_and_the_reference_page_is_exact(loaded, client):
    umd = School.objects.select_related("tuition_in_state_source", "median_earnings_source").get(
        unitid=163286
    )
    assert (umd.tuition_in_state, umd.tuition_in_state_source.key) == (11505, "ipeds-2023")
    assert umd.median_earnings_source.name == "College Scorecard earnings"
    assert (str(umd.admission_rate), umd.graduation_cohort, umd.predominant_degree) == (
        "44.84",  # the API extract's newer admit_rate (SPEC section 3)
        8433,
        PredominantDegree.BACHELORS,
    )
    data_scientists = Occupation.objects.get(code="15-2051.00")
    assert (data_scientists.work_experience, data_scientists.on_the_job_training) == ("None", "None")
    assert_reference_page(client)


def test_a_later_start_skips_the_load(loaded, django_assert_max_num_queries):
    out = StringIO()
    with django_assert_max_num_queries(1):
        call_command("load_snapshot", stdout=out)
    assert "already holds public data; snapshot not loaded" in out.getvalue()


# What only developers should read: a command, a file of the public data, an import.
DEVELOPER_WORDS = re.compile(
    r"manage\.py|import_public_data|loaddata|_snapshot|\w\.(?:txt|csv|gz|xz|jsonl)\b|an import|this database|"
    r"“Occupation Data”|“Task Statements”",
    re.IGNORECASE,
)


def test_no_career_page_talks_to_developers(loaded, client):
    """Every career page of a fresh install reads as a guide: its description, its tasks where
    O*NET lists any, and where something is missing, a student's words, never a command."""
    pages = with_tasks = 0
    for slug, tasks, description in Career.objects.annotate(tasks=Count("occupation__tasks")).values_list(
        "slug", "tasks", "occupation__description"
    ):
        response = client.get(f"/careers/{slug}/")
        assert response.status_code == 200, slug
        (main,) = markup.document(response).cssselect("main")
        text = markup.squashed(main.text_content())
        found = DEVELOPER_WORDS.search(text)
        assert found is None, (slug, found)
        if slug != "machine-learning-engineer":  # the editors' page: their own duties
            shown = main.cssselect(".occupation-description")
            assert markup.squashed(shown[0].text_content()) == markup.squashed(description), slug
            # Every task statement, the first ones in the list and the rest behind "more".
            assert len(main.cssselect(".task-list li")) == tasks, slug
            if not tasks:
                assert "O*NET has not yet listed the day-to-day tasks of this occupation." in text, slug
            with_tasks += bool(tasks)
        pages += 1
    assert (pages, with_tasks) == (1017, 923)

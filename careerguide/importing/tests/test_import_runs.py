"""Every import run leaves a record (issue 12): who, when, which files (sizes, SHA-256), the counts,
the report, success or failure — a failed run too, though its data was rolled back."""

import getpass
import hashlib
import os
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.urls import reverse

from careerguide.core.cache import data_version
from careerguide.importing.models import ImportRun
from schools.models import School

from .import_samples import FILES, write_dataset

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(tmp_path):
    return write_dataset(tmp_path / "data")


def test_a_run_records_who_which_files_and_what_changed(data):
    call_command("import_schools", str(data), "--by", "jane@example.org", stdout=StringIO())

    run = ImportRun.objects.get()
    assert (run.command, run.families, run.by, run.status, run.error) == (
        "import",
        "schools",
        "jane@example.org",
        "succeeded",
        "",
    )
    assert run.finished_at >= run.started_at
    assert str(os.getpid()) in run.process
    assert run.directory == str(data)
    cost = FILES["ipeds/ipeds2023_cost.csv"].encode("utf-8")
    assert {
        "name": "ipeds/ipeds2023_cost.csv",
        "bytes": len(cost),
        "sha256": hashlib.sha256(cost).hexdigest(),
        "rows": 4,
        "ends_with_line_ending": True,
    } in (run.files)
    assert len(run.files) == 7  # the seven school files, and only those
    assert run.counts == [
        {"kind": "data sources", "created": 4, "updated": 0, "unchanged": 0, "skipped": 0, "deleted": 0},
        {"kind": "schools", "created": 9, "updated": 0, "unchanged": 0, "skipped": 0, "deleted": 0},
    ]
    assert School.objects.count() == 9
    assert run.changes == 13
    assert "Summary" in run.report and "records changed." in run.report
    assert run.seconds is not None


def test_the_operating_system_user_is_the_default(data):
    call_command("import_public_data", str(data), "--dry-run", stdout=StringIO())
    run = ImportRun.objects.get()
    assert (run.by, run.dry_run, run.families) == (getpass.getuser(), True, "schools, programs, occupations")
    assert School.objects.count() == 0


def test_a_failed_run_is_recorded_and_nothing_else_is_written(data):
    institutions = FILES["ipeds/ipeds2023_institutions.csv"].replace(",Champaign,IL,", ",Champaign,ZZ,")
    write_dataset(data, ipeds2023_institutions_csv=institutions)
    with pytest.raises(CommandError):
        call_command("import_public_data", str(data), stdout=StringIO())

    run = ImportRun.objects.get()
    assert run.succeeded is False
    assert "ipeds/ipeds2023_institutions.csv, line 3, column 4 (STATE)" in run.error
    assert len(run.files) == 22
    assert School.objects.count() == 0


def test_admin_shows_runs_read_only(client, data):
    call_command("import_schools", str(data), "--by", "jane", stdout=StringIO())
    run = ImportRun.objects.get()
    client.force_login(User.objects.create_superuser("admin", "admin@example.org", "x"))

    listing = client.get(reverse("admin:importing_importrun_changelist"))
    assert listing.status_code == 200
    assert "jane" in listing.content.decode()

    page = client.get(reverse("admin:importing_importrun_change", args=[run.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "ipeds/ipeds2023_cost.csv (" in text
    assert "schools: 9 created, 0 updated" in text
    assert 'name="_save"' not in text  # no form to save

    assert client.get(reverse("admin:importing_importrun_add")).status_code == 403
    assert client.post(reverse("admin:importing_importrun_delete", args=[run.pk])).status_code == 403
    assert ImportRun.objects.count() == 1


def test_an_import_makes_the_page_cache_stale_and_a_dry_run_does_not(data):
    """Bulk writes send no model signals: the run itself bumps the data version, once it succeeded."""
    call_command("import_schools", str(data), stdout=StringIO())
    before = data_version()
    call_command("import_schools", str(data), "--dry-run", stdout=StringIO())
    assert data_version() == before
    call_command("import_schools", str(data), stdout=StringIO())
    assert data_version() != before


def test_a_failed_import_leaves_the_page_cache_alone(data):
    call_command("import_schools", str(data), stdout=StringIO())
    before = data_version()
    write_dataset(data, ipeds2023_enrollment_csv="UnitID,Institution Name,ENR_TOTAL\n163286,UMD,lots\n")
    with pytest.raises(CommandError, match="ENR_TOTAL"):
        call_command("import_schools", str(data), stdout=StringIO())
    assert data_version() == before

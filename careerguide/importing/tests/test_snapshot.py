"""export_snapshot / load_snapshot on the sample files: deterministic bytes, the importer's rules
on load (idempotent, all or nothing, pinned schools and editors' pages untouched, per-figure
sources kept), and an import on top that finds nothing new."""

import lzma
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from careerguide.careers.models import Career, Occupation, Task
from careerguide.core.cache import data_version
from careerguide.importing.models import HighWaterMark, ImportRun
from careerguide.importing.schools import METRICS
from careerguide.importing.snapshot import TABLES, has_public_data, read_snapshot
from schools.models import DataSource, FieldOfStudy, ProgramOffering, School
from schools.vocabulary import PredominantDegree

from .import_samples import write_dataset
from .test_import_commands import summary

pytestmark = pytest.mark.django_db


def command(name, *args):
    out = StringIO()
    call_command(name, *args, stdout=out)
    return out.getvalue()


def export(path):
    command("export_snapshot", "--output", str(path))
    return path.read_bytes()


def wipe():
    """An empty database again (as a fresh clone has), keeping nothing of the import."""
    Career.objects.all().delete()
    ProgramOffering.objects.all().delete()
    School.objects.all().delete()
    FieldOfStudy.objects.all().delete()
    Occupation.objects.all().delete()
    DataSource.objects.all().delete()
    # What the import guard remembers of that data goes with it.
    HighWaterMark.objects.all().delete()
    ImportRun.objects.all().delete()


def school_figures():
    """Per school: each watched figure and the key of its source (None for the cohort, which has none)."""
    return {
        school.unitid: [
            (
                getattr(school, name),
                name in METRICS
                and getattr(school, f"{name}_source_id")
                and getattr(school, f"{name}_source").key,
            )
            for name in (*METRICS, "graduation_cohort")
        ]
        for school in School.objects.select_related(*(f"{name}_source" for name in METRICS))
    }


@pytest.fixture
def exported(tmp_path):
    """The sample data imported, exported to a snapshot, then the database emptied."""
    data = write_dataset(tmp_path / "data")
    command("import_public_data", str(data))
    figures = school_figures()
    path = tmp_path / "snapshot.jsonl.xz"
    first = export(path)
    wipe()
    return data, path, first, figures


def test_export_is_deterministic_and_holds_the_onet_prose(exported, tmp_path):
    _, path, first, _ = exported
    header, tables = read_snapshot(path)
    assert header["rows"]["schools"] == 9
    assert header["rows"]["program offerings"] == len(tables["program offerings"][1]) > 0
    text = lzma.decompress(first).decode("utf-8")
    assert "Administer anesthetics" in text  # an occupation description
    assert "description" in tables["occupations"][0]
    assert header["rows"]["tasks"] == 3  # the sample files' task statements
    # O*NET's license (CC BY 4.0) travels with its text.
    assert header["credit"].startswith(
        "O*NET 29.2 Database by the U.S. Department of Labor, Employment and Training Administration "
        "(USDOL/ETA). Used under the CC BY 4.0 license"
    )
    assert len(tables["tasks"][1]) == header["rows"]["tasks"]
    # Loaded into an empty database and exported again: the same bytes.
    command("load_snapshot", "--file", str(path))
    assert export(tmp_path / "again.jsonl.xz") == first


def test_load_follows_the_importer_and_an_import_on_top_changes_nothing(exported):
    data, path, _, figures = exported
    output = command("load_snapshot", "--file", str(path))
    assert summary(output)["schools"]["created"] == 9
    assert school_figures() == figures  # every figure with its own source
    umd = School.objects.get(unitid=163286)
    assert (umd.graduation_cohort, umd.predominant_degree, umd.predominant_degree_source.key) == (
        8433,
        PredominantDegree.BACHELORS,
        "scorecard-api-2026",
    )
    assert (umd.admission_rate, umd.admission_rate_source.key) == (Decimal("44.84"), "scorecard-api-2026")
    anesthesiologists = Occupation.objects.get(code="29-1211.00")
    assert (anesthesiologists.work_experience, anesthesiologists.on_the_job_training) == (
        "None",
        "Internship/residency",
    )
    assert Career.objects.count() == Occupation.objects.count() == 5
    assert Task.objects.exists()
    assert "" not in set(Occupation.objects.values_list("description", flat=True))

    output = command("import_public_data", str(data))
    on_top = summary(output)
    changed = {
        kind: counts
        for kind, counts in on_top.items()
        if counts["created"] + counts["updated"] + counts["deleted"]
    }
    assert changed == {}
    assert output.endswith("No changes.\n")


def test_a_load_makes_the_page_cache_stale(exported):
    """Even a load that only rewrites rows in bulk (no data source created, so no model signal)."""
    _, path, _, _ = exported
    command("load_snapshot", "--file", str(path))
    School.objects.filter(unitid=163286).update(tuition_in_state=1)  # as an old cached page showed
    before = data_version()
    command("load_snapshot", "--file", str(path), "--force")
    assert data_version() != before
    assert School.objects.get(unitid=163286).tuition_in_state == 11505


def test_a_second_load_changes_nothing(exported):
    _, path, _, _ = exported
    command("load_snapshot", "--file", str(path))
    assert command("load_snapshot", "--file", str(path)).endswith(
        "This database already holds public data; snapshot not loaded (--force loads it).\n"
    )
    assert command("load_snapshot", "--file", str(path), "--force").endswith("No changes.\n")
    assert (
        list(ImportRun.objects.filter(command="snapshot").values_list("status", flat=True))
        == ["succeeded"] * 2
    )


def test_pinned_schools_and_editors_pages_are_left_alone(exported):
    _, path, _, _ = exported
    command("load_snapshot", "--file", str(path))
    School.objects.filter(unitid=163286).update(pinned=True, tuition_in_state=1, name="Our UMD")
    career = Career.objects.get(slug="data-scientists")
    Career.objects.filter(pk=career.pk).update(title="Data Scientist (our page)", overview="Ours.")
    ProgramOffering.objects.filter(school__unitid=163286).delete()

    output = command("load_snapshot", "--file", str(path), "--force")

    umd = School.objects.get(unitid=163286)
    assert (umd.name, umd.tuition_in_state) == ("Our UMD", 1)
    assert not ProgramOffering.objects.filter(school=umd).exists()
    career.refresh_from_db()
    assert (career.title, career.overview) == ("Data Scientist (our page)", "Ours.")
    assert "pinned by an editor: not updated" in output


def test_a_damaged_snapshot_writes_nothing_and_is_recorded(exported, tmp_path):
    _, _, first, _ = exported
    text = lzma.decompress(first).decode("utf-8")
    cut = tmp_path / "cut.jsonl.xz"
    cut.write_bytes(lzma.compress(text[: len(text) * 2 // 3].encode("utf-8")))
    with pytest.raises(CommandError, match=r"Snapshot not loaded, nothing was written\..*cut short"):
        command("load_snapshot", "--file", str(cut))
    assert not School.objects.exists()
    assert ImportRun.objects.get(command="snapshot").succeeded is False


def test_seed_figures_never_overwrite_loaded_ones_whatever_the_order(exported):
    _, path, _, _ = exported
    command("ensure_seed")
    command("load_snapshot", "--file", str(path))  # after the seed, as `make run` does
    umd = School.objects.get(unitid=163286)
    assert (umd.tuition_in_state, umd.tuition_in_state_source.key) == (11505, "ipeds-2023")
    command("ensure_seed")
    umd.refresh_from_db()
    assert (umd.tuition_in_state, umd.tuition_in_state_source.key) == (11505, "ipeds-2023")


def test_the_snapshot_holds_every_school_and_occupation_fact_but_editors_state():
    """A fact added to a model (this round: cohort, predominant degree, work experience, training)
    must reach the snapshot, or a fresh install silently lacks it."""
    _, school_columns = TABLES["schools"]
    school_facts = {field.attname for field in School._meta.concrete_fields} - {
        "id",
        "created_at",
        "updated_at",
        "logo",
        "pinned",
        "reviewed_on",
        "figures_changed_at",
        "figures_changed_by",
    }
    exported = {column.replace("_source__key", "_source_id") for column in school_columns}
    assert school_facts == exported
    assert [column for _, (_, columns) in TABLES.items() for column in columns if column == "statement"] == [
        "statement"
    ]  # the tasks' own table
    _, occupation_columns = TABLES["occupations"]
    occupation_facts = {field.attname for field in Occupation._meta.concrete_fields} - {
        "id",
        "created_at",
        "updated_at",
    }
    assert occupation_facts == {column.replace("_source__key", "_source_id") for column in occupation_columns}


def test_the_editors_and_the_reference_page_are_not_public_data():
    # A fresh `make run` seeds the reference page (and editors may have saved figures) before the
    # snapshot loads: neither source stops the load; any public dataset does.
    DataSource.editor()
    DataSource.objects.create(key="careerguide-reference-2024", name="Careerguide reference page")
    assert not has_public_data()
    DataSource.objects.create(key="ipeds-2023", name="IPEDS", edition="2023-24")
    assert has_public_data()

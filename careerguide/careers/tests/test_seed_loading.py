"""`ensure_seed` into a database that already holds data: it adds the reference page and its
schools, finds rows that are already there by natural key (never by id) and rewrites no row that
is not the seed's own. Runs once per database, whatever editors rename afterwards."""

import json
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from careerguide.careers.models import FAQ, AlternateTitle, BestSchool, Career, CrosswalkLink, Occupation
from careerguide.importing.tests.import_samples import write_dataset
from resources.models import Resource
from schools.models import DataSource, FieldOfStudy, School

from .test_seed import SEED_APPS, restart_ids

pytestmark = pytest.mark.django_db

SEED_FILE = Path(settings.BASE_DIR) / "fixtures" / "seed.json"
SEED = json.loads(SEED_FILE.read_text(encoding="utf-8"))
MARKER = "careerguide-reference-2024"
REFERENCE_UNITIDS = [163286, 123961, 145637, 209542, 110653, 104151]
PAGE = reverse("pages:career", kwargs={"slug": "machine-learning-engineer"})


def ensure_seed():
    out = StringIO()
    call_command("ensure_seed", stdout=out)
    return out.getvalue()


def snapshot():
    """{model label: {pk: row}} for every table of the seed's apps, many-to-many links included."""
    return {
        model._meta.label: {row[model._meta.pk.attname]: row for row in model._base_manager.values()}
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in SEED_APPS
    }


def seed_counts():
    counts = {}
    for entry in SEED:
        label = apps.get_model(entry["model"])._meta.label
        counts[label] = counts.get(label, 0) + 1
    return counts


def changed_rows(before, after):
    """(label, pk) of every row that was there before and is gone or different now."""
    return {
        (label, pk)
        for label, rows in before.items()
        for pk, row in rows.items()
        if after[label].get(pk) != row
    }


def assert_reference_page(client):
    response = client.get(PAGE)
    assert response.status_code == 200
    assert "$108,020" in response.content.decode()
    career = Career.objects.get(slug="machine-learning-engineer")
    assert [
        entry.school.unitid for entry in career.best_schools.select_related("school")
    ] == REFERENCE_UNITIDS
    assert list(career.best_schools.values_list("tuition_in_state", flat=True)) == [
        9695,
        63468,
        14542,
        10425,
        11564,
        10978,
    ]
    return career


def test_seed_into_a_database_with_data_changes_no_other_row(client):
    restart_ids()  # rows numbered from 1, as the imports numbered theirs
    ipeds = DataSource.objects.create(key="ipeds-2023", name="IPEDS", edition="2023-24")
    schools = [
        School.objects.create(
            unitid=100000 + n,
            name=f"College {n}",
            slug=f"college-{n}",
            state="MD",
            tuition_in_state=1000 * n,
            tuition_in_state_source=ipeds,
        )
        for n in range(1, 11)
    ]
    anesthesiologists = Occupation.objects.create(
        code="29-1211.00", soc_code="29-1211", title="Anesthesiologists"
    )
    titles = [
        AlternateTitle.objects.create(occupation=anesthesiologists, title=title)
        for title in ("Anesthetist", "Medical Doctor", "Physician Anesthesiologist")
    ]
    nursing = FieldOfStudy.objects.create(code="51.3801", title="Registered Nursing")
    link = CrosswalkLink.objects.create(field=nursing, soc_code="29-1211", soc_title="Anesthesiologists")
    career = Career.objects.create(
        title="Anesthesiologist", slug="anesthesiologist", occupation=anesthesiologists
    )
    FAQ.objects.create(career=career, order=1, question="What does it take?", answer="Years.")
    BestSchool.objects.create(career=career, school=schools[0], rank=1)
    resource = Resource.objects.create(kind="book", title="Anesthesia", url="https://example.com/anesthesia")
    resource.careers.add(career)
    ids = [
        ipeds.pk,
        *(school.pk for school in schools),
        anesthesiologists.pk,
        *(title.pk for title in titles),
        link.pk,
        career.pk,
        resource.pk,
    ]
    assert ids == [1, *range(1, 11), 1, 1, 2, 3, 1, 1, 1]
    before = snapshot()

    output = ensure_seed()

    after = snapshot()
    assert changed_rows(before, after) == set()
    added = {label: len(after[label]) - len(before[label]) for label in after}
    expected = seed_counts()
    expected["resources.Resource_careers"] = 18
    assert {label: n for label, n in added.items() if n} == expected
    assert sorted(
        School.objects.filter(unitid__in=REFERENCE_UNITIDS).values_list("unitid", flat=True)
    ) == sorted(REFERENCE_UNITIDS)
    assert not School.objects.filter(unitid__in=REFERENCE_UNITIDS, pk__lte=10).exists()
    assert "Loaded the seed" in output
    assert "schools: 6 created" in output
    assert_reference_page(client)


def test_reference_rows_already_there_are_found_by_natural_key_and_only_added_to(client):
    restart_ids()
    ipeds = DataSource.objects.create(key="ipeds-2023", name="IPEDS", edition="2023-24")
    School.objects.create(unitid=100001, name="Other College", slug="other-college", state="MD")
    umd = School.objects.create(
        unitid=163286,
        name="University of Maryland-College Park",
        slug="umd",
        city="College Park",
        state="MD",
        tuition_in_state=11505,
        tuition_in_state_source=ipeds,
        median_earnings=82860,
        median_earnings_source=ipeds,
        latitude=Decimal("38.988178"),
        figures_changed_by="Import: IPEDS 2023-24",
    )
    School.objects.create(
        unitid=123961, name="USC", slug="usc", state="CA", tuition_in_state=70000, pinned=True
    )
    scientists = Occupation.objects.create(
        code="15-2051.00", soc_code="15-2051", title="Data Scientists", annual_median_wage=112590
    )
    AlternateTitle.objects.create(occupation=scientists, title="Machine Learning Engineer", short_title="MLE")
    FieldOfStudy.objects.create(code="11.0701", title="Computer Science", definition="Imported definition.")
    analyst = Career.objects.create(title="Data Analyst", slug="data-analyst")
    kaggle = Resource.objects.create(
        kind="website", title="Kaggle for analysts", url="https://www.kaggle.com/"
    )
    kaggle.careers.add(analyst)
    before = snapshot()

    output = ensure_seed()

    # Matched, never duplicated or renumbered.
    assert School.objects.get(unitid=163286).pk == umd.pk
    assert Occupation.objects.get(code="15-2051.00").pk == scientists.pk
    assert Resource.objects.filter(url="https://www.kaggle.com/").get().pk == kaggle.pk
    assert (
        AlternateTitle.objects.filter(occupation=scientists, title="Machine Learning Engineer").count() == 1
    )
    # The seed never overwrites an imported figure: it only fills what the school has empty
    # (enrollment here), a figure together with its source.
    umd.refresh_from_db()
    reference = DataSource.objects.get(key=MARKER)
    assert (umd.tuition_in_state, umd.tuition_in_state_source) == (11505, ipeds)
    assert (umd.enrollment, umd.enrollment_source) == (40792, reference)
    assert (umd.median_earnings, umd.median_earnings_source, umd.latitude) == (
        82860,
        ipeds,
        Decimal("38.988178"),
    )
    assert (umd.slug, umd.city) == ("umd", "College Park")
    assert umd.figures_changed_by == "Import: IPEDS 2023-24"
    # Everything else already there is kept as it was; the resource is linked to the page too.
    # (The pinned school is among them: its row keeps its own figures.)
    assert changed_rows(before, snapshot()) == {("schools.School", umd.pk)}
    assert Occupation.objects.get(pk=scientists.pk).annual_median_wage == 112590
    assert FieldOfStudy.objects.get(code="11.0701").definition == "Imported definition."
    assert set(kaggle.careers.values_list("slug", flat=True)) == {"data-analyst", "machine-learning-engineer"}
    assert Resource.objects.get(pk=kaggle.pk).title == "Kaggle for analysts"
    assert (
        "schools: 1 already there, empty fields filled from the seed, 1 already there and pinned, kept, 4 created"
        in output
    )
    career = assert_reference_page(client)
    assert career.occupation == scientists
    # The pinned school's row keeps its figures; the ranking shows the published ones.
    assert career.best_schools.get(rank=2).figure("tuition_in_state") == 63468


def test_twice_changes_nothing():
    first = ensure_seed()
    before = snapshot()
    second = ensure_seed()
    assert "Loaded the seed" in first
    assert second == f"Seed already loaded (data source {MARKER} exists); nothing changed.\n"
    assert snapshot() == before


def test_renamed_page_is_not_recreated_or_overwritten():
    ensure_seed()
    career = Career.objects.get(slug="machine-learning-engineer")
    Career.objects.filter(pk=career.pk).update(slug="ml-engineer", title="ML Engineer")
    career.faqs.filter(order=1).update(question="What is an ML Engineer?")
    before = snapshot()

    output = ensure_seed()

    assert "nothing changed" in output
    assert snapshot() == before
    assert not Career.objects.filter(slug="machine-learning-engineer").exists()
    assert Career.objects.get(pk=career.pk).faqs.get(order=1).question == "What is an ML Engineer?"


def test_page_written_by_hand_without_the_marker_is_left_alone():
    Career.objects.create(
        title="Machine Learning Engineer", slug="machine-learning-engineer", overview="Ours."
    )
    before = snapshot()
    output = ensure_seed()
    assert "seed not loaded; nothing changed" in output
    assert snapshot() == before


def test_import_then_seed(client, tmp_path):
    data = write_dataset(tmp_path / "data")
    call_command("import_public_data", str(data), stdout=StringIO())
    imported = {school.unitid: school for school in School.objects.all()}
    assert {163286, 145637} <= set(imported)
    before = snapshot()

    output = ensure_seed()

    # Every imported figure stays as imported: the seed fills only fields the sample left empty.
    umd = School.objects.get(unitid=163286)
    assert (umd.pk, umd.slug, umd.tuition_in_state, umd.tuition_in_state_source.key) == (
        imported[163286].pk,
        imported[163286].slug,
        11505,
        "ipeds-2023",
    )
    for unitid, school in imported.items():
        fresh = School.objects.get(unitid=unitid)
        for metric in School.METRICS:
            if getattr(school, metric) is not None:
                assert getattr(fresh, metric) == getattr(school, metric), (unitid, metric)
    assert School.objects.filter(unitid__in=REFERENCE_UNITIDS).count() == 6
    assert "schools: 2 already there" in output
    reference_pks = {imported[163286].pk, imported[145637].pk}
    assert changed_rows(before, snapshot()) <= {("schools.School", pk) for pk in reference_pks}
    # The imported occupation and its alternate title are the seed's: matched, kept as imported.
    scientists = Occupation.objects.get(code="15-2051.00")
    assert scientists.annual_median_wage == 112590
    career = assert_reference_page(client)
    assert career.occupation == scientists

    # A later import keeps the official figures; the published ranking keeps its own.
    # The sample crosswalk lacks two of the seed's five links: the shrinkage guard wants consent.
    call_command("import_public_data", str(data), "--allow-shrink", stdout=StringIO())
    assert School.objects.get(unitid=163286).tuition_in_state == 11505
    assert_reference_page(client)


def test_seed_then_import_the_import_figures_win(client, tmp_path):
    data = write_dataset(tmp_path / "data")
    ensure_seed()
    assert School.objects.get(unitid=163286).tuition_in_state == 9695  # the reference page's figure

    # The sample crosswalk lacks two of the seed's five links: the shrinkage guard wants consent.
    call_command("import_public_data", str(data), "--allow-shrink", stdout=StringIO())
    ensure_seed()  # as `make run` and deploys do on every start

    umd = School.objects.get(unitid=163286)
    assert (umd.tuition_in_state, umd.tuition_in_state_source.key) == (11505, "ipeds-2023")
    assert_reference_page(client)


@pytest.mark.parametrize("how", ["loaddata", "ensure_seed"])
def test_empty_database_gets_exactly_the_fixture(how):
    if how == "loaddata":
        call_command("loaddata", "seed", verbosity=0)
    else:
        ensure_seed()
    out = StringIO()
    call_command(
        "dumpdata",
        *SEED_APPS,
        exclude=["schools.ZipCode"],  # every ZIP code's centre: a migration's, not the seed's
        natural_foreign=True,
        natural_primary=True,
        format="json",
        stdout=out,
    )

    def canonical(objects):
        return sorted(json.dumps(entry, sort_keys=True, ensure_ascii=False) for entry in objects)

    assert canonical(json.loads(out.getvalue())) == canonical(SEED)

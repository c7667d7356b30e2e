"""Versions of careers (with their sections), schools and resources (SPEC section 5): written by
editors' saves and imports, listed, compared side by side, restored; readable history lines."""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from reversion.models import Revision, Version

from careerguide.careers.models import FAQ, BestSchool, Career, DegreeLevel, DegreeProgram
from careerguide.careers.tests.factories import CareerFactory
from resources.tests.factories import ResourceFactory
from schools.tests.factories import SchoolFactory
from tests.admin_forms import change_url, edit_school, submitted_data

pytestmark = pytest.mark.django_db


def history_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_history", args=[obj.pk])


def compare_url(obj, a, b):
    return (
        reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_compare", args=[obj.pk])
        + f"?a={a}&b={b}"
    )


def restore_url(obj, version):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_restore", args=[obj.pk, version.pk])


def text(response):
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def newest_version(obj):
    return Version.objects.get_for_object(obj).order_by("-pk").first()


def save_career(client, career, **changes):
    url = change_url(career)
    response = client.post(url, submitted_data(client.get(url), **changes))
    assert response.status_code == 302, response.content.decode()[:3000]
    return response


@pytest.fixture
def career(db):
    career = CareerFactory(title="Machine Learning Engineer", slug="ml", overview="Builds models that learn.")
    FAQ.objects.create(career=career, order=1, question="Is it hard?", answer="Yes.")
    level = DegreeLevel.objects.create(career=career, order=1, kind="bachelor", title="Bachelor's Degree")
    DegreeProgram.objects.create(degree_level=level, order=1, name="Computer Science")
    return career


def test_compare_and_restore_a_career_version_with_its_sections(editor_client, career):
    save_career(editor_client, career, overview="Builds and ships models that learn from data.")
    # The career as the seed or an import left it is kept before its first recorded change.
    baseline, first = Version.objects.get_for_object(career).order_by("pk")
    assert baseline.revision.get_comment() == "As it was before the first change recorded here."
    assert baseline.field_dict["overview"] == "Builds models that learn."
    # A second save changes the overview and an FAQ, and adds one.
    data = submitted_data(
        editor_client.get(change_url(career)),
        overview="Designs systems that learn.",
        **{"faqs-0-answer": "Less than it looks.", "faqs-TOTAL_FORMS": "2"},
    )
    data.update(
        {
            "faqs-1-order": "2",
            "faqs-1-question": "What does it pay?",
            "faqs-1-answer": "Well.",
            "faqs-1-career": str(career.pk),
        }
    )
    assert editor_client.post(change_url(career), data).status_code == 302
    second = Version.objects.get_for_object(career).order_by("-pk").first()
    assert second.revision.get_comment() == (
        "Changed Overview. Added FAQ “What does it pay?”. Changed Answer for FAQ “Is it hard?”."
    )

    # The history lists both versions, newest first, with who and what.
    page = text(editor_client.get(history_url(career)))
    assert page.index("<td>Changed Overview. Added FAQ") < page.index("<td>Changed Overview.</td>")
    assert f'href="{restore_url(career, first)}"' in page

    # Side by side: the overview's words, the FAQ changed and the FAQ added.
    page = text(editor_client.get(compare_url(career, first.pk, second.pk)))
    assert (
        '<td class="text-old"><del>Builds and ships models</del> that <del>learn from data.</del> </td>'
        in page
    )
    assert '<td class="text-new"><ins>Designs systems</ins> that <ins>learn.</ins> </td>' in page
    assert "FAQs: 1 added, 0 removed, 1 changed, 0 the same" in page
    assert "What does it pay? — only on the right" in page
    assert (
        '<td class="text-old"><del>Yes.</del> </td> <td class="text-new"><ins>Less than it looks.</ins> </td>'
        in page
    )
    assert "Degree levels: 0 added, 0 removed, 0 changed, 1 the same" in page

    # Restore the first: the overview, the FAQ's answer, and no second FAQ; a message and a new version.
    confirm = text(editor_client.get(restore_url(career, first)))
    assert "Restoring puts the career back as it was on" in confirm
    response = editor_client.post(
        restore_url(career, first),
        {"_opened_at": Career.objects.get(pk=career.pk).updated_at.isoformat()},
        follow=True,
    )
    assert "is restored: it is the newest version now" in text(response)
    career.refresh_from_db()
    assert career.overview == "Builds and ships models that learn from data."
    assert list(career.faqs.values_list("question", "answer")) == [("Is it hard?", "Yes.")]
    assert list(DegreeProgram.objects.filter(degree_level__career=career).values_list("name", flat=True)) == [
        "Computer Science"
    ]
    newest = Version.objects.get_for_object(career).order_by("-pk").first()
    assert newest.revision.get_comment().startswith("Restored the version of ")
    assert newest.revision.user.username == "editor"
    assert Version.objects.get_for_object(career).count() == 4
    entry = LogEntry.objects.filter(object_id=str(career.pk)).order_by("-pk").first()
    assert entry.get_change_message().startswith("Restored the version of ")


def test_a_save_that_changes_nothing_writes_no_line_and_no_version(editor_client, career):
    save_career(editor_client, career)
    assert not LogEntry.objects.filter(object_id=str(career.pk)).exists()
    # Only the record as it was, kept before anything could change it.
    assert [v.revision.comment for v in Version.objects.get_for_object(career)] == [
        "As it was before the first change recorded here."
    ]
    assert "No fields changed" not in text(editor_client.get(history_url(career)))


def test_rank_moves_name_both_ranks_and_the_school(editor_client, career):
    schools = [SchoolFactory(name=name) for name in ("Alpha University", "Beta College", "Gamma Institute")]
    for rank, school in enumerate(schools, start=1):
        BestSchool.objects.create(career=career, school=school, rank=rank)
    data = submitted_data(editor_client.get(change_url(career)))
    rows = {data[f"best_schools-{i}-school"]: i for i in range(3)}
    # Alpha deleted, Gamma moved to the top; Beta closes the gap.
    data[f"best_schools-{rows[str(schools[0].pk)]}-DELETE"] = "on"
    data[f"best_schools-{rows[str(schools[2].pk)]}-rank"] = "1"
    data[f"best_schools-{rows[str(schools[1].pk)]}-rank"] = "2"
    data.update(
        {
            "best_schools-TOTAL_FORMS": "4",
            "best_schools-3-rank": "7",
            "best_schools-3-school": str(SchoolFactory(name="Delta University").pk),
            "best_schools-3-career": str(career.pk),
        }
    )
    assert editor_client.post(change_url(career), data).status_code == 302
    assert list(career.best_schools.order_by("rank").values_list("school__name", "rank")) == [
        ("Gamma Institute", 1),
        ("Beta College", 2),
        ("Delta University", 3),
    ]
    message = LogEntry.objects.filter(object_id=str(career.pk)).get().get_change_message()
    assert "Deleted best school “Alpha University (was #1)”." in message
    assert "Changed rank (#3 → #1) for best school “Gamma Institute”." in message
    assert "Changed rank (#2 → #2)" not in message
    assert "Added best school “Delta University at #3”." in message


def test_resources_are_named_in_the_history_and_kept_in_the_career_version(editor_client, career):
    resource = ResourceFactory(title="Deep Learning")
    data = submitted_data(editor_client.get(change_url(career)))
    prefix = next(
        key[: -len("-TOTAL_FORMS")] for key in data if key.endswith("-TOTAL_FORMS") and "esource" in key
    )
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-0-resource": str(resource.pk),
            f"{prefix}-0-career": str(career.pk),
        }
    )
    assert editor_client.post(change_url(career), data).status_code == 302
    message = LogEntry.objects.filter(object_id=str(career.pk)).get().get_change_message()
    assert message == "Added resource “Deep Learning”."
    first = newest_version(career)
    career.resources.clear()
    save_career(editor_client, career, overview="Changed.")
    editor_client.post(
        restore_url(career, first), {"_opened_at": Career.objects.get(pk=career.pk).updated_at.isoformat()}
    )
    assert list(career.resources.values_list("title", flat=True)) == ["Deep Learning"]


def test_a_school_version_is_restored_and_its_figures_follow_their_sources(editor_client):
    school = SchoolFactory(with_figures=True, tuition_in_state=9695)
    edit_school(editor_client, school, tuition_in_state="9800")
    edit_school(editor_client, school, tuition_in_state="9900", name="Renamed")
    first = Version.objects.get_for_object(school).order_by("pk")[1]
    page = text(editor_client.get(compare_url(school, first.pk, "current")))
    assert "<td>9800</td><td>9900</td>" in page
    school.refresh_from_db()
    editor_client.post(restore_url(school, first), {"_opened_at": school.updated_at.isoformat()})
    school.refresh_from_db()
    assert (school.name, school.tuition_in_state) != ("Renamed", 9900)
    assert school.tuition_in_state == 9800


def test_an_import_writes_one_revision_holding_what_it_changed(tmp_path, editor_client):
    from tests.test_kept_figures import import_files, write_files

    folder = write_files(tmp_path / "data")
    import_files(folder)
    revision = Revision.objects.get()
    assert revision.user is None
    assert revision.comment.startswith("Import run ")
    assert revision.version_set.count() == 3  # the three schools it created
    import_files(folder)
    assert Revision.objects.count() == 1  # a run that changes nothing writes none
    from schools.models import School

    bowie = School.objects.get(unitid=163268)
    page = text(editor_client.get(history_url(bowie)))
    assert "an import" in page
    assert revision.comment in page


def test_restoring_needs_the_change_permission(client, career, django_user_model):
    save_career_as = django_user_model.objects.create_user(
        "reader", password="x-long-passphrase", is_staff=True
    )
    client.force_login(save_career_as)
    assert client.get(history_url(career)).status_code == 403


def test_a_restored_schools_editors_figures_are_kept_by_imports_again(editor_client):
    from schools.models import DataSource, KeptFigure
    from schools.tests.factories import DataSourceFactory

    ipeds = DataSourceFactory(key="ipeds-2023", name="IPEDS", edition="2023-24")
    school = SchoolFactory(with_figures=True, tuition_in_state=9695, tuition_in_state_source=ipeds)
    edit_school(editor_client, school, tuition_in_state="9800")
    editors_version = newest_version(school)
    school.refresh_from_db()
    data = submitted_data(editor_client.get(change_url(school)), use_public_tuition_in_state="on")
    editor_client.post(change_url(school), data)
    assert not KeptFigure.objects.exists()
    school.refresh_from_db()
    editor_client.post(restore_url(school, editors_version), {"_opened_at": school.updated_at.isoformat()})
    school.refresh_from_db()
    assert (school.tuition_in_state, school.tuition_in_state_source) == (9800, DataSource.editor())
    assert KeptFigure.objects.get(school=school).field == "tuition_in_state"
    assert school.figures_changed_by == "Editor editor"

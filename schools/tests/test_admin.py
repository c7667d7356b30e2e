"""The schools' admin: validation, logos, provenance of figures, filters, search and query counts."""

from decimal import Decimal

import pytest
from django.conf import settings as django_settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from schools.admin import ChosenRelatedFilter
from schools.models import DataSource, School
from schools.tests.factories import (
    DataSourceFactory,
    FieldOfStudyFactory,
    ProgramOfferingFactory,
    SchoolFactory,
    create_offerings_in_bulk,
)
from tests import markup
from tests.admin_forms import change_url, count_queries, edit_school, error_text, submitted_data
from tests.images import png_bytes


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"admission_rate": "150"}, "Ensure this value is less than or equal to 100."),
        ({"graduation_rate": "-1"}, "Ensure this value is greater than or equal to 0."),
        ({"tuition_in_state": "-5"}, "Ensure this value is greater than or equal to 0."),
        ({"enrollment": "-1"}, "Ensure this value is greater than or equal to 0."),
        ({"state": "ZZ"}, "Select a valid choice. ZZ is not one of the available choices."),
        ({"website": "not a url"}, "Enter a valid URL."),
        ({"zip_code": "2074"}, "Enter a ZIP code such as 20742 or 20742-5025."),
    ],
)
def test_invalid_school_figures_are_shown_in_the_form(editor_client, changes, message):
    school = SchoolFactory(with_figures=True)
    response = edit_school(editor_client, school, **changes)
    assert response.status_code == 200
    assert message in error_text(response)
    school.refresh_from_db()
    assert school.admission_rate == Decimal("45.00")
    assert school.state == "MD"
    assert not LogEntry.objects.exists()


def test_duplicate_school_slug_is_refused(editor_client):
    SchoolFactory(with_figures=True, slug="oregon-state-university")
    school = SchoolFactory(with_figures=True)
    response = edit_school(editor_client, school, slug="oregon-state-university")
    assert response.status_code == 200
    assert "School with this Slug already exists." in error_text(response)


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_logo_upload_is_stored_as_a_thumbnail(editor_client, media_root):
    school = SchoolFactory(with_figures=True)
    upload = SimpleUploadedFile("umd.png", png_bytes(600, 300), content_type="image/png")
    response = edit_school(editor_client, school, logo=upload)
    assert response.status_code == 302
    school.refresh_from_db()
    assert school.logo.name.startswith("logos/")
    assert (media_root / school.logo.name).is_file()
    with school.logo.open("rb") as stored, Image.open(stored) as image:
        assert image.format == "PNG"
        assert image.size == (256, 128)
    # The change form previews it, escaped and from MEDIA_URL, sized by the admin's style sheet
    # (no style attribute: a strict Content-Security-Policy refuses inline styles).
    page = editor_client.get(change_url(school)).content.decode()
    assert (
        f'<img class="admin-image-preview" src="/media/{school.logo.name}" alt="Logo of {school.name}">'
        in page
    )
    # And the changelist's has-logo filter finds it.
    with_logo = editor_client.get(reverse("admin:schools_school_changelist") + "?has_logo=yes")
    assert list(with_logo.context["cl"].result_list) == [school]


def test_a_text_file_named_png_is_not_a_logo(editor_client, media_root):
    school = SchoolFactory(with_figures=True)
    upload = SimpleUploadedFile("logo.png", b"this is not a picture\n" * 20, content_type="image/png")
    response = edit_school(editor_client, school, logo=upload)
    assert response.status_code == 200
    # Django's ImageField rejects it before the model's own validator runs.
    assert (
        "Upload a valid image. The file you uploaded was either not an image or a corrupted image."
        in error_text(response)
    )
    school.refresh_from_db()
    assert not school.logo


def test_a_logo_over_2_mb_is_refused(editor_client, media_root):
    school = SchoolFactory(with_figures=True)
    content = png_bytes(1000, 1000, noise=True)
    assert len(content) > 2 * 1024 * 1024
    upload = SimpleUploadedFile("huge.png", content, content_type="image/png")
    response = edit_school(editor_client, school, logo=upload)
    assert response.status_code == 200
    size = len(content) / (1024 * 1024)
    assert f"The logo is {size:.1f} MB; the limit is 2 MB." in error_text(response)
    school.refresh_from_db()
    assert not school.logo


def test_editing_a_figure_records_the_editor_as_its_source(editor_client):
    ipeds = DataSourceFactory(key="ipeds-2023", name="IPEDS", edition="2023-24")
    scorecard = DataSourceFactory(key="scorecard-2025", name="College Scorecard", edition="2025")
    school = SchoolFactory(
        with_figures=True,
        tuition_in_state_source=ipeds,
        admission_rate_source=scorecard,
        figures_changed_by="Import IPEDS 2023-24",
    )
    response = edit_school(editor_client, school, tuition_in_state="9800")
    assert response.status_code == 302
    school.refresh_from_db()
    assert school.tuition_in_state == 9800
    assert school.tuition_in_state_source == DataSource.editor()
    assert school.admission_rate_source == scorecard  # untouched figures keep their source
    assert school.figures_changed_by == "Editor editor"
    assert school.figures_changed_at is not None
    entry = LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(School), object_id=str(school.pk)
    )
    assert entry.action_flag == CHANGE
    assert entry.user.username == "editor"
    assert "In-state tuition and fees" in entry.get_change_message()
    # The change form shows where the numbers last came from.
    page = editor_client.get(change_url(school)).content.decode()
    assert "Provenance" in page
    assert "Editor editor" in page


def test_an_editor_may_name_the_source_of_a_figure(editor_client):
    ipeds = DataSourceFactory(key="ipeds-2023", name="IPEDS", edition="2023-24")
    school = SchoolFactory(with_figures=True)
    response = edit_school(
        editor_client, school, enrollment="41000", enrollment_source=str(ipeds.pk), admission_rate=""
    )
    assert response.status_code == 302
    school.refresh_from_db()
    assert school.enrollment_source == ipeds
    assert school.admission_rate is None
    # "Unknown" is the editors' word for it: imports keep it (with the public figure beside it).
    assert school.admission_rate_source == DataSource.editor()
    assert school.kept_figures.get().field == "admission_rate"
    assert not school.kept_figures.filter(field="enrollment").exists()  # it follows the public data
    assert school.figures_changed_by == "Editor editor"


def test_changing_only_the_name_leaves_provenance_alone(editor_client):
    school = SchoolFactory(with_figures=True, figures_changed_by="Import IPEDS 2023-24")
    response = edit_school(editor_client, school, name="University of Maryland, College Park")
    assert response.status_code == 302
    school.refresh_from_db()
    assert school.figures_changed_by == "Import IPEDS 2023-24"
    assert school.figures_changed_at is None
    assert school.tuition_in_state_source is None
    assert LogEntry.objects.get(object_id=str(school.pk)).get_change_message() == "Changed Name."


def test_school_filters_and_search(editor_client):
    scorecard = DataSourceFactory(key="scorecard-2025", name="College Scorecard", edition="2025")
    maryland = SchoolFactory(
        with_figures=True, name="University of Maryland-College Park", unitid=163286, state="MD"
    )
    oregon = SchoolFactory(
        with_figures=True,
        name="Oregon State University",
        city="Corvallis",
        state="OR",
        graduation_rate_source=scorecard,
    )
    usc = SchoolFactory(
        with_figures=True, name="University of Southern California", city="Los Angeles", state="CA", control=2
    )
    url = reverse("admin:schools_school_changelist")

    def found(query):
        response = editor_client.get(url + query)
        assert response.status_code == 200
        return set(response.context["cl"].result_list)

    assert found("?state__exact=OR") == {oregon}
    assert found("?control__exact=2") == {usc}
    assert found(f"?source={scorecard.pk}") == {oregon}
    assert found("?source=none") == {maryland, usc}
    assert found("?has_logo=no") == {maryland, oregon, usc}
    assert found("?q=corvallis") == {oregon}
    assert found("?q=163286") == {maryland}
    assert found("?q=university+california") == {usc}
    assert found("?o=-4") == {maryland, oregon, usc}  # sortable by in-state tuition


def test_school_changelist_shows_the_figures_editors_scan(editor_client):
    SchoolFactory(
        with_figures=True,
        name="University of Southern California",
        tuition_in_state=63468,
        admission_rate="12.50",
    )
    SchoolFactory(
        with_figures=True, name="Unknown College", tuition_in_state=None, admission_rate=None, enrollment=None
    )
    page = editor_client.get(reverse("admin:schools_school_changelist")).content.decode()
    for text in ["$63,468", "$37,931", "12.5%", "89%", "40,792"]:
        assert f">{text}<" in page


def test_school_changelist_runs_a_constant_number_of_queries(editor_client, django_assert_max_num_queries):
    source = DataSourceFactory()
    for _ in range(3):
        SchoolFactory(with_figures=True, tuition_in_state_source=source)
    url = reverse("admin:schools_school_changelist")
    editor_client.get(url)  # warm caches that live across requests
    with_three = count_queries(editor_client, url)
    for _ in range(27):
        SchoolFactory(with_figures=True, tuition_in_state_source=source)
    with django_assert_max_num_queries(with_three):
        response = editor_client.get(url)
        assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 30


def test_a_big_school_saves_and_links_to_its_programs(editor_client, django_assert_max_num_queries):
    """A real school lists ~400 programs: as an inline they made a form Django refused (400)."""
    small = SchoolFactory(with_figures=True)
    ProgramOfferingFactory(school=small, field=FieldOfStudyFactory(code="11.0701", title="Computer Science"))
    editor_client.get(change_url(small))
    with_one = count_queries(editor_client, change_url(small))
    school = SchoolFactory(with_figures=True, tuition_in_state_source=DataSourceFactory())
    create_offerings_in_bulk(school, 300)
    url = change_url(school)
    with django_assert_max_num_queries(with_one):
        response = editor_client.get(url)
        assert response.status_code == 200
    programs = reverse("admin:schools_programoffering_changelist") + f"?school__id__exact={school.pk}"
    assert f'<a href="{programs}">300 programs — view/edit them</a>' in response.content.decode()
    data = submitted_data(response, tuition_in_state="9800")
    assert len(data) < django_settings.DATA_UPLOAD_MAX_NUMBER_FIELDS / 10
    response = editor_client.post(url, data)
    assert response.status_code == 302
    school.refresh_from_db()
    assert school.tuition_in_state == 9800
    assert school.tuition_in_state_source == DataSource.editor()
    assert school.programs.count() == 300
    # The link lists this school's programs (and the filter names the school), a page at a time.
    response = editor_client.get(programs)
    assert response.status_code == 200
    assert response.context["cl"].result_count == 300
    assert {offering.school for offering in response.context["cl"].result_list} == {school}
    (chosen,) = [f for f in response.context["cl"].filter_specs if isinstance(f, ChosenRelatedFilter)]
    assert chosen.title == "school"
    assert [label for _, label in chosen.lookup_choices] == [school.name]


def test_program_changelist_filter_lists_only_the_chosen_school(editor_client):
    ProgramOfferingFactory(
        school=SchoolFactory(with_figures=True, name="Oregon State University"),
        field=FieldOfStudyFactory(code="11.0701", title="Computer Science"),
    )
    response = editor_client.get(reverse("admin:schools_programoffering_changelist"))
    assert response.status_code == 200
    # Unfiltered, the sidebar does not list every school: only the credential level filter.
    assert not [f for f in response.context["cl"].filter_specs if isinstance(f, ChosenRelatedFilter)]
    # A school deleted since the link was followed: no programs, not every program.
    gone = editor_client.get(
        reverse("admin:schools_programoffering_changelist") + "?school__id__exact=999999"
    )
    assert gone.status_code == 200
    assert gone.context["cl"].result_count == 0
    bad = editor_client.get(reverse("admin:schools_programoffering_changelist") + "?school__id__exact=x")
    assert bad.status_code == 302  # Django's "?e=1" for a bad filter value


def test_an_editor_adds_a_name_people_use_and_the_public_data_keeps_it(editor_client):
    school = SchoolFactory(name="University of Michigan-Ann Arbor", city="Ann Arbor", state="MI")
    scorecard = DataSource.objects.create(
        key="scorecard-2023-24", name="College Scorecard", edition="2023-24"
    )
    school.aliases.create(name="U of M", source=scorecard)
    url = change_url(school)
    form = editor_client.get(url)
    sources = [markup.squashed(cell.get_text()) for cell in markup.page(form).select("td.field-where_from")]
    assert sources[0] == "College Scorecard 2023-24"
    assert set(sources[1:]) == {"the editors"}  # a name added here is the editors' own
    data = submitted_data(form)
    data["aliases-1-name"] = "UMich"
    response = editor_client.post(url, data)
    assert response.status_code == 302, error_text(response)
    assert sorted((alias.name, alias.source_id) for alias in school.aliases.all()) == [
        ("U of M", scorecard.pk),
        ("UMich", None),
    ]
    # The same name twice for one school, in any case, is refused.
    data = submitted_data(editor_client.get(url))
    data["aliases-2-name"] = "umich"
    assert "already" in error_text(editor_client.post(url, data)).lower()

"""The editors' Django admin: what editors may do, validation, logos, provenance, query counts."""

from decimal import Decimal

import pytest
from django import forms
from django.conf import settings as django_settings
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from careerguide.careers.models import (
    FAQ,
    AlternateTitle,
    BestSchool,
    Career,
    CrosswalkLink,
    DegreeLevel,
    DegreeProgram,
    EducationLevelShare,
    ImportancePoint,
    Occupation,
    RelatedOccupation,
    Task,
    TechnologySkill,
)
from careerguide.careers.tests.factories import (
    CareerFactory,
    OccupationFactory,
    create_occupation_rows_in_bulk,
)
from resources.models import Resource
from resources.tests.factories import ResourceFactory
from schools.admin import ChosenRelatedFilter
from schools.models import DataSource, ProgramOffering, School
from schools.tests.factories import (
    DataSourceFactory,
    FieldOfStudyFactory,
    ProgramOfferingFactory,
    SchoolFactory,
    create_offerings_in_bulk,
)
from schools.vocabulary import CredentialLevel
from tests.images import png_bytes

SEED_FILE = django_settings.BASE_DIR / "fixtures" / "seed.json"


# --- Helpers: submit an admin form the way a browser would ----------------------------------


def form_data(form):
    """The POST data a browser sends for `form` as rendered (files left out)."""
    data = {}
    for bound in form:
        if isinstance(bound.field, forms.FileField):
            continue
        value = bound.value()
        if isinstance(bound.field.widget, forms.CheckboxInput):
            if value:
                data[bound.html_name] = "on"
        elif value is None:
            data[bound.html_name] = ""
        elif isinstance(value, (list, tuple)):
            data[bound.html_name] = [str(item) for item in value]
        else:
            data[bound.html_name] = str(value)
    return data


def submitted_data(response, **changes):
    """Everything the add/change form in `response` submits: fields, inlines and management forms."""
    data = form_data(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        data.update(form_data(inline.formset.management_form))
        for inline_form in inline.formset.forms:
            data.update(form_data(inline_form))
    data.update(changes)
    return data


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def edit_school(client, school, **changes):
    url = change_url(school)
    return client.post(url, submitted_data(client.get(url), **changes))


def error_text(response):
    return response.content.decode()


# --- 1. What an editor may and may not do ---------------------------------------------------


@pytest.fixture
def content():
    school = SchoolFactory(with_figures=True, name="University of Maryland-College Park")
    occupation = OccupationFactory(title="Data Scientists", code="15-2051.00", soc_code="15-2051")
    career = CareerFactory(
        title="Machine Learning Engineer", slug="machine-learning-engineer", occupation=occupation
    )
    resource = ResourceFactory(careers=[career], title="Deep Learning")
    return {"school": school, "career": career, "resource": resource, "occupation": occupation}


@pytest.mark.parametrize("name", ["school", "career", "resource", "occupation"])
def test_editor_opens_changelist_and_change_form(editor_client, content, name):
    obj = content[name]
    opts = obj._meta
    changelist = editor_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert changelist.status_code == 200
    assert list(changelist.context["cl"].result_list) == [obj]
    change_form = editor_client.get(change_url(obj))
    assert change_form.status_code == 200
    assert change_form.context["has_change_permission"]


def test_editor_adds_a_school_then_its_program(editor_client):
    field = FieldOfStudyFactory(code="11.0701", title="Computer Science")
    response = editor_client.post(
        reverse("admin:schools_school_add"),
        {
            "name": "Oregon State University",
            "slug": "oregon-state-university",
            "unitid": "209542",
            "control": "1",
            "website": "https://oregonstate.edu",
            "city": "Corvallis",
            "state": "OR",
            "zip_code": "97331",
            "latitude": "",
            "longitude": "",
            "tuition_in_state": "10425",
            "tuition_out_of_state": "31200",
            "admission_rate": "83",
            "graduation_rate": "70",
            "enrollment": "34292",
            "median_earnings": "",
            "net_price": "",
            "sat_average": "",
            **{f"{metric}_source": "" for metric in School.METRICS},
            "_save": "Save",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    school = School.objects.get(unitid=209542)
    assert school.name == "Oregon State University"
    assert school.admission_rate == Decimal("83")
    # Its programs are added from the school's page: "add a program" names the school.
    add_program = reverse("admin:schools_programoffering_add") + f"?school={school.pk}"
    assert (
        f'<a href="{add_program}">add a program</a>' in editor_client.get(change_url(school)).content.decode()
    )
    response = editor_client.get(add_program)
    assert response.context["adminform"].form.initial["school"] == str(school.pk)
    response = editor_client.post(
        add_program,
        submitted_data(
            response,
            field="11.0701",
            credential_level=str(CredentialLevel.BACHELOR),
            graduates="412",
            _save="Save",
        ),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    offering = school.programs.get()
    assert (offering.field, offering.series, offering.graduates) == (field, "11.07", 412)
    # A figure typed by an editor is the editors' figure.
    assert school.tuition_in_state_source == DataSource.editor()
    assert school.figures_changed_by == "Editor editor"
    entry = LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(School), object_id=str(school.pk)
    )
    assert entry.action_flag == ADDITION
    assert entry.user.username == "editor"


def test_editor_cannot_delete_schools_or_careers(editor_client, content):
    school, career = content["school"], content["career"]
    assert editor_client.get(reverse("admin:schools_school_delete", args=[school.pk])).status_code == 403
    assert editor_client.post(reverse("admin:schools_school_delete", args=[school.pk])).status_code == 403
    assert editor_client.get(reverse("admin:careers_career_delete", args=[career.pk])).status_code == 403
    assert editor_client.post(reverse("admin:careers_career_delete", args=[career.pk])).status_code == 403
    # Nor through the changelist's bulk action.
    changelist = editor_client.get(reverse("admin:schools_school_changelist"))
    assert "delete_selected" not in changelist.content.decode()
    assert School.objects.filter(pk=school.pk).exists()
    assert Career.objects.filter(pk=career.pk).exists()


def test_editor_cannot_manage_users_or_groups(editor_client):
    assert editor_client.get("/admin/auth/user/").status_code == 403
    assert editor_client.get("/admin/auth/group/").status_code == 403
    assert editor_client.get("/admin/auth/user/add/").status_code == 403
    index = editor_client.get("/admin/")
    assert index.status_code == 200
    page = index.content.decode()
    assert "/admin/auth/user/" not in page
    assert "/admin/auth/group/" not in page
    assert {app["app_label"] for app in index.context["app_list"]} == {"careers", "schools", "resources"}


def test_superuser_manages_users_and_sees_links_to_occupation_rows(admin_client, content):
    index = admin_client.get("/admin/").content.decode()
    assert "/admin/auth/user/" in index
    occupation = content["occupation"]
    AlternateTitle.objects.create(occupation=occupation, title="Machine Learning Engineer")
    page = admin_client.get(change_url(occupation)).content.decode()
    link = reverse("admin:careers_alternatetitle_changelist") + f"?occupation__id__exact={occupation.pk}"
    assert f'<a href="{link}">1 alternate title — view/edit them</a>' in page


def test_editor_may_delete_a_faq_row_of_a_career(editor_client, content):
    career = content["career"]
    faq = FAQ.objects.create(career=career, question="Is it hard?", answer="Yes.")
    url = change_url(career)
    data = submitted_data(editor_client.get(url), **{"faqs-0-DELETE": "on"})
    response = editor_client.post(url, data)
    assert response.status_code == 302
    assert not FAQ.objects.filter(pk=faq.pk).exists()


# --- 2. Validation messages -----------------------------------------------------------------


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


def test_duplicate_career_slug_is_refused(editor_client):
    CareerFactory(slug="machine-learning-engineer")
    career = CareerFactory()
    url = change_url(career)
    response = editor_client.post(
        url, submitted_data(editor_client.get(url), slug="machine-learning-engineer")
    )
    assert response.status_code == 200
    assert "Career with this Slug already exists." in error_text(response)


def test_resource_needs_a_valid_link(editor_client):
    resource = ResourceFactory()
    url = change_url(resource)
    response = editor_client.post(url, submitted_data(editor_client.get(url), url="kaggle dot com"))
    assert response.status_code == 200
    assert "Enter a valid URL." in error_text(response)


# --- 3. Logos -------------------------------------------------------------------------------


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


def test_resource_cover_is_stored_as_a_thumbnail(editor_client, media_root):
    resource = ResourceFactory()
    url = change_url(resource)
    upload = SimpleUploadedFile("cover.png", png_bytes(300, 900), content_type="image/png")
    response = editor_client.post(url, submitted_data(editor_client.get(url), cover=upload))
    assert response.status_code == 302
    resource.refresh_from_db()
    with resource.cover.open("rb") as stored, Image.open(stored) as image:
        assert max(image.size) <= 256


# --- 4. Provenance and history --------------------------------------------------------------


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
    assert school.admission_rate_source is None  # an unknown figure has no source
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


def test_career_change_with_a_new_faq_is_in_the_history(editor_client):
    career = CareerFactory()
    url = change_url(career)
    data = submitted_data(
        editor_client.get(url),
        **{
            "faqs-TOTAL_FORMS": "1",
            "faqs-0-order": "1",
            "faqs-0-question": "What does it pay?",
            "faqs-0-answer": "$108,020 a year.",
        },
    )
    response = editor_client.post(url, data)
    assert response.status_code == 302
    assert career.faqs.get().question == "What does it pay?"
    entry = LogEntry.objects.get(object_id=str(career.pk))
    assert "Added FAQ “What does it pay?”." in entry.get_change_message()


# --- Filters and search ---------------------------------------------------------------------


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


def test_resource_filters(editor_client):
    career = CareerFactory(title="Machine Learning Engineer")
    book = ResourceFactory(careers=[career], title="Deep Learning")
    ResourceFactory(title="Unrelated podcast", kind=Resource.Kind.PODCAST)
    response = editor_client.get(
        reverse("admin:resources_resource_changelist") + f"?careers__id__exact={career.pk}"
    )
    assert list(response.context["cl"].result_list) == [book]
    response = editor_client.get(
        reverse("admin:resources_resource_changelist") + "?kind__exact=podcast&q=podcast"
    )
    assert [r.title for r in response.context["cl"].result_list] == ["Unrelated podcast"]


def test_editor_autocompletes_schools_for_best_schools(editor_client):
    SchoolFactory(with_figures=True, name="University of Maryland-College Park")
    SchoolFactory(with_figures=True, name="Oregon State University")
    response = editor_client.get(
        "/admin/autocomplete/",
        {"app_label": "careers", "model_name": "bestschool", "field_name": "school", "term": "maryland"},
    )
    assert response.status_code == 200
    assert [result["text"] for result in response.json()["results"]] == [
        "University of Maryland-College Park"
    ]


# --- 5. Query counts ------------------------------------------------------------------------


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


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


@pytest.mark.parametrize(
    "model", [Career, Resource, School, ProgramOffering, AlternateTitle, Task, TechnologySkill]
)
def test_changelists_of_related_records_run_a_constant_number_of_queries(
    editor_client, django_assert_max_num_queries, model
):
    def make(n):
        for _ in range(n):
            occupation = OccupationFactory()
            create_occupation_rows_in_bulk(occupation, titles=1, tasks=1, technologies=1)
            career = CareerFactory(occupation=occupation)
            ResourceFactory(careers=[career])
            ProgramOfferingFactory(
                school=SchoolFactory(with_figures=True),
                field=FieldOfStudyFactory(code="11.0701", title="Computer Science"),
            )

    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    make(3)
    editor_client.get(url)
    with_three = count_queries(editor_client, url)
    make(27)
    with django_assert_max_num_queries(with_three):
        assert editor_client.get(url).status_code == 200


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


def occupation_rows_url(model, occupation):
    return (
        reverse(f"admin:careers_{model._meta.model_name}_changelist")
        + f"?occupation__id__exact={occupation.pk}"
    )


def test_a_big_occupation_saves_and_links_to_its_rows(editor_client, django_assert_max_num_queries):
    """O*NET gives an occupation up to 2,750 alternate titles and hundreds of tasks and technologies."""
    small = OccupationFactory()
    editor_client.get(change_url(small))
    with_none = count_queries(editor_client, change_url(small))
    occupation = OccupationFactory(title="Data Scientists")
    create_occupation_rows_in_bulk(occupation, titles=1200, tasks=30, technologies=425)
    url = change_url(occupation)
    with django_assert_max_num_queries(with_none):
        response = editor_client.get(url)
        assert response.status_code == 200
    page = response.content.decode()
    for model, text in [
        (AlternateTitle, "1,200 alternate titles"),
        (Task, "30 tasks"),
        (TechnologySkill, "425 technology skills"),
    ]:
        assert f'<a href="{occupation_rows_url(model, occupation)}">{text} — view/edit them</a>' in page
    response = editor_client.post(url, submitted_data(response, title="Data Scientists and Analysts"))
    assert response.status_code == 302
    occupation.refresh_from_db()
    assert occupation.title == "Data Scientists and Analysts"
    assert occupation.alternate_titles.count() == 1200
    assert occupation.technology_skills.count() == 425


@pytest.mark.parametrize(
    ("model", "change", "deletable"),
    [
        (AlternateTitle, {"title": "Statistician"}, True),
        (Task, {"statement": "Analyze data with statistical models."}, False),
        (TechnologySkill, {"name": "Python", "is_hot": "on"}, False),
    ],
)
def test_editor_corrects_an_occupation_row(editor_client, model, change, deletable):
    occupation = OccupationFactory(title="Data Scientists")
    create_occupation_rows_in_bulk(occupation, titles=2, tasks=2, technologies=2)
    create_occupation_rows_in_bulk(OccupationFactory(), titles=1, tasks=1, technologies=1)
    changelist = reverse(f"admin:careers_{model._meta.model_name}_changelist")
    assert editor_client.get(changelist).context["cl"].result_count == 3
    # The occupation's link, a search for its code or its title: its two rows.
    for query in [occupation_rows_url(model, occupation), f"{changelist}?q={occupation.code}"]:
        response = editor_client.get(query)
        assert response.status_code == 200
        assert response.context["cl"].result_count == 2
    # Editors may delete alternate titles, not the tasks and technologies O*NET rates.
    assert ("delete_selected" in response.content.decode()) is deletable
    row = model.objects.filter(occupation=occupation).first()
    url = change_url(row)
    response = editor_client.get(url)
    assert response.status_code == 200
    assert str(occupation) in response.content.decode()  # the autocomplete shows the occupation
    response = editor_client.post(url, submitted_data(response, **change))
    assert response.status_code == 302, response.context["adminform"].form.errors
    row.refresh_from_db()
    for name, value in change.items():
        assert getattr(row, name) == (True if value == "on" else value)
    assert LogEntry.objects.get(object_id=str(row.pk)).action_flag == CHANGE


def test_editor_autocompletes_the_occupation_of_a_row(editor_client):
    OccupationFactory(title="Data Scientists")
    OccupationFactory(title="Actuaries")
    response = editor_client.get(
        "/admin/autocomplete/",
        {"app_label": "careers", "model_name": "task", "field_name": "occupation", "term": "data"},
    )
    assert response.status_code == 200
    assert [result["text"] for result in response.json()["results"]] == [
        str(Occupation.objects.get(title="Data Scientists"))
    ]


# Rows that imports write by the hundred per school or occupation: never an inline.
IMPORTED_ROWS = {
    ProgramOffering,
    AlternateTitle,
    Task,
    TechnologySkill,
    EducationLevelShare,
    RelatedOccupation,
    CrosswalkLink,
}


def test_no_inline_edits_rows_that_imports_supply():
    from django.contrib import admin

    for model_admin in admin.site._registry.values():
        for inline in model_admin.inlines:
            assert inline.model not in IMPORTED_ROWS, (model_admin, inline)


def test_inlines_filled_to_their_caps_stay_under_the_post_field_limit(admin_client):
    """Career page rows are editorial, and each inline stops at `max_num` rows: even a page with
    every section full (and every row ticked for deletion) is a form Django accepts."""
    from django.contrib import admin

    checked = []
    for model, model_admin in admin.site._registry.items():
        if not model_admin.inlines:
            continue
        opts = model._meta
        response = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
        fields = len(list(response.context["adminform"].form)) + 3  # csrf token, save button, one spare
        for inline in response.context["inline_admin_formsets"]:
            formset = inline.formset
            assert formset.max_num < 100, (model, formset.prefix)
            fields += len(formset.management_form.fields) + formset.max_num * len(list(formset.empty_form))
        assert fields <= django_settings.DATA_UPLOAD_MAX_NUMBER_FIELDS, (model, fields)
        checked.append(model)
    assert set(checked) == {Career, DegreeLevel}


# --- 6. The career change form --------------------------------------------------------------


def build_career_page():
    occupation = OccupationFactory(title="Data Scientists", code="15-2051.00", soc_code="15-2051")
    career = CareerFactory(
        title="Machine Learning Engineer", slug="machine-learning-engineer", occupation=occupation
    )
    ImportancePoint.objects.create(career=career, order=1, title="Driving innovation", body="New products.")
    bachelor = DegreeLevel.objects.create(
        career=career, order=1, kind=DegreeLevel.Kind.BACHELOR, title="Bachelor's Degree"
    )
    DegreeProgram.objects.create(
        degree_level=bachelor,
        order=1,
        name="Computer Science",
        field=FieldOfStudyFactory(code="11.0701", title="Computer Science"),
    )
    for rank, name in enumerate(["University of Maryland-College Park", "Oregon State University"], start=1):
        BestSchool.objects.create(
            career=career, school=SchoolFactory(with_figures=True, name=name), rank=rank
        )
    FAQ.objects.create(career=career, order=1, question="Is a degree required?", answer="Usually.")
    ResourceFactory(careers=[career], title="Hands-On Machine Learning")
    return career


def test_career_change_form_shows_every_section(editor_client, django_assert_max_num_queries):
    career = build_career_page()
    url = change_url(career)
    editor_client.get(url)
    with_two = count_queries(editor_client, url)
    response = editor_client.get(url)
    page = response.content.decode()
    for text in [
        "Driving innovation",
        "Bachelor&#x27;s Degree",
        "Edit programs (1)",
        "Oregon State University",
        "Is a degree required?",
        "Hands-On Machine Learning",
        "Data Scientists (15-2051.00)",
    ]:
        assert text in page
    # Sections appear in the order of the career page.
    assert [fieldset.name for fieldset in response.context["adminform"]] == [
        "Overview",
        "Salary",
        "Education",
        "Best schools",
        "Job description",
        "Job market",
        "Resources",
        "Review and history",
    ]
    # More best schools and resources cost no more queries.
    for rank in range(3, 11):
        BestSchool.objects.create(career=career, school=SchoolFactory(with_figures=True), rank=rank)
        ResourceFactory(careers=[career])
    with django_assert_max_num_queries(with_two):
        assert editor_client.get(url).status_code == 200


def test_degree_level_links_to_its_programs(editor_client):
    career = build_career_page()
    level = career.degree_levels.get()
    response = editor_client.get(change_url(level))
    assert response.status_code == 200
    assert "11.0701" in response.content.decode()
    response = editor_client.get(reverse("admin:careers_degreeprogram_changelist"))
    assert response.status_code == 200
    assert "Computer Science" in response.content.decode()


@pytest.mark.skipif(not SEED_FILE.exists(), reason="fixtures/seed.json is not written yet")
def test_career_change_form_with_the_seed(editor_client, seed):
    career = Career.objects.get(slug="machine-learning-engineer")
    response = editor_client.get(change_url(career))
    assert response.status_code == 200
    assert career.title in response.content.decode()
    data = submitted_data(response)
    response = editor_client.post(change_url(career), data)
    assert response.status_code == 302  # the seed as loaded is valid in the form


@pytest.mark.parametrize("view", ["changelist", "add"])
def test_every_registered_admin_page_renders(admin_client, view):
    from django.contrib import admin

    for model in admin.site._registry:
        if model._meta.app_label not in {"schools", "careers", "resources"}:
            continue
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}")
        assert admin_client.get(url).status_code == 200, url

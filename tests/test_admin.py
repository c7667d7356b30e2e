"""The editors' Django admin across the apps: what editors may and may not do, query counts of
every changelist, which rows are never inlines, every admin page."""

from decimal import Decimal

import pytest
from django.conf import settings as django_settings
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from careerguide.careers.models import (
    FAQ,
    AlternateTitle,
    Career,
    CrosswalkLink,
    DegreeLevel,
    EducationLevelShare,
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
from schools.models import DataSource, ProgramOffering, School
from schools.tests.factories import (
    FieldOfStudyFactory,
    ProgramOfferingFactory,
    SchoolFactory,
)
from schools.vocabulary import CredentialLevel
from tests.admin_forms import change_url, count_queries, submitted_data

SEED_FILE = django_settings.BASE_DIR / "fixtures" / "seed.json"


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
            "aliases-TOTAL_FORMS": "1",
            "aliases-INITIAL_FORMS": "0",
            "aliases-0-name": "Oregon State",
            "_save": "Save",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    school = School.objects.get(unitid=209542)
    assert school.name == "Oregon State University"
    assert school.admission_rate == Decimal("83")
    assert [alias.name for alias in school.aliases.all()] == ["Oregon State"]
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
    # Import records are read, not changed: they are listed for editors too.
    assert {app["app_label"] for app in index.context["app_list"]} == {
        "careers",
        "schools",
        "resources",
        "importing",
    }


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
    assert set(checked) == {Career, DegreeLevel, School}


@pytest.mark.parametrize("view", ["changelist", "add"])
def test_every_registered_admin_page_renders(admin_client, view):
    from django.contrib import admin

    from schools.models import KeptFigure

    for model in admin.site._registry:
        if model._meta.app_label not in {"schools", "careers", "resources"}:
            continue
        if view == "add" and model is KeptFigure:
            continue  # written only by editors' saves and imports
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}")
        assert admin_client.get(url).status_code == 200, url

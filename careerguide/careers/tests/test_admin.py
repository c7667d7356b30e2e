"""The careers' admin: slugs, history, occupation rows, autocompletes and the career change form."""

import pytest
from django.conf import settings as django_settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.urls import reverse

from careerguide.careers.models import (
    FAQ,
    AlternateTitle,
    BestSchool,
    Career,
    DegreeLevel,
    DegreeProgram,
    ImportancePoint,
    Occupation,
    Task,
    TechnologySkill,
)
from careerguide.careers.tests.factories import (
    CareerFactory,
    OccupationFactory,
    create_occupation_rows_in_bulk,
)
from resources.tests.factories import ResourceFactory
from schools.tests.factories import (
    FieldOfStudyFactory,
    SchoolFactory,
)
from tests.admin_forms import change_url, count_queries, error_text, submitted_data

SEED_FILE = django_settings.BASE_DIR / "fixtures" / "seed.json"


def test_duplicate_career_slug_is_refused(editor_client):
    CareerFactory(slug="machine-learning-engineer")
    career = CareerFactory()
    url = change_url(career)
    response = editor_client.post(
        url, submitted_data(editor_client.get(url), slug="machine-learning-engineer")
    )
    assert response.status_code == 200
    assert "Career with this Slug already exists." in error_text(response)


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


def test_editor_autocompletes_schools_for_best_schools(editor_client):
    SchoolFactory(with_figures=True, name="University of Maryland-College Park")
    SchoolFactory(with_figures=True, name="Oregon State University")
    response = editor_client.get(
        "/admin/autocomplete/",
        {"app_label": "careers", "model_name": "bestschool", "field_name": "school", "term": "maryland"},
    )
    assert response.status_code == 200
    assert [result["text"] for result in response.json()["results"]] == [
        "University of Maryland-College Park — College Park, MD"
    ]


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

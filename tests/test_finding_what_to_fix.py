"""Finding what to fix (SPEC section 5): the school picker names city and state and ranks name
matches first; filters for each missing figure and an unknown state; actions that pin, unpin and
mark reviewed; the work page flags salaries unlike BLS and best-schools rows unlike the schools'
current figures, one click refreshing a row."""

import datetime
import html
from decimal import Decimal

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from careerguide.careers.models import BestSchool, Career
from careerguide.careers.tests.factories import CareerFactory, OccupationFactory
from schools.models import School
from schools.tests.factories import SchoolFactory
from tests.admin_forms import change_url, count_queries

pytestmark = pytest.mark.django_db

SCHOOLS = reverse("admin:schools_school_changelist")
WORK = reverse("admin:careers_career_work")


def listed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return {str(obj) for obj in response.context["cl"].result_list}


def test_the_school_picker_names_city_and_state_and_puts_name_matches_first(editor_client):
    career = CareerFactory()
    SchoolFactory(name="Benedict College", city="Columbia", state="SC")
    for city, state in [
        ("Chicago", "IL"),
        ("Columbia", "MO"),
        ("Columbia", "SC"),
        ("Lake Charles", "LA"),
        ("Sonora", "CA"),
    ]:
        SchoolFactory(name="Columbia College", city=city, state=state)
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "Columbia College",
            "app_label": "careers",
            "model_name": "bestschool",
            "field_name": "school",
        },
    )
    assert response.status_code == 200
    labels = [entry["text"] for entry in response.json()["results"]]
    assert labels[:5] == [
        "Columbia College — Sonora, CA",
        "Columbia College — Chicago, IL",
        "Columbia College — Lake Charles, LA",
        "Columbia College — Columbia, MO",
        "Columbia College — Columbia, SC",
    ]
    assert labels[5] == "Benedict College — Columbia, SC"
    # The chosen school reads the same in the career's form.
    BestSchool.objects.create(
        career=career, school=School.objects.get(name="Columbia College", state="MO"), rank=1
    )
    assert "Columbia College — Columbia, MO" in editor_client.get(change_url(career)).content.decode()


def test_filters_for_a_missing_figure_and_an_unknown_state(editor_client):
    SchoolFactory(name="Reports it", state="MD", graduation_rate="61.00")
    SchoolFactory(name="No rate", state="MD", graduation_rate=None)
    SchoolFactory(name="No rate elsewhere", state="VA", graduation_rate=None)
    SchoolFactory(name="Nowhere", state="", city="")
    assert listed(editor_client, f"{SCHOOLS}?state__exact=MD&missing=graduation_rate") == {"No rate"}
    assert listed(editor_client, f"{SCHOOLS}?state__exact=unknown") == {"Nowhere"}
    page = editor_client.get(SCHOOLS).content.decode()
    for figure in ("Graduation rate", "In-state tuition and fees", "Three-year loan default rate"):
        assert f"?missing={School._meta.get_field('graduation_rate').name}" in page
        assert figure in page
    assert "Unknown: no file gives it" in page


def test_actions_pin_unpin_and_mark_reviewed_each_in_the_history(editor_client):
    schools = [SchoolFactory(name=f"School {n}") for n in range(3)]
    ids = [str(school.pk) for school in schools]

    def act(action, url=SCHOOLS, selected=ids):
        response = editor_client.post(
            url, {"action": action, "index": "0", "_selected_action": selected}, follow=True
        )
        assert response.status_code == 200
        return " ".join(response.content.decode().split())

    assert "Pinned (imports leave it as it is): 3 schools." in act("pin")
    assert School.objects.filter(pinned=True).count() == 3
    assert "Unpinned (imports update it again): 1 school." in act("unpin", selected=ids[:1])
    assert School.objects.filter(pinned=True).count() == 2
    act("mark_reviewed")
    assert set(School.objects.values_list("reviewed_on", flat=True)) == {timezone.localdate()}
    entries = LogEntry.objects.filter(object_id=str(schools[0].pk)).order_by("pk")
    assert [entry.get_change_message() for entry in entries] == [
        "Pinned (imports leave it as it is).",
        "Unpinned (imports update it again).",
        f"Marked reviewed on {timezone.localdate():%Y-%m-%d}.",
    ]
    assert Version.objects.get_for_object(schools[0]).count() == 4  # and the school as it was

    careers = [CareerFactory(), CareerFactory()]
    act("mark_reviewed", reverse("admin:careers_career_changelist"), [str(c.pk) for c in careers])
    assert set(Career.objects.values_list("reviewed_on", flat=True)) == {timezone.localdate()}


def test_the_work_page_flags_salaries_unlike_bls(editor_client):
    occupation = OccupationFactory(annual_median_wage=112590)
    CareerFactory(title="Machine Learning Engineer", occupation=occupation, salary_annual_median=108020)
    CareerFactory(title="Same as BLS", occupation=occupation, salary_annual_median=112590)
    CareerFactory(title="BLS only", occupation=occupation)
    page = editor_client.get(WORK).content.decode()
    url = reverse("admin:careers_career_changelist") + "?salary=unlike_bls"
    assert f'<a href="{url}">1</a>' in page
    assert listed(editor_client, url) == {"Machine Learning Engineer"}


def test_the_work_page_lists_best_schools_rows_unlike_the_schools_and_refreshes_one(editor_client):
    career = CareerFactory(title="Machine Learning Engineer")
    umd = SchoolFactory(name="University of Maryland-College Park", with_figures=True, tuition_in_state=11505)
    same = SchoolFactory(name="Same figures", with_figures=True)
    row = BestSchool.objects.create(
        career=career, school=umd, rank=1, tuition_in_state=9695, enrollment=40792
    )
    BestSchool.objects.create(career=career, school=same, rank=2, tuition_in_state=same.tuition_in_state)
    response = editor_client.get(WORK)
    page = " ".join(response.content.decode().split())
    assert "Best-schools rows unlike the schools' current figures: 1" in page
    assert "In-State Tuition: $9,695 → <strong>$11,505</strong>" in page
    assert "Total Enrollment: 40,792</li>" in page  # the same as the school's: not flagged
    assert "#1 University of Maryland-College Park (College Park, MD)" in page
    button = reverse("admin:careers_bestschool_use_current", args=[row.pk])
    assert f'action="{button}"' in page

    opened = editor_client.get(change_url(career))
    response = editor_client.post(button, follow=True)
    assert "now shows its current figures" in response.content.decode()
    row.refresh_from_db()
    assert (row.tuition_in_state, row.enrollment, row.admission_rate) == (11505, 40792, Decimal("45.00"))
    assert "Best-schools rows unlike the schools' current figures: 0" in " ".join(
        editor_client.get(WORK).content.decode().split()
    )
    message = LogEntry.objects.filter(object_id=str(career.pk)).get().get_change_message()
    assert (
        message
        == "Changed current figures (In-State Tuition $9,695 → $11,505) for best school “University of Maryland-College Park”."
    )
    # A career form opened before the refresh is refused: the row changed.
    from tests.admin_forms import submitted_data

    refused = editor_client.post(change_url(career), submitted_data(opened, overview="Mine."))
    assert refused.status_code == 200
    assert "took the school's current figures" in html.unescape(refused.content.decode())
    assert editor_client.get(button).status_code == 403


def test_list_pages_run_a_constant_number_of_queries(editor_client, django_assert_max_num_queries):
    from schools.models import KeptFigure

    def add(count):
        for _ in range(count):
            school = SchoolFactory(with_figures=True)
            KeptFigure.objects.create(school=school, field="tuition_in_state", public_value=9000)
            BestSchool.objects.create(
                career=CareerFactory(
                    occupation=OccupationFactory(annual_median_wage=1), salary_annual_median=2
                ),
                school=school,
                rank=1,
                tuition_in_state=1,
            )

    urls = [
        reverse("admin:schools_keptfigure_changelist"),
        WORK,
        reverse("admin:careers_career_changelist"),
        SCHOOLS,
    ]
    add(2)
    for url in urls:
        editor_client.get(url)
    budgets = {url: count_queries(editor_client, url) for url in urls}
    add(20)
    for url in urls:
        with django_assert_max_num_queries(budgets[url]):
            assert editor_client.get(url).status_code == 200


def test_a_review_stops_an_editors_figure_counting_as_older_than_the_import(editor_client):
    from schools.admin import editor_figures_older_than_imports
    from schools.models import DataSource
    from schools.tests.factories import DataSourceFactory

    ipeds = DataSourceFactory(key="ipeds-2023", name="IPEDS", edition="2023-24")
    moment = timezone.now() - datetime.timedelta(days=3)
    SchoolFactory(
        with_figures=True,
        tuition_in_state_source=ipeds,
        figures_changed_at=moment,
        figures_changed_by="Import: IPEDS",
    )
    school = SchoolFactory(
        with_figures=True,
        tuition_in_state_source=DataSource.editor(),
        figures_changed_at=moment - datetime.timedelta(days=30),
    )
    assert School.objects.filter(editor_figures_older_than_imports()).get() == school
    school.reviewed_on = timezone.localdate()
    school.save()
    assert not School.objects.filter(editor_figures_older_than_imports()).exists()

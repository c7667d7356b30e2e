"""Admin history: who changed which figure, from what to what."""

from django.contrib.admin.models import LogEntry
from django.urls import reverse

from careerguide.careers.tests.factories import CareerFactory
from schools.tests.factories import SchoolFactory
from tests.admin_forms import change_url, edit_school, submitted_data


def test_school_figures_are_in_the_history_with_old_and_new_values(editor_client):
    school = SchoolFactory(with_figures=True, tuition_in_state=9695, admission_rate="45.00", enrollment=None)
    response = edit_school(
        editor_client,
        school,
        tuition_in_state="9800",
        admission_rate="",
        enrollment="41000",
        city="Baltimore",
    )
    assert response.status_code == 302
    entry = LogEntry.objects.get(object_id=str(school.pk))
    assert entry.user.username == "editor"
    assert entry.get_change_message() == (
        "Changed City, In-state tuition and fees ($9,695 → $9,800), "
        "Admission rate (45.00% → unknown) and Total enrollment (unknown → 41,000)."
    )
    # Administrators read it on the school's history page, with the editor's name.
    response = editor_client.get(reverse("admin:schools_school_history", args=[school.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "In-state tuition and fees ($9,695 → $9,800)" in page
    assert "editor" in page


def test_career_salary_is_in_the_history_with_old_and_new_values(editor_client):
    career = CareerFactory(salary_annual_median=108020, salary_hourly_median="51.93")
    url = change_url(career)
    data = submitted_data(editor_client.get(url), salary_annual_median="110000", salary_hourly_median="52.88")
    assert editor_client.post(url, data).status_code == 302
    entry = LogEntry.objects.get(object_id=str(career.pk))
    assert entry.get_change_message() == (
        "Changed Salary annual median ($108,020 → $110,000) and Salary hourly median ($51.93 → $52.88)."
    )


def test_a_change_without_figures_keeps_djangos_message(editor_client):
    school = SchoolFactory(with_figures=True)
    assert edit_school(editor_client, school, name="University of Maryland, College Park").status_code == 302
    assert LogEntry.objects.get(object_id=str(school.pk)).get_change_message() == "Changed Name."

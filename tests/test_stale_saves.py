"""No lost updates (SPEC section 5): a save from a form opened before a later change of the same
record (another editor's save, another tab's, an import's) is refused, naming what changed and by
whom; what the editor typed stays in the form, and a second save, knowing, goes through."""

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from careerguide.careers.models import FAQ, Career
from careerguide.careers.tests.factories import CareerFactory
from resources.tests.factories import ResourceFactory
from schools.models import School
from tests.admin_forms import change_url, submitted_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def bea(db):
    user = User.objects.create_user("bea", "bea@example.com", "another-long-passphrase", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    client.force_login(user)
    return client


def page_text(response):
    return " ".join(response.content.decode().split())


@pytest.fixture
def career(db):
    career = CareerFactory(title="Machine Learning Engineer", salary_annual_median=108020)
    FAQ.objects.create(career=career, order=1, question="Is it hard?", answer="Yes.")
    return career


def test_two_editors_on_one_career_the_older_form_is_refused_and_nothing_is_lost(editor_client, bea, career):
    url = change_url(career)
    a_form = editor_client.get(url)  # A opens the career
    b_form = bea.get(url)  # B opens it too

    # A saves a salary and an FAQ.
    a_data = submitted_data(a_form, salary_annual_median="112590", **{"faqs-0-answer": "Less than it looks."})
    assert editor_client.post(url, a_data).status_code == 302

    # B's older form would have put both back: refused, with what changed and by whom.
    b_data = submitted_data(b_form, overview="B's new overview.")
    response = bea.post(url, b_data)
    assert response.status_code == 200
    page = page_text(response)
    assert "Not saved: this career was changed after you opened it" in page
    assert "Changed since you opened this page:" in page
    assert (
        "by editor: Changed Salary annual median ($108,020 → $112,590). Changed Answer for FAQ “Is it hard?”."
        in page
    )
    # Nothing of A's is lost, nothing of B's is saved, and B's typing is still in the form.
    career.refresh_from_db()
    assert career.salary_annual_median == 112590
    assert career.overview == "What the job is."
    assert career.faqs.get().answer == "Less than it looks."
    form = response.context["adminform"].form
    assert form["overview"].value() == "B's new overview."
    assert "B&#x27;s new overview." in response.content.decode()

    # The refused form shows A's values where B had typed nothing.
    assert form["salary_annual_median"].value() == "112590"
    # Knowing, B saves again from the refused form: B's overview goes in, A's salary and FAQ stay.
    again = submitted_data(response)
    assert bea.post(url, again).status_code == 302
    career.refresh_from_db()
    assert career.overview == "B's new overview."
    assert career.salary_annual_median == 112590
    assert career.faqs.get().answer == "Less than it looks."


def test_the_same_editor_in_two_tabs_is_warned_too(editor_client, career):
    url = change_url(career)
    first_tab, second_tab = editor_client.get(url), editor_client.get(url)
    assert editor_client.post(url, submitted_data(first_tab, title="ML Engineer")).status_code == 302
    response = editor_client.post(url, submitted_data(second_tab, overview="Other tab."))
    assert response.status_code == 200
    assert "by editor: Changed Title." in page_text(response)


def test_a_form_that_failed_validation_keeps_its_clock(editor_client, bea, career):
    url = change_url(career)
    b_form = bea.get(url)
    invalid = bea.post(url, submitted_data(b_form, salary_annual_median="-1"))
    assert invalid.status_code == 200
    assert editor_client.post(url, submitted_data(editor_client.get(url), title="Renamed")).status_code == 302
    response = bea.post(url, submitted_data(invalid, salary_annual_median="1"))
    assert response.status_code == 200
    assert "Not saved: this career was changed after you opened it" in page_text(response)


def test_a_school_changed_by_an_import_after_the_form_opened(editor_client, tmp_path):
    from tests.test_kept_figures import import_files, write_files

    folder = write_files(tmp_path / "data")
    import_files(folder)
    bowie = School.objects.get(unitid=163268)
    url = change_url(bowie)
    opened = editor_client.get(url)
    import_files(
        write_files(folder, (folder / "ipeds" / "ipeds2023_cost.csv").read_text().replace("8999", "9100"))
    )
    response = editor_client.post(url, submitted_data(opened, city="Bowie (Prince George's County)"))
    assert response.status_code == 200
    page = page_text(response)
    assert "Not saved: this school was changed after you opened it" in page
    assert "by an import: Import run" in page
    assert "changed In-state tuition and fees" in page
    bowie.refresh_from_db()
    assert (bowie.city, bowie.tuition_in_state) == ("Bowie", 9100)


def test_two_editors_on_one_resource(editor_client, bea):
    resource = ResourceFactory(title="Deep Learning")
    url = change_url(resource)
    a_form, b_form = editor_client.get(url), bea.get(url)
    assert (
        editor_client.post(url, submitted_data(a_form, author="Goodfellow, Bengio, Courville")).status_code
        == 302
    )
    response = bea.post(url, submitted_data(b_form, description="B's words."))
    assert response.status_code == 200
    assert "by editor: Changed Author or provider." in page_text(response)


def test_a_restore_from_an_old_page_is_refused_too(editor_client, bea, career):
    from reversion.models import Version

    url = change_url(career)
    editor_client.post(url, submitted_data(editor_client.get(url), title="First"))
    first = Version.objects.get_for_object(career).order_by("-pk").first()
    editor_client.post(url, submitted_data(editor_client.get(url), title="Second"))
    restore = f"{url.removesuffix('change/')}history/{first.pk}/restore/"
    confirm = bea.get(restore)
    opened_at = confirm.context["opened_at"]
    editor_client.post(url, submitted_data(editor_client.get(url), title="Third"))
    response = bea.post(restore, {"_opened_at": opened_at})
    assert response.status_code == 200
    assert "by editor: Changed Title." in page_text(response)
    assert Career.objects.get(pk=career.pk).title == "Third"


def test_a_new_record_is_never_refused(editor_client):
    from django.urls import reverse

    response = editor_client.get(reverse("admin:resources_resource_add"))
    data = submitted_data(response, kind="book", title="New", url="https://example.org/")
    data.pop("careers")
    assert editor_client.post(reverse("admin:resources_resource_add"), data).status_code == 302


def test_a_section_changed_on_its_own_page_counts_as_a_change_of_the_career(editor_client, bea, career):
    from careerguide.careers.models import DegreeLevel

    level = DegreeLevel.objects.create(career=career, order=1, kind="bachelor", title="Bachelor's Degree")
    url = change_url(career)
    opened = editor_client.get(url)
    level_url = change_url(level)
    assert (
        bea.post(level_url, submitted_data(bea.get(level_url), title="Bachelor's degree (BS)")).status_code
        == 302
    )
    response = editor_client.post(url, submitted_data(opened, overview="Mine."))
    assert response.status_code == 200
    assert "by bea: Degree level “Bachelor's degree (BS)”, on its own page: Changed Title." in page_text(
        response
    ).replace("&#x27;", "'")
    level.refresh_from_db()
    assert level.title == "Bachelor's degree (BS)"


def test_a_save_that_changes_nothing_leaves_other_forms_current(editor_client, bea, career):
    """B presses Save without changing anything: the career's clock stays, no version is written, and
    A's form, opened before, still saves."""
    url = change_url(career)
    a_form = editor_client.get(url)
    b_form = bea.get(url)
    opened = Career.objects.get(pk=career.pk).updated_at

    assert bea.post(url, submitted_data(b_form)).status_code == 302
    assert Career.objects.get(pk=career.pk).updated_at == opened

    assert editor_client.post(url, submitted_data(a_form, overview="A's overview.")).status_code == 302
    career.refresh_from_db()
    assert career.overview == "A's overview."


def test_a_change_to_an_inline_row_alone_still_dates_the_career(editor_client, bea, career):
    """Only an FAQ changed: the career's clock moves, so a form opened before is refused."""
    url = change_url(career)
    a_form = editor_client.get(url)
    b_form = bea.get(url)
    opened = Career.objects.get(pk=career.pk).updated_at

    assert bea.post(url, submitted_data(b_form, **{"faqs-0-answer": "Not really."})).status_code == 302
    assert Career.objects.get(pk=career.pk).updated_at > opened

    response = editor_client.post(url, submitted_data(a_form, overview="A's overview."))
    assert response.status_code == 200
    assert "Not saved: this career was changed after you opened it" in page_text(response)
    assert "by bea: Changed Answer for FAQ “Is it hard?”." in page_text(response)


def test_a_school_saved_unchanged_keeps_its_clock(editor_client, bea):
    school = School.objects.create(unitid=999001, name="Quiet College", slug="quiet-college", state="MD")
    url = change_url(school)
    a_form = editor_client.get(url)
    opened = School.objects.get(pk=school.pk).updated_at
    assert bea.post(url, submitted_data(bea.get(url))).status_code == 302
    assert School.objects.get(pk=school.pk).updated_at == opened
    assert editor_client.post(url, submitted_data(a_form, city="Bowie")).status_code == 302
    assert School.objects.get(pk=school.pk).city == "Bowie"

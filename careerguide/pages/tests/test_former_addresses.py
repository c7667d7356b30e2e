"""A changed slug keeps the old address working: a permanent redirect to the new one (SPEC section 5)."""

import pytest

from careerguide.careers.models import FormerCareerSlug
from careerguide.careers.tests.factories import CareerFactory
from schools.tests.factories import SchoolFactory
from tests.admin_forms import change_url, edit_school, submitted_data

pytestmark = pytest.mark.django_db


def test_an_editor_renames_a_career_and_the_old_address_redirects(editor_client, client):
    career = CareerFactory(title="ML Engineer", slug="ml-engineer")
    url = change_url(career)
    data = submitted_data(editor_client.get(url), slug="machine-learning-engineer")
    assert editor_client.post(url, data).status_code == 302
    response = client.get("/careers/ml-engineer/")
    assert response.status_code == 301
    assert response["Location"] == "/careers/machine-learning-engineer/"
    assert client.get("/careers/machine-learning-engineer/").status_code == 200


def test_every_former_address_leads_to_the_current_one_and_one_can_be_taken_back(client):
    career = CareerFactory(slug="first")
    career.slug = "second"
    career.save()
    career.slug = "third"
    career.save()
    for old in ("first", "second"):
        response = client.get(f"/careers/{old}/")
        assert (response.status_code, response["Location"]) == (301, "/careers/third/")
    career.slug = "first"
    career.save()
    assert client.get("/careers/first/").status_code == 200
    assert sorted(FormerCareerSlug.objects.values_list("slug", flat=True)) == ["second", "third"]


def test_a_live_page_wins_over_a_former_address(client):
    career = CareerFactory(slug="data-scientist")
    career.slug = "data-scientists"
    career.save()
    CareerFactory(slug="data-scientist", title="Another page")
    assert client.get("/careers/data-scientist/").status_code == 200


def test_a_renamed_school_redirects(editor_client, client):
    school = SchoolFactory(slug="bowie-state")
    assert edit_school(editor_client, school, slug="bowie-state-university").status_code == 302
    response = client.get("/schools/bowie-state/")
    assert (response.status_code, response["Location"]) == (301, "/schools/bowie-state-university/")


def test_an_unknown_address_is_still_a_404(client):
    assert client.get("/careers/never-was/").status_code == 404
    assert client.get("/schools/never-was/").status_code == 404


def test_a_new_page_takes_over_an_address_another_left():
    career = CareerFactory(slug="data-scientist")
    career.slug = "data-scientists"
    career.save()
    CareerFactory(slug="data-scientist", title="Another page")
    assert not FormerCareerSlug.objects.exists()

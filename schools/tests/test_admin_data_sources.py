"""Shared data sources: editors see them, only administrators change them."""

import pytest
from django.urls import reverse

from schools.models import DataSource
from schools.tests.factories import DataSourceFactory, SchoolFactory
from tests.admin_forms import change_url, submitted_data

SOURCE_LINKS = ["change_id_tuition_in_state_source", "add_id_tuition_in_state_source"]


@pytest.fixture
def ipeds(db):
    return DataSourceFactory(key="ipeds-2023", name="IPEDS", edition="2023-24")


def test_editor_sees_a_data_source_but_cannot_rename_it(editor_client, ipeds):
    url = change_url(ipeds)
    response = editor_client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "View data source" in page
    assert 'name="name"' not in page  # no input: read-only
    assert 'type="submit"' not in page.split('id="content-main"')[1]
    response = editor_client.post(url, {"name": "Renamed", "edition": "2023-24", "url": ""})
    assert response.status_code == 403
    ipeds.refresh_from_db()
    assert str(ipeds) == "IPEDS 2023-24"


def test_editor_cannot_add_or_delete_a_data_source(editor_client, ipeds):
    assert editor_client.get(reverse("admin:schools_datasource_add")).status_code == 403
    response = editor_client.post(
        reverse("admin:schools_datasource_delete", args=[ipeds.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert DataSource.objects.filter(pk=ipeds.pk).exists()
    response = editor_client.get(reverse("admin:schools_datasource_changelist"))
    assert response.status_code == 200
    assert "Add data source" not in response.content.decode()


def test_school_form_offers_editors_no_pencil_or_plus_beside_sources(editor_client, admin_client, ipeds):
    school = SchoolFactory(with_figures=True, tuition_in_state_source=ipeds)
    page = editor_client.get(change_url(school)).content.decode()
    assert "IPEDS 2023-24" in page  # the source is still chosen in its select
    for link in SOURCE_LINKS:
        assert f'id="{link}"' not in page
    page = admin_client.get(change_url(school)).content.decode()
    for link in SOURCE_LINKS:
        assert f'id="{link}"' in page


def test_editor_may_still_choose_a_figures_source(editor_client, ipeds):
    school = SchoolFactory(with_figures=True)
    url = change_url(school)
    response = editor_client.post(
        url, submitted_data(editor_client.get(url), enrollment="41000", enrollment_source=str(ipeds.pk))
    )
    assert response.status_code == 302
    school.refresh_from_db()
    assert school.enrollment_source == ipeds


def test_administrator_renames_a_data_source(admin_client, ipeds):
    url = change_url(ipeds)
    response = admin_client.post(url, submitted_data(admin_client.get(url), edition="2023-24 (final)"))
    assert response.status_code == 302
    ipeds.refresh_from_db()
    assert str(ipeds) == "IPEDS 2023-24 (final)"

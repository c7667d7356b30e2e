"""The resources' admin: links, covers and filters."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from careerguide.careers.tests.factories import (
    CareerFactory,
)
from resources.models import Resource
from resources.tests.factories import ResourceFactory
from tests.admin_forms import change_url, error_text, submitted_data
from tests.images import png_bytes


def test_resource_needs_a_valid_link(editor_client):
    resource = ResourceFactory()
    url = change_url(resource)
    response = editor_client.post(url, submitted_data(editor_client.get(url), url="kaggle dot com"))
    assert response.status_code == 200
    assert "Enter a valid URL." in error_text(response)


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_resource_cover_is_stored_as_a_thumbnail(editor_client, media_root):
    resource = ResourceFactory()
    url = change_url(resource)
    upload = SimpleUploadedFile("cover.png", png_bytes(300, 900), content_type="image/png")
    response = editor_client.post(url, submitted_data(editor_client.get(url), cover=upload))
    assert response.status_code == 302
    resource.refresh_from_db()
    with resource.cover.open("rb") as stored, Image.open(stored) as image:
        assert max(image.size) <= 256


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

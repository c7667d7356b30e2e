"""A career page previewed from the career form with its unsaved changes (SPEC section 5): the same
page the public will see, while the public page, the data version and the history stay unchanged."""

import re

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from reversion.models import Version

from careerguide.careers.models import FAQ, Career
from careerguide.careers.tests.factories import CareerFactory
from careerguide.core.cache import data_version
from tests.admin_forms import change_url, submitted_data

pytestmark = pytest.mark.django_db


def text(response):
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


@pytest.fixture
def career(db):
    career = CareerFactory(
        title="Machine Learning Engineer", slug="machine-learning-engineer", overview="The old overview."
    )
    FAQ.objects.create(career=career, order=1, question="Is it hard?", answer="Yes.")
    return career


def test_the_preview_shows_the_forms_changes_and_the_public_page_stays_unchanged(
    editor_client, client, career
):
    public_before = text(client.get(career.get_absolute_url()))
    version_before = data_version()
    form = editor_client.get(change_url(career))
    preview_url = reverse("pages:career_preview", args=[career.pk])
    assert f'formaction="{preview_url}"' in form.content.decode()
    data = submitted_data(
        form,
        overview="A rewritten overview, not yet published.",
        **{"faqs-0-question": "Is it really hard?"},
    )
    preview = editor_client.post(preview_url, data)
    page = text(preview)
    assert "A rewritten overview, not yet published." in page
    assert "Is it really hard?" in page
    assert "<strong>Preview</strong> of the career form's unsaved changes" in page
    assert preview["Cache-Control"] == "private, no-store"
    assert preview["X-Robots-Tag"] == "noindex"
    # The same page, section for section, as the public one.
    headings = re.findall(r"<h2[^>]*>(.*?)</h2>", public_before)
    assert headings
    assert re.findall(r"<h2[^>]*>(.*?)</h2>", page) == headings
    # Nothing saved, published, logged or versioned.
    career.refresh_from_db()
    assert career.overview == "The old overview."
    assert career.faqs.get().question == "Is it hard?"
    public_after = text(client.get(career.get_absolute_url()))
    assert public_after == public_before
    assert "not yet published" not in public_after
    assert data_version() == version_before
    assert not LogEntry.objects.exists()
    assert not Version.objects.exists()
    # And the real save afterwards is not refused as stale.
    assert editor_client.post(change_url(career), data).status_code == 302
    assert Career.objects.get(pk=career.pk).overview == "A rewritten overview, not yet published."


def test_a_preview_of_a_form_with_errors_lists_them(editor_client, career):
    data = submitted_data(
        editor_client.get(change_url(career)), salary_annual_median="-5", **{"faqs-0-answer": ""}
    )
    response = editor_client.post(reverse("pages:career_preview", args=[career.pk]), data)
    page = text(response)
    assert "The form has errors, so there is no page to preview yet." in page
    assert "FAQs, row 1: This field is required." in page
    assert "Salary annual median: Ensure this value is greater than or equal to 0." in page


def test_only_editors_who_may_change_the_career_preview_it(client, career):
    url = reverse("pages:career_preview", args=[career.pk])
    assert client.post(url, {}).status_code == 403
    assert client.get(url).status_code == 405

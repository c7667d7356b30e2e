"""The career change form an editor works in, and the lists that fit an editor's screen."""

from html.parser import HTMLParser

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from careerguide.careers.models import FAQ, BestSchool
from careerguide.careers.tests.factories import CareerFactory
from schools.tests.factories import FieldOfStudyFactory, ProgramOfferingFactory, SchoolFactory
from schools.vocabulary import CredentialLevel, SchoolType
from tests.admin_forms import change_url, submitted_data


class Sections(HTMLParser):
    """[(summary text, open?)] for each <details class="career-section">."""

    def __init__(self):
        super().__init__()
        self.sections, self._summary = [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "details" and attrs.get("class") == "career-section":
            self.sections.append(["", "open" in attrs])
        elif tag == "summary" and self.sections:
            self._summary = ""

    def handle_endtag(self, tag):
        if tag == "summary" and self._summary is not None:
            self.sections[-1][0] = " ".join(self._summary.split())
            self._summary = None

    def handle_data(self, data):
        if self._summary is not None:
            self._summary += data


def sections_of(response):
    parser = Sections()
    parser.feed(response.content.decode())
    return [tuple(section) for section in parser.sections]


@pytest.fixture
def ranked(db):
    """A career with three best schools, each published with figures that differ from today's."""
    career = CareerFactory(title="Machine Learning Engineer")
    for rank, name in enumerate(["Maryland", "Southern California", "Oregon State"], start=1):
        school = SchoolFactory(
            with_figures=True,
            name=name,
            tuition_in_state=10000 + rank,
            admission_rate="45.00",
            enrollment=None,
        )
        BestSchool.objects.create(career=career, school=school, rank=rank, tuition_in_state=9000 + rank)
    return career


def ranks(career):
    return list(career.best_schools.order_by("rank").values_list("school__name", "rank"))


def post_best_schools(client, career, **changes):
    url = change_url(career)
    return client.post(url, submitted_data(client.get(url), **changes))


def test_form_sections_follow_the_career_page_and_open_without_javascript(editor_client, ranked):
    FAQ.objects.create(career=ranked, order=1, question="Is a degree required?", answer="Usually.")
    response = editor_client.get(change_url(ranked))
    assert response.status_code == 200
    assert sections_of(response) == [
        ("Overview 0 why the role matters", True),
        ("Salary", False),
        ("Education 0 degree levels", False),
        ("Best schools 3 best schools", False),
        ("Job description 0 job duties (without any, the occupation's O*NET tasks are shown)", False),
        ("Skills 0 skills", False),
        ("Technologies 0 technologies (without any, the occupation's O*NET technologies are shown)", False),
        ("Job market 0 job market points · 0 hotspots · 0 industries", False),
        ("Resources 0 resources", False),
        ("FAQs 1 FAQ", False),
        ("Review and history", False),
    ]
    # Every inline is inside a section, once.
    page = response.content.decode()
    for prefix in ["best_schools", "faqs", "importance_points", "resourcecareer_set", "hotspots"]:
        assert page.count(f'id="{prefix}-group"') <= 1
    assert page.count('id="best_schools-group"') == 1


def test_a_section_with_an_error_opens(editor_client, ranked):
    url = change_url(ranked)
    data = submitted_data(
        editor_client.get(url),
        **{"faqs-TOTAL_FORMS": "1", "faqs-0-order": "1", "faqs-0-question": "Without an answer?"},
    )
    response = editor_client.post(url, data)
    assert response.status_code == 200
    opened = [summary for summary, is_open in sections_of(response) if is_open]
    assert opened == ["Overview 0 why the role matters", "FAQs 0 FAQs"]
    assert "This field is required." in response.content.decode()


def test_best_schools_show_published_and_current_figures_side_by_side(editor_client, ranked):
    response = editor_client.get(change_url(ranked))
    page = response.content.decode()
    assert 'value="9001"' in page  # published in-state tuition, editable
    assert (
        "in-state $10,001<br>out-of-state $37,931<br>admit rate 45%<br>grad rate 89%<br>enrollment unknown"
        in page
    )


def test_deleting_a_rank_renumbers_the_rest(editor_client, ranked):
    response = post_best_schools(editor_client, ranked, **{"best_schools-1-DELETE": "on"})
    assert response.status_code == 302
    assert ranks(ranked) == [("Maryland", 1), ("Oregon State", 2)]
    assert "Best-schools ranks renumbered to run 1, 2, 3 … without gaps: #3 → #2." in [
        str(message) for message in get_messages(response.wsgi_request)
    ]


def test_swapping_two_ranks_saves(editor_client, ranked):
    response = post_best_schools(
        editor_client, ranked, **{"best_schools-0-rank": "2", "best_schools-1-rank": "1"}
    )
    assert response.status_code == 302
    assert ranks(ranked) == [("Southern California", 1), ("Maryland", 2), ("Oregon State", 3)]


def test_moving_a_school_into_a_deleted_rank_saves(editor_client, ranked):
    response = post_best_schools(
        editor_client, ranked, **{"best_schools-0-DELETE": "on", "best_schools-2-rank": "1"}
    )
    assert response.status_code == 302
    assert ranks(ranked) == [("Oregon State", 1), ("Southern California", 2)]


def test_a_gap_left_by_a_new_rank_is_closed(editor_client, ranked):
    response = post_best_schools(editor_client, ranked, **{"best_schools-2-rank": "7"})
    assert response.status_code == 302
    assert ranks(ranked) == [("Maryland", 1), ("Southern California", 2), ("Oregon State", 3)]


def test_two_schools_at_one_rank_are_refused_with_a_message(editor_client, ranked):
    response = post_best_schools(editor_client, ranked, **{"best_schools-2-rank": "1"})
    assert response.status_code == 200
    assert (
        "Two schools have the same rank: give each school its own rank (1, 2, 3 …)."
        in response.content.decode()
    )
    assert ranks(ranked) == [("Maryland", 1), ("Southern California", 2), ("Oregon State", 3)]


def statements(client, url, data):
    """The SQL statements a save runs, without transaction bookkeeping (savepoints)."""
    with CaptureQueriesContext(connection) as captured:
        assert client.post(url, data).status_code == 302
    return [query["sql"] for query in captured.captured_queries if "SAVEPOINT" not in query["sql"]]


def test_saving_the_career_form_runs_no_query_per_inline_row(editor_client, ranked):
    url = change_url(ranked)
    FAQ.objects.create(
        career=ranked, order=0, question="First?", answer="Yes."
    )  # each inline reads its rows once
    # The first save keeps the career as it was (a version, the history's first): once.
    editor_client.post(url, submitted_data(editor_client.get(url)))
    few = statements(editor_client, url, submitted_data(editor_client.get(url)))
    assert len(few) <= 22
    for rank in range(4, 13):
        BestSchool.objects.create(career=ranked, school=SchoolFactory(with_figures=True), rank=rank)
    for order in range(1, 16):
        FAQ.objects.create(career=ranked, order=order, question=f"Question {order}?", answer="Yes.")
    # Nine more schools and fifteen more FAQs, posted back unchanged: not one query more.
    many = statements(editor_client, url, submitted_data(editor_client.get(url)))
    assert len(many) == len(few)


# --- Lists that fit 1,280 px ----------------------------------------------------------------


def test_schools_list_shows_short_columns(editor_client):
    SchoolFactory(with_figures=True, name="Oregon State University", state="OR", control=SchoolType.NONPROFIT)
    response = editor_client.get(reverse("admin:schools_school_changelist"))
    assert response.status_code == 200
    columns = [
        column if isinstance(column, str) else column.short_description
        for column in response.context["cl"].list_display
    ]
    assert columns == [
        "action_checkbox",
        "name",
        "place",
        "control_short",
        "in-state",
        "out-of-state",
        "admit rate",
        "grad rate",
        "enrollment",
        "pinned",
        "updated",
    ]
    page = response.content.decode()
    assert '<td class="field-place">College Park, OR</td>' in page
    assert '<td class="field-control_short">Nonprofit</td>' in page


def test_programs_list_filtered_to_a_school_shows_level_and_field_not_the_school(editor_client):
    school = SchoolFactory(with_figures=True, name="University of Maryland-College Park")
    ProgramOfferingFactory(
        school=school,
        field=FieldOfStudyFactory(code="11.0701", title="Computer Science"),
        median_earnings_5yr=90000,
    )
    ProgramOfferingFactory(
        school=school,
        field=FieldOfStudyFactory(code="11.07", title="Computer Science series"),
        credential_level=CredentialLevel.MASTER,
    )
    url = reverse("admin:schools_programoffering_changelist")
    response = editor_client.get(url + f"?school__id__exact={school.pk}")
    assert response.status_code == 200
    assert list(response.context["cl"].list_display) == [
        "field",
        "credential_level",
        "graduates",
        "earnings",
        "source",
    ]
    page = response.content.decode()
    assert page.count("University of Maryland-College Park") == 1  # the filter's choice, not every row
    assert "Master&#x27;s degree" in page
    assert "$90,000" in page
    # Unfiltered, the school is the last column.
    response = editor_client.get(url)
    assert list(response.context["cl"].list_display)[-1] == "school"

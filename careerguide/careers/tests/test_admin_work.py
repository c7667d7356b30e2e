"""The editors' work page: what needs work, each count linking to the filtered list behind it."""

import datetime
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from careerguide.careers.models import (
    FAQ,
    BestSchool,
    DegreeLevel,
    Hotspot,
    ImportancePoint,
    JobMarketPoint,
    Skill,
)
from careerguide.careers.tests.factories import CareerFactory, OccupationFactory
from resources.tests.factories import ResourceFactory
from schools.models import DataSource
from schools.tests.factories import DataSourceFactory, SchoolFactory
from tests.admin_forms import edit_school

WORK_URL = "/admin/careers/career/work/"


class LinkRows(HTMLParser):
    """(row label, link text, link address) for every linked number in the work page's tables."""

    def __init__(self):
        super().__init__()
        self.rows, self._label, self._in_label, self._href, self._text = [], "", False, None, ""

    def handle_starttag(self, tag, attrs):
        if tag == "th" and ("scope", "row") in attrs:
            self._in_label, self._label = True, ""
        elif tag == "a" and self._label:
            self._href, self._text = dict(attrs)["href"], ""

    def handle_endtag(self, tag):
        if tag == "th":
            self._in_label = False
        elif tag == "a" and self._href is not None:
            self.rows.append((self._label.strip(), self._text.strip(), self._href))
            self._href = None
        elif tag == "tr":
            self._label = ""

    def handle_data(self, data):
        if self._in_label:
            self._label += data
        elif self._href is not None:
            self._text += data


def complete_career(**overrides):
    """A career with every section an editor writes."""
    career = CareerFactory(job_market_intro="Demand grows.", **overrides)
    ImportancePoint.objects.create(career=career, order=1, title="Innovation", body="New products.")
    DegreeLevel.objects.create(career=career, order=1, kind=DegreeLevel.Kind.BACHELOR, title="Bachelor's")
    BestSchool.objects.create(career=career, school=SchoolFactory(with_figures=True), rank=1)
    Skill.objects.create(career=career, order=1, title="Python", body="Daily.")
    FAQ.objects.create(career=career, order=1, question="Is a degree required?", answer="Usually.")
    ResourceFactory(careers=[career])
    return career


@pytest.fixture
def work(db):
    today = timezone.localdate()
    wage = OccupationFactory(annual_median_wage=108020)
    complete = complete_career(
        title="Complete", occupation=wage, reviewed_on=today - datetime.timedelta(days=30)
    )
    # Overview, FAQs and resources missing; salary from neither editors nor BLS; job market only as points.
    bare = CareerFactory(title="Bare", overview="", reviewed_on=today - datetime.timedelta(days=400))
    JobMarketPoint.objects.create(career=bare, order=1, title="Growth", body="Fast.")
    Hotspot.objects.create(career=bare, order=1, place="Seattle", reason="Cloud companies.")
    # Nothing at all, never reviewed, though its occupation has BLS wages.
    empty = CareerFactory(title="Empty", overview="", occupation=OccupationFactory(annual_median_wage=50000))

    ipeds = DataSourceFactory(key="ipeds-2023", name="IPEDS", edition="2023-24")
    editors = DataSource.editor()
    import_time = timezone.now() - datetime.timedelta(days=10)
    before, after = import_time - datetime.timedelta(days=90), import_time + datetime.timedelta(days=1)
    # The latest import of tuition (IPEDS) changed this school's figures 10 days ago.
    SchoolFactory(
        with_figures=True,
        name="Imported",
        tuition_in_state_source=ipeds,
        figures_changed_at=import_time,
        figures_changed_by="Import: IPEDS 2023-24",
    )
    older = SchoolFactory(
        with_figures=True,
        name="Editors' tuition before the import",
        pinned=True,
        tuition_in_state_source=editors,
        figures_changed_at=before,
        figures_changed_by="Editor jane",
    )
    SchoolFactory(
        with_figures=True,
        name="Editors' tuition after the import",
        pinned=True,
        tuition_in_state_source=editors,
        figures_changed_at=after,
        figures_changed_by="Editor jane",
    )
    # No import has ever supplied SAT averages: an editors' SAT average is older than nothing.
    SchoolFactory(
        with_figures=True,
        name="Editors' SAT average",
        sat_average=1200,
        sat_average_source=editors,
        figures_changed_at=before,
        figures_changed_by="Editor jane",
    )
    return {"complete": complete, "bare": bare, "empty": empty, "older": older}


def work_rows(response):
    page = LinkRows()
    html = response.content.decode()
    page.feed(html[html.index('<div id="content-main" class="work">') :])
    return page.rows


def test_index_links_editors_to_the_work_page(editor_client, work):
    response = editor_client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert f'href="{WORK_URL}"' in response.content.decode()


def test_work_page_counts_what_needs_work(editor_client, work, django_assert_max_num_queries):
    with django_assert_max_num_queries(11):
        response = editor_client.get(WORK_URL)
        assert response.status_code == 200
    counts = {label: text for label, text, _ in work_rows(response)}
    assert counts == {
        "Overview": "2",
        "Why the role matters": "2",
        "Salary (none from editors or BLS)": "1",
        "Education (degree levels)": "2",
        "Best schools": "2",
        "Skills": "2",
        "Job market": "1",
        "Resources": "2",
        "FAQs": "2",
        "Published salary unlike the current BLS median": "0",
        "Never reviewed": "1",
        "Reviewed over a year ago": "1",
        "Pinned (imports skip them)": "2",
        "With an editors' figure older than the latest import of its source": "1",
        "Editors' figures imports keep": "0",
        "Of them unlike the public figure the latest import read": "0",
    }


def test_each_number_links_to_the_list_it_counts(editor_client, work):
    listed = {}
    for label, text, href in work_rows(editor_client.get(WORK_URL)):
        response = editor_client.get(href)
        assert response.status_code == 200, href
        names = sorted(str(obj) for obj in response.context["cl"].result_list)
        assert len(names) == int(text), (label, href)
        listed[label] = names
    assert listed["Overview"] == ["Bare", "Empty"]
    assert listed["Salary (none from editors or BLS)"] == ["Bare"]
    assert listed["Job market"] == ["Empty"]
    assert listed["Never reviewed"] == ["Empty"]
    assert listed["Reviewed over a year ago"] == ["Bare"]
    assert listed["Pinned (imports skip them)"] == [
        "Editors' tuition after the import",
        "Editors' tuition before the import",
    ]
    assert listed["With an editors' figure older than the latest import of its source"] == [
        "Editors' tuition before the import"
    ]


def test_careers_list_names_the_missing_sections(editor_client, work):
    response = editor_client.get(reverse("admin:careers_career_changelist") + "?q=bare")
    assert response.status_code == 200
    assert (
        "overview, why the role matters, salary (none from editors or BLS), education (degree levels), "
        "best schools, skills, resources, FAQs" in response.content.decode()
    )


def test_schools_list_filters_editors_figures(editor_client, work):
    url = reverse("admin:schools_school_changelist")
    response = editor_client.get(url + "?editor_figures=any")
    assert response.status_code == 200
    assert sorted(str(s) for s in response.context["cl"].result_list) == [
        "Editors' SAT average",
        "Editors' tuition after the import",
        "Editors' tuition before the import",
    ]


def test_work_page_needs_the_right_to_view_careers(client, django_user_model):
    staff = django_user_model.objects.create_user("staff", password="x", is_staff=True)
    client.force_login(staff)
    assert client.get(WORK_URL).status_code == 403


def test_an_older_editors_figure_stops_counting_once_corrected(editor_client, work):
    assert edit_school(editor_client, work["older"], tuition_in_state="11000").status_code == 302
    counts = {label: text for label, text, _ in work_rows(editor_client.get(WORK_URL))}
    assert counts["With an editors' figure older than the latest import of its source"] == "0"

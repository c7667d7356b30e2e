"""The career page's degree-program links ("how to become one"): a link that widens a 6-digit
program to its 4-digit series (below the bachelor's the College Scorecard lists only series) is
labelled with the series' code and title, the program it links to, not the 6-digit code."""

import html

import pytest
from bs4 import BeautifulSoup

from careerguide.careers.models import CrosswalkLink, DegreeLevel, DegreeProgram
from careerguide.careers.tests.factories import CareerFactory, OccupationFactory
from schools.tests.factories import FieldOfStudyFactory
from tests.markup import squashed

pytestmark = pytest.mark.django_db


def education(client, career):
    response = client.get(career.get_absolute_url())
    assert response.status_code == 200
    found = BeautifulSoup(response.content, "html.parser").select_one("section#education")
    assert found is not None, "no education section"
    return found


def words(element):
    return squashed(element.get_text(" "))


def test_an_editors_program_widened_to_its_series_is_labelled_with_the_series(client):
    FieldOfStudyFactory(code="11.07", title="Computer Science", level=4)
    program = FieldOfStudyFactory(code="11.0701", title="Computer Science")
    career = CareerFactory(overview="Written by editors.")
    masters = DegreeLevel.objects.create(career=career, kind=DegreeLevel.Kind.MASTER, title="Master's Degree")
    bachelors = DegreeLevel.objects.create(
        career=career, kind=DegreeLevel.Kind.BACHELOR, title="Bachelor's Degree", order=1
    )
    DegreeProgram.objects.create(degree_level=masters, name="Computer Science", field=program)
    DegreeProgram.objects.create(degree_level=bachelors, name="Computer Science", field=program)
    section = education(client, career)
    links = section.select("a.finder-link")
    assert [(link["href"], words(link)) for link in links] == [
        (
            "/schools/?program=11.07&level=masters&match=exact",
            "Find schools offering the series Computer Science (CIP 11.07)",
        ),
        # At the bachelor's level the link names the program itself.
        (
            "/schools/?program=11.0701&level=bachelors&match=exact",
            "Find schools offering Computer Science (CIP 11.0701)",
        ),
    ]
    # The series' note follows the first link.
    note = links[0].find_next_sibling("span", class_="cip")
    assert words(note) == "Computer Science: the series, as schools report it at this level"
    assert links[1].find_next_sibling("span", class_="cip") is None


def test_crosswalk_fields_widened_to_one_series_are_listed_once_as_the_series(client):
    occupation = OccupationFactory(
        code="29-2061.00",
        soc_code="29-2061",
        title="Licensed Practical Nurses",
        typical_entry_education="Postsecondary nondegree award",
    )
    FieldOfStudyFactory(
        code="51.39", title="Practical Nursing, Vocational Nursing and Nursing Assistants", level=4
    )
    for code, title in [
        ("51.3901", "Licensed Practical/Vocational Nurse Training"),
        ("51.3902", "Nursing Assistant"),
    ]:
        CrosswalkLink.objects.create(field=FieldOfStudyFactory(code=code, title=title), soc_code="29-2061")
    career = CareerFactory(title="Licensed Practical Nurses", slug="lpn", occupation=occupation)
    items = education(client, career).select_one("ul.field-list")
    assert [words(item) for item in items.select("li")] == [
        "Practical Nursing, Vocational Nursing and Nursing Assistants CIP 51.39 (the series, as schools report "
        "it at this level; it includes Licensed Practical/Vocational Nurse Training; Nursing Assistant)"
    ]
    assert [link["href"] for link in items.select("a")] == [
        "/schools/?program=51.39&level=certificate&match=exact"
    ]
    assert "51.3901" not in html.unescape(str(items))

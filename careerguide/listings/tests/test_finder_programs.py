"""The finder's programs (SPEC section 4 "Which schools offer a program"): `program` by code or
words, `level`, `match`, the summary in words, each school's matched programs, `career`."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.text import slugify

from careerguide.careers.models import Career, DegreeLevel, DegreeProgram
from careerguide.careers.tests.factories import CareerFactory, OccupationFactory
from schools.models import ProgramOffering, School
from schools.tests.factories import FieldOfStudyFactory, ProgramOfferingFactory, SchoolFactory
from schools.vocabulary import CredentialLevel
from tests import markup

pytestmark = pytest.mark.django_db

BACHELOR, ASSOCIATE, MASTER = CredentialLevel.BACHELOR, CredentialLevel.ASSOCIATE, CredentialLevel.MASTER


def get(client, query):
    response = client.get(f"/schools/?{query}")
    assert response.status_code == 200
    return response


def names(client, query):
    return markup.finder_names(get(client, f"{query}&sort=name"))


text = markup.text


@pytest.fixture
def offerings(db):
    """Each school lists what one of the two sources would: IPEDS 6-digit bachelor's programs
    (no figures), Scorecard 4-digit series at a level (graduates and earnings)."""
    FieldOfStudyFactory(code="11", title="Computer and Information Sciences and Support Services")
    FieldOfStudyFactory(code="11.07", title="Computer Science")
    FieldOfStudyFactory(code="11.0701", title="Computer Science")
    FieldOfStudyFactory(code="11.0101", title="Computer and Information Sciences, General")
    FieldOfStudyFactory(code="11.0102", title="Artificial Intelligence")
    FieldOfStudyFactory(code="11.0199", title="Computer and Information Sciences, Other")
    schools = {
        name: SchoolFactory(name=name, slug=slugify(name))
        for name in (
            "IPEDS CS",
            "Both CS",
            "Series bachelor's",
            "Series associate",
            "IPEDS other in series",
            "IPEDS AI",
            "Series 11.01 master's",
            "Nothing",
        )
    }
    ProgramOfferingFactory(school=schools["IPEDS CS"], field__code="11.0701")
    ProgramOfferingFactory(school=schools["Both CS"], field__code="11.0701")
    ProgramOfferingFactory(
        school=schools["Both CS"], field__code="11.07", graduates=200, median_earnings_5yr=90000
    )
    ProgramOfferingFactory(
        school=schools["Series bachelor's"], field__code="11.07", graduates=120, median_earnings_5yr=85000
    )
    ProgramOfferingFactory(
        school=schools["Series associate"], field__code="11.07", credential_level=ASSOCIATE, graduates=30
    )
    ProgramOfferingFactory(school=schools["IPEDS other in series"], field__code="11.0799")
    ProgramOfferingFactory(school=schools["IPEDS AI"], field__code="11.0102")
    ProgramOfferingFactory(
        school=schools["Series 11.01 master's"],
        field__code="11.01",
        credential_level=MASTER,
        median_earnings_5yr=120000,
    )
    return schools


PROGRAM_CASES = [
    # A 6-digit code, at the finest detail each level has: at bachelor's only the schools IPEDS
    # lists it for (never widened to its series there); at the other levels, its series as the
    # Scorecard lists it ("by field": no source has 6-digit detail there).
    ("program=11.0701", ["Both CS", "IPEDS CS", "Series associate"]),
    ("program=11.0701&level=bachelors", ["Both CS", "IPEDS CS"]),
    ("program=11.0701&level=bachelors&level=masters", ["Both CS", "IPEDS CS"]),
    ("program=11.0701&level=associate", ["Series associate"]),
    ("program=11.0102", ["IPEDS AI", "Series 11.01 master's"]),
    ("program=11.0102&level=bachelors", ["IPEDS AI"]),
    # match=field widens it to the series, at the levels asked for.
    (
        "program=11.0701&match=field",
        ["Both CS", "IPEDS CS", "IPEDS other in series", "Series associate", "Series bachelor's"],
    ),
    (
        "program=11.0701&match=field&level=bachelors",
        ["Both CS", "IPEDS CS", "IPEDS other in series", "Series bachelor's"],
    ),
    ("program=11.0701&match=field&level=associate", ["Series associate"]),
    # A series: its Scorecard rows at the levels, or an IPEDS program in it at bachelor's.
    (
        "program=11.07",
        ["Both CS", "IPEDS CS", "IPEDS other in series", "Series associate", "Series bachelor's"],
    ),
    ("program=11.07&level=associate", ["Series associate"]),
    ("program=11.07&level=masters", []),
    # A family: any series in it; match=field leaves it a family.
    ("program=11&level=masters", ["Series 11.01 master's"]),
    ("program=11&match=field&level=masters", ["Series 11.01 master's"]),
    ("program=11.01", ["IPEDS AI", "Series 11.01 master's"]),
    # Several programs: any of them.
    (
        "program=11.0701&program=11.0102&level=bachelors",
        ["Both CS", "IPEDS AI", "IPEDS CS"],
    ),
    # Words stand for every 6-digit program whose title holds each of them, matched as those codes.
    ("program=artificial+intelligence", ["IPEDS AI", "Series 11.01 master's"]),
    ("program=INTELLIGENCE&level=bachelors", ["IPEDS AI"]),
    ("program=computer+science&level=bachelors", ["Both CS", "IPEDS CS"]),
    ("program=sciences+computer&level=bachelors", ["Both CS", "IPEDS CS"]),
]


@pytest.mark.parametrize(("query", "expected"), PROGRAM_CASES)
def test_which_schools_offer_a_program(client, offerings, query, expected):
    assert names(client, query) == expected


def test_the_page_says_what_was_matched_and_what_a_field_match_adds(client, offerings):
    response = get(client, "program=11.0701&level=bachelors")
    assert "Bachelor's in Computer Science (11.0701) — exact program; 2 schools." in text(response)
    assert (
        "Matching any program in the same field (the 4-digit CIP series) would add 2 schools: "
        "show 4 schools with a field match." in text(response)
    )
    assert '<a href="?program=11.0701&amp;level=bachelors&amp;match=field">' in response.content.decode()

    response = get(client, "program=11.0701&level=bachelors&match=field")
    assert (
        "Bachelor's in Computer Science (11.0701) — any program in the same field (4-digit CIP series); "
        "4 schools." in text(response)
    )
    assert '<a href="?program=11.0701&amp;level=bachelors">Match the exact program only</a>' in (
        response.content.decode()
    )
    # At master's, no source lists 6-digit programs: the 11.01 series stands for 11.0102 there.
    response = get(client, "program=11.0102&level=bachelors&level=masters")
    assert "Bachelor's or Master's in Artificial Intelligence (11.0102) — exact program; 2 schools." in text(
        response
    )
    assert "Matching any program in the same field would add no schools." in text(response)
    response = get(client, "program=11.0102&level=associate")
    assert "Associate in Artificial Intelligence (11.0102) — exact program; 0 schools." in text(response)
    assert "Matching any program in the same field would add no schools." in text(response)


def test_each_row_shows_the_matched_programs_with_level_graduates_and_earnings(client, offerings):
    page = text(get(client, "program=11.07&sort=name"))
    assert "Bachelor's in Computer Science (11.07) — 120 graduates, $85,000 median earnings" in page
    # What the figures are, said once under the table; nothing here stands for a field.
    assert (
        "Under a school, the programs it offers that match: median earnings are those 5 years after "
        "completing the program." in page
    )
    assert "“By field”" not in page
    assert "Associate in Computer Science (11.07) — 30 graduates" in page
    # IPEDS lists the 6-digit program without figures; the Scorecard's series figures are not
    # repeated for it when the series row is listed too.
    assert "Bachelor's in Computer Science (11.0701) — counted in the 11.07 series" in page
    assert "Bachelor's in Computer Science (11.0701) — graduates and earnings not reported" in page

    page = text(get(client, "program=11.0701"))
    assert (
        "Bachelor's in Computer Science (11.0701) — 200 graduates, $90,000 median earnings "
        "(figures for the whole 11.07 series)" in page
    )


def test_a_row_shows_four_matched_programs_and_links_the_rest(client, offerings):
    """A career matches dozens of programs at a large school: four in its row, the rest a link away."""
    school = offerings["Series bachelor's"]
    for level in (ASSOCIATE, MASTER, CredentialLevel.DOCTORAL, CredentialLevel.GRADUATE_CERTIFICATE):
        ProgramOfferingFactory(school=school, field__code="11.07", credential_level=level, graduates=5)
    ProgramOfferingFactory(school=school, field__code="11.0101")
    html = markup.page(get(client, "program=11&sort=name&q=series+bachelor"))
    lines = [markup.squashed(li.get_text()) for li in html.select(".matched-programs li")]
    assert len(lines) == 5
    assert lines[-1] == "2 more matched programs at Series bachelor's"
    assert (
        html.select_one(".matched-programs li:last-child a")["href"] == "/schools/series-bachelors/#programs"
    )
    # Four or fewer: every one, no link.
    html = markup.page(get(client, "program=11&sort=name&q=both+cs"))
    assert [li.a for li in html.select(".matched-programs li")] == [None, None]


def test_sort_by_earnings_after_the_program_puts_unknown_last(client, offerings):
    response = get(client, "program=11&sort=-program_earnings")
    order = markup.finder_names(response)
    assert order[:3] == ["Series 11.01 master's", "Both CS", "Series bachelor's"]
    assert set(order[3:]) == {"IPEDS CS", "Series associate", "IPEDS other in series", "IPEDS AI"}
    assert order[3:] == sorted(order[3:], key=str.lower)  # unknowns by name
    response = get(client, "program=11&sort=program_earnings")
    order = markup.finder_names(response)
    assert order[:3] == ["Series bachelor's", "Both CS", "Series 11.01 master's"]
    assert '<option value="program_earnings" selected>' in response.content.decode()


def test_words_stand_for_every_program_whose_name_holds_them(client, offerings):
    response = get(client, "program=computer+science&state=MD")
    page = text(response)
    assert 'role="alert"' not in response.content.decode()
    assert "Program: “computer science” (3 programs)" in page
    assert "Any level in the 3 programs named “computer science” — exact programs; 4 schools." in page
    assert names(client, "program=computer+science&state=MD") == [
        "Both CS",
        "IPEDS CS",
        "Series 11.01 master's",
        "Series associate",
    ]
    # The page lists the codes the words stood for, each narrowing the search to it.
    used = markup.page(response).select(".programs-used a")
    assert [(markup.squashed(link.get_text()), link["href"]) for link in used] == [
        ("11.0101 Computer and Information Sciences, General", "?program=11.0101&state=MD"),
        ("11.0199 Computer and Information Sciences, Other", "?program=11.0199&state=MD"),
        ("11.0701 Computer Science", "?program=11.0701&state=MD"),
    ]
    # Whole words only: "comput" is no word of any title.
    assert "No program has every word of “comput” in its name" in text(get(client, "program=comput"))


def test_words_naming_one_program_show_it_as_chosen(client, offerings):
    response = get(client, "program=artificial+intelligence")
    content = response.content.decode()
    assert 'role="alert"' not in content
    assert (
        "Any level in Artificial Intelligence (11.0102, named “artificial intelligence”) — exact program; "
        "2 schools." in text(response)
    )
    assert '<input type="checkbox" name="program" value="artificial intelligence" checked>' in content
    assert "Program: “artificial intelligence” (1 program)" in text(response)


def test_words_naming_nothing_are_a_message(client, offerings):
    page = text(get(client, "program=basket+weaving"))
    assert (
        "Program: No program has every word of “basket weaving” in its name; try fewer words, or a CIP code."
        in page
    )
    assert "8 schools match" in page


def test_words_naming_more_than_a_hundred_programs_are_too_broad(client, db):
    for number in range(101):
        FieldOfStudyFactory(code=f"13.{number:04d}", title=f"Education Studies {number}")
    page = text(get(client, "program=education"))
    assert (
        "“education” is in the names of 101 programs: too broad (at most 100). Add a word, or write a CIP code."
        in page
    )
    FieldOfStudyFactory(code="13.9999", title="Special Education")
    assert "Any level in Special Education (13.9999" in text(get(client, "program=special+education"))


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("level=phd", "level: “phd” is not a level"),
        ("match=x", "match: “x” is not a way to match: use exact or field."),
        ("degree=x", "degree: “x” is not a kind of school"),
        ("net_price_min=abc", "net_price_min: Enter a whole number."),
        ("program=basket+weaving", "program: No program has every word of “basket weaving” in its name"),
        ("sort=program_earnings", "sort: Choose a program or a career to sort by the earnings after it."),
    ],
)
def test_api_and_csv_refuse_bad_values_with_400(client, offerings, query, message):
    response = client.get(f"/api/schools/?{query}")
    assert response.status_code == 400
    assert message in json.loads(response.content)["error"]
    response = client.get(f"/schools/export.csv?{query}")
    assert response.status_code == 400
    assert message in response.content.decode()


def test_api_and_csv_take_programs_levels_and_words(client, offerings):
    response = client.get("/api/schools/?program=11.0701&match=field&level=bachelors&sort=name")
    assert response.status_code == 200
    assert [school["name"] for school in json.loads(response.content)["results"]] == [
        "Both CS",
        "IPEDS CS",
        "IPEDS other in series",
        "Series bachelor's",
    ]
    response = client.get("/schools/export.csv?program=artificial+intelligence&sort=name")
    assert response.status_code == 200
    assert [line.split(",")[1] for line in response.getvalue().decode().splitlines()[1:]] == [
        "IPEDS AI",
        "Series 11.01 master's",
    ]


def programs_page_queries(client, django_assert_max_num_queries, count):
    for school in SchoolFactory.create_batch(count):
        ProgramOfferingFactory(school=school, field__code="11.07", graduates=10, median_earnings_5yr=50000)
        ProgramOfferingFactory(school=school, field__code="11.0701")
    with django_assert_max_num_queries(8) as captured:
        response = client.get("/schools/?program=11.0701&level=bachelors&sort=-program_earnings&per_page=100")
        assert response.status_code == 200
    assert text(response).count("(figures for the whole 11.07 series)") == count
    return len(captured)


def test_matched_programs_cost_one_query_a_page(client, db, django_assert_max_num_queries):
    # program lookup, count, rows, matched programs, the field match's lookup and count, session
    FieldOfStudyFactory(code="11.07", title="Computer Science")
    small = programs_page_queries(client, django_assert_max_num_queries, 3)
    School.objects.all().delete()
    large = programs_page_queries(client, django_assert_max_num_queries, 40)
    assert small == large


# --- Career ------------------------------------------------------------------------------------


@pytest.fixture
def ml_career(offerings):
    return CareerFactory(
        title="Machine Learning Engineer",
        slug="machine-learning-engineer",
        overview="",
        occupation=OccupationFactory(
            bare=True, soc_code="15-2051", title="Machine Learning Engineer occupation"
        ),
        crosswalked_from=["11.0102", "11.0701"],
    )


CAREER_CASES = [
    (
        "career=machine-learning-engineer",
        ["Both CS", "IPEDS AI", "IPEDS CS", "Series 11.01 master's", "Series associate"],
    ),
    ("career=machine-learning-engineer&level=bachelors", ["Both CS", "IPEDS AI", "IPEDS CS"]),
    ("career=machine-learning-engineer&level=associate", ["Series associate"]),
    (
        "career=machine-learning-engineer&match=field",
        [
            "Both CS",
            "IPEDS AI",
            "IPEDS CS",
            "IPEDS other in series",
            "Series 11.01 master's",
            "Series associate",
            "Series bachelor's",
        ],
    ),
    ("career=machine-learning-engineer&match=field&level=masters", ["Series 11.01 master's"]),
    # With a program too: both must hold.
    ("career=machine-learning-engineer&program=11.0102", ["IPEDS AI", "Series 11.01 master's"]),
]


@pytest.mark.parametrize(("query", "expected"), CAREER_CASES)
def test_career_follows_the_same_rule_over_its_programs(client, ml_career, query, expected):
    assert names(client, query) == expected


def result_count(response):
    heading = markup.texts(response, "#results-heading")[0]
    return int(heading.split()[0].replace(",", ""))


@pytest.mark.parametrize(("query", "expected"), PROGRAM_CASES + CAREER_CASES)
def test_the_count_is_the_schools_listed(client, ml_career, query, expected):
    """Narrowed by programs (or a career) alone, the count is read from the offerings rather than
    the schools (`count_from_offerings`): the page, the API and the field match's count agree with
    the schools listed."""
    page = get(client, f"{query}&per_page=10")
    assert result_count(page) == len(expected)
    response = client.get(f"/api/schools/?{query}")
    assert response.status_code == 200
    assert response.json()["count"] == len(expected)
    # What a field match would add (where it can add anything): the schools it lists beyond these.
    added = re.search(r"would add ([\d,]+) schools?", text(page))
    if "match=field" not in query and (added or "would add no schools" in text(page)):
        widened = names(client, f"{query}&match=field&per_page=100")
        assert (int(added.group(1)) if added else 0) == len(widened) - len(expected)


def test_counts_are_one_query_each(client, ml_career):
    """The listing's count, with a 6-digit code the field match's, and the schools at each level:
    one COUNT query each."""

    def counts_of_schools(query):
        with CaptureQueriesContext(connection) as captured:
            response = get(client, query)
        counts = [entry["sql"] for entry in captured.captured_queries if "COUNT(" in entry["sql"]]
        return result_count(response), len(counts)

    assert counts_of_schools("program=11.0701") == (3, 3)
    assert counts_of_schools("career=machine-learning-engineer&match=field") == (7, 2)
    assert counts_of_schools("program=11.0701&q=cs") == (2, 3)
    assert counts_of_schools("career=machine-learning-engineer&program=11.0102") == (2, 3)
    # Even a filter that looks empty narrows: enrollment at least 0 leaves out every school whose
    # enrollment is unknown, as these schools' is.
    assert counts_of_schools("program=11.07&enrollment_min=0") == (0, 2)


def test_schools_at_each_level_link_to_that_level(client, ml_career):
    response = get(client, "career=machine-learning-engineer&program=11.0102&level=bachelors")
    links = markup.page(response).select(".level-counts a")
    assert [(markup.squashed(link.get_text()), link["href"], link.get("aria-current")) for link in links] == [
        (
            "Bachelor's: 1",
            "?career=machine-learning-engineer&program=11.0102&level=bachelors",
            "page",
        ),
        (
            "Master's: 1",
            "?career=machine-learning-engineer&program=11.0102&level=masters",
            None,
        ),
    ]
    # Each count is what the link lists.
    for link in links:
        count = int(link.get_text().split(": ")[1])
        assert result_count(get(client, link["href"][1:])) == count
    assert markup.page(get(client, "state=MD")).select_one(".level-counts") is None


def test_career_page_says_what_was_matched_and_shows_the_careers_programs(client, ml_career):
    response = get(client, "career=machine-learning-engineer&level=bachelors")
    page = text(response)
    assert (
        "Bachelor's in the programs that lead to Machine Learning Engineer (2 programs) — exact programs; "
        "3 schools." in page
    )
    assert "would add 2 schools" in page
    assert "Career: Machine Learning Engineer" in page
    assert "Bachelor's in Artificial Intelligence (11.0102) — graduates and earnings not reported" in page


def test_career_without_occupation_uses_the_programs_its_editors_listed(client, offerings):
    career = Career.objects.create(title="Hand made", slug="hand-made")
    level = DegreeLevel.objects.create(career=career, kind="bachelor", title="Bachelor's", order=1)
    DegreeProgram.objects.create(degree_level=level, name="AI", field_id="11.0102", order=1)
    DegreeProgram.objects.create(degree_level=level, name="Unlinked", order=2)
    assert names(client, "career=hand-made") == ["IPEDS AI", "Series 11.01 master's"]
    Career.objects.create(title="Empty", slug="empty")
    assert names(client, "career=empty") == []


def test_a_percent_sign_in_a_title_is_only_text(client, offerings):
    FieldOfStudyFactory(code="11.0198", title="Computing 100% Online")
    FieldOfStudyFactory(code="11.0197", title="Computing Basics")
    page = text(get(client, "program=computing"))
    assert "“computing” stands for 2 programs" in page
    assert "11.0198 Computing 100% Online" in page


def test_with_a_program_most_graduates_come_first_and_the_page_says_so(client, offerings):
    response = get(client, "program=11.07")
    order = markup.finder_names(response)
    # Scorecard counts for the series: 200, 120, 30; the schools IPEDS lists without counts last, by name.
    assert order == ["Both CS", "Series bachelor's", "Series associate", "IPEDS CS", "IPEDS other in series"]
    assert (
        "Sorted most graduates first (the College Scorecard's count for the programs' fields at the levels "
        "chosen; schools with no count last)." in text(response)
    )
    assert '<option value="" selected>Usual order: most graduates first</option>' in response.content.decode()
    # The count at the levels asked for only.
    response = get(client, "program=11.07&level=associate&level=bachelors&sort=program_graduates")
    order = markup.finder_names(response)
    assert order == ["Series associate", "Series bachelor's", "Both CS", "IPEDS CS", "IPEDS other in series"]
    assert "the usual order is most graduates first" in text(response)


def test_program_sorts_need_a_program(client, offerings):
    page = text(get(client, "sort=-program_graduates"))
    assert "Sort by: Choose a program or a career to sort by its graduates." in page
    assert "Sorted largest first" in page
    assert 'value="-program_graduates"' not in get(client, "").content.decode()


def test_a_six_digit_programs_figures_are_its_series_at_bachelors_level_only(client, db):
    # IPEDS lists 6-digit programs at bachelor's level: a master's count of the series is not theirs.
    FieldOfStudyFactory(code="11.07", title="Computer Science")
    FieldOfStudyFactory(code="11.0701", title="Computer Science")
    many_masters = SchoolFactory(name="Many master's", slug="many-masters")
    ProgramOfferingFactory(school=many_masters, field__code="11.0701")
    ProgramOfferingFactory(school=many_masters, field__code="11.07", graduates=10, median_earnings_5yr=50000)
    ProgramOfferingFactory(
        school=many_masters,
        field__code="11.07",
        credential_level=MASTER,
        graduates=1000,
        median_earnings_5yr=150000,
    )
    bachelors = SchoolFactory(name="More bachelor's", slug="more-bachelors")
    ProgramOfferingFactory(school=bachelors, field__code="11.0701")
    ProgramOfferingFactory(school=bachelors, field__code="11.07", graduates=100, median_earnings_5yr=70000)
    for query in (
        "program=11.0701&level=bachelors",
        "program=11.0701&level=bachelors&sort=-program_earnings",
    ):
        response = get(client, query)
        assert markup.finder_names(response) == ["More bachelor's", "Many master's"]
    page = text(get(client, "program=11.0701&level=bachelors"))
    assert "Bachelor's in Computer Science (11.0701) — 10 graduates, $50,000 median earnings" in page
    assert "1,000 graduates" not in page
    # At master's the series stands for the program, by field, with its own figures.
    page = text(get(client, "program=11.0701"))
    assert (
        "Master's in Computer Science (11.07) — 1,000 graduates, $150,000 median earnings (by field)" in page
    )
    assert (
        "“By field”: no source lists single programs at this level, so the figures are the whole field’s "
        "(its 4-digit CIP series)." in page
    )
    # A field match lists the series at every level, each with its own figures.
    page = text(get(client, "program=11.0701&match=field&sort=-program_graduates"))
    assert "Master's in Computer Science (11.07) — 1,000 graduates, $150,000 median earnings" in page
    response = get(client, "program=11.0701&match=field")
    assert markup.finder_names(response) == ["Many master's", "More bachelor's"]


def test_graduates_of_a_six_digit_code_and_a_family_together_count_every_matched_row(db):
    # The per-school total reads the codes' series and families (as `with_figures` narrows it for
    # the index): a 6-digit code's series at bachelor's level, and every series of the family.
    FieldOfStudyFactory(code="11.07", title="Computer Science")
    FieldOfStudyFactory(code="11.0701", title="Computer Science")
    FieldOfStudyFactory(code="52.13", title="Management Sciences and Quantitative Methods")
    FieldOfStudyFactory(code="27.05", title="Statistics")
    school = SchoolFactory(name="Mixed", slug="mixed")
    ProgramOfferingFactory(school=school, field__code="11.0701")
    ProgramOfferingFactory(school=school, field__code="11.07", graduates=100)
    ProgramOfferingFactory(school=school, field__code="11.07", credential_level=MASTER, graduates=1000)
    ProgramOfferingFactory(school=school, field__code="52.13", credential_level=MASTER, graduates=40)
    ProgramOfferingFactory(school=school, field__code="27.05", graduates=7)
    totals = School.objects.with_program_graduates(["11.0701", "52"]).values_list(
        "program_graduates", flat=True
    )
    # 100 at bachelor's (the series' count for the program), 1,000 at master's (the series, by
    # field), 40 in the family.
    assert list(totals) == [1140]
    totals = School.objects.with_program_graduates(["11.0701", "27.05"], [BACHELOR])
    assert list(totals.values_list("program_graduates", flat=True)) == [107]


def test_level_and_match_alone_change_nothing_and_say_so(client, offerings):
    response = get(client, "level=masters&match=field")
    assert "8 schools match" in text(response)
    assert (
        "The level and match you chose apply to a program or a career: add one in the filters to use them."
        in text(response)
    )
    assert "apply to a program or a career" not in text(get(client, "level=masters&program=11.01"))


def test_a_program_sort_stays_with_the_programs_that_could_be_used(client, offerings):
    response = get(client, "program=11.07&program=basket+weaving&sort=-program_earnings")
    page = text(response)
    assert "Program: No program has every word of “basket weaving” in its name" in page
    assert "Sort by:" not in page
    order = markup.finder_names(response)
    assert order[:2] == ["Both CS", "Series bachelor's"]  # $90,000, $85,000
    # Nothing usable left: the sort goes too, with its message.
    page = text(get(client, "program=basket+weaving&sort=-program_earnings"))
    assert "Sort by: Choose a program or a career to sort by the earnings after it." in page
    assert "Sorted largest first" in page


def career_page_queries(client, django_assert_max_num_queries, count):
    for school in SchoolFactory.create_batch(count):
        ProgramOfferingFactory(school=school, field__code="11.0102")
    with django_assert_max_num_queries(11) as captured:
        response = client.get("/schools/?career=machine-learning-engineer&level=bachelors&per_page=100")
        assert response.status_code == 200
    assert f"{count} schools match" in text(response)
    return len(captured)


def test_career_queries_do_not_grow_with_the_page(client, db, django_assert_max_num_queries):
    # session; career and its codes, count, rows, matched programs; the field match's career,
    # codes and count (the default order by graduates is in the rows query)
    CareerFactory(
        title="Machine Learning Engineer",
        slug="machine-learning-engineer",
        overview="",
        occupation=OccupationFactory(
            bare=True, soc_code="15-2051", title="Machine Learning Engineer occupation"
        ),
        crosswalked_from=["11.0102", "11.0701"],
    )
    small = career_page_queries(client, django_assert_max_num_queries, 3)
    School.objects.all().delete()
    large = career_page_queries(client, django_assert_max_num_queries, 40)
    assert small == large


@pytest.mark.parametrize(
    ("codes", "levels", "match", "finds"),
    [
        (["11.0701"], [], "exact", True),
        (["11.0701"], [CredentialLevel.BACHELOR], "exact", True),
        (["11.0701"], [CredentialLevel.MASTER], "exact", False),
        (["11.0701", "11.0102"], [], "exact", True),
        (["11.0701"], [], "field", True),
        (["11.07"], [CredentialLevel.BACHELOR, CredentialLevel.MASTER], "exact", True),
        (["11"], [], "exact", True),
        (["11", "11.0102"], [CredentialLevel.ASSOCIATE], "field", True),
        (["52.0201"], [], "exact", False),
    ],
)
def test_figures_for_reads_a_pages_schools_alone(offerings, codes, levels, match, finds):
    """`figures_for` reads the rows of the schools asked for, whichever page of them: the same rows
    school by school as for every school at once."""
    school_ids = sorted(School.objects.values_list("pk", flat=True))
    every = list(ProgramOffering.objects.figures_for(school_ids, codes, levels, match))
    assert bool(every) == finds
    for page in (school_ids[::-1], school_ids[1:], school_ids[:1], [0, *school_ids[2:]]):
        rows = list(ProgramOffering.objects.figures_for(page, codes, levels, match))
        assert rows == [row for row in every if row[0] in page]
    levels_read = {row[3] for row in every}
    assert not levels or levels_read <= set(levels)


@pytest.mark.parametrize(
    "query",
    [
        "program=11.0701&level=bachelors",
        "program=11.07&level=bachelors&level=masters",
        "program=11.0701&level=bachelors&sort=-program_earnings",
        "career=machine-learning-engineer",
        "career=machine-learning-engineer&level=bachelors&sort=-program_graduates",
    ],
)
def test_offerings_are_read_from_their_indexes_alone_on_sqlite(client, ml_career, query):
    """Counts at a level, and the program sorts' per-school graduates and earnings, read each
    offering from an index that holds every column they ask (SQLite's plan says COVERING INDEX),
    never a row of the table."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's plan: PostgreSQL's planner weighs index-only scans itself")
    with CaptureQueriesContext(connection) as captured:
        get(client, query)
    offering_steps = []
    for entry in captured.captured_queries:
        if "schools_programoffering" not in entry["sql"]:
            continue
        with connection.cursor() as cursor:
            plan = [row[-1] for row in cursor.execute(f"EXPLAIN QUERY PLAN {entry['sql']}")]
        offering_steps += [step for step in plan if "schools_programoffering" in step or " U0 " in f"{step} "]
    assert offering_steps
    assert all("COVERING INDEX" in step for step in offering_steps), offering_steps


def test_the_comparison_keeps_the_program_in_words_and_the_career(client, ml_career, offerings):
    slugs = [offerings[name].slug for name in ("Both CS", "Series associate", "Nothing")]
    query = "&".join(f"school={slug}" for slug in slugs)
    client.post(
        "/schools/shortlist/", {"school": slugs, "action": "replace"}, headers={"origin": "http://testserver"}
    )
    finder = get(client, "program=computer+science&career=machine-learning-engineer")
    tray = markup.page(finder).select_one("a.tray-compare")["href"]
    assert tray.endswith("&program=computer+science&career=machine-learning-engineer")
    response = client.get(
        f"/schools/compare/?{query}&program=computer+science&career=machine-learning-engineer"
    )
    assert response.status_code == 200
    rows = {
        markup.squashed(tr.select_one("th").get_text()): [
            markup.squashed(cell.select_one(".cell-value").get_text(" ")) for cell in tr.select("td")
        ]
        for tr in markup.page(response).select("table.compare tbody tr")
    }
    assert rows["Offers the 3 programs named “computer science”"] == [
        "Bachelor's",
        "Associate (by field)",
        "Program not listed",
    ]
    assert rows["Graduates of the 3 programs named “computer science”"] == [
        "200 ★ Best : most graduates of this program",
        "30",
        "Program not listed",
    ]
    assert rows["Offers the programs that lead to Machine Learning Engineer"][2] == "Program not listed"
    # The form keeps them for the next change of home state or income.
    hidden = markup.page(response).select(".compare-context input[type=hidden]")
    assert [(field["name"], field["value"]) for field in hidden if field["name"] != "school"] == [
        ("program", "computer science"),
        ("career", "machine-learning-engineer"),
    ]

"""The school page /schools/<slug>/: figures with sources, programs, careers, compare control."""

import html
from datetime import datetime, timezone
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.template import engines

from careerguide.careers.tests.factories import CareerFactory, OccupationFactory
from careerguide.core.formats import count_text, money_text, or_not_reported, percent_text
from schools.tests.factories import (
    DataSourceFactory,
    FieldOfStudyFactory,
    ProgramOfferingFactory,
    SchoolFactory,
)
from schools.vocabulary import CredentialLevel
from tests.markup import squashed

pytestmark = pytest.mark.django_db


def parsed(content):
    return BeautifulSoup(content, "html.parser")


def metric(content, label):
    """(value, source) of a figure card, as text."""
    term = next((dt for dt in parsed(content).select("dt") if squashed(dt.get_text()) == label), None)
    assert term is not None, label
    value = term.find_next_sibling("dd", class_="metric-value")
    source = term.find_next_sibling("dd", class_="source")
    return squashed(value.get_text()), squashed(source.get_text())


@pytest.fixture
def umd(db):
    ipeds = DataSourceFactory(key="ipeds-2023", name="IPEDS")
    scorecard = DataSourceFactory(key="scorecard-2025", name="College Scorecard", edition="2025")
    return SchoolFactory(
        name="University of Maryland-College Park",
        slug="umd",
        city="College Park",
        state="MD",
        website="https://www.umd.edu/",
        tuition_in_state=9695,
        tuition_in_state_source=ipeds,
        tuition_out_of_state=37931,
        tuition_out_of_state_source=ipeds,
        admission_rate=Decimal("44.87"),
        admission_rate_source=scorecard,
        graduation_rate=Decimal("89.00"),
        graduation_rate_source=ipeds,
        enrollment=40792,
        enrollment_source=ipeds,
        net_price=0,
        net_price_source=scorecard,
        figures_changed_at=datetime(2025, 3, 4, 12, tzinfo=timezone.utc),
        figures_changed_by="Import of IPEDS 2023-24",
    )


def test_every_figure_with_its_source_and_year(client, umd):
    content = client.get("/schools/umd/").content.decode()
    assert metric(content, "In-state tuition and fees") == ("$9,695", "Source: IPEDS 2023-24")
    assert metric(content, "Out-of-state tuition and fees") == ("$37,931", "Source: IPEDS 2023-24")
    assert metric(content, "Admission rate") == ("44.9%", "Source: College Scorecard 2025")
    assert metric(content, "Graduation rate") == ("89%", "Source: IPEDS 2023-24")
    assert metric(content, "Total enrollment") == ("40,792", "Source: IPEDS 2023-24")
    # Zero is a known value, not "unknown".
    assert metric(content, "Average net price") == ("$0", "Source: College Scorecard 2025")
    # An unknown figure says who did not report it.
    assert metric(content, "Median earnings 10 years after entry") == (
        "Not reported",
        "Not reported to the College Scorecard",
    )
    assert metric(content, "SAT average") == ("Not reported", "Not reported to the College Scorecard")
    assert metric(content, "Predominant degree") == ("Not reported", "Not reported to the College Scorecard")
    # When the figures changed here is not their data's year.
    assert (
        "Careerguide last updated these figures on 4 March 2025 (Import of IPEDS 2023-24): when they changed "
        "here, not the year of their data, which each figure’s source line gives." in html.unescape(content)
    )
    # Net price is explained where it is shown.
    assert (
        '<dd class="metric-note">Average paid after grants, for students with aid; a negative value means '
        "grants exceed the cost.</dd>" in html.unescape(content)
    )


def test_what_does_not_apply_says_so_and_why(client, umd):
    """At a school that admits everyone an unknown SAT average does not apply, the admission rate
    reads "Open admission" with that flag's source, and an income band without students has no
    net price to report."""
    scorecard = DataSourceFactory(key="scorecard-2023-24", name="College Scorecard", edition="2023-24")
    umd.open_admission, umd.open_admission_source = True, scorecard
    umd.admission_rate = umd.admission_rate_source = None
    umd.net_price_income_1, umd.net_price_students_1 = None, 0
    umd.net_price_income_2, umd.net_price_students_2 = None, 12
    umd.net_price_income_3, umd.net_price_students_3 = 14000, 40
    umd.net_price_by_income_source = scorecard
    umd.save()
    content = client.get("/schools/umd/").content.decode()
    assert metric(content, "SAT average") == (
        "Not applicable",
        "Open admission: everyone who applies is admitted",
    )
    assert metric(content, "Admission rate") == ("Open admission", "Source: College Scorecard 2023-24")
    rows = [
        [squashed(cell.get_text(" ")) for cell in row.select("th, td")]
        for row in parsed(content).select(".income-bands tbody tr")
    ]
    assert rows[:3] == [
        ["$0–30,000", "Not applicable no student with aid at this income", "0"],
        ["$30,001–48,000", "Not reported", "12 small group: the figure can swing widely"],
        ["$48,001–75,000", "$14,000", "40"],
    ]
    # Where a school reports an SAT average, open admission or not, it is shown.
    umd.sat_average, umd.sat_average_source = 1130, scorecard
    umd.save()
    content = client.get("/schools/umd/").content.decode()
    assert metric(content, "SAT average") == ("1130", "Source: College Scorecard 2023-24")


def test_graduation_rate_carries_its_cohort_and_small_groups_say_so(client, umd):
    umd.graduation_cohort = 4512
    umd.predominant_degree = 3
    umd.save()
    content = html.unescape(client.get("/schools/umd/").content.decode())
    assert '<dd class="metric-note">Of 4,512 students</dd>' in content
    assert metric(content, "Predominant degree") == ("Bachelor's", "Source not recorded")
    umd.graduation_cohort = 22
    umd.save()
    content = html.unescape(client.get("/schools/umd/").content.decode())
    assert (
        '<dd class="metric-note small-group">Of 22 students; small group: a rate over so few students can '
        "swing widely</dd>" in content
    )


def test_an_editors_name_is_never_published(client, umd):
    umd.figures_changed_by = "Editor jane"
    umd.save()
    content = client.get("/schools/umd/").content.decode()
    assert "Careerguide last updated these figures on 4 March 2025 (Careerguide editors)" in content
    assert "jane" not in content
    assert client.get("/api/schools/umd/").json()["figures_changed_by"] == "Careerguide editors"


def test_header_website_logo_and_compare_control(client, umd):
    content = client.get("/schools/umd/").content.decode()
    assert "<h1>University of Maryland-College Park</h1>" in content
    assert '<p class="lead">College Park, MD · Public</p>' in content
    assert '<a href="https://www.umd.edu/" rel="noopener external">Visit the school’s website' in content
    assert 'class="school-logo"' not in content  # no logo uploaded
    assert '<input type="hidden" name="next" value="/schools/umd/">' in content
    assert '<button name="add" value="umd" class="button-small">' in content
    assert 'href="/schools/compare/?school=umd">See it in a comparison</a>' in content
    # The structured-data hook in head_extra carries the school's JSON-LD.
    assert (
        '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "CollegeOrUniversity"'
        in content
    )


def test_logo_is_shown(client, umd):
    umd.logo.name = "logos/umd.png"  # stored file; the page only needs its URL
    umd.save(update_fields=["logo"])
    content = client.get("/schools/umd/").content.decode()
    assert (
        '<img class="school-logo" src="/media/logos/umd.png" alt="University of Maryland-College Park logo">'
        in content
    )


def test_remove_button_once_shortlisted(client, umd):
    client.post(
        "/schools/shortlist/",
        {"action": "add", "school": "umd", "next": "/schools/umd/"},
        headers={"origin": "http://testserver"},
    )
    content = client.get("/schools/umd/").content.decode()
    assert '<button name="remove" value="umd" class="button-small button-secondary">' in content
    assert "Added University of Maryland-College Park to your shortlist (1 of 10)." in content


def test_unknown_school_with_nothing_known(client, db):
    SchoolFactory(name="Mystery College", slug="mystery", city="", control=None)
    content = html.unescape(client.get("/schools/mystery/").content.decode())
    # Thirteen figures (the registry's on the school page) and the predominant degree.
    assert content.count('<dd class="metric-value"><span class="not-reported">Not reported</span></dd>') == 15
    assert '<p class="lead">MD · <span class="not-reported">Not reported</span></p>' in content
    assert (
        "No change to these figures has been recorded on Careerguide since they were first loaded; the year "
        "of their data is in each figure’s source line." in content
    )
    assert metric(content, "Graduation rate") == (
        "Not reported",
        "Not reported to IPEDS or the College Scorecard",
    )
    assert metric(content, "Total enrollment") == ("Not reported", "Not reported to IPEDS")
    assert "No program data is reported for this school." in content
    assert "No career guide is linked to this school’s programs yet." in content


def program_levels(content):
    """{level heading: [(field code, [6-digit program codes listed in it])]} as the page lists them."""
    return {
        squashed(level.h3.get_text()): [
            (
                group.select_one(".program-title > .cip").get_text(),
                [cip.get_text() for cip in group.select(".program-list > li > .cip")],
            )
            for group in level.select("li.program-group")
        ]
        for level in parsed(content).select("details.program-level")
    }


def test_programs_grouped_by_level_then_field(client, umd):
    source = DataSourceFactory(
        key="scorecard-fos-2025", name="College Scorecard field of study", edition="2025"
    )
    FieldOfStudyFactory(code="11.07", title="Computer and Information Sciences")
    FieldOfStudyFactory(code="11.01", title="Computer and Information Sciences, General")
    ProgramOfferingFactory(
        school=umd,
        field__code="11.07",
        credential_level=CredentialLevel.BACHELOR,
        graduates=812,
        median_earnings_5yr=112000,
        source=source,
    )
    ProgramOfferingFactory(
        school=umd, field__code="11.0701", credential_level=CredentialLevel.BACHELOR, graduates=None
    )  # IPEDS: inside 11.07
    ProgramOfferingFactory(
        school=umd, field__code="11.0102", credential_level=CredentialLevel.BACHELOR, graduates=None
    )  # IPEDS only: its series unlisted
    ProgramOfferingFactory(
        school=umd, field__code="11.07", credential_level=CredentialLevel.MASTER, graduates=120
    )
    content = client.get("/schools/umd/").content.decode()
    assert program_levels(content) == {
        "Bachelor's degree (3 programs)": [("11.01", ["11.0102"]), ("11.07", ["11.0701"])],
        "Master's degree (1 program)": [("11.07", [])],
    }
    assert 'Programs offered <span class="heading-count">(4)</span>' in content
    series = content[content.index('<span class="cip">11.07</span> Computer and Information Sciences</p>') :]
    series = series.split("</li>")[0]
    assert "<span>812 graduates</span>" in series
    assert "Median earnings 5 years after completion: $112,000" in series
    assert "College Scorecard field of study 2025" in series
    # A field only IPEDS lists still reads its title, not "Not reported" figures.
    unlisted = content[content.index('<span class="cip">11.01</span>') :].split("</li>")[0]
    assert "Computer and Information Sciences, General" in unlisted
    assert "Not reported" not in unlisted


def test_long_program_lists_are_collapsed_with_a_count(client, umd):
    for n in range(1, 12):
        ProgramOfferingFactory(
            school=umd, field__code=f"{10 + n}.01", credential_level=CredentialLevel.BACHELOR
        )
    ProgramOfferingFactory(school=umd, field__code="11.07", credential_level=CredentialLevel.MASTER)
    content = client.get("/schools/umd/").content.decode()
    shown = {
        squashed(level.select_one("summary > h3").get_text()): level.has_attr("open")
        for level in parsed(content).select("details.program-level")
    }
    assert shown == {"Bachelor's degree (11 programs)": False, "Master's degree (1 program)": True}


def test_careers_the_programs_lead_to(client, umd):
    ProgramOfferingFactory(
        school=umd, field__code="11.07"
    )  # a Scorecard series: offers every 6-digit program in it
    CareerFactory(
        title="Machine Learning Engineer",
        slug="machine-learning-engineer",
        overview="",
        occupation=OccupationFactory(
            bare=True, soc_code="15-2051", title="Machine Learning Engineer occupation"
        ),
        crosswalked_from=["11.0701"],
    )  # crosswalked from a 6-digit program of that series
    CareerFactory(
        title="Data Scientist",
        slug="data-scientist",
        overview="",
        occupation=OccupationFactory(bare=True, soc_code="15-2099", title="Data Scientist occupation"),
        crosswalked_from=["30.7001"],
    )  # not offered
    CareerFactory(
        title="Software Developer",
        slug="software-developer",
        overview="",
        occupation=OccupationFactory(bare=True, soc_code="15-1252", title="Software Developer occupation"),
        crosswalked_from=["11.07"],
    )
    content = client.get("/schools/umd/").content.decode()
    careers = [(link["href"], link.get_text()) for link in parsed(content).select("ul.career-links a")]
    assert careers == [
        ("/careers/machine-learning-engineer/", "Machine Learning Engineer"),
        ("/careers/software-developer/", "Software Developer"),
    ]


def school_page_queries(client, django_assert_max_num_queries, path="/schools/umd/"):
    # The school, its aliases, its figures' sources, the programs counted by level and family, then
    # either the offerings and their series' titles or (a long list) the families' titles; careers.
    with django_assert_max_num_queries(7) as captured:
        response = client.get(path)
        assert response.status_code == 200
    return len(captured), response.content.decode()


def test_school_page_queries_do_not_grow_with_programs(client, umd, django_assert_max_num_queries):
    CareerFactory(
        title="Machine Learning Engineer",
        slug="machine-learning-engineer",
        overview="",
        occupation=OccupationFactory(
            bare=True, soc_code="15-2051", title="Machine Learning Engineer occupation"
        ),
        crosswalked_from=["11.0701"],
    )
    CareerFactory(
        title="Nurse",
        slug="nurse",
        overview="",
        occupation=OccupationFactory(bare=True, soc_code="29-1141", title="Nurse occupation"),
        crosswalked_from=["51.3801"],
    )
    source = DataSourceFactory(
        key="scorecard-fos-2025", name="College Scorecard field of study", edition="2025"
    )
    ipeds = DataSourceFactory(key="ipeds-2023", name="IPEDS")
    for n in range(1, 4):
        ProgramOfferingFactory(school=umd, field__code=f"11.07{n:02d}", source=ipeds)
    small, content = school_page_queries(client, django_assert_max_num_queries)
    assert content.count('<li><span class="cip">11.07') == 3
    # 520 more offerings, each with its source, as Arizona State's 558: the same queries.
    fields = [f"{family:02d}.{series:02d}" for family in range(12, 52) for series in range(1, 14)]
    for code in fields:
        ProgramOfferingFactory(
            school=umd,
            field__code=code,
            credential_level=CredentialLevel.BACHELOR,
            graduates=10,
            source=source,
        )
    ProgramOfferingFactory(
        school=umd, field__code="51.38", credential_level=CredentialLevel.BACHELOR, source=source
    )
    assert umd.programs.count() == 3 + 520 + 1
    large, content = school_page_queries(client, django_assert_max_num_queries)
    # Summarised: a row per 2-digit family, the full list a click away.
    assert '<p class="program-title">' not in content
    rows = parsed(content).select("table.program-summary tbody tr")
    assert len(rows) == 1 + 40  # 11, and 12 to 51
    assert '<a href="/careers/nurse/">Nurse</a>' in content
    assert large <= small
    level_page, listed = school_page_queries(
        client, django_assert_max_num_queries, "/schools/umd/programs/bachelors/"
    )
    assert listed.count('<p class="program-title">') == 1 + 520 + 1
    assert level_page <= small


def add_programs(school, count, level=CredentialLevel.BACHELOR):
    """`count` 4-digit series in families 12 on, 13 a family."""
    for n in range(count):
        ProgramOfferingFactory(
            school=school, field__code=f"{12 + n // 13:02d}.{1 + n % 13:02d}", credential_level=level
        )


def test_a_school_with_more_programs_than_a_page_lists_shows_them_counted(client, umd):
    FieldOfStudyFactory(code="12", title="PERSONAL AND CULINARY SERVICES")
    add_programs(umd, 140)
    add_programs(umd, 11, CredentialLevel.MASTER)
    soup = parsed(client.get("/schools/umd/").content)
    table = soup.select_one("table.program-summary")
    assert [squashed(th.get_text()) for th in table.select("thead th")] == [
        "Field of study (CIP family)",
        "Bachelor's degree",
        "Master's degree",
    ]
    body = [[squashed(cell.get_text()) for cell in row.select("th, td")] for row in table.select("tbody tr")]
    assert body[0] == ["12 Personal and culinary services", "13", "11"]
    assert body[1] == ["13 Family not named in CIP 2020", "13", "0"]
    assert len(body) == 11  # 140 series: families 12 to 22
    assert [squashed(cell.get_text()) for cell in table.select("tfoot td")] == [
        "140 bachelor's degree programs: the full list",
        "11 master's degree programs: the full list",
    ]
    links = [(link["href"], squashed(link.get_text())) for link in soup.select("ul.program-level-links a")]
    assert links == [
        ("/schools/umd/programs/bachelors/", "All 140 bachelor's degree programs"),
        ("/schools/umd/programs/masters/", "All 11 master's degree programs"),
    ]
    assert soup.select("details.program-level") == []


def test_a_school_at_the_limit_lists_every_program(client, umd):
    add_programs(umd, 150)
    soup = parsed(client.get("/schools/umd/").content)
    assert soup.select_one("table.program-summary") is None
    assert len(soup.select("li.program-group")) == 150


def test_a_levels_page_lists_its_programs_and_links_the_others(client, umd):
    add_programs(umd, 3)
    add_programs(umd, 2, CredentialLevel.DOCTORAL)
    response = client.get("/schools/umd/programs/doctoral/")
    assert response.status_code == 200
    soup = parsed(response.content)
    assert squashed(soup.select_one("h1").get_text()) == (
        "Doctoral degree programs at University of Maryland-College Park (2)"
    )
    assert [
        squashed(group.select_one(".program-title").get_text()) for group in soup.select("li.program-group")
    ] == [
        "12.01 Field 12.01",
        "12.02 Field 12.02",
    ]
    levels = soup.select_one("nav.program-level-links")
    assert [(link["href"], squashed(link.get_text())) for link in levels.select("a")] == [
        ("/schools/umd/programs/bachelors/", "Bachelor's degree (3)")
    ]
    assert squashed(levels.select_one("[aria-current=page]").get_text()) == "Doctoral degree (2)"


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/schools/umd/programs/masters/", 404),  # none at that level
        ("/schools/umd/programs/phd/", 404),  # no such level
        ("/schools/nowhere/programs/bachelors/", 404),
    ],
)
def test_a_levels_page_that_does_not_exist(client, umd, path, status):
    add_programs(umd, 1)
    assert client.get(path).status_code == status


def test_a_levels_page_follows_a_renamed_school(client, umd):
    add_programs(umd, 1)
    umd.slug = "university-of-maryland"
    umd.save()
    response = client.get("/schools/umd/programs/bachelors/")
    assert response.status_code == 301
    assert response["Location"] == "/schools/university-of-maryland/programs/bachelors/"


def test_unknown_school_is_404(client, db):
    assert client.get("/schools/no-such-school/").status_code == 404


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, "Not reported"),
        ("", "Not reported"),
        (0, "$0"),
        (9695, "$9,695"),
        (-250, "-$250"),
    ],
)
def test_money_text(value, expected):
    assert or_not_reported(money_text(value)) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, "Not reported"),
        (Decimal("0.00"), "0%"),
        (Decimal("45.00"), "45%"),
        (Decimal("50.96"), "51%"),
        (Decimal("44.87"), "44.9%"),
        (Decimal("100.00"), "100%"),
    ],
)
def test_percent_text(value, expected):
    assert or_not_reported(percent_text(value)) == expected


def test_count_text_and_the_figure_macro():
    assert count_text(40792) == "40,792"
    assert count_text(0) == "0"
    assert or_not_reported(count_text(None)) == "Not reported"
    page = engines["jinja2"].from_string(
        '{% from "partials/figure.html" import figure %}[{{ figure(a) }}] [{{ figure(b) }}] [{{ figure(c, "count") }}]'
    )
    assert page.render({"a": "", "b": "College Park, MD", "c": 0}) == (
        '[<span class="not-reported">Not reported</span>] [College Park, MD] [0]'
    )

"""The careers explorer (SPEC section 4): /careers/, /api/careers/ and /careers/export.csv.

A handful of careers with known figures, some unknown, one top-coded, one without an occupation.
"""

import csv
import io
from decimal import Decimal

import pytest
from django.test.html import parse_html
from django.utils.text import slugify
from pytest_django.asserts import assertContains

from careerguide.careers.models import AlternateTitle, Career, Occupation
from careerguide.careers.tests.factories import CareerFactory, OccupationFactory
from careerguide.core.cache import bump_data_version
from schools.models import DataSource
from tests import markup

BACHELORS = "Bachelor's degree"
HIGH_SCHOOL = "High school diploma or equivalent"


def occupation(title, wage, growth, openings, jobs, education, zone, **extra):
    return OccupationFactory(
        title=title,
        annual_median_wage=wage,
        employment_change_percent=None if growth is None else Decimal(growth),
        annual_openings=None if openings is None else Decimal(openings),
        employment_base=None if jobs is None else Decimal(jobs),
        typical_entry_education=education,
        job_zone=zone,
        **extra,
    )


@pytest.fixture
def careers(db):
    """Eight careers: (title, median wage, growth %, openings and jobs in thousands, education, zone)."""
    rows = [
        ("Software Developers", 133080, "15.8", "129.2", "1895.5", BACHELORS, 4),
        ("Registered Nurses", 93600, "5.0", "189.1", "3391.2", BACHELORS, 3),
        ("Electricians", 62350, "9.5", "81.0", "818.7", HIGH_SCHOOL, 3),
        ("Word Processors and Typists", 49000, "-36.1", "4.4", "38.8", HIGH_SCHOOL, 2),
        ("Actors", None, "0.3", "6.3", "69.7", "Some college, no degree", 2),
        ("Unlisted Occupation", 50000, None, None, None, "", None),
    ]
    wages = DataSource.objects.create(name="BLS OEWS", edition="May 2024")
    for title, *figures in rows:
        CareerFactory(
            title=title, slug=title.lower().replace(" ", "-"), occupation=occupation(title, *figures)
        )
    surgeons = occupation(
        "Surgeons",
        239200,
        "3.0",
        "1.2",
        "52.3",
        "Doctoral or professional degree",
        5,
        annual_wage_top_coded=True,
    )
    surgeons.wage_source = wages
    surgeons.save()
    CareerFactory(title="Surgeons", slug="surgeons", occupation=surgeons)
    CareerFactory(title="Mystery Career", slug="mystery-career")  # no occupation: every figure unknown
    AlternateTitle.objects.create(
        occupation=Occupation.objects.get(title="Software Developers"), title="Coder"
    )
    # BLS's own word for no experience or training needed; the others leave them unknown.
    Occupation.objects.filter(title="Software Developers").update(
        work_experience="None", on_the_job_training="None"
    )


# --- Reading the page ----------------------------------------------------------------------------


def walk(node):
    if isinstance(node, str):
        return
    yield node
    for child in node.children:
        yield from walk(child)


def classes(element):
    return (dict(element.attributes).get("class") or "").split()


def text(node):
    if isinstance(node, str):
        return node
    return " ".join(" ".join(text(child) for child in node.children).split())


def cards(response):
    """[(title, {fact: text})] of the career cards, in page order."""
    assert response.status_code == 200
    found = []
    for element in walk(parse_html(response.content.decode())):
        if element.name == "li" and "career-card" in classes(element):
            title = next(e for e in walk(element) if e.name == "h2")
            terms = [e for e in walk(element) if e.name in ("dt", "dd")]
            facts = {text(dt): text(dd) for dt, dd in zip(terms[::2], terms[1::2], strict=True)}
            found.append((text(title), facts))
    return found


def titles(response):
    return [title for title, _ in cards(response)]


def notices(response):
    """The texts of the "could not be used" notice's items."""
    for element in walk(parse_html(response.content.decode())):
        if element.name == "div" and "notice-error" in classes(element):
            return [text(li) for li in walk(element) if li.name == "li"]
    return []


# --- Filters ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("education=bachelors", {"Software Developers", "Registered Nurses"}),
        ("education=bachelors&education=doctoral", {"Software Developers", "Registered Nurses", "Surgeons"}),
        ("education=highschool&education=highschool", {"Electricians", "Word Processors and Typists"}),
        ("education=somecollege", {"Actors"}),
        ("education=none", set()),
        # A top-coded median ($239,200 or more) meets a lower bound, never an upper one.
        ("wage_min=90000", {"Software Developers", "Registered Nurses", "Surgeons"}),
        ("wage_min=60000&wage_max=250000", {"Software Developers", "Registered Nurses", "Electricians"}),
        ("wage_max=50000", {"Word Processors and Typists", "Unlisted Occupation"}),
        ("growth_min=5", {"Software Developers", "Registered Nurses", "Electricians"}),
        ("growth_min=9.5&growth_max=15.8", {"Software Developers", "Electricians"}),
        ("growth_max=0", {"Word Processors and Typists"}),
        ("growth_min=-40&growth_max=-1", {"Word Processors and Typists"}),
        ("job_zone=3&job_zone=5", {"Registered Nurses", "Electricians", "Surgeons"}),
        ("job_zone=2", {"Word Processors and Typists", "Actors"}),
        ("q=nurses", {"Registered Nurses"}),
        ("q=coder", {"Software Developers"}),
        ("education=highschool&growth_min=0", {"Electricians"}),
        ("education=bachelors&job_zone=4&wage_min=100000&q=software", {"Software Developers"}),
    ],
)
def test_filters(client, careers, query, expected):
    assert set(titles(client.get(f"/careers/?{query}"))) == expected, query


def test_no_filter_lists_every_career_by_title_with_the_count(client, careers):
    response = client.get("/careers/")
    assert titles(response) == sorted(Career.objects.values_list("title", flat=True))
    assertContains(response, '<h2 id="results-heading" class="result-count">8 careers</h2>', html=True)


def test_alternate_title_that_matched_is_shown(client, careers):
    _, facts = cards(client.get("/careers/?q=coder"))[0]
    assertContains(
        client.get("/careers/?q=coder"), '<p class="also-called">Also called: Coder</p>', html=True
    )
    assert facts["Median pay"] == "$133,080 a year"


# --- Sorting: both directions, unknowns last in both ----------------------------------------------

KNOWN_WAGES_ASCENDING = [
    "Word Processors and Typists",
    "Unlisted Occupation",
    "Electricians",
    "Registered Nurses",
    "Software Developers",
    "Surgeons",
]
UNKNOWN_WAGES = ["Actors", "Mystery Career"]  # by title, after every known wage, in both directions


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("wage", KNOWN_WAGES_ASCENDING + UNKNOWN_WAGES),
        ("-wage", KNOWN_WAGES_ASCENDING[::-1] + UNKNOWN_WAGES),
        (
            "growth",
            [
                "Word Processors and Typists",
                "Actors",
                "Surgeons",
                "Registered Nurses",
                "Electricians",
                "Software Developers",
                "Mystery Career",
                "Unlisted Occupation",
            ],
        ),
        (
            "-growth",
            [
                "Software Developers",
                "Electricians",
                "Registered Nurses",
                "Surgeons",
                "Actors",
                "Word Processors and Typists",
                "Mystery Career",
                "Unlisted Occupation",
            ],
        ),
        (
            "-openings",
            [
                "Registered Nurses",
                "Software Developers",
                "Electricians",
                "Actors",
                "Word Processors and Typists",
                "Surgeons",
                "Mystery Career",
                "Unlisted Occupation",
            ],
        ),
        (
            "employment",
            [
                "Word Processors and Typists",
                "Surgeons",
                "Actors",
                "Electricians",
                "Software Developers",
                "Registered Nurses",
                "Mystery Career",
                "Unlisted Occupation",
            ],
        ),
    ],
)
def test_sorts_put_unknowns_last_in_both_directions(client, careers, sort, expected):
    assert titles(client.get(f"/careers/?sort={sort}")) == expected
    api = client.get(f"/api/careers/?sort={sort}").json()
    assert [career["title"] for career in api["results"]] == expected


def test_title_sort_both_ways_ignores_case(client, careers):
    CareerFactory(title="accountants", slug="accountants")
    ascending = titles(client.get("/careers/?sort=title"))
    assert ascending[:2] == ["accountants", "Actors"]
    assert titles(client.get("/careers/?sort=-title")) == ascending[::-1]


def test_words_without_a_sort_list_the_best_match_first(client, careers):
    CareerFactory(title="Nurse Anesthetists", slug="nurse-anesthetists")
    CareerFactory(title="Nurse", slug="nurse")
    response = client.get("/careers/?q=nurse")
    assert titles(response)[0] == "Nurse"
    assertContains(response, '<option value="" selected>Usual order: best match</option>', html=True)
    assert titles(client.get("/careers/?q=nurse&sort=-title"))[0] == "Registered Nurses"


# --- The cards ------------------------------------------------------------------------------------


def test_card_shows_pay_education_and_outlook_at_a_glance(client, careers):
    found = dict(cards(client.get("/careers/")))
    assert found["Software Developers"] == {
        "Median pay": "$133,080 a year",
        "Entry education": "Bachelor's degree",
        "Work experience": "None",
        "Job training": "None",
        "Job outlook": "+15.8% (2024–34) 129,200 openings a year",
    }
    assert found["Word Processors and Typists"]["Job outlook"] == "-36.1% (2024–34) 4,400 openings a year"
    assert found["Surgeons"]["Median pay"] == "$239,200 or more a year"


def test_unknown_figures_say_not_reported_never_zero(client, careers):
    found = dict(cards(client.get("/careers/")))
    assert found["Mystery Career"] == {
        "Median pay": "Not reported",
        "Entry education": "Not reported",
        "Work experience": "Not reported",
        "Job training": "Not reported",
        "Job outlook": "Not reported",
    }
    # OEWS publishes only an hourly median for actors: that is shown, never an annual $0.
    assert found["Actors"]["Median pay"] == "Not reported"
    Occupation.objects.filter(title="Actors").update(hourly_median_wage=Decimal("23.33"))
    found = dict(cards(client.get("/careers/")))
    assert found["Actors"]["Median pay"] == "$23.33 an hour No annual median published"
    assert found["Unlisted Occupation"]["Entry education"] == "Not reported"
    assert found["Unlisted Occupation"]["Job outlook"] == "Not reported"
    assert found["Unlisted Occupation"]["Work experience"] == "Not reported"
    assert "$0" not in client.get("/careers/").content.decode()


def test_cards_show_work_experience_and_on_the_job_training(client, careers):
    Occupation.objects.filter(title="Electricians").update(
        work_experience="", on_the_job_training="Apprenticeship"
    )
    Occupation.objects.filter(title="Software Developers").update(
        work_experience="5 years or more", on_the_job_training="Moderate-term on-the-job training"
    )
    found = dict(cards(client.get("/careers/")))
    assert (
        found["Software Developers"]["Work experience"],
        found["Software Developers"]["Job training"],
    ) == (
        "5 years or more",
        "Moderate-term on-the-job training",
    )
    # An unknown is not "None" (none needed): BLS gave no value.
    assert (found["Electricians"]["Work experience"], found["Electricians"]["Job training"]) == (
        "Not reported",
        "Apprenticeship",
    )


def test_a_detailed_title_says_it_shares_its_occupations_pay(client, db):
    """OEWS reports 11-9179 as a whole: O*NET's 11-9179.01 and .02 show the same $61,340."""
    for code, title in [
        ("11-9179.00", "Personal Service Managers, All Other"),
        ("11-9179.01", "Fitness and Wellness Coordinators"),
        ("11-9179.02", "Spa Managers"),
    ]:
        occupation = OccupationFactory(code=code, soc_code="11-9179", title=title, annual_median_wage=61340)
        CareerFactory(title=title, slug=slugify(title), occupation=occupation)
    # A detailed title without a wage has no pay to share.
    unpaid = OccupationFactory(
        code="15-2051.01", soc_code="15-2051", title="Business Intelligence Analysts", annual_median_wage=None
    )
    CareerFactory(title=unpaid.title, slug="business-intelligence-analysts", occupation=unpaid)
    OccupationFactory(code="15-2051.00", soc_code="15-2051", title="Data Scientists")
    found = dict(cards(client.get("/careers/")))
    shared = "$61,340 a year Shared with “Personal Service Managers, All Other”: BLS reports them together"
    assert found["Spa Managers"]["Median pay"] == shared
    assert found["Fitness and Wellness Coordinators"]["Median pay"] == shared
    assert found["Personal Service Managers, All Other"]["Median pay"] == "$61,340 a year"
    assert found["Business Intelligence Analysts"]["Median pay"] == "Not reported"


def test_the_page_names_its_sources(client, careers):
    assertContains(client.get("/careers/"), "Median pay (annual median wage): BLS OEWS May 2024.")


def test_filter_form_works_without_javascript(client, careers):
    response = client.get("/careers/?education=bachelors&job_zone=4&wage_min=90000&sort=-wage&q=soft")
    assertContains(
        response,
        '<form method="get" action="/careers/" class="filter-form" aria-label="Filter careers" data-send-chosen>',
    )
    assertContains(response, '<input type="checkbox" name="education" value="bachelors" checked>', html=True)
    assertContains(response, '<input type="checkbox" name="education" value="masters">', html=True)
    assertContains(response, '<input type="checkbox" name="job_zone" value="4" checked>', html=True)
    assertContains(response, '<option value="-wage" selected>Median pay (high to low)</option>', html=True)
    assertContains(response, 'name="wage_min" value="90000"')
    assertContains(response, 'name="q" value="soft"')


def test_active_filters_are_chips_that_remove_themselves(client, careers):
    response = client.get("/careers/?education=bachelors&education=doctoral&growth_min=5")
    assertContains(
        response,
        '<a class="chip" href="?education=doctoral&amp;growth_min=5">Education: Bachelor\'s degree '
        '<span aria-hidden="true">×</span><span class="visually-hidden"> (remove this filter)</span></a>',
        html=True,
    )
    assertContains(response, "Projected growth ≥ 5%")


# --- Bad values: a message on the page, 400 for JSON and CSV; never a 500 ------------------------

BAD_VALUES = ["education=phd", "wage_min=abc", "job_zone=9", "sort=drop", "growth_max=lots", "per_page=5"]


def test_bad_values_show_the_form_with_messages(client, careers):
    response = client.get("/careers/?education=phd&wage_min=abc&job_zone=9&sort=drop&page=999999")
    assert response.status_code == 200
    assert notices(response) == [
        "Typical education for entry: “phd” is not an education level; use one of none, highschool, "
        "postsecondary, somecollege, associate, bachelors, masters, doctoral.",
        "Median pay, at least: Enter a whole number of dollars, such as 50000.",
        "Job zone: “9” is not a job zone; use 1 to 5.",
        "Sort by: “drop” is not a sort order; use one of title, wage, growth, openings, employment "
        "(a leading - sorts descending).",
        "There is only 1 page; showing page 1.",
    ]
    # The bad parameters are left out: every career, in the default order.
    assert titles(response) == sorted(Career.objects.values_list("title", flat=True))


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        # A number stays as given, even out of range; what is no number leaves the box empty.
        ("wage_min=abc&wage_max=-7&growth_min=lots&growth_max=2.5", ("", "-7", "", "2.5")),
        # What the field reads as a number is shown as that number; NaN is refused, so empty.
        ("wage_min=%2B5&growth_min=nan&growth_max=5.", ("5", "", "", "5")),
    ],
)
def test_number_inputs_carry_only_numbers(client, careers, query, shown):
    inputs = markup.page(client.get(f"/careers/?{query}")).select('input[type="number"]')
    names = ("wage_min", "wage_max", "growth_min", "growth_max")
    assert {field["name"]: field["value"] for field in inputs} == dict(zip(names, shown, strict=True))


def test_good_values_beside_bad_ones_still_apply(client, careers):
    response = client.get("/careers/?education=bachelors&education=phd&job_zone=4&job_zone=0")
    assert set(titles(response)) == {"Software Developers"}
    assert len(notices(response)) == 2


def test_a_minimum_above_the_maximum_is_explained(client, careers):
    response = client.get("/careers/?wage_min=100000&wage_max=50000&growth_min=5")
    assert notices(response) == [
        "Median pay, at most: The minimum median pay ($100,000) is more than the maximum ($50,000)."
    ]
    assert set(titles(response)) == {"Software Developers", "Registered Nurses", "Electricians"}


def test_per_page_out_of_range_is_clamped_with_a_message(client, db):
    Career.objects.bulk_create(Career(title=f"Career {n:03d}", slug=f"career-{n:03d}") for n in range(120))
    response = client.get("/careers/?per_page=500")
    assert len(titles(response)) == 100
    assert notices(response) == ["Careers per page: Show at most 100 careers per page."]
    response = client.get("/careers/?per_page=5&page=999999")
    assert titles(response)[-1] == "Career 119" and len(titles(response)) == 10
    assert notices(response)[-1] == "There are only 12 pages; showing page 12."


@pytest.mark.parametrize("bad", BAD_VALUES)
def test_bad_values_are_a_400_in_json_and_csv(client, careers, bad):
    response = client.get(f"/api/careers/?{bad}")
    assert response.status_code == 400
    assert list(response.json()) == ["error"] and response.json()["error"].startswith(
        bad.split("=")[0] + ": "
    )
    if bad.startswith("per_page"):
        return  # the export is every matching career: it has no pages
    response = client.get(f"/careers/export.csv?{bad}")
    assert response.status_code == 400 and response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().startswith("Bad parameter\n" + bad.split("=")[0] + ": ")


def test_json_page_out_of_range_is_a_400(client, careers):
    response = client.get("/api/careers/?page=999999")
    assert response.status_code == 400
    assert response.json() == {"error": "page: There is only 1 page."}


@pytest.mark.parametrize(
    "query",
    [
        "q=%00",
        "q=" + "x" * 5000,
        "education=%00",
        "wage_min=%00",
        "growth_min=1e999",
        "job_zone=%F0%9F%98%80",
    ],
)
def test_odd_input_is_never_a_500(client, careers, query):
    assert client.get(f"/careers/?{query}").status_code == 200
    assert client.get(f"/api/careers/?{query}").status_code in (200, 400)
    assert client.get(f"/careers/export.csv?{query}").status_code in (200, 400)


# --- JSON -------------------------------------------------------------------------------------------


def test_json_gives_each_careers_figures(client, careers):
    response = client.get("/api/careers/?education=bachelors&sort=-wage")
    assert response.status_code == 200
    data = response.json()
    assert (data["count"], data["next"], data["previous"]) == (2, None, None)
    occupation = Occupation.objects.get(title="Software Developers")
    assert data["results"][0] == {
        "slug": "software-developers",
        "title": "Software Developers",
        "soc_code": occupation.soc_code,
        "onet_code": occupation.code,
        "median_wage": 133080,
        "median_wage_top_coded": False,
        "growth_percent": 15.8,
        "openings": 129200,
        "employment": 1895500,
        "education": "bachelors",
        "education_label": "Bachelor's degree",
        "job_zone": 4,
        "url": "http://testserver/careers/software-developers/",
        "api_url": "http://testserver/api/careers/software-developers/",
    }


def test_json_unknowns_are_null(client, careers):
    results = {r["slug"]: r for r in client.get("/api/careers/").json()["results"]}
    mystery = results["mystery-career"]
    for key in (
        "soc_code",
        "median_wage",
        "growth_percent",
        "openings",
        "employment",
        "education",
        "job_zone",
    ):
        assert mystery[key] is None, key
    assert results["surgeons"]["median_wage_top_coded"] is True


def test_json_pages_link_with_the_filters(client, db):
    Career.objects.bulk_create(Career(title=f"Career {n:03d}", slug=f"career-{n:03d}") for n in range(25))
    data = client.get("/api/careers/?q=career&per_page=10&page=2").json()
    assert data["count"] == 25 and len(data["results"]) == 10
    assert data["next"] == "http://testserver/api/careers/?q=career&per_page=10&page=3"
    assert data["previous"] == "http://testserver/api/careers/?q=career&per_page=10&page=1"


# --- CSV ----------------------------------------------------------------------------------------------


def csv_rows(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="careers.csv"'
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_csv_is_every_matching_career_with_its_figures(client, careers):
    rows = csv_rows(client.get("/careers/export.csv?job_zone=3&job_zone=5&sort=-wage&per_page=10&page=3"))
    assert rows[0] == [
        "slug",
        "title",
        "soc_code",
        "onet_code",
        "median_wage",
        "median_wage_top_coded",
        "growth_percent",
        "openings",
        "employment",
        "education",
        "education_label",
        "job_zone",
    ]
    assert [row[0] for row in rows[1:]] == ["surgeons", "registered-nurses", "electricians"]
    surgeons, nurses = rows[1], rows[2]
    assert surgeons[4:] == [
        "239200",
        "yes",
        "3.0",
        "1200",
        "52300",
        "doctoral",
        "Doctoral or professional degree",
        "5",
    ]
    assert nurses[4:] == ["93600", "no", "5.0", "189100", "3391200", "bachelors", "Bachelor's degree", "3"]


def test_csv_unknowns_are_empty(client, careers):
    rows = {row[0]: row for row in csv_rows(client.get("/careers/export.csv"))[1:]}
    assert rows["mystery-career"] == ["mystery-career", "Mystery Career"] + [""] * 10
    assert rows["unlisted-occupation"][6:11] == ["", "", "", "", ""]


def test_csv_is_not_limited_to_a_page(client, db):
    Career.objects.bulk_create(Career(title=f"Career {n:04d}", slug=f"career-{n:04d}") for n in range(1200))
    rows = csv_rows(client.get("/careers/export.csv?per_page=10"))
    assert len(rows) == 1201 and rows[-1][0] == "career-1199"


def test_csv_neutralises_cells_a_spreadsheet_would_run(client, db):
    for title in ('=HYPERLINK("http://x")', "+1 Career", "-Minus", "@SUM(A1)", "Plain"):
        CareerFactory(title=title, slug=f"s{len(title)}")
    titles_in_csv = {row[1] for row in csv_rows(client.get("/careers/export.csv"))[1:]}
    assert titles_in_csv == {'\'=HYPERLINK("http://x")', "'+1 Career", "'-Minus", "'@SUM(A1)", "Plain"}


def test_csv_writes_a_carriage_return_as_a_line_break_inside_the_cell(client, db):
    # bulk_create: the title as an import could leave it, not as the admin form cleans it.
    Career.objects.bulk_create([Career(title="\rReturn", slug="return"), Career(title="Plain", slug="plain")])
    rows = csv_rows(client.get("/careers/export.csv"))
    assert len(rows) == 3 and {row[0]: row[1] for row in rows[1:]} == {
        "plain": "Plain",
        "return": "'\nReturn",
    }


def test_csv_keeps_negative_growth_a_number(client, careers):
    rows = {row[0]: row for row in csv_rows(client.get("/careers/export.csv?growth_max=0"))[1:]}
    assert rows["word-processors-and-typists"][6] == "-36.1"


# --- A constant number of queries -------------------------------------------------------------------


def add_careers(count, prefix):
    """`count` careers, each with an occupation and its figures; the first 20 with an alternate title."""
    occupations = Occupation.objects.bulk_create(
        # Pairs: n odd is a detailed title sharing the wages of the occupation before it.
        Occupation(
            code=f"{prefix}-{n // 2:04d}.0{n % 2}",
            soc_code=f"{prefix}-{n // 2:04d}",
            title=f"Bulk occupation {prefix}-{n}",
            annual_median_wage=40000 + n,
            employment_change_percent=Decimal("2.5"),
            annual_openings=Decimal("1.5"),
            employment_base=Decimal("20.0"),
            typical_entry_education=BACHELORS,
            job_zone=3,
        )
        for n in range(count)
    )
    Career.objects.bulk_create(
        Career(title=f"Bulk career {prefix}-{n}", slug=f"bulk-career-{prefix}-{n}", occupation=o)
        for n, o in enumerate(occupations)
    )
    AlternateTitle.objects.bulk_create(
        AlternateTitle(occupation=o, title=f"Bulk alternate {o.pk}") for o in occupations[:20]
    )
    # Bulk writes send no model signals: as an import does, say that the data changed.
    bump_data_version()


def listed(response):
    """How many careers a response lists: cards, JSON results or CSV rows."""
    if response.streaming:
        return b"".join(response.streaming_content).decode().count("\n") - 1
    if response["Content-Type"] == "application/json":
        return len(response.json()["results"])
    return len(cards(response))


# (address, query budget, how many of the fixture's careers match: each bulk career matches)
@pytest.mark.parametrize(
    ("url", "budget", "from_fixture"),
    [
        ("/careers/?education=bachelors&sort=-wage&per_page=100", 2, 2),
        ("/careers/?q=bulk&growth_min=1&per_page=100", 3, 0),
        ("/api/careers/?education=bachelors&sort=-growth&per_page=100", 2, 2),
        ("/careers/export.csv?education=bachelors&sort=-wage", 1, 2),
    ],
)
def test_query_count_is_constant(client, careers, django_assert_max_num_queries, url, budget, from_fixture):
    bulk = 0
    for size, prefix in ((5, "47"), (1000, "49")):
        add_careers(size, prefix)
        bulk += size
        if "q=" in url:
            # New careers rebuild the search index once (two reads), on the first request after.
            client.get(url)
        with django_assert_max_num_queries(budget):
            response = client.get(url)
            assert response.status_code == 200
            count = listed(response)
        matching = from_fixture + bulk
        assert count == (matching if "export" in url else min(matching, 100))


def test_the_count_has_a_thousands_separator(client, db):
    add_careers(1017, "47")
    assertContains(
        client.get("/careers/"),
        '<h2 id="results-heading" class="result-count">1,017 careers</h2>',
        html=True,
    )

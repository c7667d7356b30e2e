import pytest


@pytest.mark.parametrize("url", ["/", "/careers/", "/careers/?q=nothing", "/schools/", "/resources/"])
def test_pages_render_on_an_empty_database(client, db, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "O*NET 29.2 Database by the U.S. Department of Labor" in response.content.decode()


def test_unknown_career_and_school_are_404(client, db):
    assert client.get("/careers/no-such-career/").status_code == 404
    assert client.get("/schools/no-such-school/").status_code == 404


def test_healthz_is_plain_ok(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert response.content == b"ok"


def test_home_states_the_data_editions_and_counts_with_separators(client, db):
    from careerguide.careers.tests.factories import CareerFactory
    from schools.models import DataSource

    DataSource.objects.create(
        key="oews-2024", name="BLS Occupational Employment and Wage Statistics", edition="May 2024"
    )
    DataSource.objects.create(key="ipeds-2023", name="IPEDS", edition="2023-24")
    DataSource.objects.create(
        key="careerguide-reference-2024", name="Careerguide reference page", edition="2024"
    )
    DataSource.editor()
    for n in range(3):
        CareerFactory(title=f"Career {n}")
    text = client.get("/").content.decode()
    assert (
        "Data shown: BLS Occupational Employment and Wage Statistics May 2024; IPEDS 2023-24; O*NET 29.2."
        in text
    )
    main = text.split("<main", 1)[1]
    assert "Careerguide editors" not in main and "Careerguide reference page" not in main
    assert "for 3 careers" in text


def test_home_career_count_has_a_thousands_separator(client, db):
    from careerguide.careers.models import Career

    Career.objects.bulk_create(Career(title=f"Career {n}", slug=f"career-{n}") for n in range(1017))
    assert "Salaries, duties and skills for 1,017 careers" in client.get("/").content.decode()


def test_home_cards_show_featured_careers_with_their_occupation_else_any_careers(
    client, db, django_assert_num_queries
):
    from careerguide.careers.tests.factories import CareerFactory, OccupationFactory

    from . import markup

    def cards(queries):
        with django_assert_num_queries(queries):
            response = client.get("/")
            assert response.status_code == 200
        return [
            (card.select_one("h3 a")["href"], markup.squashed(card.get_text(" ")))
            for card in markup.page(response).select("#featured-heading ~ ul .card")
        ]

    occupation = OccupationFactory(code="15-2051.01", title="Business Intelligence Analysts")
    CareerFactory(title="Data Analyst", slug="data-analyst")
    # None featured: the featured careers, the largest occupations, then any careers; their count;
    # the data editions; the three top lists and the careers by entry education.
    assert cards(9) == [("/careers/data-analyst/", "Data Analyst")]
    CareerFactory(title="BI Analyst", slug="bi-analyst", occupation=occupation, is_featured=True)
    # A detailed title (.01) is not among the largest occupations: it shares its parent's figures.
    assert cards(8) == [
        ("/careers/bi-analyst/", "BI Analyst O*NET 15-2051.01 · Business Intelligence Analysts")
    ]


def test_home_ways_in_lead_into_the_explorer_in_constant_queries(client, db, django_assert_num_queries):
    from decimal import Decimal

    from careerguide.careers.tests.factories import CareerFactory, OccupationFactory

    from . import markup

    codes = []

    def career(title, education, wage, growth, openings, employment):
        codes.append(title)
        occupation = OccupationFactory(
            soc_code=f"29-{len(codes):04d}",
            code=f"29-{len(codes):04d}.00",
            typical_entry_education=education,
            annual_median_wage=wage,
            employment_change_percent=Decimal(growth) if growth is not None else None,
            annual_openings=Decimal(openings),
            employment_base=Decimal(employment),
        )
        return CareerFactory(title=title, occupation=occupation)

    career("Nurse Practitioners", "Master's degree", 129210, "40.1", "29.2", "307.5")
    career("Wind Turbine Service Technicians", "Postsecondary nondegree award", 62580, "49.9", "1.9", "12.4")
    career("Cashiers", "No formal educational credential", 31430, "-10.2", "574.0", "3237.0")
    career("Software Developers", "Bachelor's degree", 133080, "15.8", "115.2", "1656.9")
    career("Unknown Growth Workers", "Bachelor's degree", 50000, None, "0.1", "1.0")
    # A detailed title shows its parent's figures: it would repeat the cashiers' line.
    detailed = career(
        "Gaming Change Persons", "No formal educational credential", 31430, "-10.2", "574.0", "3237.0"
    )
    detailed.occupation.code, detailed.occupation.soc_code = "29-0003.01", "29-0003"
    detailed.occupation.save()

    def page():
        with django_assert_num_queries(8):
            return markup.page(client.get("/"))

    html = page()
    tops = {
        top.h3.get_text(): [
            (li.a.get_text(), markup.squashed(li.select_one(".top-figure").get_text()))
            for li in top.select("li")
        ]
        for top in html.select(".top-list")
    }
    assert tops == {
        "Fastest growing": [
            ("Wind Turbine Service Technicians", "+49.9% by 2034"),
            ("Nurse Practitioners", "+40.1% by 2034"),
            ("Software Developers", "+15.8% by 2034"),
        ],
        "Best paid": [
            ("Software Developers", "$133,080 a year"),
            ("Nurse Practitioners", "$129,210 a year"),
            ("Wind Turbine Service Technicians", "$62,580 a year"),
        ],
        "Most openings": [
            ("Cashiers", "574,000 openings a year"),
            ("Software Developers", "115,200 openings a year"),
            ("Nurse Practitioners", "29,200 openings a year"),
        ],
    }
    assert [a["href"] for a in html.select(".top-list > p a")] == [
        "/careers/?sort=-growth",
        "/careers/?sort=-wage",
        "/careers/?sort=-openings",
    ]
    assert [(a["href"], markup.squashed(a.get_text(" "))) for a in html.select(".education-ways a")] == [
        ("/careers/?education=none", "No formal educational credential 2 careers"),
        ("/careers/?education=postsecondary", "Postsecondary nondegree award 1 career"),
        ("/careers/?education=bachelors", "Bachelor's degree 2 careers"),
        ("/careers/?education=masters", "Master's degree 1 career"),
    ]
    # Featured: the largest occupation at each entry education (none featured by editors).
    assert [card.h3.get_text() for card in html.select("#featured-heading ~ ul .card")] == [
        "Cashiers",
        "Software Developers",
        "Nurse Practitioners",
        "Wind Turbine Service Technicians",
    ]
    # Near you, at your income: a form into the finder with its own parameters.
    form = html.select_one("form.home-finder")
    assert form["action"] == "/schools/"
    assert [field["name"] for field in form.select("input[name], select[name]")] == [
        "near",
        "within",
        "income",
    ]
    assert [option["value"] for option in form.select("select[name=income] option")] == [
        "",
        "0",
        "30001",
        "48001",
        "75001",
        "110001",
    ]
    # Each explorer link answers with the order or filter it names.
    assert client.get("/careers/?sort=-growth").status_code == 200
    # As many queries with twenty more careers.
    for n in range(20):
        career(f"Extra career {n}", "High school diploma or equivalent", 40000 + n, "1.0", "1.0", "1.0")
    page()

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
    # None featured: the featured careers, then any careers; their count; the data editions.
    assert cards(4) == [("/careers/data-analyst/", "Data Analyst")]
    CareerFactory(title="BI Analyst", slug="bi-analyst", occupation=occupation, is_featured=True)
    assert cards(3) == [
        ("/careers/bi-analyst/", "BI Analyst O*NET 15-2051.01 · Business Intelligence Analysts")
    ]

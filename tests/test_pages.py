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
    DataSource.editor()
    for n in range(3):
        CareerFactory(title=f"Career {n}")
    text = client.get("/").content.decode()
    assert (
        "Data shown: BLS Occupational Employment and Wage Statistics May 2024; IPEDS 2023-24; O*NET 29.2."
        in text
    )
    assert "Careerguide editors" not in text.split("<main", 1)[1]
    assert "for 3 careers" in text


def test_home_career_count_has_a_thousands_separator(client, db):
    from careerguide.careers.models import Career

    Career.objects.bulk_create(Career(title=f"Career {n}", slug=f"career-{n}") for n in range(1017))
    assert "Salaries, duties and skills for 1,017 careers" in client.get("/").content.decode()

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

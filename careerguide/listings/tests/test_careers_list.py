"""/careers/: search over career titles, occupation titles and O*NET alternate titles; pagination.

The explorer's filters, sorts, JSON and CSV are tested in test_explorer.py."""

import html

import pytest

from careerguide.careers.models import AlternateTitle, Career, Occupation
from careerguide.careers.tests.factories import CareerFactory, OccupationFactory
from tests import markup

titles = markup.card_titles


@pytest.fixture
def careers(seed):
    """Beside the seed: a career generated for the same occupation, one reached by an alternate title only."""
    data_scientists = Occupation.objects.get(code="15-2051.00")
    CareerFactory(title="Data Scientists", slug="data-scientists", occupation=data_scientists)
    research = OccupationFactory(
        code="15-1221.00", soc_code="15-1221", title="Computer and Information Research Scientists"
    )
    AlternateTitle.objects.create(occupation=research, title="Machine Learning Research Scientist")
    CareerFactory(
        title="Computer and Information Research Scientists", slug="research-scientists", occupation=research
    )
    CareerFactory(
        title="Registered Nurses",
        slug="registered-nurses",
        occupation=OccupationFactory(title="Registered Nurses"),
    )


def test_machine_learning_finds_titles_and_alternate_titles(client, careers):
    found = titles(client.get("/careers/?q=machine+learning"))
    # The career whose own title matches comes first; the others match through O*NET alternate titles.
    assert found[0] == "Machine Learning Engineer"
    assert set(found) == {
        "Machine Learning Engineer",
        "Data Scientists",
        "Computer and Information Research Scientists",
    }


def test_matched_alternate_title_is_shown(client, careers):
    text = html.unescape(client.get("/careers/?q=machine+learning").content.decode())
    assert "Also called: Machine Learning Research Scientist" in text
    assert "Also called: Machine Learning Engineer" in text  # on the Data Scientists card


def test_search_is_case_insensitive_and_needs_every_word(client, careers):
    assert titles(client.get("/careers/?q=MACHINE"))[0] == "Machine Learning Engineer"
    assert titles(client.get("/careers/?q=learning+machine"))[0] == "Machine Learning Engineer"
    assert titles(client.get("/careers/?q=machine+nurse")) == []
    assert titles(client.get("/careers/?q=nurses")) == ["Registered Nurses"]
    assert "No careers match" in client.get("/careers/?q=zzzz").content.decode()


def test_list_without_query_shows_every_career_with_count(client, careers):
    response = client.get("/careers/")
    assert len(titles(response)) == Career.objects.count() == 4
    assert "4 careers" in response.content.decode()


def test_paginated_and_bad_pages_never_fail(client, db):
    for n in range(35):
        CareerFactory(title=f"Career {n:02d}", slug=f"career-{n:02d}")
    first = client.get("/careers/")
    assert len(titles(first)) == 25 and "Page 1 of 2" in first.content.decode()
    assert len(titles(client.get("/careers/?page=2"))) == 10
    assert len(titles(client.get("/careers/?per_page=50"))) == 35
    for bad in ("abc", "0", "-1", "99999", "1.5"):
        response = client.get(f"/careers/?page={bad}")
        assert response.status_code == 200, bad
        assert "; showing page " in html.unescape(response.content.decode())


def test_pagination_links_keep_the_query(client, db):
    for n in range(35):
        CareerFactory(title=f"Engineer {n:02d}", slug=f"engineer-{n:02d}")
    text = html.unescape(client.get("/careers/?q=engineer").content.decode())
    assert 'href="?q=engineer&page=2"' in text


def test_careers_list_query_count_is_constant(client, db, django_assert_max_num_queries):
    for n in range(3):
        occupation = OccupationFactory()
        AlternateTitle.objects.create(occupation=occupation, title=f"Alt engineer {n}")
        CareerFactory(title=f"Engineer {n}", occupation=occupation)
    # `q` ranks through the site search's index: one query checks its version, and new careers
    # rebuild it once (two reads) on the first request after them, made here before measuring.
    client.get("/careers/?q=engineer")
    with django_assert_max_num_queries(4):
        assert client.get("/careers/?q=engineer").status_code == 200
    for n in range(25):
        occupation = OccupationFactory()
        AlternateTitle.objects.create(occupation=occupation, title=f"Alt engineer {n}")
        CareerFactory(title=f"Engineer {n}", occupation=occupation)
    client.get("/careers/?q=engineer")
    with django_assert_max_num_queries(4):
        assert client.get("/careers/?q=engineer").status_code == 200


def test_long_or_odd_queries_are_fine(client, db):
    assert client.get("/careers/?q=" + "x" * 5000).status_code == 200
    assert client.get("/careers/?q=%25_%27%22%3C").status_code == 200
    # PostgreSQL refuses NUL in text: control characters never reach a query, nor the page.
    for query in ("q=%00", "q=a%00b", "q=%01%1f%7f%c2%85", "page=%00", "q=%00&page=%00"):
        response = client.get(f"/careers/?{query}")
        assert response.status_code == 200, query
        assert b"\x00" not in response.content and b"\x1f" not in response.content, query


def test_control_characters_separate_words(client, careers):
    assert titles(client.get("/careers/?q=machine%00learning"))[0] == "Machine Learning Engineer"
    assert titles(client.get("/careers/?q=%00machine%09learning%7f"))[0] == "Machine Learning Engineer"


def test_query_cleaner():
    from careerguide.core.text import clean_text

    assert clean_text("  a\x00b\x1f c\x7f\x85d\ud800e  ") == "a b c d e"
    assert clean_text("\x00") == ""
    assert clean_text("x" * 500) == "x" * 200

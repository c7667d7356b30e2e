"""/search/?q=: careers (with alternate titles), schools (name, city) and resources, grouped with counts."""

import html
import re

from careerguide.careers.models import AlternateTitle
from tests.factories import make_career, make_occupation, make_resource, make_school


def groups(response):
    """{group id: (count, [item texts])}."""
    assert response.status_code == 200
    text = html.unescape(response.content.decode())
    found = {}
    for group_id, count, body in re.findall(
        r'<section class="search-group" id="(\w+)".*?<span class="count">\((\d+)\)</span>(.*?)</section>',
        text,
        re.S,
    ):
        found[group_id] = (int(count), re.findall(r"<li><a [^>]*>(.*?)</a>", body))
    return found


def test_one_query_finds_careers_schools_and_resources(client, seed):
    result = groups(client.get("/search/?q=machine+learning"))
    assert result["careers"] == (1, ["Machine Learning Engineer"])
    assert result["schools"] == (0, [])
    count, items = result["resources"]
    # Fifteen of the 18 seed resources mention both words; ten are shown, the count says how many in all.
    assert count == 15 and len(items) == 10
    listed = client.get("/resources/?q=machine+learning").content.decode()
    assert "15 resources" in listed


def test_groups_link_to_their_full_lists(client, seed):
    text = html.unescape(client.get("/search/?q=machine+learning").content.decode())
    assert 'href="/careers/?q=machine+learning">Open in the careers list' in text
    assert 'href="/resources/?q=machine+learning">All 15 resources' in text
    assert "No schools match." in text
    assert "16 results: 1 career, 0 schools, 15 resources." in text


def test_schools_by_name_or_city(client, seed):
    assert groups(client.get("/search/?q=college+park"))["schools"] == (
        1,
        ["University of Maryland-College Park"],
    )
    assert groups(client.get("/search/?q=irvine"))["schools"] == (1, ["University of California-Irvine"])
    assert groups(client.get("/search/?q=university+california"))["schools"][0] == 2


def test_careers_by_alternate_title(client, db):
    occupation = make_occupation(title="Data Scientists")
    AlternateTitle.objects.create(occupation=occupation, title="Machine Learning Engineer")
    make_career(title="Data Scientist", occupation=occupation)
    assert groups(client.get("/search/?q=machine+learning+engineer"))["careers"] == (1, ["Data Scientist"])


def test_empty_and_odd_queries(client, db):
    response = client.get("/search/")
    assert response.status_code == 200 and groups(response) == {}
    assert groups(client.get("/search/?q=+++")) == {}
    for query in ("x" * 5000, "%25", "'; drop table", "<script>", "\x00", "a\x00b", "\x01\x1f\x7f"):
        response = client.get("/search/", {"q": query})
        assert response.status_code == 200
        assert "<script>" not in response.content.decode().split("<main", 1)[1]
        # NUL would be a 500 on PostgreSQL; no control character is searched for or shown.
        assert b"\x00" not in response.content and b"\x01" not in response.content
    assert groups(client.get("/search/?q=%00")) == {}


def test_control_characters_separate_words(client, seed):
    assert groups(client.get("/search/?q=machine%00learning"))["careers"] == (
        1,
        ["Machine Learning Engineer"],
    )


def test_search_query_count_is_constant(client, db, django_assert_max_num_queries):
    def add(n):
        for i in range(n):
            make_career(title=f"Nurse {i}", occupation=make_occupation())
            make_school(name=f"Nurse College {i}")
            make_resource(title=f"Nurse handbook {i}")

    add(2)
    with django_assert_max_num_queries(6):
        client.get("/search/?q=nurse")
    add(30)
    with django_assert_max_num_queries(6):
        result = groups(client.get("/search/?q=nurse"))
    assert [result[g][0] for g in ("careers", "schools", "resources")] == [32, 32, 32]

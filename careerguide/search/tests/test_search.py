"""/search/?q=: careers (with alternate titles), schools (name, city), fields of study and resources,
grouped with counts, forgiving typos, knowing acronyms, ranking exact and whole-name matches first."""

import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from careerguide.careers.models import AlternateTitle
from careerguide.careers.tests.factories import CareerFactory, OccupationFactory
from careerguide.listings import filters as listings_filters
from resources.tests.factories import ResourceFactory
from schools.models import School
from schools.tests.factories import FieldOfStudyFactory, SchoolFactory
from tests import markup


def groups(response):
    """{group id: (count, [item texts])}."""
    return {
        group["id"]: (
            int(group.select_one(".count").get_text().strip("()")),
            [markup.squashed(link.get_text()) for link in group.select("li > a")],
        )
        for group in markup.page(response).select("section.search-group")
    }


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
    assert "16 results: 1 career, 0 schools, 0 fields of study, 15 resources." in text


def test_schools_by_name_or_city(client, seed):
    assert groups(client.get("/search/?q=college+park"))["schools"] == (
        1,
        ["University of Maryland-College Park"],
    )
    assert groups(client.get("/search/?q=irvine"))["schools"] == (1, ["University of California-Irvine"])
    assert groups(client.get("/search/?q=university+california"))["schools"][0] == 2


def test_careers_by_alternate_title(client, db):
    occupation = OccupationFactory(title="Data Scientists")
    AlternateTitle.objects.create(occupation=occupation, title="Machine Learning Engineer")
    CareerFactory(title="Data Scientist", occupation=occupation)
    assert groups(client.get("/search/?q=machine+learning+engineer"))["careers"] == (1, ["Data Scientist"])


def test_careers_reloaded_with_the_same_timestamps_are_found_again(db):
    """A fixture reloaded after its rows were deleted (the same count and times, new ids) rebuilds
    the index: it ranks the rows that exist, not the deleted ones."""
    from careerguide.careers.models import Career
    from careerguide.search.ranking import rank_careers

    fixed = "2024-01-01T00:00:00Z"
    first = CareerFactory(title="Machine Learning Engineer")
    Career.objects.filter(pk=first.pk).update(updated_at=fixed)
    assert rank_careers("machine learning") == [first.pk]
    first.delete()
    second = CareerFactory(title="Machine Learning Engineer")
    Career.objects.filter(pk=second.pk).update(updated_at=fixed)
    assert rank_careers("machine learning") == [second.pk]


def test_empty_and_odd_queries(client, db):
    SchoolFactory(with_figures=True, name="University of Maryland-College Park")
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
            CareerFactory(title=f"Nurse {i}", occupation=OccupationFactory())
            SchoolFactory(with_figures=True, name=f"Nurse College {i}")
            ResourceFactory(title=f"Nurse handbook {i}")

    # Four queries to rebuild the indexes after a change (none when unchanged), two for resources.
    add(2)
    with django_assert_max_num_queries(7):
        assert client.get("/search/?q=nurse").status_code == 200
    with django_assert_max_num_queries(3):
        assert client.get("/search/?q=nurse").status_code == 200
    add(30)
    with django_assert_max_num_queries(7):
        result = groups(client.get("/search/?q=nurse"))
    assert [result[g][0] for g in ("careers", "schools", "resources")] == [32, 32, 32]


# --- A search that forgives (issue 10 item 4) -------------------------------------------------


@pytest.fixture
def names(db):
    """Schools, careers and fields of study whose names test the ranking."""
    for name, enrollment in [
        ("Maryland University of Integrative Health", 300),
        ("University of Maryland-College Park", 40792),
        ("University of Maryland Eastern Shore", 2500),
        ("University System of Maryland", None),
        ("Massachusetts Institute of Technology", 11920),
        ("Mitchell College", 700),
        ("Morrison Institute of Technology", 100),
        ("New York University", 59144),
        ("Newberry College", 1300),
    ]:
        SchoolFactory(with_figures=True, name=name, enrollment=enrollment)
    nurses = OccupationFactory(title="Registered Nurses", employment=3282010)
    AlternateTitle.objects.create(occupation=nurses, title="Staff Nurse")
    CareerFactory(title="Registered Nurses", slug="registered-nurses", occupation=nurses)
    CareerFactory(
        title="Farmworkers and Laborers, Crop, Nursery, and Greenhouse",
        slug="farmworkers",
        occupation=OccupationFactory(
            title="Farmworkers and Laborers, Crop, Nursery, and Greenhouse", employment=1
        ),
    )
    teachers = OccupationFactory(title="Secondary School Teachers", employment=1000)
    AlternateTitle.objects.create(occupation=teachers, title="Computer Science Teacher")
    CareerFactory(title="Secondary School Teachers", slug="secondary-teachers", occupation=teachers)
    CareerFactory(
        title="Computer Systems Analysts", slug="analysts", occupation=OccupationFactory(employment=5)
    )
    FieldOfStudyFactory(code="11.0701", title="Computer Science")
    FieldOfStudyFactory(code="11.07", title="Computer Science")
    FieldOfStudyFactory(code="51.3801", title="Registered Nursing/Registered Nurse")


def test_typos_find_the_university_of_maryland_campuses_first(client, names):
    count, schools = groups(client.get("/search/", {"q": "univercity of maryland"}))["schools"]
    # The campuses first (as long a name each; the larger first), then the words apart or out of order.
    assert schools[:2] == ["University of Maryland-College Park", "University of Maryland Eastern Shore"]
    assert schools[2:] == ["University System of Maryland", "Maryland University of Integrative Health"]
    assert count == 4


def test_acronyms_from_initials_lead(client, names):
    assert groups(client.get("/search/?q=MIT"))["schools"][1][:2] == [
        "Massachusetts Institute of Technology",
        "Morrison Institute of Technology",
    ]
    # Names that merely start with the letters come after the acronyms.
    assert "Mitchell College" in groups(client.get("/search/?q=MIT"))["schools"][1][2:]
    assert groups(client.get("/search/?q=nyu"))["schools"] == (1, ["New York University"])


def test_careers_by_title_whole_words_first_then_alternate_titles(client, names):
    _count, careers = groups(client.get("/search/?q=nurse"))["careers"]
    assert careers == ["Registered Nurses", "Farmworkers and Laborers, Crop, Nursery, and Greenhouse"]
    _count, careers = groups(client.get("/search/?q=computer+science"))["careers"]
    assert careers == ["Secondary School Teachers"]
    text = html.unescape(client.get("/search/?q=computer+science").content.decode())
    assert "also called Computer Science Teacher" in text


def test_fields_of_study_are_a_fourth_group_linking_to_the_finder(client, names):
    response = client.get("/search/?q=computer+science")
    count, fields = groups(response)["fields"]
    assert (count, fields) == (2, ["Computer Science", "Computer Science"])
    text = html.unescape(response.content.decode())
    assert '<a href="/schools/?program=11.07">Computer Science</a>' in text
    assert '<a href="/schools/?program=11.0701">Computer Science</a>' in text
    assert text.index('program=11.07"') < text.index("program=11.0701")


def test_did_you_mean_when_nothing_matches(client, names):
    text = html.unescape(client.get("/search/", {"q": "qqqq marylnd"}).content.decode())
    assert "0 results" in text
    assert 'Did you mean <a href="/search/?q=maryland">maryland</a>?' in text
    # A match needs no suggestion; no close word, no suggestion.
    assert "Did you mean" not in client.get("/search/?q=maryland").content.decode()
    assert "Did you mean" not in client.get("/search/?q=zzzzzzzz").content.decode()


def test_a_new_school_is_found_on_the_next_search(client, names):
    assert groups(client.get("/search/?q=gallaudet"))["schools"] == (0, [])
    SchoolFactory(with_figures=True, name="Gallaudet University")
    assert groups(client.get("/search/?q=gallaudet"))["schools"] == (1, ["Gallaudet University"])


HOSTILE_QUERIES = [
    "x" * 10_000,
    "univ " * 500,
    "Université de Montréal",
    "東京大学",
    "نيويورك",
    "🎓📚",
    "' OR 1=1 --",
    "'; DROP TABLE schools_school; --",
    "% _ \\\\ %%",
    "\x00",
    "maryland\x00university",
    "<script>alert(1)</script>",
    "a" * 3,
    "&amp; &lt;",
    "(((((",
    "*",
]


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_hostile_queries_never_fail(client, names, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    body = response.content.decode()
    assert "<script>alert" not in body and "\x00" not in body


def test_ranking_function_is_reusable(names):
    from careerguide.careers.models import Career
    from careerguide.search.ranking import rank_careers, rank_schools
    from schools.models import School

    ranking = rank_schools("univercity of maryland")
    assert School.objects.get(pk=ranking[0]).name == "University of Maryland-College Park"
    assert Career.objects.get(pk=rank_careers("nurse")[0]).slug == "registered-nurses"
    assert rank_schools("") == [] and rank_careers("\x00") == []


# --- The finder's and the careers explorer's `q` rank as the site search does -----------------

finder_names = markup.finder_names
explorer_titles = markup.card_titles


@pytest.fixture
def mit_and_others(db):
    SchoolFactory(with_figures=True, name="Mitchell College", slug="mitchell-college", enrollment=50_000)
    SchoolFactory(
        with_figures=True,
        name="Massachusetts Institute of Technology",
        slug="mit",
        city="Cambridge",
        enrollment=11_000,
    )
    SchoolFactory(
        with_figures=True, name="Smith College", slug="smith-college", enrollment=2_500
    )  # "mit" inside a word


def test_finder_q_ranks_an_acronym_first_and_drops_mere_substrings(client, mit_and_others):
    assert finder_names(client.get("/schools/?q=MIT")) == [
        "Massachusetts Institute of Technology",
        "Mitchell College",
    ]
    # An explicit sort orders the same matched set.
    assert finder_names(client.get("/schools/?q=MIT&sort=-name")) == [
        "Mitchell College",
        "Massachusetts Institute of Technology",
    ]
    assert finder_names(client.get("/schools/?q=MIT&sort=-enrollment"))[0] == "Mitchell College"


def test_finder_q_offers_best_match_as_the_default_order(client, mit_and_others):
    text = html.unescape(client.get("/schools/?q=MIT").content.decode())
    assert '<option value="" selected>Usual order: best match</option>' in text
    assert "best match for your words first" in text
    assert '<option value="" selected>Usual order: best match</option>' not in html.unescape(
        client.get("/schools/?q=MIT&sort=name").content.decode()
    )
    assert "best match" not in html.unescape(client.get("/schools/").content.decode())


def test_finder_q_forgives_typos_and_keeps_name_with_city(client, db):
    SchoolFactory(
        with_figures=True, name="University of Maryland-College Park", slug="umd", enrollment=40_000
    )
    SchoolFactory(
        with_figures=True,
        name="University of Maryland-Baltimore County",
        slug="umbc",
        city="Baltimore",
        enrollment=13_000,
    )
    SchoolFactory(
        with_figures=True, name="Towson University", slug="towson", city="Towson", enrollment=19_000
    )
    assert finder_names(client.get("/schools/", {"q": "univercity of maryland"})) == [
        "University of Maryland-College Park",
        "University of Maryland-Baltimore County",
    ]
    # Words of the name and of the city together, as the finder's "name or city" always allowed.
    assert finder_names(client.get("/schools/", {"q": "maryland baltimore"})) == [
        "University of Maryland-Baltimore County"
    ]


def test_finder_api_and_csv_list_in_rank_order(client, mit_and_others):
    results = client.get("/api/schools/?q=MIT").json()["results"]
    assert [school["name"] for school in results] == [
        "Massachusetts Institute of Technology",
        "Mitchell College",
    ]
    rows = b"".join(client.get("/schools/export.csv?q=MIT").streaming_content).decode().splitlines()
    assert [row.split(",")[1] for row in rows[1:]] == [
        "Massachusetts Institute of Technology",
        "Mitchell College",
    ]


def test_a_common_word_past_the_cap_still_finds_every_school(client, db, monkeypatch):
    monkeypatch.setattr(listings_filters, "RANKED_MAX", 3)
    for n in range(4):  # the largest, ranked first by the search, are in Virginia
        SchoolFactory(
            with_figures=True,
            name=f"Bulk College {n}",
            slug=f"bulk-va-{n}",
            state="VA",
            enrollment=90_000 + n,
        )
    for n in range(2):
        SchoolFactory(
            with_figures=True,
            name=f"Bulk College {n + 4}",
            slug=f"bulk-md-{n}",
            state="MD",
            enrollment=1_000 + n,
        )
    listed = finder_names(client.get("/schools/?q=bulk"))
    assert listed[:3] == ["Bulk College 3", "Bulk College 2", "Bulk College 1"]
    assert len(listed) == 6
    # Maryland's are past the cap of the ranking, and still found by their words.
    assert finder_names(client.get("/schools/?q=bulk&state=MD")) == ["Bulk College 5", "Bulk College 4"]


def test_past_the_cap_a_ranked_name_the_words_miss_is_still_listed_first(client, db, monkeypatch):
    # The search forgives typos and acronyms; the plain word match does not. Past the cap, the best
    # ranked that the words miss are listed too, in their place.
    monkeypatch.setattr(listings_filters, "RANKED_MAX", 3)
    typo = SchoolFactory(with_figures=True, name="Bulc Institute", slug="bulc", enrollment=10)
    bulk = [
        SchoolFactory(with_figures=True, name=f"Bulk College {n}", slug=f"bulk-{n}", enrollment=1_000 + n)
        for n in range(4)
    ]
    ranking = [typo.pk, bulk[0].pk, bulk[1].pk, bulk[2].pk, bulk[3].pk]
    monkeypatch.setattr(listings_filters, "rank_schools", lambda text: ranking)
    listed = finder_names(client.get("/schools/?q=bulk"))
    # The ranked three first, in rank order; then the other word matches, largest first.
    assert listed == [
        "Bulc Institute",
        "Bulk College 0",
        "Bulk College 1",
        "Bulk College 3",
        "Bulk College 2",
    ]
    assert finder_names(client.get("/schools/?q=bulk&sort=name")) == sorted(listed)


def test_past_the_cap_an_accented_name_the_like_of_sqlite_misses_is_still_listed(client, db, monkeypatch):
    # The search folds accents ("bulk" finds "Búlk"); SQLite's LIKE does not. The names in memory
    # decide which ranked schools the words surely find: a name that is not plain ASCII is not
    # decided there, and the school is listed by its key.
    monkeypatch.setattr(listings_filters, "RANKED_MAX", 3)
    SchoolFactory(with_figures=True, name="Búlk Universidad", slug="bulk-accent", enrollment=90_000)
    for n in range(4):
        SchoolFactory(with_figures=True, name=f"Bulk College {n}", slug=f"bulk-{n}", enrollment=1_000 + n)
    listed = finder_names(client.get("/schools/?q=bulk&sort=name"))
    assert listed == [
        "Bulk College 0",
        "Bulk College 1",
        "Bulk College 2",
        "Bulk College 3",
        "Búlk Universidad",
    ]


def test_past_the_cap_q_alone_counts_the_ranked_and_the_word_matches(client, db, monkeypatch):
    # Past the cap, the count of the listing (the page's, the API's) is the schools the words find,
    # with the ranked ones they miss (a typo, an accent SQLite's LIKE does not fold): one count.
    monkeypatch.setattr(listings_filters, "RANKED_MAX", 3)
    typo = SchoolFactory(with_figures=True, name="Bulc Institute", slug="bulc", enrollment=10)
    accented = SchoolFactory(with_figures=True, name="Búlk Universidad", slug="bulk-accent")
    bulk = [
        SchoolFactory(with_figures=True, name=f"Bulk College {n}", slug=f"bulk-{n}", enrollment=1_000 + n)
        for n in range(4)
    ]
    SchoolFactory(with_figures=True, name="Bulk Academy", slug="bulk-academy", city="Bayamón")
    SchoolFactory(with_figures=True, name="Other Academy", slug="other-academy", city="Bayamón")
    SchoolFactory(with_figures=True, name="Other College", slug="other")
    ranking = [typo.pk, accented.pk, bulk[0].pk, bulk[1].pk, bulk[2].pk, bulk[3].pk]
    monkeypatch.setattr(listings_filters, "rank_schools", lambda text: ranking)
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/schools/?q=bulk&per_page=10")
    assert response.status_code == 200
    expected = [
        "Bulc Institute",
        "Bulk Academy",
        "Bulk College 0",
        "Bulk College 1",
        "Bulk College 2",
        "Bulk College 3",
        "Búlk Universidad",
    ]
    assert sorted(finder_names(response)) == expected
    assert markup.texts(response, "#results-heading")[0].startswith("7 schools")
    counts = [query["sql"].upper() for query in captured if "COUNT(" in query["sql"].upper()]
    assert len(counts) == 1
    api = client.get("/api/schools/?q=bulk")
    assert api.status_code == 200 and api.json()["count"] == 7
    # Another filter beside q: the listing's own count.
    response = client.get("/schools/?q=bulk&state=MD")
    assert response.status_code == 200
    assert len(finder_names(response)) == 7
    assert markup.texts(response, "#results-heading")[0].startswith("7 schools")


def test_finder_q_query_count_does_not_grow(client, db, django_assert_max_num_queries):
    def queries(count):
        for n in range(count):
            SchoolFactory(with_figures=True, name=f"Ranked College {n}", slug=f"ranked-{count}-{n}")
        client.get("/schools/?q=ranked+college")  # new schools rebuild the index once
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/schools/?q=ranked+college&per_page=100")
            assert response.status_code == 200
        assert len(finder_names(response)) == min(len(School.objects.all()), 100)
        return len(captured)

    small = queries(3)
    assert queries(150) == small
    with django_assert_max_num_queries(small):
        assert client.get("/schools/?q=ranked+college").status_code == 200


@pytest.fixture
def nurses(db):
    farm = OccupationFactory(title="Farmworkers and Laborers, Crop, Nursery, and Greenhouse", employment=300)
    CareerFactory(
        title="Farmworkers and Laborers, Crop, Nursery, and Greenhouse", slug="farmworkers", occupation=farm
    )
    nurse = OccupationFactory(title="Registered Nurses", employment=3_300, annual_median_wage=93_600)
    CareerFactory(title="Registered Nurses", slug="registered-nurses", occupation=nurse)
    aide = OccupationFactory(title="Home Health Aides", employment=4_000, annual_median_wage=34_900)
    AlternateTitle.objects.create(occupation=aide, title="Home Care Nurse Aide")
    CareerFactory(title="Home Health Aides", slug="home-health-aides", occupation=aide)
    CareerFactory(title="Accountants", slug="accountants")


def test_explorer_q_ranks_whole_words_then_alternate_titles(client, nurses):
    assert explorer_titles(client.get("/careers/?q=nurse")) == [
        "Registered Nurses",
        "Farmworkers and Laborers, Crop, Nursery, and Greenhouse",
        "Home Health Aides",
    ]
    assert explorer_titles(client.get("/careers/?q=nurce"))[0] == "Registered Nurses"
    # An explicit sort orders the same matched set.
    assert explorer_titles(client.get("/careers/?q=nurse&sort=title")) == [
        "Farmworkers and Laborers, Crop, Nursery, and Greenhouse",
        "Home Health Aides",
        "Registered Nurses",
    ]
    results = client.get("/api/careers/?q=nurse").json()["results"]
    assert results[0]["title"] == "Registered Nurses" and len(results) == 3

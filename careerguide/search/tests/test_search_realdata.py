"""/search/, the finder's and the explorer's `q` over the real data (the run's one import of
../shared/data; skipped where it is absent): typos, acronyms and ranking as a student types them."""

import csv
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from careerguide.careers.models import Career
from careerguide.listings.filters import RANKED_MAX, SchoolFinderFilterSet
from schools.models import FieldOfStudy, ProgramOffering, School
from tests import markup

from .test_search import explorer_titles, finder_names, groups

pytestmark = pytest.mark.realdata


@pytest.fixture
def real(real_data, db):
    """About 7,000 schools, 1,016 careers with 56,000 alternate titles and the CIP codes: the run's
    one import of the real data."""
    return real_data


def test_real_typo_finds_the_university_of_maryland_campuses_first(client, real, db):
    _count, schools = groups(client.get("/search/", {"q": "univercity of maryland"}))["schools"]
    campuses = [name for name in schools if name.startswith("University of Maryland")]
    assert "University of Maryland-College Park" in campuses and len(campuses) >= 4
    assert schools[: len(campuses)] == campuses


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("MIT", "Massachusetts Institute of Technology"),
        ("NYU", "New York University"),
        ("UCLA", "University of California-Los Angeles"),
        ("massachusets instutite of tecnology", "Massachusetts Institute of Technology"),
    ],
)
def test_real_acronyms_and_typos(client, real, db, query, first):
    assert groups(client.get("/search/", {"q": query}))["schools"][1][0] == first


def test_real_careers_rank_titles_first(client, real, db):
    assert groups(client.get("/search/?q=nurse"))["careers"][1][0] == "Registered Nurses"
    careers = groups(client.get("/search/?q=computer+science"))["careers"][1]
    assert careers[0] == "Computer Science Teachers, Postsecondary"
    assert groups(client.get("/search/?q=electrician"))["careers"][1][0] == "Electricians"
    fields = groups(client.get("/search/?q=computer+science"))["fields"][1]
    assert fields[:2] == ["Computer Science", "Computer Science"]


def test_real_search_is_constant_in_queries(client, real, db, django_assert_max_num_queries):
    # Its speed is measured by `make bench` and the load script, not here.
    client.get("/search/?q=warm")  # builds the indexes once
    for query in ("univercity of maryland", "university", "MIT", "nurse"):
        with django_assert_max_num_queries(3):
            assert client.get("/search/", {"q": query}).status_code == 200


@pytest.mark.parametrize(
    ("query", "first"),
    [("MIT", "Massachusetts Institute of Technology"), ("NYU", "New York University")],
)
def test_real_finder_q_ranks_as_the_search(client, real, db, query, first):
    assert finder_names(client.get("/schools/", {"q": query}))[0] == first


def test_real_finder_typo_finds_the_university_of_maryland_campuses_first(client, real, db):
    listed = finder_names(client.get("/schools/", {"q": "univercity of maryland"}))
    campuses = [name for name in listed if name.startswith("University of Maryland")]
    assert "University of Maryland-College Park" in campuses and len(campuses) >= 4
    assert listed[: len(campuses)] == campuses
    in_maryland = finder_names(client.get("/schools/", {"q": "univercity of maryland", "state": "MD"}))
    assert "University of Maryland-College Park" in in_maryland


def test_real_explorer_q_ranks_as_the_search(client, real, db):
    assert explorer_titles(client.get("/careers/?q=nurse"))[0] == "Registered Nurses"
    assert explorer_titles(client.get("/careers/?q=electrician"))[0] == "Electricians"
    ranked = explorer_titles(client.get("/careers/?q=nurse&per_page=100"))
    by_title = explorer_titles(client.get("/careers/?q=nurse&sort=title&per_page=100"))
    assert sorted(ranked, key=str.casefold) == by_title


def test_real_finder_common_word_past_the_cap_keeps_every_word_match(client, real, db):
    """ "university" names about 2,000 schools: the best RANKED_MAX come first, and with a state
    every school there holding the word is still listed (the plain word match past the cap)."""
    response = client.get("/api/schools/", {"q": "university", "state": "MD", "per_page": 100})
    assert response.status_code == 200
    word_match = School.objects.filter(state="MD").search("university")
    assert response.json()["count"] >= word_match.count() > 0
    listed = {school["name"] for school in response.json()["results"]}
    assert set(word_match.values_list("name", flat=True)) <= listed


def test_real_finder_q_is_constant_in_queries(client, real, db):
    # A few names ranked ("MIT") or more than the ranking keeps ("university"): the same queries.
    client.get("/schools/?q=warm")  # builds the index once
    counts = {}
    for query in ("MIT", "univercity of maryland", "university", "college"):
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/schools/", {"q": query}).status_code == 200
        counts[query] = len(captured)
    assert len(set(counts.values())) == 1, counts


@pytest.mark.parametrize(
    "query", ["college", "university", "community college", "beauty", "San", "institute", "state"]
)
def test_real_finder_q_past_the_cap_lists_the_ranked_and_every_word_match(real, db, query):
    """Common words the ranking cuts: the listing is the best RANKED_MAX the search ranks with every
    school the plain word match finds, on SQLite and PostgreSQL alike."""
    finder = SchoolFinderFilterSet({"q": query}, queryset=School.objects.listing())
    listing = finder.qs
    assert len(finder.ranked) > RANKED_MAX
    words = set(School.objects.search(query).values_list("pk", flat=True))
    listed = set(listing.values_list("pk", flat=True))
    assert listed == words | set(finder.ranked[:RANKED_MAX])
    assert listing.count() == len(listed) > RANKED_MAX


# --- The query set: real queries and the result a student expects first ---------------------------

QUERY_SET = Path(__file__).with_name("queries.csv")
# The share of the query set whose expected result is the page's first, and among its first three;
# the test fails below these. With the ranking before issue 23: 51% and 65%.
FIRST_FLOOR, TOP_THREE_FLOOR = 0.96, 0.98


def page_results(response):
    """The result links of a search page in the order a reader meets them, each once."""
    links = markup.document(response).cssselect(".search-best a, section.search-group li > a")
    return list(dict.fromkeys(link.get("href") for link in links))


def expected_exists(url):
    path, _, query = url.partition("?")
    if query:
        return FieldOfStudy.objects.filter(code=query.removeprefix("program=")).exists()
    section, slug = path.strip("/").split("/")
    model = {"schools": School, "careers": Career}[section]
    return model.objects.filter(slug=slug).exists()


def test_real_query_set_lands_first_and_in_the_top_three(client, real, db):
    with QUERY_SET.open(newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    assert len(rows) >= 60
    assert [row["expected"] for row in rows if not expected_exists(row["expected"])] == []
    first, top_three, misses = 0, 0, []
    for row in rows:
        results = page_results(client.get("/search/", {"q": row["query"]}))
        first += results[:1] == [row["expected"]]
        top_three += row["expected"] in results[:3]
        if results[:1] != [row["expected"]]:
            misses.append((row["query"], results[:3]))
    rates = {"first": first / len(rows), "top three": top_three / len(rows)}
    assert rates["first"] >= FIRST_FLOOR and rates["top three"] >= TOP_THREE_FLOOR, (rates, misses)


# --- What issue 23 asks, on the real data ------------------------------------------------------


def finder_links(response):
    return [
        link.get("href") for link in markup.document(response).cssselect(".results tbody th.col-name > a")
    ]


@pytest.mark.parametrize(
    ("query", "school"),
    [
        ("UT Austin", "/schools/the-university-of-texas-at-austin/"),
        ("Georgia Tech", "/schools/georgia-institute-of-technology-main-campus/"),
        ("ohio state", "/schools/ohio-state-university-main-campus/"),
        ("jons hopkins", "/schools/johns-hopkins-university/"),
        ("umich", "/schools/university-of-michigan-ann-arbor/"),
        ("penn state", "/schools/pennsylvania-state-university-main-campus/"),
    ],
)
def test_real_the_names_people_use_put_the_school_first(client, real, db, query, school):
    response = client.get("/search/", {"q": query})
    assert markup.document(response).cssselect(".search-best a")[0].get("href") == school
    assert page_results(response)[0] == school
    assert finder_links(client.get("/schools/", {"q": query}))[0] == school


def test_real_mit_shows_the_school_before_any_career(client, real, db):
    results = page_results(client.get("/search/?q=MIT"))
    careers = [place for place, url in enumerate(results) if url.startswith("/careers/")]
    assert results[0] == "/schools/massachusetts-institute-of-technology/"
    assert all(place > 0 for place in careers)
    # Three letters find initials and aliases, not the starts of alternate titles ("Mitten Sewer").
    assert groups(client.get("/search/?q=MIT"))["careers"] == (0, [])


def test_real_nursing_finds_registered_nurses_and_registered_nursing(client, real, db):
    response = client.get("/search/?q=nursing")
    assert "Registered Nurses" in groups(response)["careers"][1][:3]
    fields = [link.get("href") for link in markup.document(response).cssselect("#fields li > a")]
    assert "/schools/?program=51.38" in fields[:3]


def schools_offering(code):
    """The schools offering a CIP code at the finest detail the data has: a 6-digit program's, IPEDS
    lists it for; a series' or a family's, any program in it."""
    offerings = ProgramOffering.objects.all()
    if len(code) == 7:
        offerings = offerings.filter(field_id=code)
    else:
        offerings = offerings.filter(series__startswith=code)
    return offerings.values("school_id").distinct().count()


def test_real_fields_of_study_offered_by_more_schools_first(client, real, db):
    # After the title that is the query's whole word ("Nursing", CIP 51.16), the titles holding
    # the word, those offered by more schools first.
    response = client.get("/search/?q=nursing")
    codes = [
        link.get("href").removeprefix("/schools/?program=")
        for link in markup.document(response).cssselect("#fields li > a")
    ]
    assert codes[0] == "51.16"
    offered = [schools_offering(code) for code in codes[1:]]
    assert offered == sorted(offered, reverse=True) and offered[0] > 1000


@pytest.mark.parametrize(
    "query",
    [
        "jons hopkins",
        "univercity of michigan",
        "massachusets instutite of tecnology",
        "qqqq marylnd",
        "carnegie melon",
    ],
)
def test_real_did_you_mean_proposes_what_finds_every_word(client, real, db, query):
    suggestion = markup.document(client.get("/search/", {"q": query})).cssselect(".search-suggestion a")
    assert len(suggestion) == 1
    followed = client.get(suggestion[0].get("href"))
    assert markup.texts(followed, ".search-partial, .search-suggestion") == []
    assert page_results(followed)


def test_real_one_wrong_word_never_empties_the_page(client, real, db):
    response = client.get("/search/", {"q": "johns hopkins xyzzyq"})
    assert page_results(response)[0] == "/schools/johns-hopkins-university/"
    assert markup.texts(response, ".search-partial")
    assert markup.texts(response, ".search-suggestion a") == ["johns hopkins"]

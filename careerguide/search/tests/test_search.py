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
from schools.tests.factories import FieldOfStudyFactory, ProgramOfferingFactory, SchoolFactory
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

    # Eight queries rebuild the indexes after a change (none when unchanged): careers, alternate
    # titles, schools and their aliases, fields of study and the schools offering each program,
    # series and family. Two for resources.
    add(2)
    with django_assert_max_num_queries(11):
        assert client.get("/search/?q=nurse").status_code == 200
    with django_assert_max_num_queries(3):
        assert client.get("/search/?q=nurse").status_code == 200
    add(30)
    with django_assert_max_num_queries(11):
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


def test_one_wrong_word_never_empties_the_page(client, names):
    """No name holds "qqqq" and "marylnd": the names holding the most of the words are listed, the
    page says so, and "Did you mean" proposes the words they hold, spelled as they spell them."""
    response = client.get("/search/", {"q": "qqqq marylnd"})
    count, schools = groups(response)["schools"]
    assert count == 4 and schools[:2] == [
        "University of Maryland-College Park",
        "University of Maryland Eastern Shore",
    ]
    assert markup.texts(response, ".search-partial") == [
        "Nothing holds every word you typed; these hold the most of them."
    ]
    text = html.unescape(response.content.decode())
    assert 'Did you mean <a href="/search/?q=maryland">maryland</a>?' in text
    # What it proposes holds every word: no note, nothing more to propose.
    response = client.get("/search/?q=maryland")
    assert groups(response)["schools"][0] == 4
    assert markup.texts(response, ".search-partial, .search-suggestion") == []
    # No close word, no result and no suggestion.
    response = client.get("/search/?q=zzzzzzzz")
    assert "0 results" in markup.text(response)
    assert markup.texts(response, ".search-partial, .search-suggestion, .search-best") == []


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


def test_explorer_q_ranks_whole_words_then_prefixes(client, nurses):
    # "Nurse" a whole word of an alternate title ranks before the start of "Nursery" in a title.
    assert explorer_titles(client.get("/careers/?q=nurse")) == [
        "Registered Nurses",
        "Home Health Aides",
        "Farmworkers and Laborers, Crop, Nursery, and Greenhouse",
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


# --- Names people use, and a ranking like a person's (issue 23) -------------------------------


@pytest.fixture
def campuses(db):
    """A flagship known by its alias, its branch (larger, to show the main campus first), a beauty
    academy sharing two of its words, and a school known as "UT Austin"."""
    main = SchoolFactory(
        name="Ohio State University-Main Campus", slug="osu", enrollment=60_000, is_main_campus=True
    )
    main.aliases.create(name="Ohio State")
    SchoolFactory(
        name="Ohio State University-Newark Campus", slug="osu-newark", enrollment=70_000, is_main_campus=False
    )
    SchoolFactory(name="Ohio State Beauty Academy", slug="beauty", enrollment=96, is_main_campus=True)
    SchoolFactory(name="The University of Texas at Austin", slug="ut", enrollment=53_000).aliases.create(
        name="UT Austin"
    )


def test_an_alias_finds_its_school_on_the_search_page_and_in_the_finder(client, campuses):
    response = client.get("/search/?q=UT+Austin")
    assert markup.texts(response, ".search-best li, .search-best p") == [
        "The University of Texas at Austin Springfield, MD · also known as UT Austin"
    ]
    assert groups(response)["schools"] == (1, ["The University of Texas at Austin"])
    assert finder_names(client.get("/schools/?q=ut+austin")) == ["The University of Texas at Austin"]
    assert client.get("/api/schools/?q=UT+Austin").json()["count"] == 1


def test_among_equals_a_whole_alias_then_a_main_campus_then_the_larger(client, campuses):
    # The whole alias first; then names holding both words side by side, main campuses first.
    assert groups(client.get("/search/?q=ohio+state"))["schools"][1] == [
        "Ohio State University-Main Campus",
        "Ohio State Beauty Academy",
        "Ohio State University-Newark Campus",
    ]
    assert finder_names(client.get("/schools/?q=ohio+state+university")) == [
        "Ohio State University-Main Campus",
        "Ohio State University-Newark Campus",
    ]


def test_the_finder_q_past_the_cap_finds_a_school_by_its_alias(client, db, monkeypatch):
    monkeypatch.setattr(listings_filters, "RANKED_MAX", 3)
    for n in range(4):
        SchoolFactory(name=f"Bulk College {n}", slug=f"bulk-{n}", state="VA", enrollment=1_000 + n)
    SchoolFactory(name="Zeta Institute", slug="zeta", enrollment=5).aliases.create(name="Bulk Zeta")
    # Five schools hold "bulk"; the alias's school ranks last, past the cap, and is still found.
    assert finder_names(client.get("/schools/?q=bulk&state=MD")) == ["Zeta Institute"]
    assert School.objects.search("zeta bulk").get().name == "Zeta Institute"


def test_typos_one_edit_from_four_letters_two_from_eight(client, names):
    def schools(query):
        return groups(client.get("/search/", {"q": query}))["schools"][1]

    assert schools("newbery") == ["Newberry College"]  # one edit, seven letters
    # Two letters swapped are one edit (names holding "college", the larger first; then cities).
    assert schools("colelge")[:3] == [
        "University of Maryland-College Park",
        "Newberry College",
        "Mitchell College",
    ]
    assert schools("nwbery") == []  # two edits, six letters
    assert schools("masachusets") == ["Massachusetts Institute of Technology"]  # two edits, eleven letters
    assert schools("msachusetz") == []  # three edits
    assert schools("yrk") == []  # three letters: no typo forgiven ("york" is one edit away)


def test_word_forms_not_derived_words(client, db):
    nurses = OccupationFactory(title="Registered Nurses", employment=3_000_000)
    CareerFactory(title="Registered Nurses", slug="registered-nurses", occupation=nurses)
    mechanics = OccupationFactory(title="Small Engine Mechanics", employment=50_000)
    CareerFactory(title="Small Engine Mechanics", slug="small-engine-mechanics", occupation=mechanics)
    welders = OccupationFactory(title="Welders", employment=400_000)
    CareerFactory(title="Welders", slug="welders", occupation=welders)
    SchoolFactory(name="Universal Technical Institute", slug="uti")
    SchoolFactory(name="Gallaudet University", slug="gallaudet")
    FieldOfStudyFactory(code="14.19", title="Mechanical Engineering")
    assert groups(client.get("/search/?q=nursing"))["careers"] == (1, ["Registered Nurses"])
    assert groups(client.get("/search/?q=universities"))["schools"] == (1, ["Gallaudet University"])
    # Snowball stems "engineering" and "engine", "mechanical" and "mechanics" alike: not word forms.
    response = client.get("/search/?q=mechanical+engineering")
    assert groups(response)["careers"] == (0, [])
    assert groups(response)["fields"] == (1, ["Mechanical Engineering"])
    # The one who does it: "welding" finds welders.
    assert groups(client.get("/search/?q=welding"))["careers"] == (1, ["Welders"])


def test_a_short_query_finds_initials_and_aliases_not_starts_of_alternate_titles(client, names):
    sewers = OccupationFactory(title="Sewing Machine Operators", employment=100_000)
    AlternateTitle.objects.create(occupation=sewers, title="Mitten Sewer")
    CareerFactory(title="Sewing Machine Operators", slug="sewing", occupation=sewers)
    School.objects.get(name="New York University").aliases.create(name="MIT")  # a test's odd alias
    response = client.get("/search/?q=MIT")
    assert groups(response)["careers"] == (0, [])
    assert groups(response)["schools"][1][:3] == [
        "New York University",  # the whole alias
        "Massachusetts Institute of Technology",  # the initials, the larger first
        "Morrison Institute of Technology",
    ]
    assert groups(client.get("/search/?q=mitten"))["careers"] == (1, ["Sewing Machine Operators"])


def test_among_equals_an_occupations_own_title_before_alternate_titles(client, db):
    CareerFactory(
        title="Welders", slug="welders", occupation=OccupationFactory(title="Welders", employment=10)
    )
    fitters = OccupationFactory(title="Pipe Fitters", employment=1_000_000)
    AlternateTitle.objects.create(occupation=fitters, title="Welders")
    CareerFactory(title="Pipe Fitters", slug="fitters", occupation=fitters)
    assert groups(client.get("/search/?q=welders"))["careers"][1] == ["Welders", "Pipe Fitters"]


def test_fields_of_study_offered_by_more_schools_first(client, db):
    science = FieldOfStudyFactory(code="51.3808", title="Nursing Science", level=6)
    practice = FieldOfStudyFactory(code="51.3818", title="Nursing Practice", level=6)
    ProgramOfferingFactory(field=science, series="51.38")
    for _ in range(3):
        ProgramOfferingFactory(field=practice, series="51.38")
    FieldOfStudyFactory(code="51.3899", title="Nursing, Other", level=6)  # offered by none
    _, fields = groups(client.get("/search/?q=nursing"))["fields"]
    assert fields == ["Nursing Practice", "Nursing Science", "Nursing, Other"]


def test_the_best_match_leads_whatever_its_kind(client, names):
    response = client.get("/search/?q=MIT")
    assert markup.texts(response, ".search-best h2") == ["Best match · school"]
    assert markup.texts(response, ".search-best a") == ["Massachusetts Institute of Technology"]
    # Its group comes first; the others keep their order, resources last.
    assert [section["id"] for section in markup.page(response).select("section.search-group")] == [
        "schools",
        "careers",
        "fields",
        "resources",
    ]
    response = client.get("/search/?q=registered+nurses")
    assert markup.texts(response, ".search-best a") == ["Registered Nurses"]
    assert markup.texts(response, ".search-best h2") == ["Best match · career"]


def test_a_known_word_is_no_typo_elsewhere(client, db):
    CareerFactory(title="Lawyers", slug="lawyers", occupation=OccupationFactory(title="Lawyers"))
    SchoolFactory(name="Colby-Sawyer College", slug="colby-sawyer")
    # "lawyer" is a career's word: it finds no "sawyer" among the schools.
    assert groups(client.get("/search/?q=lawyer"))["schools"] == (0, [])
    assert groups(client.get("/search/?q=sawyr"))["schools"] == (1, ["Colby-Sawyer College"])


@pytest.mark.parametrize(
    "query",
    ["qqqq marylnd", "univercity of maryland", "nwberry colege", "masachusets instutite", "regstered nurse"],
)
def test_did_you_mean_only_proposes_what_finds_every_word(client, names, query):
    response = client.get("/search/", {"q": query})
    suggestion = markup.page(response).select_one(".search-suggestion a")
    assert suggestion is not None
    followed = client.get(suggestion["href"])
    assert markup.texts(followed, ".search-partial, .search-suggestion") == []
    assert markup.texts(followed, ".search-best a")

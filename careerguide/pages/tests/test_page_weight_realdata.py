"""Page weight over the real data (SPEC section 6: no public page sends more than 150 KB of HTML):
the schools with the longest program lists, their levels' pages, and the heaviest listings."""

import pytest
from django.db.models import Count

from schools.models import ProgramOffering, School
from schools.selectors import PROGRAMS_LISTED_MAX
from schools.vocabulary import CREDENTIAL_LEVEL_SLUGS, CredentialLevel
from tests.markup import page, squashed

pytestmark = pytest.mark.realdata

MAX_BYTES = 150 * 1024
ASU = "arizona-state-university-campus-immersion"
UMD = "university-of-maryland-college-park"


def weight(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return len(response.content)


@pytest.mark.parametrize(("slug", "programs"), [(ASU, 558), (UMD, 357)])
def test_the_largest_schools_pages_are_light_and_count_every_program(client, real_data, db, slug, programs):
    school = School.objects.get(slug=slug)
    assert school.programs.count() == programs > PROGRAMS_LISTED_MAX
    response = client.get(f"/schools/{slug}/")
    assert len(response.content) < MAX_BYTES
    soup = page(response)
    assert soup.select("li.program-group") == []
    by_level = dict(
        school.programs.values_list("credential_level").annotate(n=Count("pk")).order_by("credential_level")
    )
    totals = [squashed(cell.get_text()) for cell in soup.select("table.program-summary tfoot td")]
    assert totals == [
        f"{count:,} {CredentialLevel(level).label.lower()} programs: the full list"
        for level, count in by_level.items()
    ]
    rows = soup.select("table.program-summary tbody tr")
    assert sum(int(cell.get_text().replace(",", "")) for row in rows for cell in row.select("td")) == programs
    # Every program is one click away, on its level's page.
    listed = 0
    for level, count in by_level.items():
        level_page = client.get(f"/schools/{slug}/programs/{CREDENTIAL_LEVEL_SLUGS[level]}/")
        assert len(level_page.content) < MAX_BYTES
        level_soup = page(level_page)
        # A field's own line counts when the school offers the 4-digit field itself (its figures).
        shown = len(level_soup.select("p.program-figures")) + len(level_soup.select("ul.program-list > li"))
        assert shown == count
        listed += shown
    assert listed == programs


def test_no_school_page_or_level_page_is_over_150_kb(client, real_data, db):
    """The 20 schools with the most programs, and the school with the most programs at one level."""
    largest = School.objects.annotate(n=Count("programs")).order_by("-n", "slug")[:20]
    level_peak = (
        ProgramOffering.objects.values_list("school__slug", "credential_level")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    heaviest = {}
    for school in largest:
        heaviest[f"/schools/{school.slug}/"] = weight(client, f"/schools/{school.slug}/")
    slug, level, _ = level_peak
    path = f"/schools/{slug}/programs/{CREDENTIAL_LEVEL_SLUGS[level]}/"
    heaviest[path] = weight(client, path)
    over = {path: size for path, size in heaviest.items() if size >= MAX_BYTES}
    assert over == {}


def test_the_heaviest_listings_are_under_150_kb(client, real_data, db):
    """At the finder's default page size; its 100-row pages below."""
    largest = list(
        School.objects.annotate(n=Count("programs"))
        .order_by("-n", "slug")
        .values_list("slug", flat=True)[:10]
    )
    paths = [
        "/",
        "/schools/",
        "/schools/?program=11.07&sort=-earnings",
        "/careers/?per_page=100",
        "/schools/compare/?" + "&".join(f"school={slug}" for slug in largest),
        "/search/?q=university",
    ]
    sizes = {path: weight(client, path) for path in paths}
    assert {path: size for path, size in sizes.items() if size >= MAX_BYTES} == {}


FINDER_AT_100 = [
    "/schools/?per_page=100",
    "/schools/?per_page=100&program=11.07&sort=-earnings",
    "/schools/?per_page=100&career=machine-learning-engineer",
    "/schools/?per_page=100&career=registered-nurses",
    "/schools/?per_page=100&program=nursing",
    "/schools/?per_page=100&near=20742&within=500&income=30000&home_state=MD&program=11.0701",
    # Every cost note at once: a family income, a home state whose public schools are out of state,
    # the distance, and the net price sorted.
    "/schools/?per_page=100&near=90001&within=500&income=0&home_state=NV&program=nursing&sort=-net_price",
    "/schools/?per_page=100&near=20742&within=500&income=30000&home_state=MD&career=registered-nurses",
    "/schools/?per_page=100&income=110001&home_state=TX&program=51",
    "/schools/?per_page=50&program=nursing",
]


def test_the_finder_at_100_rows_is_under_150_kb(client, real_data, db):
    """SPEC allows 100 rows a page: the heaviest combinations found (registered nurses the heaviest
    career), each under 150 KB, every row's school and its shortlist button there."""
    sizes = {}
    for path in FINDER_AT_100:
        response = client.get(path)
        assert response.status_code == 200, path
        sizes[path] = len(response.content)
        soup = page(response)
        rows = soup.select("table.results tbody tr.figures")
        assert len(rows) == (100 if "per_page=100" in path else 50), path
        assert [row.select_one("button[form=shortlist-form]")["value"] for row in rows] == [
            row.select_one("th.col-name a")["href"].split("/")[2] for row in rows
        ]
    assert {path: size for path, size in sizes.items() if size >= MAX_BYTES} == {}


def test_a_long_finder_page_summarises_each_schools_programs(client, real_data, db):
    """At 100 rows a school's matched programs are counted and linked, the map a link away."""
    soup = page(client.get("/schools/?per_page=100&program=nursing"))
    assert soup.select("tr.matched-row") == []
    first = soup.select_one("tbody tr")
    assert squashed(first.select_one("th a").get_text()) == "Chamberlain University-Illinois"
    matched = first.select_one("th a.matched-link")
    assert squashed(matched.get_text()) == (
        "7 matched programs: "
        "Associate, Bachelor's, Master's, Doctorate, Professional degree, Graduate certificate"
    )
    assert matched["href"] == "/schools/chamberlain-university-illinois/#programs"
    assert len(soup.select("th a.matched-link")) == 100
    # No note on the matched programs' figures, which a long page does not show.
    assert soup.select_one("#matched-programs-note") is None
    assert soup.select("details.results-map") == []
    assert soup.select_one("p.map-note a")["href"] == "?per_page=50&program=nursing"
    # At 50 rows, four programs each with their figures, and the map.
    soup = page(client.get("/schools/?per_page=50&program=nursing"))
    assert len(soup.select("details.results-map circle")) == 50
    assert squashed(soup.select_one("#matched-programs-note").get_text()).startswith(
        "Under a school, the programs it offers that match: median earnings are those 5 years after"
    )
    assert len(soup.select("tr.matched-row")[0].select("li")) == 5  # four, and "3 more …"

"""Compare /schools/compare/ and the cookie shortlist behind "+ Compare"."""

import html
from decimal import Decimal

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from schools.models import School
from schools.tests.factories import FieldOfStudyFactory, ProgramOfferingFactory, SchoolFactory
from schools.vocabulary import CredentialLevel, PredominantDegree, SchoolType
from tests import markup

pytestmark = pytest.mark.django_db


def columns(response):
    """The slugs of the compared schools, in column order."""
    return [
        link["href"].strip("/").removeprefix("schools/")
        for link in markup.page(response).select("th.school-col > a")
    ]


def row(response, label, with_school=False):
    """The cells of the comparison row `label`, as text (each without the school name a phone
    shows beside it, unless `with_school`)."""
    header = next(
        (th for th in markup.page(response).select("th.metric-col[scope=row]") if th.get_text() == label),
        None,
    )
    assert header is not None, label
    cells = header.find_parent("tr").find_all("td")
    if not with_school:
        for cell in cells:
            for name in cell.select(".cell-school"):
                name.decompose()
    return [cell.get_text().strip() for cell in cells]


ORIGIN = {"origin": "http://testserver"}


def post(client, data, headers=ORIGIN):
    """A shortlist form sent from a page of this site (browsers send its Origin)."""
    return client.post("/schools/shortlist/", data, headers=headers)


def saved(client):
    """The slugs in the visitor's shortlist cookie."""
    cookie = client.cookies.get("shortlist")
    return cookie.value.split(".") if cookie and cookie.value else []


def compare_url(*slugs, extra=""):
    return "/schools/compare/?" + "&".join(f"school={slug}" for slug in slugs) + extra


@pytest.fixture
def trio(db):
    return [
        SchoolFactory(
            name="University of Maryland-College Park",
            slug="umd",
            city="College Park",
            state="MD",
            tuition_in_state=9695,
            tuition_out_of_state=37931,
            admission_rate=Decimal("44.87"),
            graduation_rate=Decimal("89.00"),
            enrollment=40792,
            median_earnings=80000,
        ),
        SchoolFactory(
            name="University of Southern California",
            slug="usc",
            city="Los Angeles",
            state="CA",
            control=SchoolType.NONPROFIT,
            tuition_in_state=63468,
            tuition_out_of_state=63468,
            admission_rate=Decimal("12.00"),
            graduation_rate=Decimal("92.00"),
            enrollment=48945,
            median_earnings=90000,
            net_price=35000,
        ),
        SchoolFactory(
            name="Oregon State University",
            slug="osu",
            city="Corvallis",
            state="OR",
            tuition_in_state=10425,
            tuition_out_of_state=31200,
            admission_rate=Decimal("83.00"),
            graduation_rate=Decimal("70.00"),
            enrollment=34292,
        ),
    ]


def test_one_column_per_school_in_the_order_asked(client, trio):
    response = client.get(compare_url("usc", "umd", "osu"))
    assert columns(response) == ["usc", "umd", "osu"]
    assert row(response, "In-state tuition and fees") == [
        "$63,468",
        "$9,695 ★ Best: lowest in-state tuition",
        "$10,425",
    ]
    assert row(response, "Out-of-state tuition and fees") == [
        "$63,468",
        "$37,931",
        "$31,200 ★ Best: lowest out-of-state tuition",
    ]
    assert row(response, "Admission rate") == ["12%", "44.9%", "83% ★ Best: easiest to get in"]
    assert row(response, "Graduation rate") == ["92% ★ Best: highest graduation rate", "89%", "70%"]
    assert row(response, "Total enrollment") == ["48,945", "40,792", "34,292"]
    assert row(response, "Median earnings 10 years after entry") == [
        "$90,000 ★ Best: highest earnings",
        "$80,000",
        "Not reported",
    ]
    # One known net price is nothing to compare against: no best mark.
    assert row(response, "Average net price") == ["$35,000", "Not reported", "Not reported"]
    assert row(response, "Location") == ["Los Angeles, CA", "College Park, MD", "Corvallis, OR"]
    assert row(response, "Type") == ["Private nonprofit", "Public", "Public"]


def test_best_is_marked_with_text_not_colour_alone(client, trio):
    content = client.get(compare_url("umd", "usc")).content.decode()
    assert (
        '<span class="best-mark"><span aria-hidden="true">★</span> Best'
        '<span class="visually-hidden">: lowest in-state tuition</span></span>' in content
    )


def test_ties_are_all_marked(client, db):
    SchoolFactory(name="A", slug="a", tuition_in_state=5000)
    SchoolFactory(name="B", slug="b", tuition_in_state=5000)
    SchoolFactory(name="C", slug="c", tuition_in_state=9000)
    response = client.get(compare_url("a", "b", "c"))
    assert row(response, "In-state tuition and fees") == [
        "$5,000 ★ Best: lowest in-state tuition",
        "$5,000 ★ Best: lowest in-state tuition",
        "$9,000",
    ]


def test_your_tuition_row_with_home_state(client, trio):
    response = client.get(compare_url("umd", "usc", "osu", extra="&home_state=MD"))
    assert row(response, "Your tuition") == ["$9,695 ★ Best: lowest cost for you", "$63,468", "$31,200"]
    response = client.get(compare_url("umd", "usc"))
    assert "Your tuition</th>" not in response.content.decode()
    assert "Choose your home state above to see your tuition." in response.content.decode()


def test_charts_are_inline_svg_with_text_labels(client, trio):
    content = client.get(compare_url("umd", "usc", "osu")).content.decode()
    assert content.count('<svg class="bar-chart" role="img"') == 5
    for title in (
        "In-state tuition and fees",
        "Out-of-state tuition and fees",
        "Admission rate",
        "Graduation rate",
    ):
        assert f'-title" class="chart-title">{title}</figcaption>' in content
    tuition = content[
        content.index('id="chart-tuition-in-title"') : content.index(
            "</figure>", content.index('id="chart-tuition-in-title"')
        )
    ]
    assert '<text class="chart-label" x="0" y="15">University of Maryland-College Park</text>' in tuition
    assert ">$9,695</text>" in tuition and ">$63,468</text>" in tuition and ">$10,425</text>" in tuition
    # The largest value fills 72% of the width; the others in proportion.
    assert 'width="72.0%"' in tuition
    assert f'width="{round(9695 / 63468 * 72, 2)}%"' in tuition
    # Rates are drawn against 100%.
    graduation = content[content.index('id="chart-graduation-rate-title"') :]
    assert f'width="{round(0.89 * 72, 2)}%"' in graduation


def test_unknown_value_has_no_bar_and_says_so(client, trio):
    content = client.get(compare_url("umd", "osu")).content.decode()
    earnings_free = content[content.index('id="chart-enrollment-title"') :]
    assert "Not reported" not in earnings_free.split("</figure>")[0]
    SchoolFactory(name="Mystery College", slug="mystery")
    content = client.get(compare_url("umd", "mystery")).content.decode()
    chart = content[content.index('id="chart-tuition-in-title"') :].split("</figure>")[0]
    assert '<text class="chart-value chart-unknown" x="0" y="81">Not reported</text>' in chart
    assert chart.count('<rect class="chart-bar"') == 1


def test_unknown_slug_is_reported_and_the_rest_shown(client, trio):
    response = client.get(compare_url("umd", "nope", "usc", "bad%00slug"))
    assert columns(response) == ["umd", "usc"]
    content = html.unescape(response.content.decode())
    assert "No school has the address “nope”, “bad\x00slug”; the other schools are shown." in content


def test_more_than_ten_schools_shows_the_first_ten(client, db):
    slugs = [SchoolFactory(name=f"School {n:02d}", slug=f"s{n:02d}").slug for n in range(12)]
    response = client.get(compare_url(*slugs))
    assert columns(response) == slugs[:10]
    assert "A comparison shows at most 10 schools; these are the first 10." in html.unescape(
        response.content.decode()
    )


def test_duplicates_and_bad_home_state(client, trio):
    response = client.get(compare_url("umd", "umd", "usc", extra="&home_state=ZZ"))
    assert columns(response) == ["umd", "usc"]
    assert "“ZZ” is not a US state or territory code" in html.unescape(response.content.decode())


def test_no_schools_and_empty_shortlist(client, db):
    response = client.get("/schools/compare/")
    assert response.status_code == 200
    assert "No schools to compare yet." in response.content.decode()


def test_no_schools_but_a_shortlist_redirects_to_its_comparison(client, trio):
    client.cookies["shortlist"] = "osu.umd"
    response = client.get("/schools/compare/")
    assert response.status_code == 302
    assert response["Location"] == "/schools/compare/?school=osu&school=umd"


def test_shared_link_says_so_and_offers_to_replace_the_shortlist(client, trio):
    client.cookies["shortlist"] = "osu"
    content = client.get(compare_url("umd", "usc")).content.decode()
    assert "<strong>This is a shared comparison.</strong>" in content
    assert "It is not the same as your shortlist (1 school)." in content
    form = content[content.index('<div class="notice notice-shared"') :].split("</form>")[0]
    assert 'method="post" action="/schools/shortlist/"' in form
    # No per-visitor token: the page can come from the shared cache; the endpoint checks Origin.
    assert 'name="csrfmiddlewaretoken"' not in form
    assert (
        '<input type="hidden" name="school" value="umd"><input type="hidden" name="school" value="usc">'
        in form
    )
    assert 'name="action" value="replace">Replace my shortlist with these 2 schools' in form

    response = post(client, {"action": "replace", "school": ["umd", "usc"]})
    assert response.status_code == 302
    assert response["Location"] == "/schools/compare/?school=umd&school=usc"
    assert saved(client) == ["umd", "usc"]
    content = client.get(response["Location"]).content.decode()
    assert "This is a shared comparison" not in content
    assert "Your shortlist now holds the 2 schools of this comparison." in content


def test_shared_link_for_an_empty_shortlist_offers_to_save(client, trio):
    content = client.get(compare_url("umd")).content.decode()
    assert "Your shortlist is empty." in content
    assert 'name="action" value="replace">Save this school as my shortlist</button>' in content


def test_share_link_is_absolute_and_reproduces_the_page(client, trio):
    content = client.get(compare_url("usc", "umd", extra="&home_state=CA")).content.decode()
    assert (
        'value="http://testserver/schools/compare/?school=usc&amp;school=umd&amp;home_state=CA" readonly'
        in content
    )
    parent = Client()  # someone else, without the sender's session
    response = parent.get("/schools/compare/?school=usc&school=umd&home_state=CA")
    assert columns(response) == ["usc", "umd"]
    assert row(response, "Your tuition")[0].startswith("$63,468")


def compare_queries(client, django_assert_max_num_queries, count):
    slugs = [SchoolFactory(name=f"School {n:02d}", tuition_in_state=1000 + n).slug for n in range(count)]
    client.cookies["shortlist"] = ".".join(slugs[:2])
    with django_assert_max_num_queries(2) as captured:  # schools, shortlist names
        response = client.get(compare_url(*slugs, extra="&home_state=MD"))
        assert response.status_code == 200
    assert len(columns(response)) == count
    return len(captured)


def test_compare_queries_do_not_grow_with_the_schools(client, db, django_assert_max_num_queries):
    two = compare_queries(client, django_assert_max_num_queries, 2)
    School.objects.all().delete()
    ten = compare_queries(client, django_assert_max_num_queries, 10)
    assert two == ten


# --- Shortlist ---------------------------------------------------------------------------------


def test_add_and_remove_redirect_back(client, trio):
    response = post(client, {"action": "add", "school": "umd", "next": "/schools/?state=MD"})
    assert response.status_code == 302
    assert response["Location"] == "/schools/?state=MD"
    assert saved(client) == ["umd"]
    post(client, {"action": "add", "school": "usc", "next": "/schools/"})
    post(client, {"action": "add", "school": "umd", "next": "/schools/"})  # no duplicate
    assert saved(client) == ["umd", "usc"]
    response = client.get("/schools/")
    content = html.unescape(response.content.decode())
    assert "Added University of Southern California to your shortlist (2 of 10)." in content
    assert '<span class="tray-count" data-tray-count>2</span> of 10 schools' in content
    assert 'href="/schools/compare/?school=umd&amp;school=usc" data-tray-compare>Compare 2 schools</a>' in (
        response.content.decode()
    )
    post(client, {"action": "remove", "school": "umd", "next": "/schools/umd/"})
    assert saved(client) == ["usc"]


def test_finder_rows_show_add_or_remove(client, trio):
    post(client, {"action": "add", "school": "umd"})
    response = client.get("/schools/")
    content = response.content.decode()
    umd = content[content.index("University of Maryland-College Park</a>") :].split("</tr>")[0]
    usc = content[content.index("University of Southern California</a>") :].split("</tr>")[0]
    assert (
        '<button name="remove" value="umd" form="shortlist-form" class="button-small button-secondary">'
        in umd
    )
    assert '<button name="add" value="usc" form="shortlist-form" class="button-small">' in usc
    # One form for the page, which every row's button points at; it comes back to the page.
    forms = markup.page(response).select("form[data-shortlist-form]")
    assert [(form["id"], form["action"]) for form in forms] == [("shortlist-form", "/schools/shortlist/")]
    assert [(field["name"], field["value"]) for field in forms[0].select("input")] == [("next", "/schools/?")]
    buttons = markup.page(response).select("table.results button")
    assert [(button["form"], button["value"]) for button in buttons] == [
        ("shortlist-form", school.slug) for school in School.objects.order_by("-enrollment")
    ]


def test_a_button_named_after_its_action_carries_the_school(client, trio):
    """What the finder's buttons send: name="add" or "remove", the school as the value."""
    response = post(client, {"add": "umd", "next": "/schools/?state=MD"})
    assert response.status_code == 302
    assert response["Location"] == "/schools/?state=MD"
    assert saved(client) == ["umd"]
    post(client, {"add": "usc", "next": "/schools/"})
    assert saved(client) == ["umd", "usc"]
    response = post(client, {"remove": "umd"}, headers={**ORIGIN, "accept": "application/json"})
    assert response.json()["message"] == "Removed University of Maryland-College Park from your shortlist."
    assert saved(client) == ["usc"]
    response = post(client, {"add": "nope", "next": "/schools/"})
    assert response.status_code == 302
    assert "That school could not be found." in client.get("/schools/").content.decode()
    # Neither an action nor a button: refused, nothing changed.
    assert post(client, {"school": "umd", "next": "/schools/"}).status_code == 400
    assert saved(client) == ["usc"]


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "javascript:alert(1)", ""])
def test_unsafe_next_goes_to_the_finder(client, trio, target):
    response = post(client, {"action": "add", "school": "umd", "next": target})
    assert response["Location"] == "/schools/"


def test_shortlist_holds_at_most_ten(client, db):
    slugs = [SchoolFactory(name=f"School {n:02d}").slug for n in range(11)]
    for slug in slugs:
        post(client, {"action": "add", "school": slug, "next": "/schools/"})
    assert saved(client) == slugs[:10]
    content = html.unescape(client.get("/schools/").content.decode())
    assert "Your shortlist is full: it holds 10 schools. Remove one before adding School 10." in content


def test_shortlist_needs_post_from_this_site(trio):
    strict = Client(enforce_csrf_checks=True)
    assert strict.get("/schools/shortlist/").status_code == 405
    # Neither Origin nor Referer, or another site's: refused, nothing saved.
    assert strict.post("/schools/shortlist/", {"action": "add", "school": "umd"}).status_code == 403
    for headers in (
        {"origin": "https://evil.example"},
        {"origin": "null"},
        {"referer": "https://evil.example/schools/"},
        {"origin": "https://testserver"},  # another scheme is another origin
    ):
        response = strict.post("/schools/shortlist/", {"action": "add", "school": "umd"}, headers=headers)
        assert response.status_code == 403, headers
        assert "Your form could not be sent" in response.content.decode()
    assert saved(strict) == []
    # From a page of this site, without any CSRF token: Origin, or Referer when a browser sends no Origin.
    response = post(strict, {"action": "add", "school": "umd"})
    assert response.status_code == 302
    assert saved(strict) == ["umd"]
    response = post(
        strict, {"action": "add", "school": "usc"}, headers={"referer": "http://testserver/schools/umd/"}
    )
    assert response.status_code == 302
    assert saved(strict) == ["umd", "usc"]


def test_an_anonymous_click_writes_no_session_row(client, trio):
    response = post(client, {"action": "add", "school": "umd", "next": "/schools/"})
    assert response.status_code == 302
    assert saved(client) == ["umd"]
    cookie = response.cookies["shortlist"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and cookie["max-age"] == 365 * 24 * 3600
    content = client.get("/schools/").content.decode()
    assert "Added University of Maryland-College Park to your shortlist (1 of 10)." in html.unescape(content)
    assert Session.objects.count() == 0
    assert "sessionid" not in client.cookies
    # Emptying the shortlist removes the cookie: the visitor is anonymous and cacheable again.
    response = post(client, {"action": "remove", "school": "umd", "next": "/schools/"})
    assert response.cookies["shortlist"].value == ""
    assert response.cookies["shortlist"]["max-age"] == 0
    assert Session.objects.count() == 0


def test_shortlist_pages_carry_no_csrf_token(client, trio):
    for url in ("/schools/", "/schools/umd/", compare_url("umd", "usc")):
        response = client.get(url)
        assert response.status_code == 200
        assert "csrfmiddlewaretoken" not in response.content.decode(), url
        assert "csrftoken" not in response.cookies, url


def test_unknown_school_or_action(client, trio):
    response = post(client, {"action": "add", "school": "nope", "next": "/schools/"})
    assert response.status_code == 302
    assert "That school could not be found." in client.get("/schools/").content.decode()
    assert post(client, {"action": "drop", "school": "umd"}).status_code == 400
    assert saved(client) == []


def test_json_answer_for_scripts(client, trio):
    response = post(
        client, {"action": "add", "school": "usc"}, headers={**ORIGIN, "accept": "application/json"}
    )
    assert response.status_code == 200
    assert response.json() == {
        "ok": True,
        "message": "Added University of Southern California to your shortlist (1 of 10).",
        "count": 1,
        "schools": ["usc"],
        "compare_url": "/schools/compare/?school=usc",
    }


def test_tampered_cookie_is_ignored(client, trio):
    client.cookies["shortlist"] = "<script>.umd..nope.umd"
    content = client.get("/schools/").content.decode()
    # Only what names a school counts: umd, once.
    assert '<span class="tray-count" data-tray-count>1</span> of 10 schools' in content
    client.cookies["shortlist"] = "not a list"
    assert client.get("/schools/").status_code == 200
    assert client.get("/schools/compare/").status_code == 200


def test_each_column_links_to_the_comparison_without_it(client, trio):
    content = client.get(compare_url("umd", "usc", "osu", extra="&home_state=MD")).content.decode()
    assert (
        '<a class="remove-column" href="/schools/compare/?school=umd&amp;school=osu&amp;home_state=MD">Take out'
        '<span class="visually-hidden"> University of Southern California</span> of this comparison</a>'
    ) in content
    alone = client.get(compare_url("umd")).content.decode()
    assert '<a class="remove-column" href="/schools/">Take out' in alone


def test_program_earnings_row_when_the_link_names_a_program(client, trio):
    umd, usc, osu = trio
    FieldOfStudyFactory(code="11.0701", title="Computer Science")
    # UMD: IPEDS lists the program at bachelor's level without figures; the Scorecard's series
    # figure at that level stands for it (as in the finder). Its master's is only the series'.
    ProgramOfferingFactory(school=umd, field__code="11.0701", credential_level=CredentialLevel.BACHELOR)
    ProgramOfferingFactory(
        school=umd, field__code="11.07", credential_level=CredentialLevel.BACHELOR, median_earnings_5yr=95000
    )
    ProgramOfferingFactory(
        school=umd, field__code="11.07", credential_level=CredentialLevel.MASTER, median_earnings_5yr=130000
    )
    ProgramOfferingFactory(
        school=usc, field__code="11.0701", credential_level=CredentialLevel.MASTER, median_earnings_5yr=120000
    )  # no bachelor's figure
    # OSU lists the series, not the program: by the finder's exact rule it does not offer it
    # (the old rule counted the series and showed $99,000 here).
    ProgramOfferingFactory(
        school=osu, field__code="11.07", credential_level=CredentialLevel.BACHELOR, median_earnings_5yr=99000
    )
    response = client.get(compare_url("umd", "usc", "osu", extra="&program=11.0701&home_state=OR"))
    labels = markup.texts(response, "th.metric-col[scope=row]")
    after = labels.index("Median earnings 10 years after entry")
    assert labels[after + 1 : after + 4] == [
        "Offers Computer Science (11.0701)",
        "Graduates of Computer Science (11.0701)",
        "Median earnings 5 years after completing Computer Science (11.0701)",
    ]
    # UMD: the program at bachelor's, its series at master's (no source lists programs there).
    assert row(response, "Offers Computer Science (11.0701)") == [
        "Bachelor's, Master's (by field)",
        "Master's",
        "Program not listed",
    ]
    assert row(response, "Graduates of Computer Science (11.0701)") == [
        "Not reported",
        "Not reported",
        "Program not listed",
    ]
    assert row(response, "Median earnings 5 years after completing Computer Science (11.0701)") == [
        "$95,000Bachelor's · figures for the whole 11.07 series",
        "$120,000 ★ Best: highest earnings after this programMaster's",
        "Program not listed",
    ]
    # The same schools the finder lists for the program.
    finder = markup.page(client.get("/schools/?program=11.0701"))
    assert sorted(link["href"] for link in finder.select(".results tbody th.col-name > a")) == [
        "/schools/umd/",
        "/schools/usc/",
    ]
    content = response.content.decode()
    assert '<input type="hidden" name="program" value="11.0701">' in content
    assert "school=umd&amp;school=usc&amp;school=osu&amp;home_state=OR&amp;program=11.0701" in content


def test_program_earnings_row_offered_without_figures_is_not_reported(client, trio):
    umd, usc, _osu = trio
    FieldOfStudyFactory(code="11.0701", title="Computer Science")
    ProgramOfferingFactory(
        school=umd, field__code="11.0701", credential_level=CredentialLevel.ASSOCIATE
    )  # offered, no figure at any level
    ProgramOfferingFactory(
        school=usc,
        field__code="11.0701",
        credential_level=CredentialLevel.BACHELOR,
        median_earnings_5yr=70000,
    )
    ProgramOfferingFactory(
        school=usc, field__code="11.0701", credential_level=CredentialLevel.MASTER, median_earnings_5yr=90000
    )
    response = client.get(compare_url("umd", "usc", extra="&program=11.0701"))
    # A bachelor's figure is preferred to a higher one at another level; one known value is no "best".
    assert row(response, "Median earnings 5 years after completing Computer Science (11.0701)") == [
        "Not reported",
        "$70,000Bachelor's",
    ]


def test_unknown_program_in_a_compare_link(client, trio):
    response = client.get(compare_url("umd", extra="&program=99.9999"))
    assert columns(response) == ["umd"]
    assert "No program has the CIP code “99.9999”." in html.unescape(response.content.decode())
    assert "Median earnings 5 years after completing" not in response.content.decode()


def test_finder_tray_links_the_comparison_with_its_program(client, trio):
    ProgramOfferingFactory(school=trio[0], field__code="11.0701")
    post(client, {"action": "add", "school": "umd"})
    content = client.get("/schools/?program=11.0701&home_state=MD").content.decode()
    assert (
        'href="/schools/compare/?school=umd&amp;home_state=MD&amp;program=11.0701" data-tray-compare>'
        in content
    )


def test_compare_with_a_program_stays_constant(client, db, django_assert_max_num_queries):
    slugs = []
    for n in range(10):
        school = SchoolFactory(name=f"School {n:02d}")
        ProgramOfferingFactory(school=school, field__code="11.0701", median_earnings_5yr=50000 + n)
        slugs.append(school.slug)
    with django_assert_max_num_queries(3):  # program, schools, program earnings
        response = client.get(compare_url(*slugs, extra="&program=11.0701"))
    assert len(columns(response)) == 10


def test_graduation_rates_carry_their_cohort_and_small_groups_are_marked(client, trio):
    umd, usc, _osu = trio
    umd.graduation_cohort, usc.graduation_cohort = 4512, 12
    umd.predominant_degree = PredominantDegree.BACHELORS
    umd.save()
    usc.save()
    response = client.get(compare_url("umd", "usc", "osu"))
    assert row(response, "Graduation rate") == [
        "89%of 4,512 students",
        "92% ★ Best: highest graduation rateof 12 students; small group",
        "70%",
    ]
    assert row(response, "Predominant degree") == ["Bachelor's", "Not reported", "Not reported"]


def test_each_value_names_its_school_for_phones(client, trio):
    response = client.get(compare_url("umd", "usc"))
    assert row(response, "In-state tuition and fees", with_school=True) == [
        "University of Maryland-College Park$9,695 ★ Best: lowest in-state tuition",
        "University of Southern California$63,468",
    ]
    assert '<span class="cell-school" aria-hidden="true">University of Southern California</span>' in (
        response.content.decode()
    )


def test_share_box_offers_copy_and_share_buttons_for_the_script(client, trio):
    content = client.get(compare_url("umd")).content.decode()
    assert (
        '<button type="button" class="button-secondary" data-copy-link="share-url" hidden>Copy link</button>'
        in content
    )
    assert 'data-share-link="share-url"' in content

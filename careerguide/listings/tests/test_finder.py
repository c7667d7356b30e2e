"""The school finder at /schools/: every SPEC section 4 parameter, bad input, chips, pages, queries."""

import html
from decimal import Decimal

import pytest

from schools.models import School
from schools.tests.factories import FieldOfStudyFactory, ProgramOfferingFactory, SchoolFactory
from schools.vocabulary import SchoolType
from tests import markup

pytestmark = pytest.mark.django_db


names = markup.finder_names


def page(client, query=""):
    response = client.get(f"/schools/?{query}")
    assert response.status_code == 200
    return response


def text(response):
    return html.unescape(response.content.decode())


@pytest.fixture
def campus(db):
    """Five schools with known and unknown figures."""
    return {
        "alpha": SchoolFactory(
            name="Alpha College",
            city="Baltimore",
            state="MD",
            control=SchoolType.PUBLIC,
            tuition_in_state=9000,
            tuition_out_of_state=30000,
            admission_rate=Decimal("45.00"),
            graduation_rate=Decimal("89.00"),
            enrollment=40000,
            median_earnings=70000,
            net_price=15000,
        ),
        "bravo": SchoolFactory(
            name="Bravo University",
            city="Richmond",
            state="VA",
            control=SchoolType.NONPROFIT,
            tuition_in_state=50000,
            tuition_out_of_state=50000,
            admission_rate=Decimal("12.50"),
            graduation_rate=Decimal("95.10"),
            enrollment=8000,
            median_earnings=90000,
            net_price=30000,
        ),
        "charlie": SchoolFactory(
            name="Charlie Institute",
            city="Austin",
            state="TX",
            control=SchoolType.FORPROFIT,
            tuition_in_state=15000,
            tuition_out_of_state=15000,
            admission_rate=Decimal("100.00"),
            graduation_rate=Decimal("30.00"),
            enrollment=1200,
        ),
        "delta": SchoolFactory(name="Delta State", city="Frederick", state="MD", control=SchoolType.PUBLIC),
        "echo": SchoolFactory(
            name="Echo College",
            city="Norfolk",
            state="VA",
            control=SchoolType.PUBLIC,
            tuition_in_state=7000,
            tuition_out_of_state=21000,
            admission_rate=Decimal("80.00"),
            graduation_rate=Decimal("60.00"),
            enrollment=20000,
        ),
    }


def test_lists_every_school_largest_first_with_a_count_and_says_so(client, campus):
    response = page(client)
    # Enrollment 40,000, 20,000, 8,000, 1,200, then Delta State, which does not report it.
    assert names(response) == [
        "Alpha College",
        "Echo College",
        "Bravo University",
        "Charlie Institute",
        "Delta State",
    ]
    assert "5 schools match" in text(response)
    assert "Sorted largest first (total enrollment; schools that do not report it last)." in text(response)
    assert "the usual order is largest first" in text(page(client, "sort=name"))


def test_unknown_figures_read_not_reported_never_zero(client, campus):
    content = text(page(client, "q=Delta"))
    row = content[content.index("Delta State") : content.index("</tr>", content.index("Delta State"))]
    # In-state, out-of-state, admission, graduation, size, earnings, net price, cost of attendance.
    assert row.count("Not reported") == 8
    assert "$0" not in row


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=college", ["Alpha College", "Echo College"]),
        ("q=AUSTIN", ["Charlie Institute"]),
        ("q=alpha+baltimore", ["Alpha College"]),
        ("state=VA", ["Bravo University", "Echo College"]),
        ("state=MD&state=TX", ["Alpha College", "Charlie Institute", "Delta State"]),
        ("control=public", ["Alpha College", "Delta State", "Echo College"]),
        ("control=nonprofit&control=forprofit", ["Bravo University", "Charlie Institute"]),
        ("tuition_in_min=9000&tuition_in_max=15000", ["Alpha College", "Charlie Institute"]),
        ("tuition_in_max=100000", ["Alpha College", "Bravo University", "Charlie Institute", "Echo College"]),
        ("tuition_out_min=25000", ["Alpha College", "Bravo University"]),
        ("tuition_out_max=21000", ["Charlie Institute", "Echo College"]),
        ("admission_rate_min=45&admission_rate_max=80", ["Alpha College", "Echo College"]),
        ("admission_rate_max=12.5", ["Bravo University"]),
        ("graduation_rate_min=89", ["Alpha College", "Bravo University"]),
        ("graduation_rate_max=60", ["Charlie Institute", "Echo College"]),
        ("enrollment_min=8000&enrollment_max=20000", ["Bravo University", "Echo College"]),
        ("enrollment_max=0", []),
        ("state=MD&state=VA&control=public&tuition_in_max=8000", ["Echo College"]),
    ],
)
def test_filters(client, campus, query, expected):
    assert names(page(client, f"{query}&sort=name")) == expected


def test_range_bounds_exclude_unknown_values(client, campus):
    # Delta State knows none of its figures: any bound, however wide, leaves it out.
    for bound in (
        "tuition_in_min=0",
        "tuition_out_max=1000000",
        "admission_rate_min=0",
        "enrollment_max=10000000",
    ):
        assert "Delta State" not in names(page(client, bound))


def test_your_tuition_uses_in_state_tuition_at_home(client, campus):
    response = page(client, "home_state=VA&sort=your_tuition")
    assert names(response) == [
        "Echo College",
        "Charlie Institute",
        "Alpha College",
        "Bravo University",
        "Delta State",
    ]
    content = text(response)
    assert '<a href="?home_state=VA&amp;sort=-your_tuition">Your tuition' in response.content.decode()
    echo_row = content[content.index("Echo College") : content.index("</tr>", content.index("Echo College"))]
    assert (
        '<td class="featured" data-label="Your tuition">$7,000<span class="cell-note">in-state</span></td>'
        in echo_row
    )
    alpha_row = content[
        content.index("Alpha College") : content.index("</tr>", content.index("Alpha College"))
    ]
    assert (
        '<td class="featured" data-label="Your tuition">$30,000<span class="cell-note">out-of-state</span></td>'
        in alpha_row
    )


def test_your_tuition_max_filters_on_what_the_student_pays(client, campus):
    # From Virginia: Echo $7,000 in-state, Charlie $15,000, Alpha $30,000 out-of-state, Bravo $50,000.
    assert names(page(client, "home_state=VA&your_tuition_max=20000&sort=name")) == [
        "Charlie Institute",
        "Echo College",
    ]
    assert names(page(client, "home_state=MD&your_tuition_max=20000&sort=name")) == [
        "Alpha College",
        "Charlie Institute",
    ]


def test_no_your_tuition_column_without_home_state(client, campus):
    assert "Your tuition" not in text(page(client)).split("<table", 1)[1]


@pytest.mark.parametrize(
    ("key", "attribute"),
    [
        ("tuition_in", "tuition_in_state"),
        ("tuition_out", "tuition_out_of_state"),
        ("admission_rate", "admission_rate"),
        ("graduation_rate", "graduation_rate"),
        ("enrollment", "enrollment"),
        ("earnings", "median_earnings"),
        ("net_price", "net_price"),
    ],
)
def test_sort_puts_unknown_last_both_ways_and_breaks_ties_by_name(client, db, key, attribute):
    for name, value in [("Delta", 2), ("Bravo", None), ("Alpha", 2), ("Charlie", 3), ("Echo", None)]:
        SchoolFactory(name=name, **{attribute: value})
    assert names(page(client, f"sort={key}")) == ["Alpha", "Delta", "Charlie", "Bravo", "Echo"]
    assert names(page(client, f"sort=-{key}")) == ["Charlie", "Alpha", "Delta", "Bravo", "Echo"]


def test_ties_sort_by_name_as_lower_name_sorts_them_on_either_database(db):
    # Ties compare LOWER(name): case, punctuation between the letter cases and letters beyond ASCII
    # in the order LOWER(name) gives on the database at hand.
    from django.db.models.functions import Lower

    for name in [
        "beta",
        "Alpha",
        "ALPHA",
        "alpha",
        "_under",
        "`tick",
        "[bracket",
        "Zeta",
        "éclair",
        "Éclair",
        "zed",
    ]:
        SchoolFactory(name=name, enrollment=100)
    by_lower = list(School.objects.order_by(Lower("name"), "pk").values_list("name", flat=True))
    assert list(School.objects.ordered_by("enrollment").values_list("name", flat=True)) == by_lower


def test_sort_by_name_descending_and_your_tuition_unknown_last(client, campus):
    assert names(page(client, "sort=-name"))[0] == "Echo College"
    # From Maryland: Bravo $50,000, Echo $21,000 and Charlie $15,000 out-of-state, Alpha $9,000 in-state.
    assert names(page(client, "home_state=MD&sort=-your_tuition")) == [
        "Bravo University",
        "Echo College",
        "Charlie Institute",
        "Alpha College",
        "Delta State",
    ]


def test_sortable_headers_flip_direction_and_keep_filters(client, campus):
    content = page(client, "state=VA&sort=-graduation_rate").content.decode()
    assert (
        '<th scope="col" class="num featured" aria-sort="descending"><a href="?state=VA&amp;sort=graduation_rate">'
        in content
    )
    # Not the current sort: graduation-rate-like columns start high to low, costs low to high.
    assert '<a href="?state=VA&amp;sort=tuition_in">In-state tuition' in content
    assert '<a href="?state=VA&amp;sort=-earnings">Median earnings' in content


# --- Bad input ---------------------------------------------------------------------------------

BAD_INPUT = [
    ("tuition_in_max=abc", "In-state tuition, at most: Enter a whole number."),
    ("tuition_in_min=-5", "In-state tuition, at least: Ensure this value is greater than or equal to 0."),
    ("tuition_out_max=1e309", "Out-of-state tuition, at most: Enter a whole number."),
    (
        "tuition_out_max=99999999999999999999",
        "Out-of-state tuition, at most: Ensure this value is less than or equal to 1000000.",
    ),
    ("admission_rate_min=abc", "Admission rate, at least: Enter a number."),
    ("admission_rate_max=101", "Admission rate, at most: Ensure this value is less than or equal to 100."),
    ("graduation_rate_min=-1", "Graduation rate, at least: Ensure this value is greater than or equal to 0."),
    (
        "graduation_rate_max=1e309",
        "Graduation rate, at most: Ensure this value is less than or equal to 100.",
    ),
    ("graduation_rate_max=NaN", "Graduation rate, at most: Enter a number."),
    ("enrollment_min=ten", "Enrollment, at least: Enter a whole number."),
    ("state=ZZ", "State: “ZZ” is not a US state or territory code."),
    ("state=md", "State: “md” is not a US state or territory code."),
    ("home_state=XX", "Your home state: “XX” is not a US state or territory code."),
    ("control=bogus", "Type of school: “bogus” is not a type of school: use public, nonprofit or forprofit."),
    ("sort=drop", "Sort by: “drop” is not a sort order"),
    ("sort=your_tuition", "Sort by: Choose your home state to sort by your tuition."),
    ("your_tuition_max=10000", "Your tuition, at most: Choose your home state to filter by your tuition."),
    (
        "program=abc",
        "Program: No program has every word of “abc” in its name; try fewer words, or a CIP code.",
    ),
    ("program=99.9999", "Program: No program has the CIP code “99.9999”."),
    ("program=%00", "Program: “\x00” is not a CIP code or words of a program's name"),
    ("sort=-program_earnings", "Sort by: Choose a program or a career to sort by the earnings after it."),
    (
        "level=phd",
        "Level: “phd” is not a level: use certificate, associate, bachelors, postbacc, masters, "
        "doctoral, professional, gradcert.",
    ),
    ("match=x", "Match: “x” is not a way to match: use exact or field."),
    (
        "degree=x",
        "Kind of school: “x” is not a kind of school: use certificate, associate, bachelors or graduate.",
    ),
    ("net_price_min=abc", "Net price, at least: Enter a whole number."),
    (
        "net_price_min=100&net_price_max=-250",
        "Net price, at most: The minimum net price ($100) is more than the maximum (-$250).",
    ),
    ("career=no-such-career", "Career: No career guide has that address."),
    ("career=%00", "Career: No career guide has that address."),
    ("q=%00", "Name or city: Null characters are not allowed."),
    (
        "tuition_in_min=50000&tuition_in_max=10000",
        "In-state tuition, at most: The minimum in-state tuition ($50,000) is more than the maximum ($10,000).",
    ),
    (
        "admission_rate_min=80&admission_rate_max=20.5",
        "Admission rate, at most: The minimum admission rate (80%) is more than the maximum (20.5%).",
    ),
    ("per_page=0", "Schools per page: Show at least 10 schools per page."),
    ("per_page=10000", "Schools per page: Show at most 100 schools per page."),
    ("per_page=many", "Schools per page: Schools per page must be a whole number from 10 to 100."),
    ("page=0", "There is no page 0; showing page 1."),
    ("page=-3", "There is no page -3; showing page 1."),
    ("page=999999", "There is only 1 page; showing page 1."),
    ("page=99999999999999999999", "There is only 1 page; showing page 1."),
    ("page=abc", "“abc” is not a page number; showing page 1."),
    ("page=1e309", "“1e309” is not a page number; showing page 1."),
]


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("tuition_in_max=abc&admission_rate_min=1e309x&enrollment_min=ten", {}),
        # What is a number stays, even when out of range: the error beside it says why.
        (
            "tuition_in_min=-5&admission_rate_max=101&net_price_min=-250",
            {"tuition_in_min": "-5", "admission_rate_max": "101", "net_price_min": "-250"},
        ),
        (
            "graduation_rate_min=12.5&enrollment_max=1e3",
            {"graduation_rate_min": "12.5", "enrollment_max": "1e3"},
        ),
        # What the field reads as a number is shown as that number, so the next search keeps it.
        (
            "enrollment_max=5.&admission_rate_min=5.&graduation_rate_min=%2B3&tuition_in_min=1_000"
            "&enrollment_min=%205%20&tuition_in_max=%D9%A5%D9%A0%D9%A0",
            {
                "enrollment_max": "5",
                "admission_rate_min": "5",
                "graduation_rate_min": "3",
                "tuition_in_min": "1000",
                "enrollment_min": "5",
                "tuition_in_max": "500",
            },
        ),
    ],
)
def test_number_inputs_carry_only_numbers(client, campus, query, shown):
    # HTML allows only a number as an <input type="number">'s value (a browser drops anything else).
    inputs = markup.page(client.get(f"/schools/?{query}")).select('input[type="number"]')
    assert {field["name"]: field["value"] for field in inputs if field["value"]} == shown
    assert len(inputs) == 13


@pytest.mark.parametrize(("query", "message"), BAD_INPUT)
def test_bad_input_shows_a_message_and_all_schools_with_200(client, campus, query, message):
    response = page(client, query)
    content = text(response)
    assert 'role="alert"' in content
    assert message in content
    # The bad parameter is left out: every school is listed.
    assert len(names(response)) == 5


def test_bad_value_is_left_out_and_the_rest_still_applies(client, campus):
    response = page(client, "state=VA&state=ZZ&control=public&tuition_in_max=abc")
    assert names(response) == ["Echo College"]
    content = text(response)
    assert "State: “ZZ” is not a US state or territory code." in content
    assert "In-state tuition, at most: Enter a whole number." in content
    # The chips and the links carry only what applied.
    assert "State: Virginia" in content
    assert "ZZ&" not in response.content.decode().split("<table", 1)[1]
    assert "tuition_in_max=abc" not in response.content.decode().split("<table", 1)[1]


def test_min_above_max_drops_both_bounds(client, campus):
    response = page(client, "tuition_in_min=50000&tuition_in_max=10000&state=MD")
    assert names(response) == ["Alpha College", "Delta State"]


def test_per_page_is_clamped(client, db):
    SchoolFactory.create_batch(120)
    assert len(names(page(client, "per_page=0"))) == 10
    assert len(names(page(client, "per_page=5"))) == 10
    assert len(names(page(client, "per_page=10000"))) == 100
    assert len(names(page(client, "per_page=50"))) == 50
    assert len(names(page(client, "per_page=abc"))) == 25
    assert len(names(page(client))) == 25


def test_page_past_the_end_shows_the_last_page(client, db):
    SchoolFactory.create_batch(30)
    response = page(client, "per_page=10&page=999999")
    assert "There are only 3 pages; showing page 3." in text(response)
    assert names(response) == list(School.objects.order_by("name").values_list("name", flat=True)[20:30])
    assert "Page 3 of 3" in text(response)


def test_empty_and_repeated_parameters(client, campus):
    response = page(
        client,
        "q=&state=&control=&tuition_in_min=&tuition_in_max=&home_state=&program=&career=&sort=&per_page=&page=",
    )
    assert len(names(response)) == 5
    assert 'role="alert"' not in response.content.decode()
    # A repeated single-valued parameter: the last one counts.
    assert names(page(client, "tuition_in_max=5000&tuition_in_max=9000&sort=name")) == [
        "Alpha College",
        "Echo College",
    ]
    assert names(page(client, "state=VA&state=VA&sort=name")) == ["Bravo University", "Echo College"]


def test_form_shows_what_was_asked(client, campus):
    content = page(client, "state=VA&control=public&tuition_in_max=abc&q=nor&home_state=MD").content.decode()
    assert 'name="state" value="VA" checked> Virginia</label>' in content
    assert 'name="state" value="MD">' in content  # the home state is not a state filter
    assert 'name="control" value="public" checked' in content
    # Not a number: the box is left empty (HTML allows only numbers there); the error says why.
    assert 'id="id_tuition_in_max" name="tuition_in_max" value=""' in content
    assert 'aria-invalid="true" aria-describedby="id_tuition_in_max-error"' in content
    assert 'id="id_q" name="q" value="nor"' in content
    assert '<details class="filters" id="filters" open>' in content  # errors open the filters on phones


# --- Chips and pages ---------------------------------------------------------------------------


def test_each_chip_removes_one_filter(client, campus):
    response = page(
        client,
        "state=MD&state=VA&control=public&tuition_in_max=20000&home_state=VA&sort=-graduation_rate&page=1",
    )
    # A chip reads its filter, then a hidden "×"; its link is the page without that filter.
    chips = {chip.contents[0].strip(): chip["href"] for chip in markup.page(response).select("a.chip")}
    assert chips == {
        "State: Maryland": "?state=VA&control=public&tuition_in_max=20000&home_state=VA&sort=-graduation_rate",
        "State: Virginia": "?state=MD&control=public&tuition_in_max=20000&home_state=VA&sort=-graduation_rate",
        "Type: Public": "?state=MD&state=VA&tuition_in_max=20000&home_state=VA&sort=-graduation_rate",
        "Home state: Virginia": "?state=MD&state=VA&control=public&tuition_in_max=20000&sort=-graduation_rate",
        "In-state tuition ≤ $20,000": "?state=MD&state=VA&control=public&home_state=VA&sort=-graduation_rate",
    }
    for href in chips.values():
        assert client.get(f"/schools/{href}").status_code == 200


def test_pagination_keeps_the_filters(client, db):
    SchoolFactory.create_batch(30, state="VA", tuition_in_state=1000)
    SchoolFactory(name="Elsewhere", state="MD")
    response = page(client, "state=VA&per_page=10&sort=-tuition_in&page=2")
    content = response.content.decode()
    assert "30 schools match" in content
    assert '<a href="?state=VA&amp;per_page=10&amp;sort=-tuition_in" rel="prev">' in content
    assert '<a href="?state=VA&amp;per_page=10&amp;sort=-tuition_in&amp;page=3" rel="next">' in content
    assert "Page 2 of 3" in content
    assert len(names(response)) == 10
    assert "Elsewhere" not in content


def test_download_links_carry_the_filters(client, campus):
    content = page(client, "state=VA&per_page=50&page=1").content.decode()
    assert 'href="/schools/export.csv?state=VA"' in content
    assert 'href="/api/schools/?state=VA&amp;per_page=50"' in content


def test_phone_layout_hooks(client, campus):
    content = page(client).content.decode()
    assert '<details class="filters" id="filters">' in content  # collapsed without errors
    assert 'class="table-scroll results-scroll"' in content
    assert '<th scope="col" class="col-name"' in content
    assert "css/schools.css" in content


# --- Queries -----------------------------------------------------------------------------------


def finder_queries(client, django_assert_max_num_queries, count, budget):
    SchoolFactory.create_batch(count, state="VA", tuition_in_state=5000, tuition_out_of_state=20000)
    field = FieldOfStudyFactory(code="11.0701")
    for school in School.objects.all():
        ProgramOfferingFactory(school=school, field__code=field.code)
    client.cookies["shortlist"] = ".".join(School.objects.values_list("slug", flat=True)[:3])
    query = "state=VA&control=public&tuition_in_max=9000&home_state=MD&sort=-your_tuition&program=11.0701&per_page=100"
    with django_assert_max_num_queries(budget) as captured:
        response = client.get(f"/schools/?{query}")
        assert response.status_code == 200
    assert len(names(response)) == count
    assert '<span class="tray-count" data-tray-count>3</span>' in response.content.decode()
    return len(captured)


def test_finder_queries_do_not_grow_with_the_page(client, db, django_assert_max_num_queries):
    # program lookup, count, rows, shortlist names, the page's matched programs, and the field
    # match's program lookup and count
    small = finder_queries(client, django_assert_max_num_queries, 5, 7)
    School.objects.all().delete()
    large = finder_queries(client, django_assert_max_num_queries, 40, 7)
    assert small == large

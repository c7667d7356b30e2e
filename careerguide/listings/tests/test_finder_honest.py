"""The finder's kind of school, net price and honest ordering: `degree`, `net_price_min/max`,
graduation-rate sorts that put small groups after the rest, case-insensitive names, the default
order stated on the page (SPEC section 4)."""

import pytest

from schools.figures import SMALL_GROUP
from schools.models import School
from schools.tests.factories import SchoolFactory
from schools.vocabulary import PredominantDegree
from tests import markup

pytestmark = pytest.mark.django_db

Degree = PredominantDegree


def get(client, query=""):
    response = client.get(f"/schools/?{query}")
    assert response.status_code == 200
    return response


def names(client, query=""):
    return markup.finder_names(get(client, query))


text = markup.text


@pytest.fixture
def kinds(db):
    SchoolFactory(name="Beauty Academy", predominant_degree=Degree.CERTIFICATE, net_price=12000)
    SchoolFactory(name="Community College", predominant_degree=Degree.ASSOCIATE, net_price=-3220)
    SchoolFactory(name="State University", predominant_degree=Degree.BACHELORS, net_price=0)
    SchoolFactory(name="Graduate School", predominant_degree=Degree.GRADUATE, net_price=30000)
    SchoolFactory(name="Unknown Kind")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("degree=certificate", ["Beauty Academy"]),
        ("degree=associate", ["Community College"]),
        ("degree=bachelors&degree=graduate", ["Graduate School", "State University"]),
        ("degree=bachelors&degree=bachelors", ["State University"]),
        # Net price may be negative: grants above the cost. Unknown is never inside a range.
        ("net_price_max=0", ["Community College", "State University"]),
        ("net_price_max=-1", ["Community College"]),
        ("net_price_min=-5000&net_price_max=-3000", ["Community College"]),
        ("net_price_min=1", ["Beauty Academy", "Graduate School"]),
        (
            "net_price_min=-1000000",
            ["Beauty Academy", "Community College", "Graduate School", "State University"],
        ),
        ("degree=associate&net_price_max=0", ["Community College"]),
    ],
)
def test_kind_of_school_and_net_price(client, kinds, query, expected):
    assert names(client, f"{query}&sort=name") == expected


def test_net_price_sorts_negative_first_and_unknown_last(client, kinds):
    assert names(client, "sort=net_price") == [
        "Community College",
        "State University",
        "Beauty Academy",
        "Graduate School",
        "Unknown Kind",
    ]


def test_chips_and_form_explain_net_price_and_kind(client, kinds):
    response = get(client, "degree=associate&net_price_min=-5000&net_price_max=0")
    page = text(response)
    assert "Kind: Mostly associate degrees (2-year)" in page
    # One chip each (the bounds were once listed twice).
    assert page.count("Net price ≥ -$5,000") == 1
    assert page.count("Net price ≤ $0") == 1
    assert (
        "Net price: what students with aid paid on average after grants and scholarships. "
        "A negative value means grants exceed the cost." in page
    )
    assert (
        "Net price: the average paid after grants, for students with aid at every family income: choose "
        "your family's income to see yours; a negative value means grants exceed the cost." in page
    )
    with_income = markup.text(get(client, "income=50000&home_state=VA"))
    assert (
        "Net price: what students with aid from families earning $48,001–75,000 a year paid after grants; "
        "at a public school outside Virginia, the figure is its in-state students'; a negative value "
        "means grants exceed the cost." in with_income
    )
    content = response.content.decode()
    assert '<input type="checkbox" name="degree" value="associate" checked>' in content
    assert 'id="id_net_price_min" name="net_price_min" value="-5000"' in content
    assert 'min="-1000000"' in content


def test_graduation_rate_sorts_put_small_groups_after_the_rest_then_unknown(client, db):
    SchoolFactory(name="Tiny perfect", graduation_rate=100, graduation_cohort=22)
    SchoolFactory(name="Large ninety", graduation_rate=90, graduation_cohort=500)
    SchoolFactory(name="Cohort unknown", graduation_rate=80)
    SchoolFactory(name="No rate", graduation_cohort=400)
    SchoolFactory(name="Almost thirty", graduation_rate=95, graduation_cohort=29)
    SchoolFactory(name="Exactly thirty", graduation_rate=70, graduation_cohort=30)
    assert names(client, "sort=-graduation_rate") == [
        "Large ninety",
        "Cohort unknown",
        "Exactly thirty",
        "Tiny perfect",
        "Almost thirty",
        "No rate",
    ]
    assert names(client, "sort=graduation_rate") == [
        "Exactly thirty",
        "Cohort unknown",
        "Large ninety",
        "Almost thirty",
        "Tiny perfect",
        "No rate",
    ]
    # graduation_rate_min still counts every known rate.
    assert names(client, "graduation_rate_min=95&sort=name") == ["Almost thirty", "Tiny perfect"]


def test_rates_over_small_groups_sort_after_the_others_both_ways(db):
    """Known rates first (a cohort of SMALL_GROUP or more, or none given), then those over a smaller
    cohort, then unknown rates: in both directions, on either database."""
    for name, rate, cohort in [
        ("A", 100, 22),
        ("B", 90, 500),
        ("C", 80, None),
        ("D", None, 400),
        ("E", None, 5),
        ("F", 95, SMALL_GROUP - 1),
        ("G", 70, SMALL_GROUP),
    ]:
        SchoolFactory(name=name, graduation_rate=rate, graduation_cohort=cohort)

    def order(descending):
        return list(School.objects.ordered_by("graduation_rate", descending).values_list("name", flat=True))

    assert order(descending=False) == ["G", "C", "B", "F", "A", "D", "E"]
    assert order(descending=True) == ["B", "C", "G", "A", "F", "D", "E"]


def test_name_sort_ignores_case(client, db):
    for name in ("ATI College", "Aaniiih Nakoda College", "abc Institute", "Zeta College", "beta University"):
        SchoolFactory(name=name, enrollment=100)
    expected = ["Aaniiih Nakoda College", "abc Institute", "ATI College", "beta University", "Zeta College"]
    assert names(client, "sort=name") == expected
    assert names(client, "sort=-name") == expected[::-1]
    # Ties of another sort break by name, case-insensitively, too.
    assert names(client, "sort=enrollment") == expected


def test_default_order_is_largest_first_and_stated(client, db):
    SchoolFactory(name="Small", enrollment=500)
    SchoolFactory(name="big", enrollment=50000)
    SchoolFactory(name="Unreported")
    SchoolFactory(name="Medium", enrollment=5000)
    response = get(client)
    assert markup.finder_names(response) == [
        "big",
        "Medium",
        "Small",
        "Unreported",
    ]
    assert "Sorted largest first (total enrollment; schools that do not report it last)." in text(response)
    assert '<option value="" selected>Usual order: largest first</option>' in response.content.decode()

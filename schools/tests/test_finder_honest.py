"""The finder's kind of school, net price and honest ordering: `degree`, `net_price_min/max`,
graduation-rate sorts that put small groups after the rest, case-insensitive names, the default
order stated on the page (SPEC section 4)."""

import pytest
from django.db import models

from schools.figures import SMALL_GROUP
from schools.models import RateGroup, School
from schools.tests.factories import SchoolFactory
from tests import markup

pytestmark = pytest.mark.django_db

Degree = School.PredominantDegree


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
        "Net price: the average paid after grants, for students with aid; a negative value means grants "
        "exceed the cost." in page
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


def test_the_rate_group_is_the_orm_case_it_stands_for(db):
    """`RateGroup` writes its CASE as SQL: it equals Case/When's, row by row, on either database."""
    for rate, cohort in [(100, 22), (90, 500), (80, None), (None, 400), (None, 5), (95, 29), (70, 30)]:
        SchoolFactory(graduation_rate=rate, graduation_cohort=cohort)
    orm = models.Case(
        models.When(graduation_rate__isnull=True, then=models.Value(2)),
        models.When(graduation_cohort__lt=SMALL_GROUP, then=models.Value(1)),
        default=models.Value(0),
    )
    rows = School.objects.annotate(sql=RateGroup(), orm=orm).order_by("pk").values_list("sql", "orm")
    assert [sql for sql, _ in rows] == [orm for _, orm in rows] == [1, 0, 0, 2, 2, 1, 0]


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
    assert '<option value="-enrollment" selected>' in response.content.decode()

"""Each FilterSet filters by its own data, through filters that belong to it alone."""

import pytest
from django.http import QueryDict

from careerguide.listings.filters import SchoolFinderFilterSet
from schools.models import School
from schools.tests.factories import ProgramOfferingFactory, SchoolFactory
from schools.vocabulary import CredentialLevel

pytestmark = pytest.mark.django_db


def filterset(query):
    return SchoolFinderFilterSet(QueryDict(query), queryset=School.objects.listing())


def test_each_filterset_filters_by_its_own_data():
    associate = SchoolFactory(name="Associate CS")
    bachelor = SchoolFactory(name="Bachelor's CS")
    ProgramOfferingFactory(school=associate, field__code="11.07", credential_level=CredentialLevel.ASSOCIATE)
    ProgramOfferingFactory(school=bachelor, field__code="11.07", credential_level=CredentialLevel.BACHELOR)
    # Both made before either is read: a `method=` filter calls its own FilterSet's method, which
    # reads that FilterSet's levels.
    first = filterset("program=11.07&level=associate")
    second = filterset("program=11.07&level=bachelors")
    assert [school.name for school in first.qs] == ["Associate CS"]
    assert [school.name for school in second.qs] == ["Bachelor's CS"]


def test_filters_are_bound_to_their_filterset():
    first, second = filterset("state=CA"), filterset("state=MD")
    for name, mine in first.filters.items():
        theirs = second.filters[name]
        assert mine is not theirs
        assert (mine.parent, theirs.parent, mine.model) == (first, second, School)
    # The registry's filters, made for each FilterSet, are bound to it too.
    assert first.filters["tuition_in_max"].parent is first
    assert first.filters["sort"] is not second.filters["sort"]

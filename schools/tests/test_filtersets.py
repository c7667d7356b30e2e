"""The FilterSets' filters are copied for each FilterSet cheaply (`ListFilterSet.bound_copy`), and
still belong to it alone."""

import pytest
from django.http import QueryDict

from schools.filters import SchoolFilterSet
from schools.models import CredentialLevel, School
from schools.tests.factories import ProgramOfferingFactory, SchoolFactory

pytestmark = pytest.mark.django_db


def filterset(query):
    return SchoolFilterSet(QueryDict(query), queryset=School.objects.listing())


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


def test_filters_are_copies_bound_to_their_filterset():
    first, second = filterset("state=CA"), filterset("state=MD")
    for name, declared in SchoolFilterSet.base_filters.items():
        mine, theirs = first.filters[name], second.filters[name]
        assert mine is not declared and mine is not theirs
        assert (mine.parent, theirs.parent, mine.model) == (first, second, School)
        assert mine.extra == declared.extra and mine.extra is not declared.extra
        if declared.method is not None:
            assert mine.filter.f is mine  # its FilterMethod, not the declared filter's
    assert not hasattr(SchoolFilterSet.base_filters["state"], "parent")

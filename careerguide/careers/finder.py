"""The school finder as the careers app extends it: schools depend on nothing above them, so the
`career` parameter and the "careers these programs lead to" list live here, and the project's
URLconf hands them to the school views (`schools.urls.patterns`, `schools.api_urls.patterns`)."""

import django_filters
from django import forms
from django.db.models import Q
from django.db.models.functions import Substr

from schools.filters import SLUG_RE, SchoolFilterSet

from .models import Career, CrosswalkLink


class CareerField(forms.ModelChoiceField):
    def to_python(self, value):
        if value not in self.empty_values and not SLUG_RE.match(str(value)):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class CareerFilter(django_filters.Filter):
    field_class = CareerField


class CareerSchoolFilterSet(SchoolFilterSet):
    """The finder's FilterSet plus `career`: schools offering a program crosswalked to the career."""

    career = CareerFilter(
        method="filter_career",
        label="Career",
        queryset=Career.objects.select_related("occupation"),
        to_field_name="slug",
        error_messages={"invalid_choice": "No career guide has that address."},
    )

    def filter_career(self, queryset, name, value):
        return queryset.for_career(value)


def careers_linked_from(school):
    """The career guides a school's programs lead to, by title, in one query: those whose occupation
    is crosswalked from a field the school offers, or from a 6-digit program of a series it offers."""
    offered = school.programs.values("field_id")
    soc_codes = (
        CrosswalkLink.objects.annotate(series=Substr("field_id", 1, 5))
        .filter(Q(field_id__in=offered) | Q(series__in=offered))
        .order_by()
        .values("soc_code")
    )
    return Career.objects.filter(occupation__soc_code__in=soc_codes).only("title", "slug").order_by("title")

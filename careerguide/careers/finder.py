"""The school finder as the careers app extends it: schools depend on nothing above them, so the
`career` parameter (SPEC section 4) and the "careers these programs lead to" list live here, and the
project's URLconf hands them to the school views (`schools.urls.patterns`, `schools.api_urls.patterns`)."""

import django_filters
from django import forms
from django.db.models import Q
from django.db.models.functions import Substr

from careerguide.core.urls import SLUG_RE
from schools.filters import SchoolFilterSet

from .models import Career, CrosswalkLink, DegreeProgram


class CareerField(forms.ModelChoiceField):
    def to_python(self, value):
        if value not in self.empty_values and not SLUG_RE.match(str(value)):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class CareerFilter(django_filters.Filter):
    field_class = CareerField


def career_codes(career):
    """The CIP codes of a career's programs: its occupation's in the crosswalk, or the programs
    its editors listed when it has no occupation. One query."""
    if career.occupation_id is not None:
        links = CrosswalkLink.objects.filter(soc_code=career.occupation.soc_code)
        return sorted(links.values_list("field_id", flat=True).distinct())
    listed = DegreeProgram.objects.filter(degree_level__career=career, field__isnull=False)
    return sorted(listed.values_list("field_id", flat=True).distinct())


class CareerSchoolFilterSet(SchoolFilterSet):
    career = CareerFilter(
        method="filter_career",
        label="Career",
        queryset=Career.objects.select_related("occupation"),
        to_field_name="slug",
        error_messages={"invalid_choice": "No career guide has that address."},
    )

    OFFERING_FILTERS = (*SchoolFilterSet.OFFERING_FILTERS, "career")

    def filter_career(self, queryset, name, value):
        codes = self.career_codes()
        return queryset.offering(codes, self.credential_levels, self.match_mode) if codes else queryset.none()

    def career_codes(self):
        career = self.cleaned.get("career")
        if career is None:
            return []
        if not hasattr(self, "_career_codes"):
            self._career_codes = career_codes(career)
        return self._career_codes

    def matched_codes(self):
        return list(dict.fromkeys([*super().matched_codes(), *self.career_codes()]))

    def match_subject(self):
        subject = super().match_subject()
        career = self.cleaned.get("career")
        if career is None:
            return subject
        count = len(self.career_codes())
        programs = f"{count} program{'s' if count != 1 else ''}" if count else "no programs"
        career_subject = f"the programs that lead to {career.title} ({programs})"
        return f"{subject} and {career_subject}" if subject else career_subject

    def chips(self):
        chips = super().chips()
        career = self.cleaned.get("career")
        if career is not None:
            chips.append((f"Career: {career.title}", self.without("career")))
        return chips


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

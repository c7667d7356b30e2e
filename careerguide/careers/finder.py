"""The school finder's `career` parameter (SPEC section 4): the schools app does not know careers,
so the careers app extends the finder's FilterSet with it; the project's URLs use this one."""

import django_filters
from django import forms

from schools.filters import SLUG_RE, SchoolFilterSet

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

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import slug_re

from careerguide.careers.models import Career
from careerguide.core.text import clean_text

from .models import Resource


class WordsField(forms.CharField):
    """Search words as one line: control characters (NUL, which PostgreSQL refuses) are dropped."""

    def to_python(self, value):
        return clean_text(super().to_python(value))


class SlugChoiceField(forms.ModelChoiceField):
    """A choice by slug: a value that cannot be a slug is unknown without asking the database."""

    def to_python(self, value):
        if value not in self.empty_values and not slug_re.fullmatch(str(value)):
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
            )
        return super().to_python(value)


class WordsFilter(django_filters.CharFilter):
    field_class = WordsField


class SlugChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = SlugChoiceField


class ResourceFilter(django_filters.FilterSet):
    """`kind`, `career` (slug) and `q` (words in title, author or description).

    A value that does not validate (an unknown kind or career) is reported by the form and ignored,
    never an error page.
    """

    q = WordsFilter(
        label="Words",
        method="filter_words",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "e.g. deep learning"}),
    )
    kind = django_filters.ChoiceFilter(choices=Resource.Kind.choices, empty_label="All kinds")
    career = SlugChoiceFilter(
        queryset=Career.objects.filter(resources__isnull=False).distinct().only("id", "title", "slug"),
        to_field_name="slug",
        field_name="careers",
        empty_label="All careers",
    )

    class Meta:
        model = Resource
        fields = ["q", "kind", "career"]

    def filter_words(self, queryset, name, value):
        for word in value.split()[:10]:
            queryset = queryset.search(word)
        return queryset

import django_filters
from django import forms

from careerguide.careers.models import Career

from .models import Resource


class ResourceFilter(django_filters.FilterSet):
    """`kind`, `career` (slug) and `q` (words in title, author or description).

    A value that does not validate (an unknown kind or career) is reported by the form and ignored,
    never an error page.
    """

    q = django_filters.CharFilter(
        label="Words",
        method="filter_words",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "e.g. deep learning"}),
    )
    kind = django_filters.ChoiceFilter(choices=Resource.Kind.choices, empty_label="All kinds")
    career = django_filters.ModelChoiceFilter(
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

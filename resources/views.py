from itertools import groupby
from urllib.parse import urlencode

from django.db.models import Count, Prefetch
from django.urls import reverse
from django.views.generic import ListView

from careerguide.careers.models import Career
from careerguide.core.pagination import ForgivingPaginationMixin
from careerguide.core.text import clean_params, plural

from .filters import ResourceFilter
from .models import Resource


def kind_list_path(kind):
    """The list of one kind of resource: its address in the sitemap and its canonical link."""
    return f"{reverse('resources:list')}?{urlencode({'kind': kind})}"


class ResourceListView(ForgivingPaginationMixin, ListView):
    template_name = "resources/resources.html"
    context_object_name = "resources"
    paginate_by = 50

    def get_queryset(self):
        resources = Resource.objects.in_kind_order().prefetch_related(
            Prefetch("careers", queryset=Career.objects.only("id", "title", "slug").order_by("title"))
        )
        # Without control characters: NUL would reach PostgreSQL, and every value is echoed back.
        self.params = clean_params(self.request.GET)
        self.filterset = ResourceFilter(self.params or None, queryset=resources)
        return self.filterset.qs

    def page_query(self, number):
        """This list's query string at page `number`."""
        params = self.params.copy()
        params["page"] = number
        return params.urlencode()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = self.filterset.form
        cleaned = form.cleaned_data if form.is_bound else {}
        kind, career, q = cleaned.get("kind") or "", cleaned.get("career"), cleaned.get("q") or ""

        # Counts per kind for the chips, under the other filters (one aggregate query).
        counted = Resource.objects.all()
        if career:
            counted = counted.filter(careers=career)
        if q:
            counted = self.filterset.filter_words(counted, "q", q)
        counts = dict(counted.order_by().values_list("kind").annotate(n=Count("pk", distinct=True)))
        chip_params = self.params.copy()
        chip_params.pop("page", None)
        chips = []
        for value, label in Resource.Kind.choices:
            chip_params["kind"] = value
            chips.append(
                {
                    "value": value,
                    "label": label,
                    "count": counts.get(value, 0),
                    "query": chip_params.urlencode(),
                }
            )
        chip_params.pop("kind", None)

        title = "Resources"
        if kind:
            title = f"{Resource.Kind(kind).label} — resources"
        if career:
            title += f" for {career.title}"
        if q:
            title += f" matching “{q}”"
        if context["page_obj"].number > 1:
            title += f", page {context['page_obj'].number}"
        context.update(
            filter=self.filterset,
            form=form,
            kind=kind,
            career=career,
            q=q,
            chips=chips,
            all_kinds_query=chip_params.urlencode(),
            total=sum(counts.values()),
            page_title=title,
            groups=[
                (label, list(resources))
                for label, resources in groupby(context["resources"], key=Resource.get_kind_display)
            ],
            page_query=self.page_query,
            # The kind's list is a page of its own (the sitemap lists it); other filters are views of it.
            canonical_url=self.request.build_absolute_uri(
                kind_list_path(kind) if kind else self.request.path
            ),
            meta_description=(
                (
                    Resource.Kind(kind).label
                    if kind
                    else "Books, online courses, websites and forums, professional organizations, "
                    "journals, YouTube channels and podcasts"
                )
                # "for Data Scientists": O*NET titles are plural already, editors' titles are not.
                + (f" for {plural(career.title)}" if career else " that help you into a career")
                + (f", matching “{q}”" if q else "")
                + "."
            ),
        )
        return context

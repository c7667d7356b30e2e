import operator
from functools import reduce

from django.contrib import admin
from django.db.models import Max, Q
from django.utils import timezone

from careerguide.core.admin_tools import (
    HTTPS_URLS,
    ChosenRelatedFilter,
    exact_count,
    exact_money,
    exact_percent,
    image_preview,
    rows_link,
    with_figure_values,
)
from careerguide.core.formats import money_text

from .figures import admin_figures, sourced_figures
from .models import DataSource, FieldOfStudy, ProgramOffering, School
from .vocabulary import SCHOOL_TYPE_SHORT


class HasLogoFilter(admin.SimpleListFilter):
    title = "has logo"
    parameter_name = "has_logo"

    def lookups(self, request, model_admin):
        return [("yes", "Yes"), ("no", "No")]

    def queryset(self, request, queryset):
        no_logo = Q(logo="") | Q(logo__isnull=True)
        if self.value() == "yes":
            return queryset.exclude(no_logo)
        if self.value() == "no":
            return queryset.filter(no_logo)
        return queryset


class DataSourceFilter(admin.SimpleListFilter):
    """Schools with at least one figure from the chosen source (or, "None", with no source at all)."""

    title = "data source"
    parameter_name = "source"

    def lookups(self, request, model_admin):
        return [(str(source.pk), str(source)) for source in DataSource.objects.all()] + [
            ("none", "No source recorded")
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "none":
            return queryset.filter(**{f"{metric}_source__isnull": True for metric in School.METRICS})
        if value:
            return queryset.filter(
                reduce(operator.or_, (Q(**{f"{metric}_source": value}) for metric in School.METRICS))
            )
        return queryset


def editor_source():
    """The editors' DataSource as a subquery (no join per figure, no query of its own)."""
    return DataSource.objects.filter(key=DataSource.EDITOR_KEY).values("pk")


def latest_imports():
    """{metric: when an import last changed figures of a school that takes the metric from a
    public source}, in one query; a metric no import has supplied is left out.

    DataSource records no import date, so "the latest import of a figure's source" is read from
    the schools an import last changed: their `figures_changed_at`, where `figures_changed_by`
    names an import and the metric's source is a public one (not the editors').
    """
    imported = Q(figures_changed_by__startswith="Import")
    latest = School.objects.aggregate(
        **{
            metric: Max(
                "figures_changed_at",
                filter=imported
                & Q(**{f"{metric}_source__isnull": False})
                & ~Q(**{f"{metric}_source__in": editor_source()}),
            )
            for metric in School.METRICS
        }
    )
    return {metric: moment for metric, moment in latest.items() if moment is not None}


def editor_figures_older_than_imports():
    """Schools with an editors' figure set before the latest import of that figure's public
    sources: the import brought newer public data the editors' value has not been checked against.

    When the editor set it is the school's `figures_changed_at` (the editor's save, or a later
    import that changed other figures of the school: either way the editors' value is at least
    that old).
    """
    older = Q(pk__in=[])
    for metric, moment in latest_imports().items():
        older |= Q(**{f"{metric}_source__in": editor_source()}) & (
            Q(figures_changed_at__lt=moment) | Q(figures_changed_at__isnull=True)
        )
    return older


def has_editor_figures():
    return reduce(operator.or_, (Q(**{f"{metric}_source__in": editor_source()}) for metric in School.METRICS))


class EditorFiguresFilter(admin.SimpleListFilter):
    title = "editors' figures"
    parameter_name = "editor_figures"

    def lookups(self, request, model_admin):
        return [("any", "Any editors' figure"), ("older", "Older than the latest import")]

    def queryset(self, request, queryset):
        if self.value() == "any":
            return queryset.filter(has_editor_figures())
        if self.value() == "older":
            return queryset.filter(editor_figures_older_than_imports())
        return queryset


# --- Admins ---------------------------------------------------------------------------------


@admin.register(DataSource)
class DataSourceAdmin(admin.ModelAdmin):
    list_display = ["name", "edition", "key", "url"]
    search_fields = ["name", "edition", "key"]
    formfield_overrides = HTTPS_URLS
    prepopulated_fields = {"key": ["name", "edition"]}

    def get_readonly_fields(self, request, obj=None):
        # Importers and editors' provenance find a source by its key: it does not change.
        return ["key"] if obj else []

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj else self.prepopulated_fields


@admin.register(FieldOfStudy)
class FieldOfStudyAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "level"]
    list_filter = ["level"]
    search_fields = ["code", "title"]
    fields = ["code", "title", "definition", "level"]
    readonly_fields = ["level"]

    def get_readonly_fields(self, request, obj=None):
        # The CIP code is the primary key: changing it would create another field of study.
        return ["code", "level"] if obj else ["level"]


# How the admin history writes each figure's old and new values, by the registry's kind of value.
EXACT_TEXT_OF_KIND = {
    "money": exact_money,
    "percent": exact_percent,
    "count": exact_count,
    "plain": exact_count,
    "flag": lambda value: "unknown" if value is None else ("yes" if value else "no"),
}


def figure_formats():
    """{field: how its old and new values read} of the figures an editor keeps beside their source."""
    return {figure.field: EXACT_TEXT_OF_KIND[figure.kind] for figure in sourced_figures()}


def figure_rows():
    """The form's figure rows: each figure beside its source."""
    return [
        *((figure.field, figure.source_field) for figure in sourced_figures()),
        "graduation_cohort",
        ("predominant_degree", "predominant_degree_source"),
    ]


def figure_column(figure):
    """A list column of the figure: its value as the site writes it, sorted by the figure."""

    @admin.display(description=figure.admin_column, ordering=figure.field)
    def column(school):
        return figure.text(getattr(school, figure.field))

    return column


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    # Besides these, a column for each figure of the registry with an admin column (get_list_display).
    list_display = ["name", "state_code", "control_short", "has_logo", "pinned", "updated"]
    list_filter = ["state", "control", "pinned", EditorFiguresFilter, HasLogoFilter, DataSourceFilter]
    search_fields = ["name", "city", "unitid__exact"]
    search_help_text = "Words in the name or city, or an IPEDS UNITID."
    prepopulated_fields = {"slug": ["name"]}
    formfield_overrides = HTTPS_URLS
    readonly_fields = [
        "programs_offered",
        "logo_preview",
        "figures_changed_at",
        "figures_changed_by",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        ("Identity", {"fields": ["name", "slug", "unitid", "control", "website"]}),
        ("Location", {"fields": ["city", "state", "zip_code", ("latitude", "longitude")]}),
        (
            "Figures",
            {
                "fields": figure_rows(),
                "description": "Each figure beside its source. Changing a figure records it as "
                "an editors' figure unless you also choose its source.",
            },
        ),
        ("Programs", {"fields": ["programs_offered"]}),
        ("Logo", {"fields": ["logo", "logo_preview"]}),
        (
            "Provenance",
            {"fields": ["pinned", "figures_changed_at", "figures_changed_by", "created_at", "updated_at"]},
        ),
    ]

    def get_list_display(self, request):
        # Short headers and formatted figures keep every column on an editor's screen.
        figures = [figure_column(figure) for figure in admin_figures()]
        return [*self.list_display[:3], *figures, *self.list_display[3:]]

    @admin.display(description="state", ordering="state")
    def state_code(self, obj):
        return obj.state or "—"

    @admin.display(description="control", ordering="control")
    def control_short(self, obj):
        return SCHOOL_TYPE_SHORT.get(obj.control, "—")

    @admin.display(description="updated", ordering="updated_at")
    def updated(self, obj):
        return timezone.localtime(obj.updated_at).date().isoformat()

    @admin.display(description="logo", boolean=True, ordering="logo")
    def has_logo(self, obj):
        return bool(obj.logo)

    @admin.display(description="preview")
    def logo_preview(self, obj):
        return image_preview(obj.logo, alt=f"Logo of {obj.name}")

    @admin.display(description="programs offered")
    def programs_offered(self, obj):
        # A big school lists ~400 programs: they are edited on the program changelist, not here.
        if obj.pk is None:
            return "Save the school first, then add its programs."
        return rows_link(obj, ProgramOffering, obj.programs.count(), "program", "programs")

    def construct_change_message(self, request, form, formsets, add=False):
        message = super().construct_change_message(request, form, formsets, add)
        return with_figure_values(message, form, figure_formats())

    def save_model(self, request, obj, form, change):
        changed = [metric for metric in School.METRICS if metric in form.changed_data]
        if changed:
            editor_source = DataSource.editor()
            for metric in changed:
                source_name = f"{metric}_source"
                if source_name in form.changed_data:
                    continue  # the editor named the figure's source: keep it
                value = getattr(obj, metric)
                setattr(obj, source_name, editor_source if value is not None else None)
            obj.figures_changed_at = timezone.now()
            obj.figures_changed_by = f"Editor {request.user.get_username()}"
        super().save_model(request, obj, form, change)


@admin.register(ProgramOffering)
class ProgramOfferingAdmin(admin.ModelAdmin):
    list_display = ["field", "credential_level", "graduates", "earnings", "source", "school"]
    list_filter = ["credential_level", ("school", ChosenRelatedFilter)]
    list_select_related = ["school", "field", "source"]
    search_fields = ["school__name", "field__code", "field__title"]
    autocomplete_fields = ["school", "field"]
    fields = ["school", "field", "series", "credential_level", "graduates", "median_earnings_5yr", "source"]
    readonly_fields = ["series"]

    def get_list_display(self, request):
        # Filtered to one school (the link on its page), the school's name would repeat on every row.
        if any(key.startswith("school__") for key in request.GET):
            return [column for column in self.list_display if column != "school"]
        return self.list_display

    @admin.display(description="earnings 5 yr", ordering="median_earnings_5yr")
    def earnings(self, obj):
        return money_text(obj.median_earnings_5yr)

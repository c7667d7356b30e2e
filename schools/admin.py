import operator
from functools import reduce

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.db.models import Case, Max, Q, Value, When
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst

from careerguide.core.admin_tools import (
    HTTPS_URLS,
    ChosenRelatedFilter,
    admin_link,
    counted,
    exact_count,
    exact_money,
    exact_percent,
    image_preview,
    rows_link,
    with_figure_values,
)
from careerguide.core.admin_versions import VersionedAdmin
from careerguide.core.formats import money_text

from .figures import admin_figures, sourced_figures
from .models import DataSource, FieldOfStudy, KeptFigure, ProgramOffering, School, SchoolAlias
from .vocabulary import SCHOOL_TYPE_SHORT, US_STATES


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
        older |= (
            Q(**{f"{metric}_source__in": editor_source()})
            & (Q(figures_changed_at__lt=moment) | Q(figures_changed_at__isnull=True))
            # An editor who marked the school reviewed since checked its figures against that import.
            & (Q(reviewed_on__isnull=True) | Q(reviewed_on__lt=moment.date()))
        )
    return older


def has_editor_figures():
    return reduce(operator.or_, (Q(**{f"{metric}_source__in": editor_source()}) for metric in School.METRICS))


class StateFilter(admin.SimpleListFilter):
    """A school's state, or unknown (the schools no public file gives a state for: an editor fills it)."""

    title = "state"
    parameter_name = "state__exact"
    UNKNOWN = "unknown"

    def lookups(self, request, model_admin):
        return [(self.UNKNOWN, "Unknown: no file gives it"), *US_STATES]

    def queryset(self, request, queryset):
        if self.value() == self.UNKNOWN:
            return queryset.filter(state="")
        if self.value():
            return queryset.filter(state=self.value())
        return queryset


class MissingFigureFilter(admin.SimpleListFilter):
    """Schools without a value of one figure of the registry (those an editor keeps beside a source)."""

    title = "figure missing"
    parameter_name = "missing"

    def lookups(self, request, model_admin):
        return [(figure.field, figure.label) for figure in sourced_figures()]

    def queryset(self, request, queryset):
        figures = {figure.field for figure in sourced_figures()}
        if self.value() in figures:
            return queryset.filter(**{f"{self.value()}__isnull": True})
        return queryset


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


def use_public(field):
    """The form's control that chooses the public figure of `field` again."""
    return f"use_public_{field}"


def figure_rows(kept=()):
    """The form's figure rows: each figure beside its source, and for those imports keep (`kept`),
    the control that chooses the public figure again."""
    rows = [(figure.field, figure.source_field) for figure in sourced_figures()]
    rows.insert(len(rows), "graduation_cohort")
    rows.append(("predominant_degree", "predominant_degree_source"))
    return [(*row, use_public(row[0])) if isinstance(row, tuple) and row[0] in kept else row for row in rows]


class SchoolFormBase(forms.ModelForm):
    """The school's form, with a "use the public figure" control for each figure an editor set
    (shown only beside the figures imports keep, and labelled with the public value)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kept = {}
        self.editors_figures = set()
        if self.instance.pk is not None:
            self.kept = {
                kept.field: kept for kept in self.instance.kept_figures.select_related("public_source")
            }
            self.editors_figures = editors_figures(self.instance)
        for field in School.EDITABLE_FIGURES:
            self.fields[use_public(field)].help_text = public_figure_text(self.kept.get(field))


SchoolForm = type(
    "SchoolForm",
    (SchoolFormBase,),
    {
        use_public(field): forms.BooleanField(label="Use the public figure", required=False)
        for field in School.EDITABLE_FIGURES
    },
)


def editor_source_id():
    return DataSource.objects.filter(key=DataSource.EDITOR_KEY).values_list("pk", flat=True).first()


def editors_figures(school):
    """The figures of `school` the editors set (their source is the editors'): imports keep them."""
    editor = editor_source_id()
    return {f for f in School.EDITABLE_FIGURES if editor and getattr(school, f"{f}_source_id") == editor}


def public_figure_text(kept):
    """What the public data says of a kept figure: "Public figure: $8,999 (IPEDS 2023-24)"."""
    if kept is None or (kept.public_value is None and kept.public_source is None):
        return "No public figure read yet: the next import fills it in."
    return f"Public figure: {kept.public_text()}. Imports keep the editors' figure until you tick this."


figure_text = KeptFigure.value_text


def figure_column(figure):
    """A list column of the figure: its value as the site writes it, sorted by the figure."""

    @admin.display(description=figure.admin_column, ordering=figure.field)
    def column(school):
        return figure.text(getattr(school, figure.field))

    return column


class EditorFigures:
    """What an editor's save does to the figures: those typed become editors' figures, which imports
    keep (each remembers the public figure it replaces); those whose public figure the editor chose
    again take it back, with its source; those given a public source follow the public data."""

    def __init__(self, form):
        self.form = form
        data = form.cleaned_data
        self.chosen_public = [
            f for f in School.EDITABLE_FIGURES if data.get(use_public(f)) and f in form.editors_figures
        ]
        self.sourced = [
            f
            for f in School.EDITABLE_FIGURES
            if f"{f}_source" in form.changed_data and f not in self.chosen_public
        ]
        self.typed = [
            f
            for f in School.EDITABLE_FIGURES
            if f in form.changed_data and f not in self.chosen_public and f not in self.sourced
        ]
        self.changed = bool(self.chosen_public or self.sourced or self.typed)

    def record_kept(self, school):
        """After the school is saved: a KeptFigure for each figure typed (with the public figure
        it replaces, when it had one), none for those that follow the public data again."""
        editor = DataSource.editor()
        named_editors = [f for f in self.sourced if getattr(school, f"{f}_source_id") == editor.pk]
        follow_public = [*self.chosen_public, *(f for f in self.sourced if f not in named_editors)]
        school.kept_figures.filter(field__in=follow_public).delete()
        public_sources = dict(
            DataSource.objects.filter(
                pk__in=[self.form.initial.get(f"{f}_source") for f in [*self.typed, *named_editors]]
            ).values_list("pk", "key")
        )
        for field in [*self.typed, *named_editors]:
            old_source = self.form.initial.get(f"{field}_source")
            public = DataSource.is_public_data(public_sources.get(old_source, DataSource.EDITOR_KEY))
            school.kept_figures.get_or_create(
                field=field,
                defaults={
                    "public_value": KeptFigure.stored(self.form.initial.get(field)) if public else None,
                    "public_source_id": old_source if public else None,
                },
            )


def set_editor_figures(school, form):
    """Set each figure's source as the editor's save decides (`EditorFigures`); returns it."""
    figures = EditorFigures(form)
    editor = DataSource.editor() if figures.typed else None
    for field in figures.typed:
        # Even an emptied figure is the editors': "unknown" is what they say it is.
        setattr(school, f"{field}_source", editor)
    for field in figures.chosen_public:
        # The public figure the editors' replaced; none read yet: unknown until the next import.
        kept = form.kept.get(field)
        setattr(school, field, kept.public_figure() if kept else None)
        setattr(school, f"{field}_source_id", kept.public_source_id if kept else None)
    return figures


class SchoolAliasFormSet(forms.BaseInlineFormSet):
    def clean(self):
        """A name once per school, whatever its case (the database's unique constraint is on the
        lower-cased name, which the inline forms do not check themselves)."""
        super().clean()
        seen = set()
        for form in self.forms:
            name = form.cleaned_data.get("name") if form.cleaned_data else None
            if not name or form.cleaned_data.get("DELETE"):
                continue
            if name.casefold() in seen:
                raise forms.ValidationError(f"“{name}” is already a name of this school (case aside).")
            seen.add(name.casefold())


class SchoolAliasInline(admin.TabularInline):
    """The names people use for a school: the College Scorecard's (kept in step with it by each
    import) and the editors' (never touched by an import), all searchable."""

    model = SchoolAlias
    formset = SchoolAliasFormSet
    fields = ["name", "where_from"]
    readonly_fields = ["where_from"]
    extra = 1
    max_num = 20
    verbose_name = "name people use"
    verbose_name_plural = "names people use (searched like the name)"

    @admin.display(description="from")
    def where_from(self, obj):
        return str(obj.source) if obj.source_id else "the editors"


@admin.register(School)
class SchoolAdmin(VersionedAdmin, admin.ModelAdmin):
    form = SchoolForm
    inlines = [SchoolAliasInline]
    # Besides these, a column for each figure of the registry with an admin column (get_list_display).
    list_display = ["name", "place", "control_short", "pinned", "updated"]
    list_filter = [
        StateFilter,
        MissingFigureFilter,
        "control",
        "pinned",
        EditorFiguresFilter,
        HasLogoFilter,
        DataSourceFilter,
        "reviewed_on",
    ]
    actions = ["pin", "unpin", "mark_reviewed"]
    search_fields = ["name", "city", "unitid__exact"]
    search_help_text = "Words in the name or city, or an IPEDS UNITID."
    prepopulated_fields = {"slug": ["name"]}
    formfield_overrides = HTTPS_URLS
    readonly_fields = [
        "imports_keep",
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
                "fields": ["imports_keep", *figure_rows()],
                "description": "Each figure beside its source. A figure you change becomes an editors' "
                "figure, which imports keep (unless you also choose a public source for it) until you "
                "tick “Use the public figure” beside it.",
            },
        ),
        ("Programs", {"fields": ["programs_offered"]}),
        ("Logo", {"fields": ["logo", "logo_preview"]}),
        (
            "Provenance",
            {
                "fields": [
                    "pinned",
                    "reviewed_on",
                    "figures_changed_at",
                    "figures_changed_by",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.fieldsets
        kept = editors_figures(obj)
        return [
            (
                name,
                {**options, "fields": ["imports_keep", *figure_rows(kept)]} if name == "Figures" else options,
            )
            for name, options in self.fieldsets
        ]

    @admin.display(description="imports keep")
    def imports_keep(self, obj):
        if obj.pk is None:
            return "Imports keep every figure you set."
        if obj.pinned:
            return "This school is pinned: imports leave all of it as it is."
        kept = {kept.field: kept for kept in obj.kept_figures.select_related("public_source")}
        figures = [
            {
                "label": School._meta.get_field(field).verbose_name,
                "value": figure_text(field, getattr(obj, field)),
                "public": public_figure_text(kept.get(field)),
            }
            for field in School.EDITABLE_FIGURES
            if field in editors_figures(obj)
        ]
        return render_to_string("admin/schools/imports_keep.html", {"figures": figures})

    def get_list_display(self, request):
        # Short headers and formatted figures keep every column on an editor's screen.
        figures = [figure_column(figure) for figure in admin_figures()]
        return [*self.list_display[:3], *figures, *self.list_display[3:]]

    # --- finding a school: the picker names its city and state, and ranks name matches first ---

    @staticmethod
    def autocomplete_label(school):
        return f"{school.name} — {school.location or 'place unknown'}"

    def get_search_results(self, request, queryset, search_term):
        queryset, distinct = super().get_search_results(request, queryset, search_term)
        phrase = " ".join(search_term.split())
        if phrase and request.path == reverse("admin:autocomplete"):
            # "Columbia College" before a school in Columbia: Enter picks what the editor typed.
            queryset = queryset.annotate(
                name_match=Case(
                    When(name__iexact=phrase, then=Value(0)),
                    When(name__istartswith=phrase, then=Value(1)),
                    When(name__icontains=phrase, then=Value(2)),
                    default=Value(3),
                )
            ).order_by("name_match", "name", "state", "city", "pk")
        return queryset, distinct

    def after_restore(self, request, obj):
        """A restored school's figures follow the sources the version holds: those of the editors
        are kept by imports again, the others follow the public data."""
        editors = editors_figures(obj)
        obj.kept_figures.exclude(field__in=editors).delete()
        for field in editors:
            obj.kept_figures.get_or_create(field=field)
        School.objects.filter(pk=obj.pk).update(
            figures_changed_at=timezone.now(), figures_changed_by=f"Editor {request.user.get_username()}"
        )

    # --- actions on many schools at once ---

    @admin.action(description="Pin: imports leave these schools as they are", permissions=["change"])
    def pin(self, request, queryset):
        self.change_many(request, queryset, {"pinned": True}, "Pinned (imports leave it as it is).")

    @admin.action(description="Unpin: imports update these schools again", permissions=["change"])
    def unpin(self, request, queryset):
        self.change_many(request, queryset, {"pinned": False}, "Unpinned (imports update it again).")

    @admin.action(description="Mark reviewed today: their figures were checked", permissions=["change"])
    def mark_reviewed(self, request, queryset):
        today = timezone.localdate()
        self.change_many(request, queryset, {"reviewed_on": today}, f"Marked reviewed on {today:%Y-%m-%d}.")

    @admin.display(description="city, state", ordering="state")
    def place(self, obj):
        return f"{obj.city}, {obj.state}" if obj.city and obj.state else obj.city or obj.state or "—"

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
        message = with_figure_values(message, form, figure_formats())
        chosen = [field for field in School.EDITABLE_FIGURES if form.cleaned_data.get(use_public(field))]
        if not chosen or not message or "changed" not in message[0]:
            return message
        labels = message[0]["changed"]["fields"]
        labels[:] = [label for label in labels if label != "Use the public figure"]
        for field in chosen:
            old, new = form.initial.get(field), getattr(form.instance, field)
            labels.append(
                f"{capfirst(School._meta.get_field(field).verbose_name)} (the public figure again: "
                f"{figure_text(field, old)} → {figure_text(field, new)})"
            )
        return message

    def save_model(self, request, obj, form, change):
        figures = set_editor_figures(obj, form)
        if figures.changed:
            obj.figures_changed_at = timezone.now()
            obj.figures_changed_by = f"Editor {request.user.get_username()}"
        super().save_model(request, obj, form, change)
        figures.record_kept(obj)


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


class KeptFigureDiffersFilter(admin.SimpleListFilter):
    title = "public figure"
    parameter_name = "differs"

    def lookups(self, request, model_admin):
        return [("yes", "Differs from the editors'"), ("no", "Same as the editors'")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.differing()
        if self.value() == "no":
            return queryset.exclude(pk__in=KeptFigure.objects.differing().values("pk"))
        return queryset


@admin.register(KeptFigure)
class KeptFigureAdmin(admin.ModelAdmin):
    """The editors' figures imports keep, each beside the public figure: read here, given back to the
    public data with the action (or on the school's form)."""

    list_display = [
        "school_link",
        "location",
        "figure",
        "editors_value",
        "public_value_text",
        "public_read_at",
    ]
    list_filter = [KeptFigureDiffersFilter, "field"]
    list_select_related = ["school", "public_source"]
    search_fields = ["school__name", "school__city"]
    actions = ["use_public_figures"]
    fields = ["school", "field", "public_value", "public_source", "public_read_at", "kept_since"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="school", ordering="school__name")
    def school_link(self, obj):
        return admin_link(reverse("admin:schools_school_change", args=[obj.school_id]), obj.school.name)

    @admin.display(description="city, state")
    def location(self, obj):
        return obj.school.location or "—"

    @admin.display(description="figure", ordering="field")
    def figure(self, obj):
        return capfirst(obj.label)

    @admin.display(description="the editors'")
    def editors_value(self, obj):
        return KeptFigure.value_text(obj.field, getattr(obj.school, obj.field))

    @admin.display(description="public figure")
    def public_value_text(self, obj):
        return obj.public_text()

    @admin.action(
        description="Use the public figure (the editors' ones are in the history)", permissions=["change"]
    )
    def use_public_figures(self, request, queryset):
        figures = list(queryset.select_related("school"))
        schools = use_public_figures(request, figures)
        self.message_user(
            request,
            f"The public figure is used again for {counted(len(figures), 'figure', 'figures')} "
            f"of {counted(len(schools), 'school', 'schools')}; imports update them from now on.",
            messages.SUCCESS,
        )


def use_public_figures(request, kept_figures):
    """Give each of `kept_figures` back to the public data: the school takes the public figure and
    its source, the admin history records it, and imports update it again. Returns the schools."""
    by_school = {}
    for kept in kept_figures:
        by_school.setdefault(kept.school, []).append(kept)
    for school, figures in by_school.items():
        changes = []
        for kept in figures:
            old = getattr(school, kept.field)
            setattr(school, kept.field, kept.public_figure())
            setattr(school, f"{kept.field}_source_id", kept.public_source_id)
            changes.append(
                f"{capfirst(kept.label)} (the public figure again: {figure_text(kept.field, old)} → "
                f"{figure_text(kept.field, kept.public_figure())})"
            )
        school.figures_changed_at = timezone.now()
        school.figures_changed_by = f"Editor {request.user.get_username()}"
        school.save()
        KeptFigure.objects.filter(pk__in=[kept.pk for kept in figures]).delete()
        LogEntry.objects.log_actions(
            request.user.pk,
            [school],
            CHANGE,
            change_message=[{"changed": {"fields": changes}}],
            single_object=True,
        )
    return list(by_school)

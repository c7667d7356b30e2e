import operator
from functools import reduce

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from .models import DataSource, FieldOfStudy, ProgramOffering, School
from .templatetags.school_format import count_text, money_text, percent_text

# --- Shared helpers (the careers and resources admins use them too) -------------------------


class PreloadedAutocompleteSelect(AutocompleteSelect):
    """An autocomplete that labels its current choice from the object already loaded with the form.

    Django's autocomplete runs one query per widget to label the selected option, so an inline of
    200 rows would run 200 queries. Inline forms built with `PreloadedAutocompleteForm` hand the
    widget the related object their queryset already selected; any other value (for example a
    choice just posted back with a validation error) falls back to Django's query.
    """

    preloaded = None

    def optgroups(self, name, value, attr=None):
        selected = [str(v) for v in value if str(v) not in self.choices.field.empty_values]
        if not self.preloaded or not set(selected) <= self.preloaded.keys():
            return super().optgroups(name, value, attr)
        options = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        for option_value in selected:
            label = self.preloaded[option_value]
            options.append(self.create_option(name, option_value, label, True, len(options)))
        return [(None, options, 0)]


class PreloadedAutocompleteForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = getattr(field.widget, "widget", field.widget)  # inside RelatedFieldWidgetWrapper
            if not isinstance(widget, PreloadedAutocompleteSelect):
                continue
            model_field = self.instance._meta.get_field(name)
            if model_field.is_cached(self.instance) and getattr(self.instance, name) is not None:
                related = getattr(self.instance, name)
                widget.preloaded = {str(related.pk): field.label_from_instance(related)}


class PreloadedAutocompleteInline(admin.TabularInline):
    """A tabular inline whose autocomplete fields cost no query per row."""

    form = PreloadedAutocompleteForm
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*self.autocomplete_fields)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request) and "widget" not in kwargs:
            kwargs["widget"] = PreloadedAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


# Editors type "oregonstate.edu": that is an https address.
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


def counted(number, singular, plural):
    """1 → "1 program", 1200 → "1,200 programs"."""
    return f"{count_text(number)} {singular if number == 1 else plural}"


def count_related(obj, *relations):
    """How many rows each reverse foreign key of `obj` holds, in one query: {relation: count}.

    Counting through joins would multiply the relations' rows (2,750 titles × 425 tasks × …);
    one scalar subquery per relation does not.
    """
    model = type(obj)
    counts = {}
    for name in relations:
        fk = model._meta.get_field(name).field
        rows = (
            fk.model._default_manager.filter(**{fk.name: OuterRef("pk")})
            .order_by()
            .values(fk.name)
            .annotate(n=Count("pk"))
            .values("n")
        )
        counts[f"{name}_count"] = Coalesce(Subquery(rows), 0)
    row = model._default_manager.filter(pk=obj.pk).values(**counts).get()
    return {name: row[f"{name}_count"] for name in relations}


def rows_link(parent, related_model, number, singular, plural):
    """A link to the changelist of `related_model` filtered to `parent`, labelled with the count,
    and a link to add one with `parent` filled in.

    Rows that imports supply by the hundred (a school's programs, an occupation's alternate titles)
    are edited on their own changelists: as inlines they would make forms of thousands of fields,
    which Django refuses (DATA_UPLOAD_MAX_NUMBER_FIELDS).
    """
    opts = related_model._meta
    fk = next(f for f in opts.get_fields() if f.many_to_one and f.related_model is type(parent))
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    add = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
    return format_html(
        '<a href="{}?{}__{}__exact={}">{} — view/edit them</a> · <a href="{}?{}={}">add {} {}</a>',
        changelist,
        fk.name,
        fk.target_field.name,
        parent.pk,
        counted(number, singular, plural),
        add,
        fk.name,
        parent.pk,
        "an" if singular[0] in "aeiou" else "a",
        singular,
    )


def image_preview(field_file, alt=""):
    if not field_file:
        return "—"
    return format_html(
        '<img src="{}" alt="{}" style="max-width: 128px; max-height: 128px; background: #fff">',
        field_file.url,
        alt,
    )


# --- Filters --------------------------------------------------------------------------------


class ChosenRelatedFilter(admin.RelatedFieldListFilter):
    """Filter by a related object, listing only the one chosen.

    Links such as "357 programs" on a school's page choose the object; listing every school
    (6,000) or occupation (1,000) in the sidebar would be a long query and an unusable list, so
    the sidebar shows the chosen one and "All". Search finds rows by the related object's name.
    """

    def field_choices(self, field, request, model_admin):
        if not self.lookup_val:
            return []
        try:
            chosen = [field.target_field.to_python(value) for value in self.lookup_val]
        except ValidationError:
            return []  # the changelist reports the bad value itself
        return field.get_choices(
            include_blank=False, limit_choices_to={f"{field.target_field.name}__in": chosen}
        )

    def has_output(self):
        # Shown, and so applied, whenever a row is chosen, even one that no longer exists (the
        # list is then empty) or a malformed value (the changelist then reports it).
        return self.lookup_val is not None or self.lookup_val_isnull is not None


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


FIGURE_ROWS = [(metric, f"{metric}_source") for metric in School.METRICS]


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "state",
        "control",
        "in_state_tuition",
        "out_of_state_tuition",
        "admission",
        "graduation",
        "students",
        "has_logo",
        "pinned",
        "updated_at",
    ]
    list_filter = ["state", "control", "pinned", HasLogoFilter, DataSourceFilter]
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
                "fields": FIGURE_ROWS,
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

    # Short headers and formatted figures keep every column on an editor's screen.
    @admin.display(description="in-state", ordering="tuition_in_state")
    def in_state_tuition(self, obj):
        return money_text(obj.tuition_in_state)

    @admin.display(description="out-of-state", ordering="tuition_out_of_state")
    def out_of_state_tuition(self, obj):
        return money_text(obj.tuition_out_of_state)

    @admin.display(description="admit rate", ordering="admission_rate")
    def admission(self, obj):
        return percent_text(obj.admission_rate)

    @admin.display(description="grad rate", ordering="graduation_rate")
    def graduation(self, obj):
        return percent_text(obj.graduation_rate)

    @admin.display(description="enrollment", ordering="enrollment")
    def students(self, obj):
        return count_text(obj.enrollment)

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
    list_display = ["school", "field", "credential_level", "graduates", "median_earnings_5yr", "source"]
    list_filter = ["credential_level", ("school", ChosenRelatedFilter)]
    list_select_related = ["school", "field", "source"]
    search_fields = ["school__name", "field__code", "field__title"]
    autocomplete_fields = ["school", "field"]
    fields = ["school", "field", "series", "credential_level", "graduates", "median_earnings_5yr", "source"]
    readonly_fields = ["series"]

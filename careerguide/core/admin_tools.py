"""Admin helpers every app's admin shares: autocompletes that cost no query per row, counts, links."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.html import format_html

from careerguide.core.templatetags.formats import count_text


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

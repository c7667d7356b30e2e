"""Admin helpers every app's admin shares: autocompletes that cost no query per row, counts, links."""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.forms.models import BaseInlineFormSet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import cached_property

from careerguide.core.formats import cents_text, count_text, money_text


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


class PreloadedChoiceField(forms.ModelChoiceField):
    """A model choice that knows some of its objects already: posting one of them back costs no query.

    Django looks each posted choice up with a query, so an inline of 200 rows would run 200
    queries for its primary keys and 200 more for each foreign key, though the formset loaded
    every row (and, through `select_related`, every related object) in one query.
    """

    preloaded = {}

    def to_python(self, value):
        if value not in self.empty_values and str(value) in self.preloaded:
            return self.preloaded[str(value)]
        return super().to_python(value)


class PreloadedAutocompleteForm(forms.ModelForm):
    """An inline row's form whose foreign keys are labelled and read back from the objects its
    queryset already selected."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            try:
                model_field = self._meta.model._meta.get_field(name)
            except FieldDoesNotExist:
                continue  # DELETE, ORDER
            if not (model_field.many_to_one and model_field.is_cached(self.instance)):
                continue
            related = getattr(self.instance, name)
            if related is None:
                continue
            if isinstance(field, PreloadedChoiceField):
                field.preloaded = {str(related.pk): related}
            widget = getattr(field.widget, "widget", field.widget)  # inside RelatedFieldWidgetWrapper
            if isinstance(widget, PreloadedAutocompleteSelect):
                widget.preloaded = {str(related.pk): field.label_from_instance(related)}

    def _post_clean(self):
        # A row posted back unchanged is the row the database holds, under the same constraints:
        # checking each of them again would cost a query per constraint per row. The formset
        # does not save it either.
        if self.instance.pk is not None and not self.has_changed():
            return
        super()._post_clean()

    def validate_unique(self):
        # An inline formset holds every row of its parent and checks their unique fields against
        # each other (BaseModelFormSet.validate_unique); a query per row would repeat that check
        # and, worse, refuse a swap of two rows' ranks that the formset saves correctly.
        pass


class PreloadedInlineFormSet(BaseInlineFormSet):
    """Reads each posted row back from the rows it loaded, not with a query per row."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        name = self._pk_field.name
        field = form.fields.get(name)
        # Only a posted form reads its rows back (an unbound one is only displayed).
        if form.is_bound and type(field) is forms.ModelChoiceField:
            preloaded = PreloadedChoiceField(
                field.queryset, initial=field.initial, required=False, widget=field.widget
            )
            preloaded.preloaded = self.rows_by_pk
            form.fields[name] = preloaded

    @cached_property
    def rows_by_pk(self):
        return {str(row.pk): row for row in self.get_queryset()}


class PreloadedAutocompleteInline(admin.TabularInline):
    """A tabular inline whose rows and autocomplete fields cost no query per row."""

    form = PreloadedAutocompleteForm
    formset = PreloadedInlineFormSet
    extra = 0

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        # select_related() without names would follow every foreign key.
        return queryset.select_related(*self.autocomplete_fields) if self.autocomplete_fields else queryset

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request) and "widget" not in kwargs:
            kwargs["widget"] = PreloadedAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        kwargs.setdefault("form_class", PreloadedChoiceField)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class OnePostCopyMixin:
    """A ModelAdmin whose inline formsets share one copy of the posted data.

    Django copies request.POST for each inline; a career form posts ~700 fields to eleven
    inlines, and those copies were a third of the time its save took.
    """

    def get_formset_kwargs(self, request, obj, inline, prefix):
        if request.method != "POST":
            return super().get_formset_kwargs(request, obj, inline, prefix)
        if not hasattr(request, "_posted_copy"):
            # A copy (not request.POST itself): "save as new" blanks the rows' primary keys in it.
            request._posted_copy = request.POST.copy()
        return {
            "instance": obj,
            "prefix": prefix,
            "queryset": inline.get_queryset(request),
            "data": request._posted_copy,
            "files": request.FILES,
            "save_as_new": "_saveasnew" in request.POST,
        }


# --- Admin history: figures with their old and new values ----------------------------------


def exact_money(value):
    return money_text(value) or "unknown"


def exact_cents(value):
    return cents_text(value) or "unknown"


def exact_percent(value):
    # As stored (45.25%, not rounded to 45.3%): the history records exactly what changed.
    return "unknown" if value is None else f"{value}%"


def exact_count(value):
    return count_text(value) or "unknown"


def with_figure_values(change_message, form, formats):
    """Django's change message names the changed fields; name each changed figure among
    `formats` ({field: formatter}) with its old and new values: "Enrollment (40,792 → 41,000)".

    The admin history (LogEntry) then keeps who changed which figure from what to what."""
    changed = [name for name in form.changed_data if name in formats]
    if not changed or not change_message or "changed" not in change_message[0]:
        return change_message
    labels = change_message[0]["changed"]["fields"]
    for name in changed:
        label = str(form.fields[name].label or name)
        old, new = formats[name](form.initial.get(name)), formats[name](form.cleaned_data.get(name))
        if label in labels:
            labels[labels.index(label)] = f"{label} ({old} → {new})"
    return change_message


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


def related_rows(parent, related_model, number, singular, plural):
    """A link to the changelist of `related_model` filtered to `parent`, labelled with the count,
    and a link to add one with `parent` filled in (for `rows_links`).

    Rows that imports supply by the hundred (a school's programs, an occupation's alternate titles)
    are edited on their own changelists: as inlines they would make forms of thousands of fields,
    which Django refuses (DATA_UPLOAD_MAX_NUMBER_FIELDS).
    """
    opts = related_model._meta
    fk = next(f for f in opts.get_fields() if f.many_to_one and f.related_model is type(parent))
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    add = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
    return {
        "list_url": f"{changelist}?{fk.name}__{fk.target_field.name}__exact={parent.pk}",
        "count_label": counted(number, singular, plural),
        "add_url": f"{add}?{fk.name}={parent.pk}",
        "add_label": f"add {'an' if singular[0] in 'aeiou' else 'a'} {singular}",
    }


def rows_links(*rows):
    """The links of `related_rows`, one line each, as the admin shows a read-only field."""
    return render_to_string("admin/includes/related_rows.html", {"rows": rows})


def rows_link(parent, related_model, number, singular, plural):
    return rows_links(related_rows(parent, related_model, number, singular, plural))


def image_preview(field_file, alt=""):
    if not field_file:
        return "—"
    return render_to_string("admin/includes/image_preview.html", {"url": field_file.url, "alt": alt})


def admin_link(url, text):
    return render_to_string("admin/includes/link.html", {"url": url, "text": text})


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


# --- Login throttling -----------------------------------------------------------------------


def login_client_address(request):
    """The address django-axes counts failed logins against.

    With LOGIN_THROTTLE_PROXY_COUNT trusted proxies in front, the client is the address the outermost of
    them appended to X-Forwarded-For (addresses further left are whatever the client sent);
    without, the connection's own address."""
    proxies = settings.LOGIN_THROTTLE_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")

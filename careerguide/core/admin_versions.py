"""The admin of a versioned record (careerguide.core.versions): each save that changes something
writes a version with its history line; the history lists the versions, compares two side by side
and restores one; and a save from a form opened before a later change of the record (another
editor's save, another tab's, an import's) is refused, naming what changed and by whom, with
everything the editor typed left in the form (SPEC section 5)."""

import datetime

import reversion
from django.contrib import messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import BooleanField
from django.forms import CheckboxInput
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import capfirst
from reversion.models import Version

from . import versions
from .admin_tools import counted
from .cache import bump_data_version

# The hidden input of a change form: when the record was last changed as the form was opened.
OPENED_AT = "_opened_at"


def clock_text(moment):
    return moment.isoformat() if moment else ""


def parse_clock(text):
    try:
        moment = datetime.datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None
    return moment if timezone.is_aware(moment) else None


def who(revision):
    user = revision.user
    return user.get_username() if user is not None else "an import"


class VersionedAdmin:
    """A ModelAdmin mixin (before ModelAdmin in the bases) for a model registered with
    `versions.register`, whose `updated_at` changes with every change of the record."""

    object_history_template = "admin/versions/object_history.html"

    # --- saving: a version for each change, none for a save that changes nothing -------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method != "POST":
            return super().changeform_view(request, object_id, form_url, extra_context)
        if object_id is not None:
            record = self.model._default_manager.filter(pk=unquote(object_id)).first()
            if record is not None:
                keep_first_state(record)
        with reversion.create_revision(manage_manually=True):
            reversion.set_user(request.user)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        self.add_version(entry, obj)
        return entry

    def log_change(self, request, obj, message):
        if not message:
            return None  # nothing changed: no "No fields changed." line, no version
        entry = super().log_change(request, obj, message)
        self.add_version(entry, obj)
        return entry

    def save_model(self, request, obj, form, change):
        # A form sent back unchanged saves nothing: the record's clock (`updated_at`) would move, and
        # another editor's open form would be refused for a change that changed nothing.
        if change and not form.has_changed():
            return
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        if change and not form.has_changed() and any(formset.has_changed() for formset in formsets):
            # Only rows of its inlines changed: the record's clock moves all the same, so that a form
            # opened before is refused.
            form.instance.save(update_fields=["updated_at"])
        super().save_related(request, form, formsets, change)

    @staticmethod
    def add_version(entry, obj):
        if reversion.is_active():
            reversion.set_comment(entry.get_change_message())
            reversion.add_to_revision(obj)

    # --- stale saves --------------------------------------------------------------------------------

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None and request.method == "POST":
            # Locked until the save commits, so no other save slips between the check and this one.
            obj = type(obj)._default_manager.select_for_update().filter(pk=obj.pk).first() or obj
        return obj

    def stale_changes(self, request, obj):
        """What changed `obj` after the posted form was opened: [{"when", "who", "what"}], oldest
        first; empty when nothing did (or the form carries no clock)."""
        if not hasattr(request, "_stale_changes"):
            opened = parse_clock(request.POST.get(OPENED_AT))
            request._stale_changes = []
            if opened is not None and obj.updated_at is not None and obj.updated_at > opened:
                request._stale_changes = changes_since(obj, opened)
        return request._stale_changes

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        if obj is None or request.method != "POST" or not self.stale_changes(request, obj):
            return form_class
        name = obj._meta.verbose_name
        refusal = (
            f"Not saved: this {name} was changed after you opened it (see what changed, and by whom, "
            "above). What you typed is still here, and the fields you had not touched now show their "
            "new values: check, then save again to keep yours."
        )
        opened = opened_values(obj, parse_clock(request.POST.get(OPENED_AT)))

        class StaleForm(form_class):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                if self.is_bound and opened is not None:
                    self.data = untouched_fields_brought_up_to_date(self, opened)

            def clean(self):
                super().clean()
                raise ValidationError(refusal, code="stale")

        return StaleForm

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if request.method == "POST" and obj is not None and obj.pk and self.stale_changes(request, obj):
            if not hasattr(request, "_opened_snapshot"):
                version = opened_version(obj, parse_clock(request.POST.get(OPENED_AT)))
                request._opened_snapshot = versions.version_snapshot(version) if version else None
            if request._opened_snapshot is not None:
                kwargs["data"] = untouched_rows_brought_up_to_date(
                    kwargs["data"], prefix, inline, obj, request._opened_snapshot, request
                )
        return kwargs

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        stale = self.stale_changes(request, obj) if obj is not None and request.method == "POST" else []
        if obj is None:
            opened_at = ""
        elif request.method == "POST" and not stale:
            opened_at = request.POST.get(OPENED_AT, "")  # a form sent back with an error keeps its clock
        else:
            opened_at = clock_text(obj.updated_at)  # a refused form now knows of the changes
        context.update({"opened_at": opened_at, "opened_at_name": OPENED_AT, "stale_changes": stale})
        return super().render_change_form(request, context, add, change, form_url, obj)

    # --- history, comparison, restore -------------------------------------------------------------

    def get_urls(self):
        opts = self.model._meta
        info = f"{opts.app_label}_{opts.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path("<path:object_id>/history/compare/", wrap(self.compare_view), name=f"{info}_compare"),
            path(
                "<path:object_id>/history/<int:version_id>/restore/",
                wrap(self.restore_view),
                name=f"{info}_restore",
            ),
            *super().get_urls(),
        ]

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        context = dict(extra_context or {})
        if obj is not None and self.has_view_or_change_permission(request, obj):
            context["versions"] = [
                {"version": version, "who": who(version.revision), "comment": version.revision.get_comment()}
                for version in versions.versions_of(obj)[:200]
            ]
            context["can_restore"] = self.has_change_permission(request, obj)
            context["compare_url"] = self.url_of(obj, "compare")
        return super().history_view(request, object_id, context)

    def url_of(self, obj, page, *args):
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_{page}", args=[quote(obj.pk), *args])

    def versioned_object(self, request, object_id, permission):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(f"No {self.model._meta.verbose_name} with this id.")
        if not permission(request, obj):
            raise PermissionDenied
        return obj

    def version_of(self, obj, version_id):
        return get_object_or_404(
            Version.objects.get_for_object(obj).select_related("revision__user"), pk=version_id
        )

    def compare_view(self, request, object_id):
        """Two versions side by side (`a` and `b`: version ids, or "current")."""
        obj = self.versioned_object(request, object_id, self.has_view_or_change_permission)
        sides = []
        for key in ("a", "b"):
            value = request.GET.get(key, "current")
            if value == "current":
                sides.append({"title": "Now", "snapshot": versions.live_snapshot(obj), "version": None})
                continue
            if not value.isdigit():
                raise Http404("Choose two versions to compare.")
            version = self.version_of(obj, int(value))
            sides.append(
                {
                    "title": f"{timezone.localtime(version.revision.date_created):%Y-%m-%d %H:%M}, {who(version.revision)}",
                    "snapshot": versions.version_snapshot(version),
                    "version": version,
                }
            )
        older, newer = sides
        context = {
            **self.admin_site.each_context(request),
            "title": f"Compare versions: {obj}",
            "object": obj,
            "opts": self.model._meta,
            "older": older,
            "newer": newer,
            "compared": versions.comparison(older["snapshot"], newer["snapshot"]),
            "history_url": self.url_of(obj, "history"),
            "can_restore": self.has_change_permission(request, obj),
        }
        return TemplateResponse(request, "admin/versions/compare.html", context)

    def restore_view(self, request, object_id, version_id):
        """What restoring a version changes (GET), and the restore itself (POST): an editor's change
        like any other, with its history line and a new version. In one transaction, which holds
        the record from the check that no one changed it since the page opened to the restore."""
        with transaction.atomic():
            return self.restore_page(request, object_id, version_id)

    def restore_page(self, request, object_id, version_id):
        obj = self.versioned_object(request, object_id, self.has_change_permission)
        version = self.version_of(obj, version_id)
        when = f"{timezone.localtime(version.revision.date_created):%Y-%m-%d %H:%M}"
        stale = []
        if request.method == "POST":
            stale = self.stale_changes(request, obj)
            if not stale:
                with reversion.create_revision(manage_manually=True):
                    reversion.set_user(request.user)
                    skipped = versions.restore(obj, version)
                    self.after_restore(request, obj)
                    self.log_change(
                        request, obj, f"Restored the version of {when} ({who(version.revision)})."
                    )
                self.message_user(
                    request,
                    f"The version of {when} is restored: it is the newest version now (the one it replaced "
                    "is in the history).",
                    messages.SUCCESS,
                )
                if skipped:
                    self.message_user(
                        request,
                        "Not restored, because what they point at was deleted: " + "; ".join(skipped),
                        messages.WARNING,
                    )
                return HttpResponseRedirect(self.url_of(obj, "change"))
        context = {
            **self.admin_site.each_context(request),
            "title": f"Restore the version of {when}: {obj}",
            "object": obj,
            "opts": self.model._meta,
            "version": version,
            "who": who(version.revision),
            "when": when,
            "compared": versions.comparison(versions.live_snapshot(obj), versions.version_snapshot(version)),
            "opened_at": clock_text(obj.updated_at),
            "opened_at_name": OPENED_AT,
            "stale_changes": stale,
            "history_url": self.url_of(obj, "history"),
        }
        return TemplateResponse(request, "admin/versions/restore.html", context)

    def change_many(self, request, queryset, changes, line):
        """Set `changes` on every record of `queryset` (an action's), each as an editor's change: its
        clock moves on, and it gets `line` in its history and a version."""
        model = self.model
        pks = list(queryset.values_list("pk", flat=True))
        for record in model._default_manager.filter(pk__in=pks):
            keep_first_state(record)
        with transaction.atomic(), reversion.create_revision(manage_manually=True):
            reversion.set_user(request.user)
            reversion.set_comment(line)
            model._default_manager.filter(pk__in=pks).update(**changes, updated_at=timezone.now())
            records = list(versions.with_follows(model._default_manager.filter(pk__in=pks)))
            for record in records:
                reversion.add_to_revision(record)
            LogEntry.objects.log_actions(request.user.pk, records, CHANGE, change_message=line)
            bump_data_version()  # an update sends no signal
        opts = model._meta
        self.message_user(
            request,
            f"{line.rstrip('.')}: {counted(len(records), opts.verbose_name, opts.verbose_name_plural)}.",
            messages.SUCCESS,
        )

    def after_restore(self, request, obj):
        """What else a restore of `obj` sets right (a school's kept figures): nothing by default."""


def keep_first_state(record):
    """Before the first change recorded of a record (one an import or the seed made, with no version
    yet), a version of it as it is: the history then starts from it, it can be compared and
    restored, and a form opened before that change knows what it showed."""
    if Version.objects.get_for_object(record).exists():
        return
    with reversion.create_revision(manage_manually=True):
        reversion.set_comment("As it was before the first change recorded here.")
        reversion.set_date_created(record.updated_at or timezone.now())
        reversion.add_to_revision(
            versions.with_follows(type(record)._default_manager.filter(pk=record.pk)).get()
        )


def opened_version(obj, opened):
    """The newest version of the record when its form was opened, or None."""
    return versions.versions_of(obj).filter(revision__date_created__lte=opened).first() if opened else None


def opened_values(obj, opened):
    """The record's values as its form was opened, or None when unknown."""
    version = opened_version(obj, opened)
    return None if version is None else versions.stored_snapshot(version).values


def posted_text(value):
    """A stored value as a form posts it back."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "on" if value else ""
    return str(value)


def untouched_rows_brought_up_to_date(data, prefix, inline, obj, opened, request):
    """The posted rows of one inline of a refused stale form, each field the editor had not touched
    (posted as the form opened with it) given the row's current value, as for the form's own fields."""
    relation = next(
        (
            f.remote_field.get_accessor_name()
            for f in inline.model._meta.concrete_fields
            if f.many_to_one and f.related_model is type(obj)
        ),
        None,
    )
    opened_rows = {str(row.pk): row.values for row in opened.relations.get(relation, [])}
    if not opened_rows:
        return data
    current_rows = {str(row.pk): row for row in inline.get_queryset(request).filter(pk__in=list(opened_rows))}
    data = data.copy()
    for number in range(int(data.get(f"{prefix}-TOTAL_FORMS") or 0)):
        pk = data.get(f"{prefix}-{number}-id", "")
        if pk not in opened_rows or pk not in current_rows:
            continue
        for model_field in inline.model._meta.concrete_fields:
            key = f"{prefix}-{number}-{model_field.name}"
            checkbox = isinstance(model_field, BooleanField)
            if model_field.primary_key or (key not in data and not checkbox):
                continue  # not on the form
            if data.get(key, "") != posted_text(opened_rows[pk].get(model_field.attname)):
                continue  # typed by the editor: kept
            current = posted_text(getattr(current_rows[pk], model_field.attname))
            if checkbox and not current:
                data.pop(key, None)  # an unticked box posts nothing
            else:
                data[key] = current
    return data


def untouched_fields_brought_up_to_date(form, opened):
    """The posted data of a refused stale form, each field the editor had not touched (its posted
    value is the one the form opened with) given the record's current value: saving again then keeps
    what the editor typed without undoing what others changed meanwhile."""
    data = form.data.copy()
    for name, field in form.fields.items():
        model_field = next((f for f in form._meta.model._meta.get_fields() if f.name == name), None)
        if model_field is None or not hasattr(model_field, "attname") or model_field.attname not in opened:
            continue
        posted = field.widget.value_from_datadict(form.data, form.files, form.add_prefix(name))
        if field.has_changed(opened[model_field.attname], posted):
            continue  # typed by the editor: kept
        current = field.prepare_value(form.initial.get(name))
        key = form.add_prefix(name)
        if isinstance(current, list | tuple):
            data.setlist(key, [str(value) for value in current])
        elif isinstance(field.widget, CheckboxInput):
            if current:
                data[key] = "on"
            else:
                data.pop(key, None)
        else:
            data[key] = "" if current is None else str(current)
    return data


def changes_since(obj, opened):
    """[{"when", "who", "what"}] of the versions of `obj` written after `opened`, oldest first; one
    line saying only when, for a change that wrote no version."""
    later = list(versions.versions_of(obj).filter(revision__date_created__gt=opened))[::-1]
    if not later:
        return [{"when": obj.updated_at, "who": "someone", "what": "a change that left no version"}]
    changes = []
    previous = versions.versions_of(obj).filter(revision__date_created__lte=opened).first()
    for version in later:
        revision = version.revision
        what = revision.get_comment()
        if revision.user is None and previous is not None:
            # An import's line names the run; what it changed in this record is the difference.
            labels = versions.changed_field_labels(
                versions.version_snapshot(previous), versions.version_snapshot(version)
            )
            what = f"{what} — changed {', '.join(labels) or 'nothing shown on the form'}"
        changes.append({"when": revision.date_created, "who": who(revision), "what": what})
        previous = version
    return changes


def record_name(obj):
    return capfirst(obj._meta.verbose_name)

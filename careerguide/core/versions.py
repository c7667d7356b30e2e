"""Every version of the records editors keep (SPEC section 5), with django-reversion.

A version is written by each editor's save that changes something (with the history line as its
comment) and by each import run (one revision holding the records it changed). A record's version
holds the record and the rows it follows (a career's sections, a degree level's programs), as the
revision stored them; this module reads such a version back as a `Snapshot`, compares two of them
field by field and row by row, and restores one onto the live record.

Restoring never goes through `Revision.revert()`: an import's revision holds thousands of schools,
and restoring one school must touch that school only.
"""

import difflib
from dataclasses import dataclass, field

import reversion
from django.db import models, transaction
from django.utils.text import capfirst
from reversion.models import Version

# Fields a restore leaves as they are and a comparison leaves out: the record's identity and the
# clock of its own changes.
HOUSEKEEPING = {"id", "created_at", "updated_at"}

# {model: (follow names)}: what a version of each registered model holds besides the record.
FOLLOWS = {}


def register(model, follow=(), *, replace=False):
    """Keep versions of `model` and of the rows it follows (`follow`: reverse relations' names)."""
    if replace and reversion.is_registered(model):
        reversion.unregister(model)
    reversion.register(model, follow=tuple(follow))
    FOLLOWS[model] = tuple(follow)


def follows(model):
    return FOLLOWS.get(model, ())


def with_follows(queryset):
    """`queryset` with the rows its records' versions hold read in a few queries, not per record."""

    def paths(model, prefix=""):
        for name in follows(model):
            yield f"{prefix}{name}"
            yield from paths(model._meta.get_field(name).related_model, f"{prefix}{name}__")

    return queryset.prefetch_related(*paths(queryset.model))


# --- a record as a version holds it ---------------------------------------------------------------


@dataclass
class Snapshot:
    """A record's values (attname → value) and, per followed relation, its rows as snapshots."""

    instance: models.Model
    values: dict
    name: str
    relations: dict = field(default_factory=dict)  # follow name → [Snapshot]

    @property
    def pk(self):
        return self.instance.pk


def values_of(instance):
    """{attname: value} of a live instance; many-to-many fields as sorted primary keys."""
    values = {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}
    for m2m_field in instance._meta.many_to_many:
        values[m2m_field.attname] = sorted(getattr(instance, m2m_field.name).values_list("pk", flat=True))
    return values


def stored_snapshot(version):
    """The record of `version` alone: an unsaved instance and its values as the version holds them."""
    model = version.content_type.model_class()
    values = dict(version.field_dict)
    for m2m_field in model._meta.many_to_many:
        values[m2m_field.attname] = sorted(values.get(m2m_field.attname, ()))
    concrete = {f.attname for f in model._meta.concrete_fields}
    instance = model(**{name: value for name, value in values.items() if name in concrete})
    return Snapshot(instance, values, version.object_repr)


def belongs_to(child_values, relation, parent_pk):
    """Whether a followed row (its values) points at the parent through `relation`."""
    if relation.many_to_many:
        return parent_pk in child_values.get(relation.field.attname, ())
    return child_values.get(relation.field.attname) == parent_pk


def live_snapshot(instance):
    """The record as it is now, with the rows it follows."""
    snapshot = Snapshot(instance, values_of(instance), str(instance))
    model = type(instance)
    for name in follows(model):
        relation = model._meta.get_field(name)
        # The rows' names may name what they point at (a best school's school): read with them.
        pointed = [
            f.name
            for f in relation.related_model._meta.concrete_fields
            if f.many_to_one and f is not relation.field
        ]
        rows = getattr(instance, name).select_related(*pointed)
        snapshot.relations[name] = [live_snapshot(row) for row in rows]
    return snapshot


def version_snapshot(version):
    """The record as `version` holds it, with the rows its revision followed."""
    snapshot = stored_snapshot(version)
    model = type(snapshot.instance)
    if follows(model):
        others = list(version.revision.version_set.exclude(pk=version.pk).select_related("content_type"))
        attach_followed(snapshot, model, others)
    return snapshot


def attach_followed(snapshot, model, versions):
    for name in follows(model):
        relation = model._meta.get_field(name)
        children = []
        for version in versions:
            if version.content_type.model_class() is not relation.related_model:
                continue
            child = stored_snapshot(version)
            if belongs_to(child.values, relation, snapshot.pk):
                attach_followed(child, relation.related_model, versions)
                children.append(child)
        ordering = relation.related_model._meta.ordering or ["pk"]
        children.sort(key=lambda child, ordering=ordering: sort_key(child, ordering))
        snapshot.relations[name] = children


def sort_key(snapshot, ordering):
    key = []
    for ordered in ordering:
        name = ordered.lstrip("-")
        value = snapshot.values.get(name, snapshot.values.get(f"{name}_id"))
        if name == "pk":
            value = snapshot.pk
        key.append((value is None, value if value is not None else 0))
    return key


# --- comparing two snapshots ----------------------------------------------------------------------


def shown_fields(model):
    """The fields a comparison shows: every editable concrete field but the housekeeping ones."""
    return [
        f
        for f in model._meta.concrete_fields
        if f.name not in HOUSEKEEPING and not f.primary_key and (f.editable or f.name.startswith("figures_"))
    ]


class Labels:
    """The text of values as a comparison shows them, with every related object named in one query
    per related model."""

    def __init__(self, snapshots):
        wanted = {}
        for snapshot in snapshots:
            self.collect(snapshot, wanted)
        self.names = {
            model: {pk: str(obj) for pk, obj in model._default_manager.in_bulk(sorted(ids)).items()}
            for model, ids in wanted.items()
        }

    def collect(self, snapshot, wanted):
        model = type(snapshot.instance)
        for f in shown_fields(model):
            if f.many_to_one and snapshot.values.get(f.attname) is not None:
                wanted.setdefault(f.related_model, set()).add(snapshot.values[f.attname])
        for m2m_field in model._meta.many_to_many:
            wanted.setdefault(m2m_field.related_model, set()).update(
                snapshot.values.get(m2m_field.attname, ())
            )
        for children in snapshot.relations.values():
            for child in children:
                self.collect(child, wanted)

    def text(self, f, value):
        if value is None or value == "":
            return "—"
        if f.many_to_one:
            return self.names.get(f.related_model, {}).get(value, f"(deleted: {value})")
        if f.choices:
            return str(dict(f.flatchoices).get(value, value))
        if isinstance(f, models.BooleanField):
            return "yes" if value else "no"
        return str(value)

    def many(self, f, values):
        names = self.names.get(f.related_model, {})
        return ", ".join(names.get(pk, f"(deleted: {pk})") for pk in values) or "—"


def word_changes(old, new):
    """The words of `new` against `old`: [(kind, text)] with kind "same", "removed" or "added"."""
    old_words, new_words = old.split(" "), new.split(" ")
    pieces = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag == "equal":
            pieces.append(("same", " ".join(old_words[a1:a2])))
            continue
        if a2 > a1:
            pieces.append(("removed", " ".join(old_words[a1:a2])))
        if b2 > b1:
            pieces.append(("added", " ".join(new_words[b1:b2])))
    return pieces


LONG_TEXT = 80


def field_rows(model, a, b, labels, changed_only=False):
    """[{label, a, b, differs, words}] for each shown field of two snapshots' values (either may be
    None: a row only one side has)."""
    rows = []
    for f in shown_fields(model):
        old = a.values.get(f.attname) if a else None
        new = b.values.get(f.attname) if b else None
        differs = a is not None and b is not None and old != new
        if changed_only and not differs:
            continue
        row = {
            "label": capfirst(f.verbose_name),
            "a": labels.text(f, old) if a else "",
            "b": labels.text(f, new) if b else "",
            "differs": differs,
        }
        long_text = isinstance(f, models.TextField) or max(len(str(old)), len(str(new))) > LONG_TEXT
        if differs and isinstance(old, str) and isinstance(new, str) and long_text:
            row["words"] = word_changes(old, new)
        rows.append(row)
    for m2m_field in model._meta.many_to_many:
        old = a.values.get(m2m_field.attname, []) if a else []
        new = b.values.get(m2m_field.attname, []) if b else []
        differs = a is not None and b is not None and old != new
        if not changed_only or differs:
            rows.append(
                {
                    "label": capfirst(m2m_field.verbose_name),
                    "a": labels.many(m2m_field, old) if a else "",
                    "b": labels.many(m2m_field, new) if b else "",
                    "differs": differs,
                }
            )
    return rows


def comparison(a, b):
    """Two snapshots of one record side by side: its fields, then each followed relation's rows
    matched by primary key (those only one side has, those changed with their changed fields)."""
    labels = Labels([a, b])
    model = type(a.instance)
    return {
        "fields": field_rows(model, a, b, labels),
        "changed": sum(1 for row in field_rows(model, a, b, labels) if row["differs"]),
        "relations": [relation_rows(model, name, a, b, labels) for name in follows(model)],
    }


def relation_rows(model, name, a, b, labels):
    relation = model._meta.get_field(name)
    child_model = relation.related_model
    old = {child.pk: child for child in a.relations.get(name, [])}
    new = {child.pk: child for child in b.relations.get(name, [])}
    rows = []
    for pk in dict.fromkeys([*old, *new]):
        before, after = old.get(pk), new.get(pk)
        if before is None or after is None:
            status = "added" if before is None else "removed"
            fields = field_rows(child_model, before, after, labels)
        else:
            fields = field_rows(child_model, before, after, labels, changed_only=True)
            status = "changed" if fields else "same"
        rows.append({"name": (after or before).name, "status": status, "fields": fields})
    return {
        "label": capfirst(child_model._meta.verbose_name_plural),
        "rows": rows,
        "counts": {
            status: sum(1 for row in rows if row["status"] == status)
            for status in ("added", "removed", "changed", "same")
        },
    }


def changed_field_labels(a, b):
    """The labels of what differs between two snapshots: fields, and relations with a row added,
    removed or changed ("FAQs")."""
    compared = comparison(a, b)
    labels = [row["label"] for row in compared["fields"] if row["differs"]]
    labels += [
        relation["label"]
        for relation in compared["relations"]
        if any(relation["counts"][status] for status in ("added", "removed", "changed"))
    ]
    return labels


# --- restoring -------------------------------------------------------------------------------------


def restore(instance, version):
    """Put the record `instance` back as `version` holds it: its fields (all but HOUSEKEEPING), its
    many-to-many links, and each followed relation's rows (those added since are deleted, those
    deleted since are made again with their ids). Saved with the model's own save(), so its clock,
    its former slugs and the page cache follow. Returns the rows that could not be made again (they
    point at a record deleted since), as their names."""
    snapshot = version_snapshot(version)
    with transaction.atomic():
        model = type(instance)
        for f in model._meta.concrete_fields:
            if f.name not in HOUSEKEEPING and not f.primary_key:
                setattr(instance, f.attname, snapshot.values[f.attname])
        instance.save()
        for m2m_field in model._meta.many_to_many:
            getattr(instance, m2m_field.name).set(
                existing(m2m_field.related_model, snapshot.values[m2m_field.attname])
            )
        return restore_relations(instance, snapshot)


def existing(model, pks):
    return list(model._default_manager.filter(pk__in=pks).values_list("pk", flat=True))


def restore_relations(instance, snapshot):
    skipped = []
    model = type(instance)
    for name in follows(model):
        relation = model._meta.get_field(name)
        children = snapshot.relations.get(name, [])
        if relation.many_to_many:
            getattr(instance, name).set(existing(relation.related_model, [child.pk for child in children]))
            continue
        getattr(instance, name).all().delete()
        for child in children:
            missing = missing_targets(child)
            if missing:
                skipped.append(f"{child.instance} ({', '.join(missing)} deleted since)")
                continue
            row = child.instance
            setattr(row, relation.field.attname, instance.pk)
            row.save(force_insert=True)
            skipped += restore_relations(row, child)
    return skipped


def missing_targets(snapshot):
    """The names of the foreign keys of a row whose record no longer exists."""
    missing = []
    for f in type(snapshot.instance)._meta.concrete_fields:
        value = snapshot.values.get(f.attname)
        if (
            f.many_to_one
            and value is not None
            and not f.related_model._default_manager.filter(pk=value).exists()
        ):
            missing.append(str(f.verbose_name))
    return missing


def versions_of(instance):
    """The versions of a record, newest first, with their revisions and users."""
    return (
        Version.objects.get_for_object(instance)
        .select_related("revision", "revision__user")
        .order_by("-revision__date_created", "-pk")
    )

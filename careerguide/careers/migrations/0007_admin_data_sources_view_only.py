"""Editors see data sources but cannot add, change (rename) or delete them.

A data source ("IPEDS 2023-24") is credited on thousands of school pages: renaming it from one
school's form would change them all. Administrators (superusers) keep every right.
"""

from django.db import migrations

VIEW_ONLY = {"schools": ["datasource"]}


def editor_codenames_removed():
    return [
        (app_label, f"{action}_{model}")
        for app_label, models in VIEW_ONLY.items()
        for model in models
        for action in ("add", "change", "delete")
    ]


def view_only(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Editors").first()
    if group is None:
        return
    for app_label, codename in editor_codenames_removed():
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label=app_label, codename=codename)
        )


def editable_again(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Editors").first()
    if group is None:
        return
    for app_label, codename in editor_codenames_removed():
        if codename.startswith("delete_"):
            continue  # editors never could delete a source
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, codename=codename)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("careers", "0006_careers_occupation_experience_training"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(view_only, editable_again)]

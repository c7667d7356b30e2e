"""Editors add, change and delete the names people use for a school (its aliases)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ADDED = [("schools", f"{action}_schoolalias") for action in ("view", "add", "change", "delete")]


def editor_codenames_added():
    return ADDED


def add_permissions(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Editors").first()
    if group is not None:
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="schools", codename__in=[c for _, c in ADDED])
        )


def remove_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Editors").first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="schools", codename__in=[c for _, c in ADDED])
        )


class Migration(migrations.Migration):
    dependencies = [("careers", "0009_editors_kept_figures_and_import_runs")]

    operations = [migrations.RunPython(add_permissions, remove_permissions)]

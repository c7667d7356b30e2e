"""Editors read import records (not change them), and read the editors' figures imports keep and
give them back to the public data (the list's action needs "change")."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ADDED = [
    ("importing", "view_importrun"),
    ("schools", "view_keptfigure"),
    ("schools", "change_keptfigure"),
]


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
    if group is None:
        return
    for app_label, codename in ADDED:
        group.permissions.add(*Permission.objects.filter(content_type__app_label=app_label, codename=codename))


def remove_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Editors").first()
    if group is None:
        return
    for app_label, codename in ADDED:
        group.permissions.remove(*Permission.objects.filter(content_type__app_label=app_label, codename=codename))


class Migration(migrations.Migration):
    dependencies = [
        ("careers", "0008_former_slugs"),
        ("schools", "0012_kept_figures_and_school_review"),
        ("importing", "0002_run_status_and_high_water_marks"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(add_permissions, remove_permissions)]

"""Create the "Editors" group: add and change content, delete only small editorial rows.

Editors may not delete schools, careers, occupations or fields of study (whole datasets), and get
no permission on users, groups or permissions.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_MODELS = {
    "schools": ["school", "datasource", "fieldofstudy", "programoffering"],
    "careers": [
        "career",
        "occupation",
        "alternatetitle",
        "task",
        "technologyskill",
        "importancepoint",
        "degreelevel",
        "degreeprogram",
        "bestschool",
        "skill",
        "duty",
        "careertechnology",
        "jobmarketpoint",
        "hotspot",
        "industry",
        "faq",
    ],
    "resources": ["resource"],
}
# Rows editors curate inside a page (inlines) may be removed; datasets may not.
DELETABLE = {
    "alternatetitle",
    "importancepoint",
    "degreelevel",
    "degreeprogram",
    "bestschool",
    "skill",
    "duty",
    "careertechnology",
    "jobmarketpoint",
    "hotspot",
    "industry",
    "faq",
    "resource",
}


def create_editors_group(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Editors")
    codenames = []
    for app_label, models in EDITOR_MODELS.items():
        for model in models:
            actions = ["view", "add", "change"] + (["delete"] if model in DELETABLE else [])
            codenames += [(app_label, f"{action}_{model}") for action in actions]
    permissions = [
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in codenames
    ]
    group.permissions.set(permissions)


def remove_editors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Editors").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("careers", "0001_initial"),
        ("schools", "0001_initial"),
        ("resources", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editors_group, remove_editors_group)]

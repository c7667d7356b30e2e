import time

from django.db import migrations, models


def first_version(apps, schema_editor):
    apps.get_model("core", "DataVersion").objects.create(pk=1, version=time.time_ns())


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="DataVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "version",
                    models.BigIntegerField(help_text="A clock reading (ns) at the last change of the data."),
                ),
            ],
            options={"verbose_name": "data version"},
        ),
        migrations.RunPython(first_version, migrations.RunPython.noop),
    ]

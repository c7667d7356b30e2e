import django.db.models.deletion
from django.db import migrations, models


def status_from_succeeded(apps, schema_editor):
    ImportRun = apps.get_model("importing", "ImportRun")
    ImportRun.objects.filter(succeeded=True).update(status="succeeded")
    ImportRun.objects.filter(succeeded=False).update(status="failed")


def succeeded_from_status(apps, schema_editor):
    ImportRun = apps.get_model("importing", "ImportRun")
    ImportRun.objects.filter(status="succeeded").update(succeeded=True)


class Migration(migrations.Migration):
    dependencies = [
        ("importing", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="importrun",
            name="status",
            field=models.CharField(
                choices=[("running", "Running"), ("succeeded", "Succeeded"), ("failed", "Failed")],
                default="running",
                max_length=10,
            ),
        ),
        migrations.RunPython(status_from_succeeded, succeeded_from_status),
        migrations.RemoveField(model_name="importrun", name="succeeded"),
        migrations.AddField(
            model_name="importrun",
            name="allow_changes",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="importrun",
            name="finished_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="importrun",
            name="process",
            field=models.CharField(blank=True, help_text="The host and process id that ran it.", max_length=150),
        ),
        migrations.AddIndex(
            model_name="importrun",
            index=models.Index(fields=["status"], name="importing_i_status_a9ccbc_idx"),
        ),
        migrations.CreateModel(
            name="HighWaterMark",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "table",
                    models.CharField(help_text="The kind of record, as the import report names it.", max_length=60),
                ),
                ("figure", models.CharField(blank=True, help_text="Empty: the table's rows.", max_length=100)),
                ("count", models.PositiveIntegerField()),
                ("lost", models.PositiveIntegerField(default=0, help_text="Taken by accepted runs since, net.")),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "run",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="importing.importrun",
                    ),
                ),
            ],
            options={
                "ordering": ["table", "figure"],
                "constraints": [
                    models.UniqueConstraint(fields=("table", "figure"), name="high_water_mark_unique")
                ],
            },
        ),
    ]

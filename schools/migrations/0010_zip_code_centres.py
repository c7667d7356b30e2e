"""Every US ZIP code's centre, copied once from the `zipcodes` package (MIT licence, no network), so
that no worker loads the package's 40,000 codes to answer "near a ZIP code"."""

from django.db import migrations


def copy_zip_codes(apps, schema_editor):
    import zipcodes  # noqa: PLC0415 (needed by this migration only)

    ZipCode = apps.get_model("schools", "ZipCode")
    ZipCode.objects.bulk_create(
        (
            ZipCode(
                code=place["zip_code"],
                latitude=place["lat"],
                longitude=place["long"],
                city=place["city"][:80],
                state=place["state"][:2],
            )
            for place in zipcodes.list_all()
            if place["lat"] and place["long"]
        ),
        batch_size=2000,
    )


def forget_zip_codes(apps, schema_editor):
    apps.get_model("schools", "ZipCode").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("schools", "0009_scorecard_2023_24_figures_aliases_zip_codes")]

    operations = [migrations.RunPython(copy_zip_codes, forget_zip_codes)]

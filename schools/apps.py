from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    name = "schools"
    verbose_name = "Schools"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from careerguide.core import versions  # noqa: PLC0415 (models load first)

        from .models import School  # noqa: PLC0415

        versions.register(School)

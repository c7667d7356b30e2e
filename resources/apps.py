from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    name = "resources"
    verbose_name = "Resources"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from careerguide.careers.models import Career  # noqa: PLC0415 (models load first)
        from careerguide.core import versions  # noqa: PLC0415

        from .models import Resource  # noqa: PLC0415

        versions.register(Resource)
        # A career's version holds the resources its page lists, as this app adds them to its form.
        versions.register(Career, follow=(*versions.follows(Career), "resources"), replace=True)

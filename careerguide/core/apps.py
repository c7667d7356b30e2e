from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Helpers every app shares (text, pagination, number formats, images, admin, HTTP): depends on no app."""

    name = "careerguide.core"
    label = "core"

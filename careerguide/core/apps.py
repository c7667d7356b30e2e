from django.apps import AppConfig

from .cache import connect_signals


class CoreConfig(AppConfig):
    """Helpers every app shares (text, pagination, number formats, images, admin, HTTP, the page
    cache): depends on no app."""

    name = "careerguide.core"
    label = "core"

    def ready(self):
        connect_signals()

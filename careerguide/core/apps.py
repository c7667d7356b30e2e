from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Helpers every app shares (text, pagination, number formats, images, admin, HTTP): depends on no app."""

    name = "careerguide.core"
    label = "core"

    def ready(self):
        from .cache import connect_signals  # signals are connected once the app registry is ready

        connect_signals()

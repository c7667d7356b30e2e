from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps

from .cache import connect_signals


class CoreConfig(AppConfig):
    """Helpers every app shares (text, pagination, number formats, images, admin, HTTP, the page
    cache): depends on no app."""

    name = "careerguide.core"
    label = "core"

    def ready(self):
        connect_signals()


class CareerguideAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with the editors' site (careerguide.core.admin_site) as `admin.site`."""

    default = False  # this module's own app is the core
    default_site = "careerguide.core.admin_site.CareerguideAdminSite"

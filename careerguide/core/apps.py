from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.core import checks

from .cache import connect_signals
from .http_caching import check_shared_seconds


class CoreConfig(AppConfig):
    """Helpers every app shares (text, pagination, number formats, images, admin, HTTP, the page
    cache): depends on no app."""

    name = "careerguide.core"
    label = "core"

    def ready(self):
        connect_signals()
        checks.register(check_shared_seconds, checks.Tags.caches)


class CareerguideAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with the editors' site (careerguide.core.admin_site) as `admin.site`."""

    default = False  # this module's own app is the core
    default_site = "careerguide.core.admin_site.CareerguideAdminSite"

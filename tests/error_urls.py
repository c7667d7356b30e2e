"""The site's URLs plus views that fail on purpose, for the error page tests."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from careerguide.urls import urlpatterns as site_urlpatterns


def fails(request):
    raise RuntimeError("a bug, on purpose")


def suspicious(request):
    raise SuspiciousOperation("a bad request, on purpose")


def denied(request):
    raise PermissionDenied


urlpatterns = [
    path("test-errors/500/", fails),
    path("test-errors/400/", suspicious),
    path("test-errors/403/", denied),
    *site_urlpatterns,
]

handler403 = "careerguide.core.admin_access.permission_denied"

"""Response headers Django 5.2 does not set by itself: Content-Security-Policy and Permissions-Policy.

The policies are settings (`CONTENT_SECURITY_POLICY`, `PERMISSIONS_POLICY`: directive → sources)
turned into header values once, when the middleware is built, so a request costs two dict writes.
A view that needs a different policy sets the header itself; the middleware leaves it alone.
"""

from django.conf import settings


def policy_header(directives):
    """`{"default-src": ["'self'"], "img-src": ["'self'", "data:"]}` → `default-src 'self'; img-src 'self' data:`."""
    return "; ".join(" ".join([name, *sources]) for name, sources in directives.items())


def permissions_header(features):
    """`{"camera": [], "fullscreen": ["self"]}` → `camera=(), fullscreen=(self)` (Structured Field syntax)."""
    return ", ".join(f"{feature}=({' '.join(allowed)})" for feature, allowed in features.items())


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.headers = {}
        if settings.CONTENT_SECURITY_POLICY:
            self.headers["Content-Security-Policy"] = policy_header(settings.CONTENT_SECURITY_POLICY)
        if settings.PERMISSIONS_POLICY:
            self.headers["Permissions-Policy"] = permissions_header(settings.PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        for name, value in self.headers.items():
            response.headers.setdefault(name, value)
        return response

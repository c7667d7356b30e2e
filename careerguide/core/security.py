"""Response headers Django 5.2 does not set by itself: Content-Security-Policy and Permissions-Policy.

The policies are settings (`CONTENT_SECURITY_POLICY`, `PERMISSIONS_POLICY`: directive → sources)
turned into header values once, when the middleware is built, so a request costs two dict writes.
A view that needs a different policy sets the header itself; the middleware leaves it alone.
With DEBUG on, Django's technical error pages (inline styles and scripts) go out without a CSP.
"""

from django.conf import settings


def policy_header(directives):
    """`{"default-src": ["'self'"], "img-src": ["'self'", "https:"]}` → `default-src 'self'; img-src 'self' https:`."""
    return "; ".join(" ".join([name, *sources]) for name, sources in directives.items())


def permissions_header(features):
    """`{"camera": [], "fullscreen": ["self"]}` → `camera=(), fullscreen=(self)` (Structured Field syntax)."""
    return ", ".join(f"{feature}=({' '.join(allowed)})" for feature, allowed in features.items())


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.content_security_policy = policy_header(settings.CONTENT_SECURITY_POLICY)
        self.permissions_policy = permissions_header(settings.PERMISSIONS_POLICY)
        self.debug = settings.DEBUG

    def __call__(self, request):
        response = self.get_response(request)
        if self.content_security_policy and not (self.debug and response.status_code >= 400):
            response.headers.setdefault("Content-Security-Policy", self.content_security_policy)
        if self.permissions_policy:
            response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        return response

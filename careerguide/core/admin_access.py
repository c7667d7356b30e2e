"""Who gets into the editors' area, and what they are told when they may not (SPEC section 5).

Logins are throttled by django-axes, fairly: wrong passwords count against an account *and* the
address they came from together, so guessing at an editor's username from elsewhere never locks
the editor out, and an address that fails ADDRESS_FAILURE_LIMIT times in an hour is throttled as a
whole, whichever accounts it tried. A failed login says how many tries remain; a refused one says
why, for how long, and whom to ask. A signed-in editor refused a page of the admin is told which
permission that page needs.
"""

import datetime

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessFailureLog
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.views import defaults

from careerguide.core.admin_tools import login_client_address

ADDRESS_WINDOW = datetime.timedelta(hours=1)

WHOM_TO_ASK = "If you have forgotten your password, ask a Careerguide administrator to reset it."


def address_failures(address):
    """Failed logins from `address` in the last ADDRESS_WINDOW, whatever the account."""
    since = timezone.now() - ADDRESS_WINDOW
    return AccessFailureLog.objects.filter(ip_address=address, attempt_time__gte=since).count()


def address_throttled(address):
    return address is not None and address_failures(address) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT


class FairLoginHandler(AxesDatabaseHandler):
    """Axes' database handler with a second limit: the account-and-address pair is locked after
    AXES_FAILURE_LIMIT failures (AXES_LOCKOUT_PARAMETERS), and an address after
    LOGIN_ADDRESS_FAILURE_LIMIT failures in an hour, counted from the failure log."""

    def is_locked(self, request, credentials=None):
        return super().is_locked(request, credentials) or address_throttled(request.axes_ip_address)

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        if request is not None and not request.axes_locked_out and address_throttled(request.axes_ip_address):
            request.axes_locked_out = True
            request.axes_credentials = credentials


def tries_left(request, credentials):
    """(tries left for this account from this address, tries left for the address) after a failure."""
    pair = get_failure_limit(request, credentials) - request.axes_failures_since_start
    address = settings.LOGIN_ADDRESS_FAILURE_LIMIT - address_failures(login_client_address(request))
    return max(pair, 0), max(address, 0)


def minutes(delta):
    return round(delta.total_seconds() / 60)


class EditorLoginForm(AdminAuthenticationForm):
    """The admin's login form, whose error after a wrong password says how many tries remain."""

    def get_invalid_login_error(self):
        error = super().get_invalid_login_error()
        # Counted only for a failure axes recorded (not for a login it refused: that gets its own page).
        if self.request is None or getattr(self.request, "axes_failures_since_start", None) is None:
            return error
        credentials = {"username": self.cleaned_data.get("username")}
        pair, address = tries_left(self.request, credentials)
        cooloff = minutes(settings.AXES_COOLOFF_TIME)
        if address < pair:
            warning = (
                f"{address} more failed login{'s' if address != 1 else ''} from this address, for any "
                f"account, and logins from it are paused for up to an hour."
            )
        else:
            warning = (
                f"{pair} {'try remains' if pair == 1 else 'tries remain'} for this account from this "
                f"address before its logins are paused for {cooloff} minutes."
            )
        return ValidationError(f"{error.messages[0]} {warning} {WHOM_TO_ASK}", code=error.code)


def lockout_response(request, original_response=None, credentials=None):
    """The page a refused login gets (HTTP 429): which limit, how long, whom to ask."""
    address = login_client_address(request)
    whole_address = address_throttled(address)
    context = {
        **admin.site.each_context(request),
        "title": "Too many failed logins",
        "username": get_client_username(request, credentials),
        "whole_address": whole_address,
        "failure_limit": get_failure_limit(request, credentials),
        "address_limit": settings.LOGIN_ADDRESS_FAILURE_LIMIT,
        "cooloff_minutes": minutes(settings.AXES_COOLOFF_TIME),
        "window_minutes": minutes(ADDRESS_WINDOW),
        "whom_to_ask": WHOM_TO_ASK,
    }
    return render(
        request, "admin/locked_out.html", context, status=settings.AXES_HTTP_RESPONSE_CODE, using="django"
    )


# --- A refused page of the admin -----------------------------------------------------------------

ACTION_WORDS = {"add": "add", "change": "change", "delete": "delete", "view": "see"}


def page_action(page, method):
    """The permission's action a page of a model's admin needs: its own for adding and deleting;
    to read a page, "view"; to post anything else, "change"."""
    if page in ("add", "delete"):
        return page
    return "view" if method in ("GET", "HEAD") else "change"


def needed_permission(request):
    """(what the page does, in words; the Permission it needs), or (None, None) when the page is
    not one of a model's."""
    try:
        name = resolve(request.path_info).url_name or ""
    except Resolver404:
        return None, None
    for model in admin.site._registry:
        opts = model._meta
        prefix = f"{opts.app_label}_{opts.model_name}_"
        if name.startswith(prefix):
            action = page_action(name.removeprefix(prefix), request.method)
            permission = (
                Permission.objects.select_related("content_type")
                .filter(content_type__app_label=opts.app_label, codename=f"{action}_{opts.model_name}")
                .first()
            )
            return f"{ACTION_WORDS[action]} {opts.verbose_name_plural}", permission
    return None, None


def permission_denied(request, exception=None):
    """The 403 of the whole site: the public page, or for a signed-in editor in the admin, a page in
    the admin's styling that says which permission was missing and whom to ask."""
    user = getattr(request, "user", None)
    in_admin = request.path.startswith(reverse("admin:index"))
    if not (in_admin and user is not None and user.is_authenticated and user.is_staff):
        return defaults.permission_denied(request, exception)
    words, permission = needed_permission(request)
    context = {
        **admin.site.each_context(request),
        "title": "Not allowed",
        "what": words,
        "permission": permission,
        "groups": list(user.groups.values_list("name", flat=True)),
    }
    return render(request, "admin/403.html", context, status=403, using="django")

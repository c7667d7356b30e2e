"""POST /schools/shortlist/: add, remove, replace or clear the shortlist cookie, then go back."""

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.csrf import csrf_failure
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .. import shortlist
from ..selectors import existing_slugs, school_named


def safe_next(request, fallback):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def add_or_remove(action, saved, slugs):
    found = school_named(slugs[0]) if slugs else None
    if found is None:
        return saved, messages.ERROR, "That school could not be found.", None
    slug, name = found
    if action == "remove":
        return shortlist.removed(saved, slug), messages.INFO, f"Removed {name} from your shortlist.", None
    new, fits = shortlist.added(saved, slug)
    if not fits:
        text = f"Your shortlist is full: it holds {shortlist.LIMIT} schools. Remove one before adding {name}."
        return saved, messages.WARNING, text, None
    return new, messages.SUCCESS, f"Added {name} to your shortlist ({len(new)} of {shortlist.LIMIT}).", None


def replace(action, saved, slugs):
    kept = existing_slugs(slugs)[: shortlist.LIMIT]
    text = (
        f"Your shortlist now holds the {len(kept)} school{'s' if len(kept) != 1 else ''} of this comparison."
    )
    return kept, messages.SUCCESS, text, shortlist.compare_url(kept) if kept else None


def clear(action, saved, slugs):
    return [], messages.INFO, "Your shortlist is empty.", None


ACTIONS = {"add": add_or_remove, "remove": add_or_remove, "replace": replace, "clear": clear}


# The actions a button names itself after, its value the school: one form serves a page of schools.
BUTTON_ACTIONS = ("add", "remove")


def requested(data):
    """(action, the schools' slugs) a POST asks for: `action` and its `school` fields, or a button
    named after its action whose value is the school (the finder's one form for all its rows)."""
    if "action" in data:
        return data["action"], data.getlist("school")
    for action in BUTTON_ACTIONS:
        if action in data:
            return action, data.getlist(action)
    return "", []


def apply_action(action, saved, slugs):
    """(new shortlist, message level, message, the comparison a replaced shortlist opens) for one
    action; None for an unknown action."""
    handler = ACTIONS.get(action)
    return handler(action, saved, slugs) if handler else None


@csrf_exempt  # no per-visitor token on cached pages: is_same_origin() guards this endpoint instead
@require_POST
def shortlist_update(request):
    if not shortlist.is_same_origin(request):
        # The same answer as a failed CSRF check elsewhere: the site's "form could not be sent" page.
        return csrf_failure(request, reason="This form must be sent from a page of this site.")
    action, requested_slugs = requested(request.POST)
    slugs = shortlist.clean_slugs(requested_slugs[: shortlist.READ_MAX])
    # What the cookie holds, less what no longer names a school.
    saved = existing_slugs(shortlist.get(request))
    outcome = apply_action(action, saved, slugs)
    if outcome is None:
        return HttpResponse("Unknown shortlist action.", status=400, content_type="text/plain; charset=utf-8")
    new, level, text, target = outcome
    fallback = reverse("listings:school_finder")
    if "application/json" in request.headers.get("Accept", ""):
        response = JsonResponse(
            {
                "ok": level in (messages.SUCCESS, messages.INFO),
                "message": text,
                "count": len(new),
                "schools": new,
                "compare_url": shortlist.compare_url(new) if new else "",
            },
            status=404 if level == messages.ERROR else 200,
        )
    else:
        messages.add_message(request, level, text)
        # A replaced shortlist opens its comparison; the other actions go back where they came from.
        destination = (target or fallback) if action == "replace" else safe_next(request, fallback)
        response = HttpResponseRedirect(destination)
    if new != shortlist.get(request):
        shortlist.store(request, response, new)
    return response

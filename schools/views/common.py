"""What several school pages share: the shortlist tray, school addresses, the state list."""

from functools import lru_cache

from django.template.loader import render_to_string
from django.urls import reverse

from careerguide.core.fragments import fragment

from .. import shortlist
from ..selectors import shortlist_names
from ..states import US_STATES


def tray_context(request, home_state="", program=""):
    """The shortlist tray: the shortlisted schools that exist, by name (one query; none when empty)."""
    items = shortlist_names(shortlist.get(request))
    slugs = [slug for slug, _ in items]
    return {
        "shortlist_slugs": set(slugs),
        "shortlist_saved": slugs,
        "tray_items": items,
        "tray_compare_url": shortlist.compare_url(slugs, home_state, program) if items else "",
        "shortlist_limit": shortlist.LIMIT,
        "shortlist_action": reverse("schools:shortlist"),
        "shortlist_templates": fragment("schools/shortlist_templates.html", {}),
    }


@lru_cache(maxsize=256)
def state_options_html(chosen):
    """The 59 <option>s of every state and territory, those in the frozenset `chosen` selected:
    rendered once per choice of states (most pages: none or one), not on every request."""
    states = [(code, name, code in chosen) for code, name in US_STATES]
    return render_to_string("schools/partials/state_options.html", {"states": states})

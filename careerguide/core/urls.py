"""Addresses a page writes many of: one reverse() a page, not one a link (~65 µs apiece)."""

import re

from django.urls import reverse

# What a slug route (<slug:…>) takes as it is.
SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]{1,220}$")


def slug_url_maker(view_name, request=None):
    """slug → the address of `view_name` for it (absolute with `request`)."""
    sample = reverse(view_name, kwargs={"slug": "-"})
    head, _, tail = (request.build_absolute_uri(sample) if request else sample).rpartition("-")

    def url(slug):
        if SLUG_RE.match(slug):
            return f"{head}{slug}{tail}"
        path = reverse(view_name, kwargs={"slug": slug})
        return request.build_absolute_uri(path) if request else path

    return url

"""The Jinja2 environment of the public pages (templates in jinja2/): Jinja2's own, with Django's
URLs and static files, and the site's one set of number formats, so that every page shows figures
the same way."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.urls import reverse
from django.utils import dateformat
from django.utils.text import capfirst
from markupsafe import Markup

from jinja2 import Environment

from .formats import FIGURE_FORMATS, NOT_REPORTED, or_not_reported

# The characters that could end a <script> element or open an HTML comment, escaped for JSON.
JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def url(name, *args, **kwargs):
    return reverse(name, args=args or None, kwargs=kwargs or None)


def figure_text(value, kind="text"):
    """A figure as text, or None when it is unknown (the `figure` macro marks "Not reported")."""
    return FIGURE_FORMATS[kind](value)


def pluralize(number, plural="s", singular=""):
    """ "s" (or `plural`) unless `number` is 1: "{{ n }} school{{ n|pluralize }}"."""
    return singular if number == 1 else plural


def json_script_text(data):
    """`data` as JSON text that cannot leave a <script> element (<, > and & escaped as JSON
    escapes, as Django's json_script does)."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(JSON_ESCAPES)
    return Markup(text)  # noqa: S704 (escaped for a script element above)


def text_or_not_reported(kind):
    """The filter of a kind of figure that is always shown: its text, or "Not reported"."""
    text_of = FIGURE_FORMATS[kind]

    def text(value):
        return or_not_reported(text_of(value))

    return text


def date(value, format_string):
    """A date in Django's date format ("j F Y"), or "" without one."""
    return dateformat.format(value, format_string) if value else ""


def environment(**options):
    env = Environment(**options)  # noqa: S701 (settings turn autoescape on)
    env.globals.update(url=url, static=static, figure_text=figure_text, NOT_REPORTED=NOT_REPORTED)
    env.filters.update(
        {
            kind: text_or_not_reported(kind)
            for kind in ("money", "cents", "percent", "signed_percent", "count")
        },
        pluralize=pluralize,
        date=date,
        capfirst=capfirst,
        json_script_text=json_script_text,
    )
    return env

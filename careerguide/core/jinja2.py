"""The Jinja2 environment of the hot fragments (templates in jinja2/): Jinja2's own, plus the site's
one number format, so that a fragment shows figures exactly as the Django templates do."""

from jinja2 import Environment

from .templatetags.formats import FIGURE_FORMATS, NOT_REPORTED


def figure_text(value, kind="text"):
    """A figure as text, or None when it is unknown (the `figure` macro marks "Not reported")."""
    return FIGURE_FORMATS[kind](value)


def environment(**options):
    env = Environment(**options)  # noqa: S701 (settings turn autoescape on)
    env.globals.update(figure_text=figure_text, NOT_REPORTED=NOT_REPORTED)
    return env

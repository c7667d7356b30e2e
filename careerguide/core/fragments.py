"""Hot fragments: the parts of pages rendered by the Jinja2 engine (measured several times faster
than the Django template language there)."""

from django.template import engines
from django.utils.safestring import mark_safe


def fragment(template_name, context):
    """A hot fragment rendered by the Jinja2 engine (templates in jinja2/, autoescaped as Django's
    are), for a page template to place as it is. What is marked safe is a template's output, whose
    every value the template escaped; nothing here assembles markup."""
    return mark_safe(engines["jinja2"].get_template(template_name).render(context))  # noqa: S308

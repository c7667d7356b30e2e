"""The site's number formats as Django template filters, for the admin's templates (the public
pages are Jinja2 and read `careerguide.core.formats` through their environment)."""

from django import template

from careerguide.core.formats import count_text, or_not_reported

register = template.Library()


@register.filter
def count(value):
    return or_not_reported(count_text(value))

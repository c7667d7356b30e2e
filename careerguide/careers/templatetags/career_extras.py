"""Career pages' template tags: JSON-LD, absolute URLs, and the site's number filters.

JSON-LD is written by a template (careers/jsonld.html); `jsonld_text` only serializes a document to
JSON that cannot end the <script> element, as Django's `json_script` does.

The number filters (money, cents, percent, signed_percent, count) and the `{% figure %}` tag are those
of `careerguide.core.templatetags.formats`, registered here too so a template needs one `{% load %}`.
"""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe

from careerguide.core.templatetags import formats

register = template.Library()

for _filter in (formats.money, formats.cents, formats.percent, formats.signed_percent, formats.count):
    register.filter(_filter.__name__, _filter)
register.tag("figure", formats.register.tags["figure"])

# The characters that could end a <script> element or open an HTML comment, escaped for JSON.
_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def jsonld_text(data):
    """`data` as JSON text safe inside a <script> element: <, > and & escaped as JSON escapes."""
    # As Django's json_script: JSON text with every character that could leave the element escaped.
    return mark_safe(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES))  # noqa: S308


@register.inclusion_tag("careers/jsonld.html")
def jsonld(data):
    """A <script type="application/ld+json"> element holding `data`."""
    return {"data": data}


@register.simple_tag(takes_context=True)
def absolute_url(context, path=None):
    """The absolute URL of `path` (default: the current path, without its query string)."""
    request = context.get("request")
    if request is None:
        return path or ""
    return request.build_absolute_uri(path or request.path)


@register.inclusion_tag("careers/jsonld.html", takes_context=True)
def school_jsonld(context, school):
    """schema.org CollegeOrUniversity for a school page."""
    request = context.get("request")
    url = request.build_absolute_uri(school.get_absolute_url()) if request else school.get_absolute_url()
    data = {
        "@context": "https://schema.org",
        "@type": "CollegeOrUniversity",
        "name": school.name,
        "url": url,
        "identifier": {"@type": "PropertyValue", "propertyID": "IPEDS UNITID", "value": str(school.unitid)},
        "address": {
            "@type": "PostalAddress",
            "addressLocality": school.city,
            "addressRegion": school.state,
            "addressCountry": "US",
        },
    }
    if school.zip_code:
        data["address"]["postalCode"] = school.zip_code
    if school.website:
        data["sameAs"] = school.website
    if school.latitude is not None and school.longitude is not None:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(school.latitude),
            "longitude": float(school.longitude),
        }
    if school.logo and request is not None:
        data["logo"] = request.build_absolute_uri(school.logo.url)
    return {"data": data}

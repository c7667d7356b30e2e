"""Number formatting for public data: unknown values say so instead of showing zero or a dash."""

import json
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

NOT_REPORTED = mark_safe('<span class="not-reported">Not reported</span>')

# The characters that could end a <script> element or open an HTML comment, escaped for JSON.
_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def _number(value):
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


@register.filter
def money(value):
    """$108,020 (whole dollars)."""
    number = _number(value)
    if number is None:
        return NOT_REPORTED
    sign = "-" if number < 0 else ""
    return f"{sign}${abs(number).quantize(Decimal(1), rounding=ROUND_HALF_UP):,}"


@register.filter
def cents(value):
    """$51.93 (hourly wages)."""
    number = _number(value)
    if number is None:
        return NOT_REPORTED
    return f"${number.quantize(Decimal('0.01')):,}"


@register.filter
def percent(value):
    """45% — whole percent, or one decimal where that is what the data says (50.5%)."""
    number = _number(value)
    if number is None:
        return NOT_REPORTED
    rounded = number.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    text = f"{rounded.normalize():f}" if rounded != rounded.to_integral() else f"{rounded.to_integral():f}"
    return f"{text}%"


@register.filter
def signed_percent(value):
    """+36.0% / -2.5% for growth rates."""
    number = _number(value)
    if number is None:
        return NOT_REPORTED
    return f"{'+' if number > 0 else ''}{number.quantize(Decimal('0.1')):f}%"


@register.filter
def count(value):
    """40,792."""
    number = _number(value)
    if number is None:
        return NOT_REPORTED
    return f"{number.quantize(Decimal(1), rounding=ROUND_HALF_UP):,}"


@register.filter
def or_not_reported(value):
    return NOT_REPORTED if value in (None, "") else value


@register.simple_tag
def jsonld(data):
    """A <script type="application/ld+json"> element whose content is valid JSON, safe in HTML."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.simple_tag(takes_context=True)
def absolute_url(context, path=None):
    """The absolute URL of `path` (default: the current path, without its query string)."""
    request = context.get("request")
    if request is None:
        return path or ""
    return request.build_absolute_uri(path or request.path)


@register.simple_tag(takes_context=True)
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
    return jsonld(data)

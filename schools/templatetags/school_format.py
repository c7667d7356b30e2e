"""Formatting for school figures: an unknown value reads "Not reported", never 0 or blank."""

from decimal import Decimal

from django import template
from django.utils.html import format_html

register = template.Library()

NOT_REPORTED = "Not reported"


def not_reported():
    return format_html('<span class="not-reported">{}</span>', NOT_REPORTED)


def money_text(value):
    if value is None or value == "":
        return None
    value = int(value)
    return f"-${-value:,}" if value < 0 else f"${value:,}"


def percent_text(value):
    """45.00 → "45%", 50.96 → "51%", 44.87 → "44.9%": at most one decimal place."""
    if value is None or value == "":
        return None
    rounded = Decimal(value).quantize(Decimal("0.1"))
    text = f"{rounded:f}"
    return (text[:-2] if text.endswith(".0") else text) + "%"


def count_text(value):
    if value is None or value == "":
        return None
    return f"{int(value):,}"


def _or_not_reported(text):
    return not_reported() if text is None else text


@register.filter
def money(value):
    return _or_not_reported(money_text(value))


@register.filter
def percent(value):
    return _or_not_reported(percent_text(value))


@register.filter
def count(value):
    return _or_not_reported(count_text(value))


@register.filter
def or_not_reported(value):
    return not_reported() if value is None or value == "" else value


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None

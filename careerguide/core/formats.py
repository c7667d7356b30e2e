"""Number formatting for public data, the one implementation the whole site uses.

Every figure is rounded half up (44.85 → "44.9%", 9,695.50 → "$9,696") and an unknown value reads
"Not reported", never 0 or blank. The ``*_text`` functions return plain text, or None for an
unknown value; the public pages' Jinja2 environment (`careerguide.core.jinja2`) and the admin's
template filters (`careerguide.core.templatetags.formats`) both read them.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

NOT_REPORTED = "Not reported"

WHOLE = Decimal(1)
TENTH = Decimal("0.1")
CENT = Decimal("0.01")


def number_of(value):
    """`value` as a Decimal (floats by their shortest repr: 44.85 stays 44.85), or None when unknown."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _rounded(number, step):
    rounded = number.quantize(step, rounding=ROUND_HALF_UP)
    return abs(rounded) if rounded == 0 else rounded  # never "-0"


def money_text(value):
    """108020 → "$108,020", -250 → "-$250": whole dollars."""
    number = number_of(value)
    if number is None:
        return None
    dollars = _rounded(number, WHOLE)
    return f"-${-dollars:,}" if dollars < 0 else f"${dollars:,}"


def cents_text(value):
    """51.93 → "$51.93", 115 → "$115.00": hourly wages."""
    number = number_of(value)
    if number is None:
        return None
    amount = _rounded(number, CENT)
    return f"-${-amount:,}" if amount < 0 else f"${amount:,}"


def percent_text(value):
    """45.00 → "45%", 50.96 → "51%", 44.85 → "44.9%": at most one decimal place."""
    number = number_of(value)
    if number is None:
        return None
    text = f"{_rounded(number, TENTH):f}"
    return (text[:-2] if text.endswith(".0") else text) + "%"


def signed_percent_text(value):
    """36 → "+36.0%", -2.5 → "-2.5%": growth rates, always with one decimal and a sign."""
    number = number_of(value)
    if number is None:
        return None
    rounded = _rounded(number, TENTH)
    return f"{'+' if rounded > 0 else ''}{rounded:f}%"


def count_text(value):
    """40792 → "40,792"."""
    number = number_of(value)
    if number is None:
        return None
    return f"{_rounded(number, WHOLE):,}"


def miles(value):
    """A distance in miles rounded half up to a tenth (12.345 → 12.3), or None when unknown."""
    number = number_of(value)
    return None if number is None else _rounded(number, TENTH)


def miles_text(value):
    """12.345 → "12.3 mi"."""
    rounded = miles(value)
    return None if rounded is None else f"{rounded} mi"


def plain_text(value):
    return None if value is None or value == "" else value


# Each kind of figure's text, or None when unknown (a page then writes NOT_REPORTED).
FIGURE_FORMATS = {
    "money": money_text,
    "cents": cents_text,
    "percent": percent_text,
    "signed_percent": signed_percent_text,
    "count": count_text,
    "text": plain_text,
}


def or_not_reported(text):
    return NOT_REPORTED if text is None else text

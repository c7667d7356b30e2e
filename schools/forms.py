"""Form fields the school pages share with the finder: a ZIP code that names a place we know."""

import re

from django import forms

from .models import ZipCode

ZIP_RE = re.compile(r"^(\d{5})(-\d{4})?$")


class ZipCodeField(forms.CharField):
    """A US ZIP code, 5 digits or ZIP+4 (the first 5 count), that names a ZIP code we know: its
    centre (a ZipCode) is the value."""

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return None
        match = ZIP_RE.match(value.strip())
        place = ZipCode.objects.filter(code=match.group(1)).first() if match else None
        if place is None:
            raise forms.ValidationError(
                "“%(value)s” is not a US ZIP code we know; write five digits, such as 20742.",
                code="invalid",
                params={"value": value[:20]},
            )
        return place

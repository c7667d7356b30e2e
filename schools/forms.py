"""Form fields the school pages share with the finder: a ZIP code that names a place we know."""

import re

from django import forms

from .models import FieldOfStudy, ZipCode
from .vocabulary import CIP_CODE_RE, INCOME_MAX, US_STATES

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


class ComparisonContextForm(forms.Form):
    """What a comparison keeps of where it was opened from (shortlist.COMPARE_CONTEXT). Each value
    is read on its own: a bad one is left out with its message, the others still apply."""

    home_state = forms.ChoiceField(
        choices=[("", "Not chosen"), *US_STATES],
        required=False,
        error_messages={
            "invalid_choice": "“%(value)s” is not a US state or territory code; choose your home state below."
        },
    )
    program = forms.CharField(required=False, max_length=200)
    income = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=INCOME_MAX,
        error_messages={
            "invalid": "Write the family income as a whole number of dollars.",
            "min_value": "A family income is $0 or more.",
            "max_value": f"A family income is at most ${INCOME_MAX:,}.",
        },
    )
    near = ZipCodeField(required=False)

    def clean_program(self):
        code = self.cleaned_data["program"].strip()
        if not code:
            return None
        program = FieldOfStudy.objects.filter(code=code).first() if CIP_CODE_RE.match(code) else None
        if program is None:
            raise forms.ValidationError(
                "No program has the CIP code “%(code)s”; its earnings are not shown.",
                params={"code": code[:20]},
            )
        return program

    def chosen(self):
        """{name: value} of the values that are good: bad ones are left out."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}

    def notices(self):
        self.is_valid()
        return [message for errors in self.errors.values() for message in errors]

"""Submitting an admin form the way a browser would: the tests of every app's admin use these."""

from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse


def form_data(form):
    """The POST data a browser sends for `form` as rendered (files left out)."""
    data = {}
    for bound in form:
        if isinstance(bound.field, forms.FileField):
            continue
        value = bound.value()
        if isinstance(bound.field.widget, forms.CheckboxInput):
            if value:
                data[bound.html_name] = "on"
        elif value is None:
            data[bound.html_name] = ""
        elif isinstance(value, (list, tuple)):
            data[bound.html_name] = [str(item) for item in value]
        else:
            data[bound.html_name] = str(value)
    return data


def submitted_data(response, **changes):
    """Everything the add/change form in `response` submits: fields, inlines and management forms."""
    data = form_data(response.context["adminform"].form)
    if response.context.get("opened_at_name"):
        # The hidden clock of a versioned record's form: when it was last changed as the form opened.
        data[response.context["opened_at_name"]] = response.context["opened_at"]
    for inline in response.context["inline_admin_formsets"]:
        data.update(form_data(inline.formset.management_form))
        for inline_form in inline.formset.forms:
            data.update(form_data(inline_form))
    data.update(changes)
    return data


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def edit_school(client, school, **changes):
    url = change_url(school)
    return client.post(url, submitted_data(client.get(url), **changes))


def error_text(response):
    return response.content.decode()


def count_queries(client, url):
    """How many queries a GET of `url` (which must answer 200) runs."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)

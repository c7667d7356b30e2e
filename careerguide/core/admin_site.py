"""The editors' admin site: Django's, with the login form that says how many tries remain and
autocompletes whose entries a model's admin may label (a school by its city and state)."""

from django.contrib.admin import AdminSite
from django.contrib.admin.views.autocomplete import AutocompleteJsonView

from .admin_access import EditorLoginForm


class LabelledAutocompleteJsonView(AutocompleteJsonView):
    """Autocomplete entries labelled by the model admin's `autocomplete_label(obj)`, where it has one."""

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        label = getattr(self.model_admin, "autocomplete_label", None)
        if label is not None:
            result["text"] = label(obj)
        return result


class CareerguideAdminSite(AdminSite):
    site_header = "Careerguide editors"
    site_title = "Careerguide admin"
    index_title = "Content"
    login_form = EditorLoginForm
    # The admin's pages keep the whole 1,280 px window for forms and lists: editors move between
    # models from the index, the breadcrumbs and the work page, not a 300 px sidebar on every page.
    enable_nav_sidebar = False

    def autocomplete_view(self, request):
        return LabelledAutocompleteJsonView.as_view(admin_site=self)(request)

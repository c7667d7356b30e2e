from django.contrib import admin

from careerguide.careers.admin import CareerAdmin, career_changed_elsewhere, none_in
from careerguide.careers.models import Career
from careerguide.core.admin_tools import HTTPS_URLS, PreloadedAutocompleteInline, image_preview
from careerguide.core.admin_versions import VersionedAdmin

from .models import Resource


@admin.register(Resource)
class ResourceAdmin(VersionedAdmin, admin.ModelAdmin):
    list_display = ["title", "kind", "author", "has_cover", "updated_at"]
    list_filter = ["kind", ("careers", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "author", "description"]
    autocomplete_fields = ["careers"]
    formfield_overrides = HTTPS_URLS
    readonly_fields = ["cover_preview", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["kind", "title", "author", "description", ("url", "link_label"), "order"]}),
        ("Cover", {"fields": ["cover", "cover_preview"]}),
        ("Careers", {"fields": ["careers"]}),
        ("History", {"fields": ["created_at", "updated_at"]}),
    ]

    def save_related(self, request, form, formsets, change):
        before = set(form.instance.careers.values_list("pk", flat=True)) if change else set()
        super().save_related(request, form, formsets, change)
        after = set(form.instance.careers.values_list("pk", flat=True))
        # The careers whose pages gained or lost this resource changed too.
        for career_id in sorted(before - after):
            career_changed_elsewhere(
                request, career_id, f"Resource “{form.instance}” removed on its own page."
            )
        for career_id in sorted(after - before):
            career_changed_elsewhere(request, career_id, f"Resource “{form.instance}” added on its own page.")

    @admin.display(description="cover", boolean=True, ordering="cover")
    def has_cover(self, obj):
        return bool(obj.cover)

    @admin.display(description="preview")
    def cover_preview(self, obj):
        return image_preview(obj.cover, alt=f"Cover of {obj.title}")


# --- The career form's resources ------------------------------------------------------------------


class CareerResourceInline(PreloadedAutocompleteInline):
    model = Resource.careers.through
    max_num = 25
    autocomplete_fields = ["resource"]
    verbose_name = "resource"
    verbose_name_plural = "resources"


class CareerWithResourcesAdmin(CareerAdmin):
    """The careers' admin with each career's resources: resources sit above careers, so this app
    adds its section's inline, and the section to the list of what an editor may have left empty."""

    SECTIONS = [
        (title, [*inlines, CareerResourceInline] if title == "Resources" else inlines)
        for title, inlines in CareerAdmin.SECTIONS
    ]
    inlines = [inline for _, section_inlines in SECTIONS for inline in section_inlines]

    def construct_change_message(self, request, form, formsets, add=False):
        """The history names the resources the career's page gained or lost ("Added resource “Deep
        Learning”"), not the rows that link them."""
        message = super().construct_change_message(request, form, formsets, add)
        links = {}
        for formset in formsets:
            if formset.model is Resource.careers.through:
                rows = [
                    *formset.new_objects,
                    *formset.deleted_objects,
                    *(row for row, _ in formset.changed_objects),
                ]
                links.update({str(row): str(row.resource) for row in rows})
        link_name = str(Resource.careers.through._meta.verbose_name)
        for entry in message:
            for action in entry.values():
                if action.get("name") == link_name and action.get("object") in links:
                    action["name"], action["object"] = "resource", links[action["object"]]
        return message

    def missing_sections(self):
        sections = super().missing_sections()
        before_faqs = [key for key, _, _ in sections].index("faqs")
        return [
            *sections[:before_faqs],
            ("resources", "resources", none_in("resources")),
            *sections[before_faqs:],
        ]


admin.site.unregister(Career)
admin.site.register(Career, CareerWithResourcesAdmin)

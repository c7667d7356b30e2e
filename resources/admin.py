from django.contrib import admin

from careerguide.careers.admin import CareerAdmin, none_in
from careerguide.careers.models import Career
from careerguide.core.admin_tools import HTTPS_URLS, PreloadedAutocompleteInline, image_preview

from .models import Resource


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
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

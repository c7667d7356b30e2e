from django.contrib import admin

from careerguide.core.admin_tools import HTTPS_URLS, image_preview

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

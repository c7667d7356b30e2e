from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.forms import Textarea
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from careerguide.core.admin_tools import (
    ChosenRelatedFilter,
    PreloadedAutocompleteInline,
    count_related,
    rows_link,
)
from resources.models import Resource

from .models import (
    FAQ,
    AlternateTitle,
    BestSchool,
    Career,
    CareerTechnology,
    DegreeLevel,
    DegreeProgram,
    Duty,
    Hotspot,
    ImportancePoint,
    Industry,
    JobMarketPoint,
    Occupation,
    Skill,
    Task,
    TechnologySkill,
)

COMPACT_TEXT = {models.TextField: {"widget": Textarea(attrs={"rows": 3, "cols": 40})}}


class CompactInline(admin.TabularInline):
    extra = 0
    formfield_overrides = COMPACT_TEXT


# --- Occupations (O*NET and BLS data, refreshed by imports) ---------------------------------


@admin.register(Occupation)
class OccupationAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "job_zone", "annual_median_wage", "wage_source"]
    list_filter = ["job_zone"]
    list_select_related = ["wage_source"]
    search_fields = ["code", "title", "alternate_titles__title"]
    readonly_fields = ["onet_rows", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["code", "soc_code", "title", "description", "job_zone"]}),
        (
            "O*NET rows",
            {
                "fields": ["onet_rows"],
                "description": "An occupation has up to 2,750 alternate titles and hundreds of tasks "
                "and technologies: each list is edited on its own page.",
            },
        ),
        (
            "Wages",
            {
                "fields": [
                    ("annual_median_wage", "hourly_median_wage"),
                    "annual_wage_top_coded",
                    ("annual_wage_p10", "annual_wage_p25", "annual_wage_p75", "annual_wage_p90"),
                    "employment",
                    "wage_source",
                ]
            },
        ),
        (
            "Outlook",
            {
                "fields": [
                    ("employment_base", "employment_projected", "employment_change_percent"),
                    "annual_openings",
                    "typical_entry_education",
                    "outlook_source",
                ]
            },
        ),
        ("History", {"fields": ["created_at", "updated_at"]}),
    ]

    ROWS = [
        ("alternate_titles", AlternateTitle, "alternate title", "alternate titles"),
        ("tasks", Task, "task", "tasks"),
        ("technology_skills", TechnologySkill, "technology skill", "technology skills"),
    ]

    @admin.display(description="rows")
    def onet_rows(self, obj):
        if obj.pk is None:
            return "Save the occupation first, then add its titles, tasks and technologies."
        counts = count_related(obj, *(relation for relation, *_ in self.ROWS))
        links = [
            (rows_link(obj, model, counts[relation], singular, plural),)
            for relation, model, singular, plural in self.ROWS
        ]
        return format_html_join(mark_safe("<br>"), "{}", links)


class OccupationRowAdmin(admin.ModelAdmin):
    """The rows of an occupation that O*NET imports supply, corrected one by one."""

    list_select_related = ["occupation"]
    list_filter = [("occupation", ChosenRelatedFilter)]
    search_fields = ["occupation__title", "occupation__code"]
    search_help_text = "Words in the row or in its occupation's title, or an O*NET-SOC code."
    autocomplete_fields = ["occupation"]
    formfield_overrides = COMPACT_TEXT
    list_per_page = 50


@admin.register(AlternateTitle)
class AlternateTitleAdmin(OccupationRowAdmin):
    list_display = ["title", "short_title", "occupation"]
    search_fields = ["title", "short_title", *OccupationRowAdmin.search_fields]
    fields = ["occupation", "title", "short_title"]


@admin.register(Task)
class TaskAdmin(OccupationRowAdmin):
    list_display = ["statement_start", "onet_task_id", "kind", "occupation"]
    list_filter = ["kind", *OccupationRowAdmin.list_filter]
    search_fields = ["statement", "onet_task_id__exact", *OccupationRowAdmin.search_fields]
    fields = ["occupation", "onet_task_id", "statement", "kind"]

    @admin.display(description="statement", ordering="statement")
    def statement_start(self, obj):
        return str(obj)


@admin.register(TechnologySkill)
class TechnologySkillAdmin(OccupationRowAdmin):
    list_display = ["name", "category", "commodity_code", "is_hot", "is_in_demand", "occupation"]
    list_filter = ["is_hot", "is_in_demand", *OccupationRowAdmin.list_filter]
    search_fields = ["name", "category", "commodity_code__exact", *OccupationRowAdmin.search_fields]
    fields = ["occupation", "category", "name", "commodity_code", "is_hot", "is_in_demand"]


# --- Degree levels and their programs -------------------------------------------------------


class DegreeProgramInline(PreloadedAutocompleteInline):
    model = DegreeProgram
    max_num = 30
    fields = ["order", "name", "description", "field"]
    autocomplete_fields = ["field"]
    formfield_overrides = COMPACT_TEXT


@admin.register(DegreeLevel)
class DegreeLevelAdmin(admin.ModelAdmin):
    list_display = ["title", "career", "kind", "order"]
    list_filter = ["kind"]
    list_select_related = ["career"]
    search_fields = ["title", "career__title"]
    autocomplete_fields = ["career"]
    fields = ["career", "order", "kind", "title", "description"]
    inlines = [DegreeProgramInline]


@admin.register(DegreeProgram)
class DegreeProgramAdmin(admin.ModelAdmin):
    list_display = ["name", "degree_level", "field", "order"]
    list_filter = ["degree_level__kind"]
    list_select_related = ["degree_level__career", "field"]
    search_fields = ["name", "degree_level__career__title", "field__code", "field__title"]
    autocomplete_fields = ["degree_level", "field"]
    fields = ["degree_level", "order", "name", "description", "field"]


# --- The career page ------------------------------------------------------------------------

# Every row below is written by editors (imports never add any), and `max_num` stops the "Add
# another" button at a generous size for one career page (the reference career has 3 to 18 rows
# per section). Together they keep the whole form under Django's 1,000 POST fields
# (DATA_UPLOAD_MAX_NUMBER_FIELDS), which tests/test_admin.py checks. Rows beyond a cap, added
# from elsewhere (a resource's own page), are still shown and saved.


class ImportancePointInline(CompactInline):
    model = ImportancePoint
    max_num = 8
    fields = ["order", "title", "body"]
    verbose_name_plural = "why the role matters"


class DegreeLevelInline(CompactInline):
    model = DegreeLevel
    max_num = 6
    fields = ["order", "kind", "title", "description", "programs"]
    readonly_fields = ["programs"]
    show_change_link = True

    def get_queryset(self, request):
        # The row's title (DegreeLevel.__str__) names the career.
        return (
            super().get_queryset(request).select_related("career").annotate(program_count=Count("programs"))
        )

    @admin.display(description="fields of study")
    def programs(self, obj):
        if obj.pk is None:
            return "Save the degree level first."
        url = reverse("admin:careers_degreelevel_change", args=[obj.pk])
        return format_html('<a href="{}">Edit programs ({})</a>', url, getattr(obj, "program_count", 0))


class BestSchoolInline(PreloadedAutocompleteInline):
    model = BestSchool
    max_num = 12
    fields = ["rank", "school", *BestSchool.FIGURES]
    autocomplete_fields = ["school"]
    verbose_name_plural = "best schools (figures as published; empty figures show the school's current data)"


class DutyInline(CompactInline):
    model = Duty
    max_num = 15
    fields = ["order", "statement"]
    verbose_name_plural = "job duties (without any, the occupation's O*NET tasks are shown)"


class SkillInline(CompactInline):
    model = Skill
    max_num = 15
    fields = ["order", "title", "body"]


class CareerTechnologyInline(CompactInline):
    model = CareerTechnology
    max_num = 15
    fields = ["order", "category", "name", "is_hot"]
    verbose_name_plural = "technologies (without any, the occupation's O*NET technologies are shown)"


class JobMarketPointInline(CompactInline):
    model = JobMarketPoint
    max_num = 8
    fields = ["order", "kind", "title", "body"]


class HotspotInline(CompactInline):
    model = Hotspot
    max_num = 8
    fields = ["order", "place", "reason"]


class IndustryInline(CompactInline):
    model = Industry
    max_num = 8
    fields = ["order", "name", "description"]


class ResourceInline(PreloadedAutocompleteInline):
    model = Resource.careers.through
    max_num = 25
    autocomplete_fields = ["resource"]
    verbose_name = "resource"
    verbose_name_plural = "resources"


class FAQInline(CompactInline):
    model = FAQ
    max_num = 15
    fields = ["order", "question", "answer"]


@admin.register(Career)
class CareerAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "occupation", "is_featured", "updated_at"]
    list_filter = ["is_featured"]
    list_select_related = ["occupation"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["occupation"]
    readonly_fields = ["created_at", "updated_at"]
    formfield_overrides = {models.TextField: {"widget": Textarea(attrs={"rows": 5, "cols": 80})}}
    # In the order the career page shows its sections; the inlines below follow the same order.
    fieldsets = [
        (
            "Overview",
            {
                "fields": [
                    "title",
                    "slug",
                    "occupation",
                    "is_featured",
                    "overview",
                    "importance_intro",
                    "overview_closing",
                ],
                "description": "The “why the role matters” points are edited below.",
            },
        ),
        (
            "Salary",
            {
                "fields": [
                    ("salary_annual_median", "salary_hourly_median"),
                    ("salary_source", "salary_year"),
                ],
                "description": "Leave empty to show the occupation's BLS wages.",
            },
        ),
        ("Education", {"fields": ["education_intro", "education_closing"]}),
        ("Best schools", {"fields": ["best_schools_year"]}),
        (
            "Job description",
            {
                "fields": ["job_description"],
                "description": "Leave empty to show the occupation's official O*NET description.",
            },
        ),
        ("Job market", {"fields": ["job_market_intro", "job_market_closing"]}),
        ("Resources", {"fields": ["resources_closing"]}),
        ("History", {"fields": ["created_at", "updated_at"]}),
    ]
    inlines = [
        ImportancePointInline,
        DegreeLevelInline,
        BestSchoolInline,
        DutyInline,
        SkillInline,
        CareerTechnologyInline,
        JobMarketPointInline,
        HotspotInline,
        IndustryInline,
        ResourceInline,
        FAQInline,
    ]

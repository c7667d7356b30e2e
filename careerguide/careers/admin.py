import datetime

import reversion
from django.contrib import admin, messages
from django.contrib.admin.helpers import flatten_fieldsets
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.admin.utils import flatten
from django.contrib.messages.storage import default_storage
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q
from django.forms import Textarea
from django.forms.formsets import all_valid
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import capfirst

from careerguide.core.admin_tools import (
    ChosenRelatedFilter,
    OnePostCopyMixin,
    PreloadedAutocompleteInline,
    PreloadedChoiceField,
    PreloadedInlineFormSet,
    admin_link,
    count_related,
    counted,
    exact_cents,
    exact_money,
    related_rows,
    rows_links,
    with_figure_values,
)
from careerguide.core.admin_versions import VersionedAdmin
from schools.admin import editor_figures_older_than_imports
from schools.figures import best_schools_figures
from schools.models import KeptFigure, School

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

# The best-schools figures in the order of the inline's columns, as the current-figures column
# labels them.
CURRENT_FIGURES = [(figure.field, figure.admin_column, figure.text) for figure in best_schools_figures()]

# How the admin history writes the salary figures' old and new values.
SALARY_FORMATS = {"salary_annual_median": exact_money, "salary_hourly_median": exact_cents}

COMPACT_TEXT = {models.TextField: {"widget": Textarea(attrs={"rows": 3, "cols": 40})}}


class CompactInline(PreloadedAutocompleteInline):
    formfield_overrides = COMPACT_TEXT


# --- What needs work -----------------------------------------------------------------------


def none_in(relation):
    """Careers without a row in `relation` (a reverse foreign key or many-to-many of Career)."""
    field = Career._meta.get_field(relation)
    if field.many_to_many:
        through = field.through
        fk = next(f for f in through._meta.get_fields() if f.many_to_one and f.related_model is Career)
    else:
        through, fk = field.related_model, field.remote_field
    return ~Q(Exists(through.objects.filter(**{fk.name: OuterRef("pk")})))


def missing_sections():
    """(key, label, condition) for each section of the career page an editor writes: the
    condition selects the careers where it is missing, and so shows nothing or only public data."""
    return [
        ("overview", "overview", Q(overview="")),
        ("importance", "why the role matters", none_in("importance_points")),
        (
            "salary",
            "salary (none from editors or BLS)",
            Q(salary_annual_median__isnull=True)
            & (Q(occupation__isnull=True) | Q(occupation__annual_median_wage__isnull=True)),
        ),
        ("education", "education (degree levels)", none_in("degree_levels")),
        ("best_schools", "best schools", none_in("best_schools")),
        ("skills", "skills", none_in("skills")),
        ("job_market", "job market", Q(job_market_intro="") & none_in("market_points")),
        ("faqs", "FAQs", none_in("faqs")),
    ]


def review_due_before():
    return timezone.localdate() - datetime.timedelta(days=365)


def review_conditions():
    return {
        "never": Q(reviewed_on__isnull=True),
        "over_a_year": Q(reviewed_on__lt=review_due_before()),
    }


def salary_unlike_bls():
    """Careers whose published salary is not the current BLS median of their occupation."""
    return Q(
        salary_annual_median__isnull=False,
        occupation__annual_median_wage__isnull=False,
    ) & ~Q(salary_annual_median=F("occupation__annual_median_wage"))


def best_school_figures_unlike_schools():
    """Best-schools rows with a published figure unlike the school's current one (an empty published
    figure shows the current one: it never differs)."""
    condition = Q(pk__in=[])
    for name in BestSchool.FIGURES:
        published = Q(**{f"{name}__isnull": False})
        condition |= published & (~Q(**{name: F(f"school__{name}")}) | Q(**{f"school__{name}__isnull": True}))
    return condition


STALE_ROWS_SHOWN = 50


def stale_best_schools():
    """The best-schools rows to refresh (`best_school_figures_unlike_schools`), with their careers and
    schools, by career and rank: at most STALE_ROWS_SHOWN, and how many there are in all."""
    rows = BestSchool.objects.filter(best_school_figures_unlike_schools())
    shown = rows.select_related("career", "school").order_by("career__title", "career_id", "rank")
    return list(shown[:STALE_ROWS_SHOWN]), rows.count()


def figure_pairs(row):
    """[(heading, published text, current text, differs)] of a best-schools row's figures."""
    return [
        (
            figure.best_schools_heading,
            figure.text(getattr(row, figure.field)) or "—",
            figure.text(getattr(row.school, figure.field)) or "unknown",
            getattr(row, figure.field) is not None
            and getattr(row, figure.field) != getattr(row.school, figure.field),
        )
        for figure in best_schools_figures()
    ]


class SalaryFilter(admin.SimpleListFilter):
    title = "salary"
    parameter_name = "salary"

    def lookups(self, request, model_admin):
        return [("unlike_bls", "Unlike the current BLS median")]

    def queryset(self, request, queryset):
        return queryset.filter(salary_unlike_bls()) if self.value() == "unlike_bls" else queryset


class MissingSectionFilter(admin.SimpleListFilter):
    title = "missing section"
    parameter_name = "missing"

    def __init__(self, request, params, model, model_admin):
        self.sections = model_admin.missing_sections()
        super().__init__(request, params, model, model_admin)

    def lookups(self, request, model_admin):
        return [(key, label) for key, label, _ in self.sections]

    def queryset(self, request, queryset):
        for key, _, condition in self.sections:
            if self.value() == key:
                return queryset.filter(condition)
        return queryset


class ReviewFilter(admin.SimpleListFilter):
    title = "last reviewed"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("never", "Never"), ("over_a_year", "Over a year ago")]

    def queryset(self, request, queryset):
        condition = review_conditions().get(self.value())
        return queryset if condition is None else queryset.filter(condition)


def work_counts(sections):
    """What the editors' work page counts, `sections` (key, label, condition) missing among them:
    three queries whatever the number of careers or schools."""
    reviews = review_conditions()
    counts = Career.objects.aggregate(
        careers=Count("pk"),
        salary_unlike_bls=Count("pk", filter=salary_unlike_bls()),
        **{f"missing_{key}": Count("pk", filter=condition) for key, _, condition in sections},
        **{f"review_{key}": Count("pk", filter=condition) for key, condition in reviews.items()},
    )
    counts.update(
        School.objects.aggregate(
            pinned=Count("pk", filter=Q(pinned=True)),
            editor_figures_older=Count("pk", filter=editor_figures_older_than_imports()),
        )
    )
    counts.update(
        KeptFigure.objects.aggregate(
            kept=Count("pk"),
            kept_differing=Count("pk", filter=Q(pk__in=KeptFigure.objects.differing().values("pk"))),
        )
    )
    careers = reverse("admin:careers_career_changelist")
    schools = reverse("admin:schools_school_changelist")
    kept = reverse("admin:schools_keptfigure_changelist")
    return {
        "careers": counts["careers"],
        "missing": [
            {"label": label, "count": counts[f"missing_{key}"], "url": f"{careers}?missing={key}"}
            for key, label, _ in sections
        ],
        "salaries": [
            {
                "label": "published salary unlike the current BLS median",
                "count": counts["salary_unlike_bls"],
                "url": f"{careers}?salary=unlike_bls",
            }
        ],
        "reviews": [
            {"label": "never reviewed", "count": counts["review_never"], "url": f"{careers}?review=never"},
            {
                "label": "reviewed over a year ago",
                "count": counts["review_over_a_year"],
                "url": f"{careers}?review=over_a_year",
            },
        ],
        "schools": [
            {
                "label": "pinned (imports skip them)",
                "count": counts["pinned"],
                "url": f"{schools}?pinned__exact=1",
            },
            {
                "label": "with an editors' figure older than the latest import of its source",
                "count": counts["editor_figures_older"],
                "url": f"{schools}?editor_figures=older",
            },
        ],
        "kept": [
            {"label": "editors' figures imports keep", "count": counts["kept"], "url": kept},
            {
                "label": "of them unlike the public figure the latest import read",
                "count": counts["kept_differing"],
                "url": f"{kept}?differs=yes",
            },
        ],
    }


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
        return rows_links(
            *(
                related_rows(obj, model, counts[relation], singular, plural)
                for relation, model, singular, plural in self.ROWS
            )
        )


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

    # A degree level is a section of its career's page: changed here, the career changes too (a
    # version of it, and a form of it opened before is refused).
    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        career_changed_elsewhere(request, obj.career_id, f"Added degree level “{obj.title}” on its own page.")
        return entry

    def log_change(self, request, obj, message):
        if not message:
            return None
        entry = super().log_change(request, obj, message)
        change = entry.get_change_message()
        career_changed_elsewhere(
            request, obj.career_id, f"Degree level “{obj.title}”, on its own page: {change}"
        )
        return entry

    def log_deletions(self, request, queryset):
        careers = {(level.career_id, level.title) for level in queryset}
        entries = super().log_deletions(request, queryset)
        for career_id, title in careers:
            career_changed_elsewhere(request, career_id, f"Deleted degree level “{title}” on its own page.")
        return entries


def form_errors(form, formsets):
    """Every error of a form and its inline formsets, as lines naming the field."""
    lines = [
        f"{form.fields[name].label if name in form.fields else 'Form'}: {' '.join(errors)}"
        for name, errors in form.errors.items()
    ]
    for formset in formsets:
        section = formset.model._meta.verbose_name_plural
        lines += [f"{capfirst(section)}: {error}" for error in formset.non_form_errors()]
        for number, errors in enumerate(formset.errors, start=1):
            lines += [
                f"{capfirst(section)}, row {number}: {' '.join(messages_)}" for messages_ in errors.values()
            ]
    return lines


def career_changed_elsewhere(request, career_id, message):
    """A section of a career changed on a page of its own: the career's clock moves on (a form of it
    opened before is refused) and it gets a version, with `message` as its history line."""
    Career.objects.filter(pk=career_id).update(updated_at=timezone.now())
    career = Career.objects.filter(pk=career_id).first()
    if career is None:
        return
    with reversion.create_revision(manage_manually=True):
        reversion.set_user(request.user)
        reversion.set_comment(message)
        reversion.add_to_revision(career)


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
        return admin_link(url, f"Edit programs ({getattr(obj, 'program_count', 0)})")


class RankedFormSet(PreloadedInlineFormSet):
    """Best-schools entries saved whatever order the editor moved them in, then renumbered 1, 2, 3 …

    Ranks are unique per career, and Django saves rows one by one: moving #5 to #4 while deleting
    #4, or swapping two ranks, would collide with a row not yet saved. Rows whose rank changes or
    that are deleted are first parked out of the way; after saving, gaps (a deleted #4) are closed
    so that the public list never reads 1, 2, 3, 5.
    """

    PARKED = 1000  # above any real rank (a list has at most a few dozen entries)

    renumbered = ()

    def get_unique_error_message(self, unique_check):
        if "rank" in unique_check:
            return "Two schools have the same rank: give each school its own rank (1, 2, 3 …)."
        return "A school is listed twice: list each school once."

    def save(self, commit=True):
        if commit:
            moving = [
                form.instance.pk
                for form in self.initial_forms
                if form in self.deleted_forms or "rank" in form.changed_data
            ]
            BestSchool.objects.filter(pk__in=moving).update(rank=F("rank") + self.PARKED)
        saved = super().save(commit)
        if commit:
            self.renumbered = close_rank_gaps(self.instance)
        return saved


def close_rank_gaps(career):
    """Renumber a career's best schools 1, 2, 3 … in their order; returns [(old, new)] ranks moved.

    Updates run in rank order, one row at a time, so no row ever takes a rank still held."""
    moved = []
    entries = BestSchool.objects.filter(career=career).order_by("rank", "pk").only("pk", "rank")
    for position, entry in enumerate(entries, start=1):
        if entry.rank != position:
            moved.append((entry.rank, position))
            BestSchool.objects.filter(pk=entry.pk).update(rank=position)
    return moved


class SchoolChoiceField(PreloadedChoiceField):
    """A school chosen in the best-schools list, named with its city and state (five schools are
    called "Columbia College")."""

    def label_from_instance(self, obj):
        return f"{obj.name} — {obj.location or 'place unknown'}"


class BestSchoolInline(PreloadedAutocompleteInline):
    model = BestSchool
    formset = RankedFormSet
    max_num = 12
    fields = ["rank", "school", *BestSchool.FIGURES, "current_figures"]
    readonly_fields = ["current_figures"]
    autocomplete_fields = ["school"]
    verbose_name_plural = "best schools"
    classes = ["best-schools"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "school":
            kwargs["form_class"] = SchoolChoiceField
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description="current figures")
    def current_figures(self, obj):
        """The school's figures now, beside those published with the list (read from the row's
        school, which the inline's one query selected)."""
        if obj.school_id is None:
            return "Choose a school and save to see its current figures."
        school = obj.school
        return "\n".join(
            f"{label} {formatter(getattr(school, name)) or 'unknown'}"
            for name, label, formatter in CURRENT_FIGURES
        )


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


class FAQInline(CompactInline):
    model = FAQ
    max_num = 15
    fields = ["order", "question", "answer"]


def best_school_lines(formset, career):
    """The history's lines of the best-schools list as saved (ranks renumbered): each school added
    at its rank, moved from one rank to another, changed or deleted, by the school's name."""
    final = dict(BestSchool.objects.filter(career=career).values_list("pk", "rank"))
    changed = {row.pk: fields for row, fields in formset.changed_objects}
    deleted = {row.pk for row in formset.deleted_objects}
    lines = []
    for form in formset.initial_forms:
        row = form.instance
        if row.pk in deleted:
            lines.append(
                {"deleted": {"name": "best school", "object": f"{row.school} (was #{form.initial['rank']})"}}
            )
            continue
        labels = [str(form.fields[name].label) for name in changed.get(row.pk, ()) if name != "rank"]
        old, new = form.initial.get("rank"), final.get(row.pk)
        if old != new:
            labels.insert(0, f"rank (#{old} → #{new})")
        if labels:
            lines.append({"changed": {"name": "best school", "object": str(row.school), "fields": labels}})
    lines += [
        {"added": {"name": "best school", "object": f"{row.school} at #{final.get(row.pk, row.rank)}"}}
        for row in formset.new_objects
    ]
    return lines


@admin.register(Career)
class CareerAdmin(VersionedAdmin, OnePostCopyMixin, admin.ModelAdmin):
    list_display = ["title", "occupation", "sections_missing", "reviewed_on", "is_featured", "updated"]
    list_filter = [MissingSectionFilter, ReviewFilter, SalaryFilter, "is_featured"]
    actions = ["mark_reviewed"]
    list_select_related = ["occupation"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["occupation"]
    readonly_fields = ["created_at", "updated_at"]
    formfield_overrides = {models.TextField: {"widget": Textarea(attrs={"rows": 4, "cols": 80})}}
    change_form_template = "admin/careers/career/change_form.html"
    fieldsets = [
        (
            "Overview",
            {
                "fields": [
                    ("title", "slug"),
                    ("occupation", "is_featured"),
                    "overview",
                    "importance_intro",
                    "overview_closing",
                ]
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
        ("Best schools", {"fields": ["best_schools_year", "best_schools_method"]}),
        (
            "Job description",
            {
                "fields": ["job_description"],
                "description": "Leave empty to show the occupation's official O*NET description.",
            },
        ),
        ("Job market", {"fields": ["job_market_intro", "job_market_closing"]}),
        ("Resources", {"fields": ["resources_closing"]}),
        ("Review and history", {"fields": ["reviewed_on", ("created_at", "updated_at")]}),
    ]
    # The form's sections in the order the career page shows them: each groups its fieldset
    # (if any) with the inlines of the same section, in one collapsible <details>.
    SECTIONS = [
        ("Overview", [ImportancePointInline]),
        ("Salary", []),
        ("Education", [DegreeLevelInline]),
        ("Best schools", [BestSchoolInline]),
        ("Job description", [DutyInline]),
        ("Skills", [SkillInline]),
        ("Technologies", [CareerTechnologyInline]),
        ("Job market", [JobMarketPointInline, HotspotInline, IndustryInline]),
        ("Resources", []),  # the resources app's admin adds its inline
        ("FAQs", [FAQInline]),
        ("Review and history", []),
    ]
    inlines = [inline for _, section_inlines in SECTIONS for inline in section_inlines]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["sections"] = self.sections(context["adminform"], context["inline_admin_formsets"])
        return super().render_change_form(request, context, add, change, form_url, obj)

    def sections(self, adminform, inline_admin_formsets):
        """The change form's sections: title, fieldset, inline formsets, whether shown open and a
        summary of how many rows each inline holds."""
        fieldsets = {fieldset.name: fieldset for fieldset in adminform}
        inlines = {type(formset.opts): formset for formset in inline_admin_formsets}
        errors = adminform.form.errors
        sections = []
        for number, (title, inline_classes) in enumerate(self.SECTIONS):
            fieldset = fieldsets.get(title)
            formsets = [inlines[cls] for cls in inline_classes if cls in inlines]
            has_errors = any(formset.formset.total_error_count() for formset in formsets) or (
                fieldset is not None and any(name in errors for name in flatten(fieldset.fields))
            )
            sections.append(
                {
                    "title": title,
                    "number": number,
                    "fieldset": fieldset,
                    "formsets": formsets,
                    "open": number == 0 or has_errors,
                    "rows": [
                        counted(
                            len(formset.formset.initial_forms),
                            formset.opts.verbose_name,
                            formset.opts.verbose_name_plural,
                        )
                        for formset in formsets
                    ],
                }
            )
        return sections

    def construct_change_message(self, request, form, formsets, add=False):
        message = super().construct_change_message(request, form, formsets, add)
        ranked = next((formset for formset in formsets if formset.model is BestSchool), None)
        if ranked is not None:
            # Django names a row by its rank as typed ("7. Harvard"), before the renumbering.
            message = [entry for entry in message if next(iter(entry.values())).get("name") != "best school"]
            message += best_school_lines(ranked, form.instance)
        return with_figure_values(message, form, SALARY_FORMATS)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if getattr(formset, "renumbered", ()):
            moves = ", ".join(f"#{old} → #{new}" for old, new in formset.renumbered)
            self.message_user(
                request,
                f"Best-schools ranks renumbered to run 1, 2, 3 … without gaps: {moves}.",
                messages.INFO,
            )

    def save_without_publishing(self, request, career):
        """Save the posted career form onto `career` as its Save button would, for a preview whose
        transaction the caller rolls back. Returns what keeps the form from saving ([] once saved)."""
        request._stale_changes = []  # a preview saves nothing for good: no form is too old for it
        kept_messages = getattr(request, "_messages", None)
        request._messages = default_storage(
            request
        )  # a save's messages (ranks renumbered) are not this one's
        try:
            fieldsets = self.get_fieldsets(request, career)
            form_class = self.get_form(request, career, change=True, fields=flatten_fieldsets(fieldsets))
            form = form_class(request.POST, request.FILES, instance=career)
            formsets, _ = self._create_formsets(request, form.instance, change=True)
            form_valid = form.is_valid()
            if not (all_valid(formsets) and form_valid):
                return form_errors(form, formsets)
            career = self.save_form(request, form, change=True)
            self.save_model(request, career, form, True)
            self.save_related(request, form, formsets, True)
            return []
        finally:
            request._messages = kept_messages

    def missing_sections(self):
        """(key, label, condition) of each section an editor writes (`missing_sections`)."""
        return missing_sections()

    def get_queryset(self, request):
        # One flag per section, computed in the list's own query.
        flags = {f"lacks_{key}": condition for key, _, condition in self.missing_sections()}
        return (
            super()
            .get_queryset(request)
            .annotate(
                **{
                    name: models.ExpressionWrapper(condition, models.BooleanField())
                    for name, condition in flags.items()
                }
            )
        )

    @admin.display(description="updated", ordering="updated_at")
    def updated(self, obj):
        return timezone.localtime(obj.updated_at).date().isoformat()

    @admin.display(description="missing")
    def sections_missing(self, obj):
        missing = [label for key, label, _ in self.missing_sections() if getattr(obj, f"lacks_{key}", False)]
        return ", ".join(missing) if missing else "—"

    @admin.action(description="Mark reviewed today: checked against their sources", permissions=["change"])
    def mark_reviewed(self, request, queryset):
        today = timezone.localdate()
        self.change_many(request, queryset, {"reviewed_on": today}, f"Marked reviewed on {today:%Y-%m-%d}.")

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("work/", wrap(self.work_view), name="careers_career_work"),
            path(
                "work/best-school/<int:pk>/use-current/",
                wrap(self.use_current_figures_view),
                name="careers_bestschool_use_current",
            ),
            *super().get_urls(),
        ]

    def use_current_figures_view(self, request, pk):
        """One click on the work page: a best-schools row takes its school's current figures."""
        row = get_object_or_404(BestSchool.objects.select_related("career", "school"), pk=pk)
        if request.method != "POST" or not self.has_change_permission(request, row.career):
            raise PermissionDenied
        changes = [
            f"{heading} {published} → {current}"
            for heading, published, current, differs in figure_pairs(row)
            if differs
        ]
        for name in BestSchool.FIGURES:
            setattr(row, name, getattr(row.school, name))
        row.save()
        career_changed_elsewhere(
            request,
            row.career_id,
            f"Best school “{row.school}” (#{row.rank}) took the school's current figures: {', '.join(changes)}.",
        )
        LogEntry.objects.log_actions(
            request.user.pk,
            [row.career],
            CHANGE,
            change_message=[
                {
                    "changed": {
                        "name": "best school",
                        "object": str(row.school),
                        "fields": [f"current figures ({', '.join(changes)})"],
                    }
                }
            ],
            single_object=True,
        )
        self.message_user(
            request,
            f"{row.career}: “{row.school}” (#{row.rank}) now shows its current figures.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:careers_career_work"))

    def work_view(self, request):
        """What editors should work on next: counts, each linking to the filtered list behind it."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        rows, stale_count = stale_best_schools()
        context = {
            **self.admin_site.each_context(request),
            "title": "What needs work",
            "work": work_counts(self.missing_sections()),
            "stale_rows": [{"row": row, "figures": figure_pairs(row)} for row in rows],
            "stale_count": stale_count,
            "can_change": self.has_change_permission(request),
            "opts": self.opts,
        }
        return TemplateResponse(request, "admin/careers/work.html", context)

import re
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Case, F, IntegerField, OuterRef, Prefetch, Q, Subquery, Value, When
from django.db.models.functions import Cast, Concat, Lower, Round
from django.urls import reverse

from careerguide.core.managers import NaturalKeyManager
from schools.figures import best_schools_figures
from schools.models import PERCENT_VALIDATORS, DataSource, FieldOfStudy, FormerSlugBase, School

from .vocabulary import ENTRY_EDUCATION

onet_code_validator = RegexValidator(r"^\d{2}-\d{4}\.\d{2}$", "Enter an O*NET-SOC code such as 15-2051.00.")
soc_code_validator = RegexValidator(r"^\d{2}-\d{4}$", "Enter a SOC code such as 15-2051.")


# OEWS May 2024: "# = a wage equal to or greater than $115.00 per hour or $239,200 per year".
DEFAULT_HOURLY_CAP = Decimal("115.00")
DEFAULT_ANNUAL_CAP = 239_200


class OrderedItem(models.Model):
    """An editor-ordered row of a career page's section; subclasses have a `career`."""

    order = models.PositiveSmallIntegerField(default=0)

    objects = NaturalKeyManager("career__slug", "order")

    class Meta:
        abstract = True
        ordering = ["order", "pk"]

    def get_absolute_url(self):
        return self.career.get_absolute_url()

    # No unique constraint backs (career, order); the seed's rows are unique by it.
    def natural_key(self):
        return (*self.career.natural_key(), self.order)

    natural_key.dependencies = ["careers.career"]


# --- Occupation data (O*NET, BLS), replaced wholesale by imports -------------------------


class OccupationQuerySet(models.QuerySet):
    def get_by_natural_key(self, code):
        return self.get(code=code)

    def search(self, text):
        return self.filter(Q(title__icontains=text) | Q(alternate_titles__title__icontains=text)).distinct()


class Occupation(models.Model):
    """An O*NET-SOC occupation with its BLS wages and outlook."""

    code = models.CharField("O*NET-SOC code", max_length=10, unique=True, validators=[onet_code_validator])
    soc_code = models.CharField("SOC code", max_length=7, db_index=True, validators=[soc_code_validator])
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    job_zone = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    annual_median_wage = models.PositiveIntegerField(null=True, blank=True, help_text="USD per year.")
    hourly_median_wage = models.DecimalField(
        max_digits=7, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(Decimal(0))]
    )
    # OEWS prints "#" for wages at or above its top bracket ($239,200 a year, $115.00 an hour).
    annual_wage_top_coded = models.BooleanField(default=False)
    annual_wage_p10 = models.PositiveIntegerField("annual wage, 10th percentile", null=True, blank=True)
    annual_wage_p25 = models.PositiveIntegerField("annual wage, 25th percentile", null=True, blank=True)
    annual_wage_p75 = models.PositiveIntegerField("annual wage, 75th percentile", null=True, blank=True)
    annual_wage_p90 = models.PositiveIntegerField("annual wage, 90th percentile", null=True, blank=True)
    employment = models.PositiveIntegerField("total employment", null=True, blank=True)
    wage_source = models.ForeignKey(
        DataSource, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    employment_base = models.DecimalField(
        "employment, base year (thousands)", max_digits=9, decimal_places=1, null=True, blank=True
    )
    employment_projected = models.DecimalField(
        "employment, projected year (thousands)", max_digits=9, decimal_places=1, null=True, blank=True
    )
    # Growth may be negative: declining occupations are real.
    employment_change_percent = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    annual_openings = models.DecimalField(
        "annual openings (thousands)", max_digits=8, decimal_places=1, null=True, blank=True
    )
    typical_entry_education = models.CharField(max_length=120, blank=True)
    # BLS Employment Projections, "Work experience in a related occupation" and "Typical on-the-job
    # training needed to attain competency in the occupation" (e.g. "Less than 5 years", "Apprenticeship").
    work_experience = models.CharField("work experience in a related occupation", max_length=60, blank=True)
    on_the_job_training = models.CharField("typical on-the-job training", max_length=60, blank=True)
    outlook_source = models.ForeignKey(
        DataSource, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    related = models.ManyToManyField("self", through="RelatedOccupation", symmetrical=False, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OccupationQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(job_zone__isnull=True) | Q(job_zone__gte=1, job_zone__lte=5),
                name="occupation_job_zone_range",
            ),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 0}),
                    name=f"occupation_{field}_not_negative",
                )
                for field in (
                    "hourly_median_wage",
                    "employment_base",
                    "employment_projected",
                    "annual_openings",
                )
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.code})"

    def get_absolute_url(self):
        career = self.careers.first()
        return (
            career.get_absolute_url() if career else reverse("listings:career_explorer") + f"?q={self.title}"
        )

    def natural_key(self):
        return (self.code,)

    def fields_of_study(self):
        """CIP fields linked to this occupation by the CIP–SOC crosswalk."""
        return FieldOfStudy.objects.filter(crosswalk__soc_code=self.soc_code)


class AlternateTitle(models.Model):
    occupation = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="alternate_titles")
    title = models.CharField(max_length=255, db_index=True)
    short_title = models.CharField(max_length=120, blank=True)

    objects = NaturalKeyManager("occupation__code", "title")

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["occupation", "title"], name="unique_alternate_title"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.occupation.get_absolute_url()

    def natural_key(self):
        return (*self.occupation.natural_key(), self.title)

    natural_key.dependencies = ["careers.occupation"]


class Task(models.Model):
    class Kind(models.TextChoices):
        CORE = "core", "Core"
        SUPPLEMENTAL = "supplemental", "Supplemental"
        # O*NET's Task Type "n/a": a task not yet rated by incumbents.
        UNRATED = "unrated", "Not rated"

    occupation = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="tasks")
    onet_task_id = models.PositiveIntegerField("O*NET task ID", null=True, blank=True)
    statement = models.TextField()
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.CORE)

    class Meta:
        ordering = ["occupation_id", "onet_task_id", "pk"]

    def __str__(self):
        return self.statement[:80]

    def get_absolute_url(self):
        return self.occupation.get_absolute_url()


class TechnologySkill(models.Model):
    occupation = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="technology_skills")
    name = models.CharField(max_length=200)
    commodity_code = models.PositiveIntegerField(null=True, blank=True)
    category = models.CharField(
        max_length=200, help_text="UNSPSC commodity title, e.g. Presentation software."
    )
    is_hot = models.BooleanField("hot technology", default=False)
    is_in_demand = models.BooleanField("in demand", default=False)

    class Meta:
        ordering = ["category", "name"]
        constraints = [
            models.UniqueConstraint(fields=["occupation", "name"], name="unique_technology_per_occupation"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return self.occupation.get_absolute_url()


class EducationLevelShare(models.Model):
    """Share of workers in an occupation at an O*NET "Required Level of Education" category."""

    occupation = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="education_levels")
    category = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(12)])
    label = models.CharField(max_length=300)
    percent = models.DecimalField(max_digits=5, decimal_places=2, validators=PERCENT_VALIDATORS)

    class Meta:
        ordering = ["occupation_id", "category"]
        constraints = [
            models.UniqueConstraint(fields=["occupation", "category"], name="unique_education_category"),
            models.CheckConstraint(
                condition=Q(percent__gte=0, percent__lte=100), name="education_share_percent"
            ),
        ]

    def __str__(self):
        return f"{self.label}: {self.percent}%"

    def get_absolute_url(self):
        return self.occupation.get_absolute_url()


class RelatedOccupation(models.Model):
    occupation = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="related_links")
    related_occupation = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="+")
    tier = models.CharField(max_length=40, blank=True)
    rank = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["occupation_id", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["occupation", "related_occupation"], name="unique_related_occupation"
            ),
        ]

    def __str__(self):
        return f"{self.occupation.title} → {self.related_occupation.title}"

    def get_absolute_url(self):
        return self.related_occupation.get_absolute_url()


class CrosswalkLink(models.Model):
    """CIP 2020 → SOC 2018 crosswalk: a field of study that leads to an occupation."""

    field = models.ForeignKey(FieldOfStudy, on_delete=models.CASCADE, related_name="crosswalk")
    soc_code = models.CharField("SOC code", max_length=7, db_index=True, validators=[soc_code_validator])
    soc_title = models.CharField(max_length=200, blank=True)

    objects = NaturalKeyManager("field_id", "soc_code")

    class Meta:
        ordering = ["field_id", "soc_code"]
        constraints = [
            models.UniqueConstraint(fields=["field", "soc_code"], name="unique_crosswalk_link"),
        ]

    def __str__(self):
        return f"{self.field_id} → {self.soc_code}"

    def get_absolute_url(self):
        return self.field.get_absolute_url()

    def natural_key(self):
        return (self.field_id, self.soc_code)


# --- The editorial career page -------------------------------------------------------------


def wages_shared_with():
    """A career's annotation: the O*NET title of the SOC occupation whose OEWS wages a detailed title
    (15-2051.01) shows, OEWS reporting SOC occupations only; None for a SOC occupation's own (.00)."""
    return Subquery(
        Occupation.objects.filter(code=Concat(OuterRef("occupation__soc_code"), Value(".00")))
        .exclude(code=OuterRef("occupation__code"))
        .values("title")[:1]
    )


class CareerQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)

    def featured(self):
        return self.filter(is_featured=True)

    def search(self, text):
        """Careers whose title, occupation title or one alternate title holds every word of `text`.

        Alternate titles are matched through a subquery (no join fan-out, no DISTINCT); careers
        whose own title holds the whole phrase come first, then occupation-title matches.
        """
        words = text.split()[:10]
        if not words:
            return self

        def all_words(field):
            condition = Q()
            for word in words:
                condition &= Q(**{f"{field}__icontains": word})
            return condition

        alternate = AlternateTitle.objects.filter(all_words("title")).values("occupation_id")
        phrase = " ".join(words)
        return (
            self.filter(all_words("title") | all_words("occupation__title") | Q(occupation_id__in=alternate))
            .annotate(
                search_rank=Case(
                    When(title__iexact=phrase, then=Value(0)),
                    When(title__icontains=phrase, then=Value(1)),
                    When(all_words("title"), then=Value(2)),
                    When(occupation__title__icontains=phrase, then=Value(3)),
                    default=Value(4),
                )
            )
            .order_by("search_rank", "title", "pk")
        )

    # --- The careers explorer (/careers/, /api/careers/, /careers/export.csv) ---

    # Sort key → the listing's annotation it orders by (SPEC section 4).
    EXPLORER_SORTS = {
        "title": "title",
        "wage": "median_wage",
        "growth": "growth_percent",
        "openings": "openings",
        "employment": "employment",
    }

    def explorer_listing(self):
        """Careers with their occupation's figures as flat annotations, for lists, JSON and CSV.

        `median_wage` is OEWS May 2024 (a top-coded median is the cap: `median_wage_top_coded`);
        a detailed O*NET title shows its SOC occupation's wages: `wages_shared_with` names it;
        `growth_percent`, `openings` (a year) and `employment` (jobs in the base year) are BLS
        Employment Projections, which publishes the last two in thousands: here they are whole
        numbers of jobs. A career without an occupation has every figure unknown (NULL).
        """

        def thousands(field):
            return Cast(Round(F(f"occupation__{field}") * 1000), IntegerField())

        return (
            self.select_related("occupation__wage_source", "occupation__outlook_source")
            # Only what a card, a JSON entry and the source note read: not the O*NET description.
            .only(
                "title",
                "slug",
                "occupation__title",
                *(
                    f"occupation__{source}__{field}"
                    for source in ("wage_source", "outlook_source")
                    for field in ("name", "edition")
                ),
            )
            .annotate(
                soc_code=F("occupation__soc_code"),
                onet_code=F("occupation__code"),
                median_wage=F("occupation__annual_median_wage"),
                median_wage_top_coded=F("occupation__annual_wage_top_coded"),
                # OEWS publishes only an hourly median for some jobs not worked all year (actors).
                median_hourly_wage=F("occupation__hourly_median_wage"),
                growth_percent=F("occupation__employment_change_percent"),
                openings=thousands("annual_openings"),
                employment=thousands("employment_base"),
                entry_education=F("occupation__typical_entry_education"),
                work_experience=F("occupation__work_experience"),
                on_the_job_training=F("occupation__on_the_job_training"),
                job_zone=F("occupation__job_zone"),
                wages_shared_with=wages_shared_with(),
            )
        )

    def with_entry_education(self, slugs):
        """Careers whose BLS typical entry education is one of `slugs` (keys of ENTRY_EDUCATION)."""
        return self.filter(occupation__typical_entry_education__in=[ENTRY_EDUCATION[s] for s in slugs])

    def median_wage_between(self, low=None, high=None):
        """OEWS median annual wage within the bounds; an unknown wage never matches a bound. A
        top-coded median ("$239,200 or more") meets any lower bound up to the cap but no upper
        bound: the wage may be above it."""
        careers = self
        if low is not None:
            careers = careers.filter(occupation__annual_median_wage__gte=low)
        if high is not None:
            careers = careers.filter(
                occupation__annual_median_wage__lte=high, occupation__annual_wage_top_coded=False
            )
        return careers

    def growth_between(self, low=None, high=None):
        """Projected employment change (percent) within the bounds; unknown growth never matches."""
        careers = self
        if low is not None:
            careers = careers.filter(occupation__employment_change_percent__gte=low)
        if high is not None:
            careers = careers.filter(occupation__employment_change_percent__lte=high)
        return careers

    def in_job_zones(self, zones):
        return self.filter(occupation__job_zone__in=zones)

    def explorer_sorted(self, key):
        """Ordered by an EXPLORER_SORTS key (`-` for descending): unknown values last in both
        directions, ties by title (case-insensitive), then id. Needs `explorer_listing()`."""
        descending = key.startswith("-")
        field = self.EXPLORER_SORTS[key.lstrip("-")]
        title = Lower("title")
        if field == "title":
            return self.order_by(title.desc() if descending else title.asc(), "-pk" if descending else "pk")
        value = F(field).desc(nulls_last=True) if descending else F(field).asc(nulls_last=True)
        return self.order_by(value, title, "pk")

    def with_page_data(self):
        """The career page's records, in a fixed number of queries.

        One query for the career with its occupation and data sources, and one for the careers of the
        same occupation. The rest (the editors' short lists in one query, degree levels with their
        programs, best schools, resources, the occupation's O*NET lists) is read by
        `careers.selectors`, one light query each and only where the page shows it.
        """
        linked_careers = Career.objects.only("id", "title", "slug", "occupation_id").order_by("title", "pk")
        return (
            self.select_related("occupation", "occupation__wage_source", "occupation__outlook_source")
            .annotate(wages_shared_with=wages_shared_with())
            .prefetch_related(Prefetch("occupation__careers", queryset=linked_careers))
        )


class Career(models.Model):
    """A career guide page: editorial content enriched by its occupation's public data."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    occupation = models.ForeignKey(
        Occupation, on_delete=models.SET_NULL, null=True, blank=True, related_name="careers"
    )
    is_featured = models.BooleanField(default=False, help_text="Shown on the home page.")

    overview = models.TextField(blank=True)
    importance_intro = models.TextField(blank=True)
    overview_closing = models.TextField(blank=True)

    # Salary as the editors publish it; when empty the occupation's OEWS wages are shown.
    salary_annual_median = models.PositiveIntegerField(null=True, blank=True, help_text="USD per year.")
    salary_hourly_median = models.DecimalField(
        max_digits=7, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(Decimal(0))]
    )
    salary_source = models.CharField(max_length=255, blank=True)
    salary_year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )

    education_intro = models.TextField(blank=True)
    education_closing = models.TextField(blank=True)
    best_schools_year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    best_schools_method = models.TextField(
        "how the best-schools list was made",
        blank=True,
        help_text="Shown under the list: what was ranked, on which figures, from which year.",
    )
    # Editorial override of the occupation's official description.
    job_description = models.TextField(blank=True)
    job_market_intro = models.TextField(blank=True)
    job_market_closing = models.TextField(blank=True)
    resources_closing = models.TextField(blank=True)

    reviewed_on = models.DateField(
        "last reviewed",
        null=True,
        blank=True,
        help_text="When an editor last checked the whole page against its sources.",
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CareerQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(salary_annual_median__isnull=True) | Q(salary_annual_median__gte=0),
                name="career_salary_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(salary_hourly_median__isnull=True) | Q(salary_hourly_median__gte=0),
                name="career_hourly_salary_not_negative",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        FormerCareerSlug.remember(self, getattr(self, "_stored_slug", None))
        self._stored_slug = self.slug

    def get_absolute_url(self):
        return reverse("pages:career", kwargs={"slug": self.slug})

    @classmethod
    def from_db(cls, db, field_names, values):
        career = super().from_db(db, field_names, values)
        # The slug as loaded: save() keeps it as a former address when it changes.
        career._stored_slug = career.__dict__.get("slug")
        return career

    def natural_key(self):
        return (self.slug,)

    @property
    def job_description_text(self):
        if self.job_description:
            return self.job_description
        return self.occupation.description if self.occupation else ""

    def job_description_points(self):
        """The description as the reference page lists it: one point per sentence."""
        return [s for s in re.split(r"(?<=\.)\s+", self.job_description_text.strip()) if s]


class FormerCareerSlug(FormerSlugBase):
    record = models.ForeignKey(Career, on_delete=models.CASCADE, related_name="former_slugs")

    class Meta(FormerSlugBase.Meta):
        verbose_name = "former career address"


class ImportancePoint(OrderedItem):
    career = models.ForeignKey(Career, on_delete=models.CASCADE, related_name="importance_points")
    title = models.CharField(max_length=200)
    body = models.TextField()

    def __str__(self):
        return self.title


class DegreeLevel(OrderedItem):
    class Kind(models.TextChoices):
        BACHELOR = "bachelor", "Bachelor's degree"
        MASTER = "master", "Master's degree"
        DOCTORATE = "doctorate", "Doctoral degree"
        ASSOCIATE = "associate", "Associate degree"
        CERTIFICATE = "certificate", "Certificates and online courses"

    career = models.ForeignKey(Career, on_delete=models.CASCADE, related_name="degree_levels")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    title = models.CharField(max_length=200, help_text="As shown, e.g. Bachelor's Degree.")
    description = models.TextField(blank=True)

    def __str__(self):
        return f"{self.career}: {self.title}"


class DegreeProgram(OrderedItem):
    degree_level = models.ForeignKey(DegreeLevel, on_delete=models.CASCADE, related_name="programs")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    field = models.ForeignKey(
        FieldOfStudy,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The CIP code that leads to this program in the school finder.",
    )

    objects = NaturalKeyManager("degree_level__career__slug", "degree_level__order", "order")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return self.field.get_absolute_url() if self.field_id else self.degree_level.get_absolute_url()

    def natural_key(self):
        return (*self.degree_level.natural_key(), self.order)

    natural_key.dependencies = ["careers.degreelevel"]


class BestSchool(models.Model):
    """A ranked school on a career's "Best schools" list.

    The figures are those published with the list in its year; empty figures fall back to the
    school's current data, so a later import never rewrites a published ranking.
    """

    career = models.ForeignKey(Career, on_delete=models.CASCADE, related_name="best_schools")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="best_school_entries")
    rank = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    tuition_in_state = models.PositiveIntegerField(null=True, blank=True)
    tuition_out_of_state = models.PositiveIntegerField(null=True, blank=True)
    admission_rate = models.DecimalField(
        max_digits=5, decimal_places=2, null=True, blank=True, validators=PERCENT_VALIDATORS
    )
    graduation_rate = models.DecimalField(
        max_digits=5, decimal_places=2, null=True, blank=True, validators=PERCENT_VALIDATORS
    )
    enrollment = models.PositiveIntegerField(null=True, blank=True)

    FIGURES = tuple(figure.field for figure in best_schools_figures())

    objects = NaturalKeyManager("career__slug", "rank")

    class Meta:
        ordering = ["career_id", "rank"]
        verbose_name_plural = "best schools"
        constraints = [
            models.UniqueConstraint(fields=["career", "rank"], name="unique_best_school_rank"),
            models.UniqueConstraint(fields=["career", "school"], name="unique_best_school"),
            models.CheckConstraint(
                condition=Q(admission_rate__isnull=True) | Q(admission_rate__gte=0, admission_rate__lte=100),
                name="best_school_admission_rate_percent",
            ),
            models.CheckConstraint(
                condition=Q(graduation_rate__isnull=True)
                | Q(graduation_rate__gte=0, graduation_rate__lte=100),
                name="best_school_graduation_rate_percent",
            ),
        ]

    def __str__(self):
        return f"{self.rank}. {self.school}"

    def get_absolute_url(self):
        return self.school.get_absolute_url()

    def natural_key(self):
        return (*self.career.natural_key(), self.rank)

    natural_key.dependencies = ["careers.career"]

    def figure(self, name):
        value = getattr(self, name)
        return getattr(self.school, name) if value is None else value


class Skill(OrderedItem):
    career = models.ForeignKey(Career, on_delete=models.CASCADE, related_name="skills")
    title = models.CharField(max_length=200)
    body = models.TextField()

    def __str__(self):
        return self.title


class Duty(OrderedItem):
    """A job duty chosen by editors; without any, the occupation's O*NET tasks are shown."""

    career = models.ForeignKey(Career, on_delete=models.CASCADE, related_name="duties")
    statement = models.TextField()

    class Meta(OrderedItem.Meta):
        verbose_name_plural = "duties"

    def __str__(self):
        return self.statement[:80]


class CareerTechnology(OrderedItem):
    """A technology chosen by editors; without any, the occupation's O*NET technology skills are shown."""

    career = models.ForeignKey(Career, on_delete=models.CASCADE, related_name="technologies")
    category = models.CharField(max_length=200)
    name = models.CharField(max_length=200)
    is_hot = models.BooleanField("hot technology", default=False)

    class Meta(OrderedItem.Meta):
        verbose_name_plural = "career technologies"

    def __str__(self):
        return self.name


class JobMarketPoint(OrderedItem):
    """A titled point of the job-market section; two kinds carry the hotspot and industry lists."""

    class Kind(models.TextChoices):
        POINT = "point", "Point"
        HOTSPOTS = "hotspots", "Introduces the geographical hotspots"
        INDUSTRIES = "industries", "Introduces the industries"

    career = models.ForeignKey(Career, on_delete=models.CASCADE, related_name="market_points")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.POINT)
    title = models.CharField(max_length=200)
    body = models.TextField()

    def __str__(self):
        return self.title


class Hotspot(OrderedItem):
    career = models.ForeignKey(Career, on_delete=models.CASCADE, related_name="hotspots")
    place = models.CharField(max_length=200)
    reason = models.TextField()

    def __str__(self):
        return self.place


class Industry(OrderedItem):
    career = models.ForeignKey(Career, on_delete=models.CASCADE, related_name="industries")
    name = models.CharField(max_length=200)
    description = models.TextField()

    class Meta(OrderedItem.Meta):
        verbose_name_plural = "industries"

    def __str__(self):
        return self.name


class FAQ(OrderedItem):
    career = models.ForeignKey(Career, on_delete=models.CASCADE, related_name="faqs")
    question = models.CharField(max_length=300)
    answer = models.TextField()

    class Meta(OrderedItem.Meta):
        verbose_name = "FAQ"
        verbose_name_plural = "FAQs"

    def __str__(self):
        return self.question

import math
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import ASin, Cast, Coalesce, Cos, Lower, Power, Radians, Sin, Sqrt
from django.urls import reverse

from careerguide.core.images import LogoField, delete_replaced_file, make_thumbnail, validate_logo
from careerguide.core.managers import NaturalKeyManager
from careerguide.core.text import whole_words

from .figures import FIGURES, OPEN_ADMISSION_RATE, SMALL_GROUP, csv_figures, figure_of, sourced_figures
from .vocabulary import (
    CIP_CODE_EXAMPLE,
    CIP_CODE_RE,
    INCOME_BANDS,
    PREDOMINANT_DEGREE_BY_SLUG,
    SCHOOL_TYPE_BY_SLUG,
    STATE_CODES,
    US_STATES,
    CipLevel,
    CredentialLevel,
    PredominantDegree,
    SchoolType,
    cip_level,
)

PERCENT_VALIDATORS = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]

cip_code_validator = RegexValidator(CIP_CODE_RE.pattern, CIP_CODE_EXAMPLE)
zip_code_validator = RegexValidator(r"^\d{5}(-\d{4})?$", "Enter a ZIP code such as 20742 or 20742-5025.")


def percent_field(verbose_name):
    return models.DecimalField(
        verbose_name,
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=PERCENT_VALIDATORS,
        help_text="Percent, 0–100. Leave empty when unknown.",
    )


def source_field(metric):
    return models.ForeignKey(
        "schools.DataSource",
        verbose_name=f"{metric} source",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )


class DataSource(models.Model):
    """A named public dataset and edition a figure came from, e.g. "IPEDS 2023-24"."""

    EDITOR_KEY = "editor"
    # The site's own sources (the seeded reference page, "careerguide-reference-2024"), which,
    # like the editors', are not public datasets.
    SITE_KEY_PREFIX = "careerguide-"

    key = models.SlugField(unique=True, help_text="Stable identifier used by importers, e.g. ipeds-2023.")
    name = models.CharField(max_length=120)
    edition = models.CharField(max_length=40, blank=True, help_text="Data year or release, e.g. 2023-24.")
    url = models.URLField(blank=True)

    objects = NaturalKeyManager("key")

    class Meta:
        ordering = ["name", "edition"]

    def __str__(self):
        return f"{self.name} {self.edition}".strip()

    def natural_key(self):
        return (self.key,)

    @classmethod
    def is_public_data(cls, key):
        """Whether the source of this `key` is a public dataset, not the editors' or the site's own."""
        return key != cls.EDITOR_KEY and not key.startswith(cls.SITE_KEY_PREFIX)

    @classmethod
    def editor(cls):
        source, _ = cls.objects.get_or_create(key=cls.EDITOR_KEY, defaults={"name": "Careerguide editors"})
        return source


EARTH_RADIUS_MILES = 3958.8


def haversine_miles(latitude, longitude):
    """The great-circle distance in miles from a point to each school's coordinates."""
    school_latitude = Radians(Cast("latitude", models.FloatField()))
    school_longitude = Radians(Cast("longitude", models.FloatField()))
    half_latitude = (school_latitude - math.radians(latitude)) / 2
    half_longitude = (school_longitude - math.radians(longitude)) / 2
    chord = Power(Sin(half_latitude), 2) + math.cos(math.radians(latitude)) * Cos(school_latitude) * Power(
        Sin(half_longitude), 2
    )
    return models.ExpressionWrapper(
        2 * EARTH_RADIUS_MILES * ASin(Sqrt(chord)), output_field=models.FloatField()
    )


def csv_columns():
    """The export's columns, in the order SPEC section 4 fixes; each is a School field of that name."""
    figures = csv_figures()
    return (
        "unitid",
        "name",
        "city",
        "state",
        "control",
        *(figure.field for figure in figures if not figure.csv_after_website),
        "website",
        *(figure.field for figure in figures if figure.csv_after_website),
    )


class SchoolQuerySet(models.QuerySet):
    def get_by_natural_key(self, unitid):
        return self.get(unitid=unitid)

    def search(self, text):
        """Schools whose name, city or an alias holds every word of `text`."""
        return self.filter(self.words_condition(text))

    @staticmethod
    def words_condition(text):
        """The condition of `search`, for a caller that combines it with others."""
        condition = Q()
        for word in text.split():
            aliases = SchoolAlias.objects.filter(name__icontains=word).values("school_id")
            condition &= Q(name__icontains=word) | Q(city__icontains=word) | Q(pk__in=aliases)
        return condition

    def by_slugs(self, slugs):
        return self.filter(slug__in=slugs)

    def listing(self):
        """What the finder's table, the compare page and the API list read: every listed figure, no
        logo, sources or history."""
        listed = {
            f.field for f in FIGURES if (f.in_finder or f.in_compare or f.in_api) and not f.needs_home_state
        }
        listed |= {field for band in INCOME_BANDS for field in (band.field, band.students_field)}
        listed |= {"latitude", "longitude"}
        return self.only(*csv_columns(), *sorted(listed), "slug", "predominant_degree", "graduation_cohort")

    def in_states(self, codes):
        return self.filter(state__in=codes)

    def with_school_types(self, slugs):
        return self.filter(control__in=[SCHOOL_TYPE_BY_SLUG[slug] for slug in slugs])

    def with_your_tuition(self, home_state):
        """Annotate `your_tuition`: in-state tuition where the school is in `home_state`, else out-of-state."""
        return self.annotate(
            your_tuition=models.Case(
                models.When(state=home_state, then=models.F("tuition_in_state")),
                default=models.F("tuition_out_of_state"),
                output_field=models.PositiveIntegerField(),
            )
        )

    def offering(self, codes, levels=(), match="exact"):
        """Schools offering any of the CIP `codes` at one of the credential `levels` (all when
        empty), by SPEC section 4's rule; `match="field"` widens 6-digit codes to their series."""
        offerings = ProgramOffering.objects.matching(codes, levels, match)
        return self.filter(pk__in=offerings.values("school_id"))

    def with_predominant_degree(self, slugs):
        return self.filter(predominant_degree__in=[PREDOMINANT_DEGREE_BY_SLUG[slug] for slug in slugs])

    def with_program_earnings(self, codes, levels=(), match="exact"):
        """Annotate `program_earnings`: the best median earnings 5 years after a matched program
        (ProgramOfferingQuerySet.with_figures)."""
        best = (
            ProgramOffering.objects.with_figures(codes, levels, match)
            .filter(school_id=models.OuterRef("pk"), median_earnings_5yr__isnull=False)
            .order_by("-median_earnings_5yr")
            .values("median_earnings_5yr")[:1]
        )
        return self.annotate(program_earnings=models.Subquery(best))

    def with_program_graduates(self, codes, levels=(), match="exact"):
        """Annotate `program_graduates`: the graduates of the matched programs, summed over levels
        (ProgramOfferingQuerySet.with_figures)."""
        total = (
            ProgramOffering.objects.with_figures(codes, levels, match)
            .filter(school_id=models.OuterRef("pk"))
            .order_by()
            .values("school_id")
            .annotate(total=models.Sum("graduates"))
            .values("total")
        )
        return self.annotate(program_graduates=models.Subquery(total))

    def ranked(self):
        """Annotate `<figure>_ranked` for each figure an open admission stands in for: the value, or
        OPEN_ADMISSION_RATE at a school that admits everyone and reports no rate (SPEC section 3)."""
        return self.annotate(
            **{
                figure.ranked_field: Coalesce(
                    figure.field,
                    models.Case(
                        models.When(open_admission=True, then=models.Value(Decimal(OPEN_ADMISSION_RATE))),
                        output_field=models.DecimalField(max_digits=5, decimal_places=2),
                    ),
                )
                for figure in FIGURES
                if figure.open_admission_text
            }
        )

    def near(self, latitude, longitude, miles):
        """Schools with coordinates at most `miles` from a point, annotated `distance_miles`: the
        great-circle distance by the haversine formula. A box of latitudes and longitudes around
        the point, which the (latitude, longitude) index serves, narrows the rows first."""
        latitude, longitude = float(latitude), float(longitude)
        latitude_span = math.degrees(miles / EARTH_RADIUS_MILES)
        # A degree of longitude shrinks with the cosine of the latitude (a box within a pole: all).
        cosine = math.cos(math.radians(min(abs(latitude) + latitude_span, 90)))
        longitude_span = 180 if cosine < 1e-6 else min(math.degrees(miles / EARTH_RADIUS_MILES / cosine), 180)
        box = Q(latitude__gte=latitude - latitude_span, latitude__lte=latitude + latitude_span)
        west, east = longitude - longitude_span, longitude + longitude_span
        if longitude_span >= 180:
            pass  # every longitude
        elif west < -180:  # across the antimeridian: two ranges
            box &= Q(longitude__gte=west + 360) | Q(longitude__lte=east)
        elif east > 180:
            box &= Q(longitude__gte=west) | Q(longitude__lte=east - 360)
        else:
            box &= Q(longitude__gte=west, longitude__lte=east)
        return self.filter(box).with_distance_from(latitude, longitude).filter(distance_miles__lte=miles)

    def with_distance_from(self, latitude, longitude):
        """Annotated `distance_miles` from a point (None for a school without coordinates)."""
        return self.annotate(distance_miles=haversine_miles(float(latitude), float(longitude)))

    def ordered_by(self, field, descending=False):
        """Ordered by `field` (a column or an annotation): unknown values last both ways, ties by
        name (case-insensitively) then pk. A rate counted over fewer than SMALL_GROUP students
        comes after the other known rates, both ways."""
        if field == "name":
            name = Lower("name")
            return self.order_by(name.desc() if descending else name.asc(), "-pk" if descending else "pk")
        value = models.F(field)
        order = [value.desc(nulls_last=True) if descending else value.asc(nulls_last=True)]
        cohort = next((f.cohort_field for f in FIGURES if f.field == field and f.cohort_field), "")
        if cohort:
            rate_group = models.Case(
                models.When(**{f"{field}__isnull": True}, then=models.Value(2)),
                models.When(**{f"{cohort}__lt": SMALL_GROUP}, then=models.Value(1)),
                default=models.Value(0),
            )
            order.insert(0, rate_group.asc())
        return self.order_by(*order, Lower("name"), "pk")


class School(models.Model):
    """A US postsecondary institution, keyed by its IPEDS UNITID."""

    # Figures whose provenance is tracked: each has a `<metric>_source` foreign key.
    METRICS = tuple(figure.field for figure in sourced_figures())
    # The figures an editor may set beside their source on the school's form, which imports then
    # keep (KeptFigure): the registry's, and the predominant degree.
    EDITABLE_FIGURES = (*METRICS, "predominant_degree")

    unitid = models.PositiveIntegerField("IPEDS UNITID", unique=True)
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    city = models.CharField(max_length=80, blank=True)
    state = models.CharField(max_length=2, choices=US_STATES)
    zip_code = models.CharField("ZIP code", max_length=10, blank=True, validators=[zip_code_validator])
    website = models.URLField(max_length=300, blank=True)
    control = models.PositiveSmallIntegerField(choices=SchoolType.choices, null=True, blank=True)
    predominant_degree = models.PositiveSmallIntegerField(
        choices=PredominantDegree.choices, null=True, blank=True
    )

    tuition_in_state = models.PositiveIntegerField(
        "in-state tuition and fees", null=True, blank=True, help_text="USD per year."
    )
    tuition_out_of_state = models.PositiveIntegerField(
        "out-of-state tuition and fees", null=True, blank=True, help_text="USD per year."
    )
    admission_rate = percent_field("admission rate")
    graduation_rate = percent_field("graduation rate")
    graduation_cohort = models.PositiveIntegerField(
        "graduation rate cohort",
        null=True,
        blank=True,
        help_text="The students the graduation rate counts (IPEDS TOTAL_COHORT_2015).",
    )
    enrollment = models.PositiveIntegerField("total enrollment", null=True, blank=True)
    median_earnings = models.PositiveIntegerField(
        "median earnings 10 years after entry", null=True, blank=True, help_text="USD per year."
    )
    # Net price may be negative: grants can exceed the cost of attendance.
    net_price = models.IntegerField("average net price", null=True, blank=True, help_text="USD per year.")
    sat_average = models.PositiveSmallIntegerField(
        "SAT average",
        null=True,
        blank=True,
        validators=[MinValueValidator(400), MaxValueValidator(1600)],
    )
    # What a year costs and what families pay, and how students fare (College Scorecard 2023-24).
    cost_of_attendance = models.PositiveIntegerField(
        "cost of attendance",
        null=True,
        blank=True,
        help_text="USD per year: tuition, fees, books, housing and food, before aid.",
    )
    books_supplies = models.PositiveIntegerField("books and supplies", null=True, blank=True)
    housing_food_on_campus = models.PositiveIntegerField("housing and food, on campus", null=True, blank=True)
    other_expenses_on_campus = models.PositiveIntegerField("other expenses, on campus", null=True, blank=True)
    housing_food_off_campus = models.PositiveIntegerField(
        "housing and food, off campus", null=True, blank=True
    )
    other_expenses_off_campus = models.PositiveIntegerField(
        "other expenses, off campus", null=True, blank=True
    )
    # Net price by family income (schools.vocabulary.INCOME_BANDS), each with the students it covers.
    # Negative where grants exceed the cost.
    net_price_income_1 = models.IntegerField("net price, income $0–30,000", null=True, blank=True)
    net_price_income_2 = models.IntegerField("net price, income $30,001–48,000", null=True, blank=True)
    net_price_income_3 = models.IntegerField("net price, income $48,001–75,000", null=True, blank=True)
    net_price_income_4 = models.IntegerField("net price, income $75,001–110,000", null=True, blank=True)
    net_price_income_5 = models.IntegerField("net price, income over $110,000", null=True, blank=True)
    net_price_students_1 = models.PositiveIntegerField("students, income $0–30,000", null=True, blank=True)
    net_price_students_2 = models.PositiveIntegerField(
        "students, income $30,001–48,000", null=True, blank=True
    )
    net_price_students_3 = models.PositiveIntegerField(
        "students, income $48,001–75,000", null=True, blank=True
    )
    net_price_students_4 = models.PositiveIntegerField(
        "students, income $75,001–110,000", null=True, blank=True
    )
    net_price_students_5 = models.PositiveIntegerField(
        "students, income over $110,000", null=True, blank=True
    )
    net_price_calculator = models.URLField(
        "net price calculator", max_length=500, blank=True, help_text="The school's own calculator."
    )
    open_admission = models.BooleanField(
        null=True, blank=True, help_text="Admits every applicant (Scorecard OPENADMP); empty when unknown."
    )
    is_main_campus = models.BooleanField("main campus", null=True, blank=True)
    retention_rate = percent_field("first-year retention rate")
    pell_share = percent_field("students with a Pell grant")
    loan_share = percent_field("students with a federal loan")
    default_rate = percent_field("three-year loan default rate")
    latitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    logo = LogoField(
        upload_to="logos/",
        blank=True,
        validators=[validate_logo],
        help_text="PNG, JPEG, GIF or WebP, at most 2 MB; stored as a thumbnail.",
    )

    tuition_in_state_source = source_field("in-state tuition")
    tuition_out_of_state_source = source_field("out-of-state tuition")
    admission_rate_source = source_field("admission rate")
    graduation_rate_source = source_field("graduation rate")
    enrollment_source = source_field("enrollment")
    median_earnings_source = source_field("median earnings")
    net_price_source = source_field("net price")
    sat_average_source = source_field("SAT average")
    predominant_degree_source = source_field("predominant degree")
    cost_of_attendance_source = source_field("cost of attendance")
    net_price_by_income_source = source_field("net price by income")
    open_admission_source = source_field("open admission")
    retention_rate_source = source_field("retention rate")
    pell_share_source = source_field("Pell share")
    loan_share_source = source_field("loan share")
    default_rate_source = source_field("default rate")

    pinned = models.BooleanField(
        default=False,
        help_text="Pinned schools keep their figures: imports skip them and report it.",
    )
    reviewed_on = models.DateField(
        "last reviewed",
        null=True,
        blank=True,
        help_text="When an editor last checked the school's figures against the public data.",
    )
    figures_changed_at = models.DateTimeField(null=True, blank=True, editable=False)
    figures_changed_by = models.CharField(
        max_length=120,
        blank=True,
        editable=False,
        help_text="The import (source and year) or the editor that last changed the figures.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SchoolQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        indexes = [
            models.Index(fields=["name"]),
            # The finder's name order is case-insensitive: this index serves it, so a page of a
            # common word ("college", 27,000 schools at ten times the data) stops at 25 rows.
            models.Index(Lower("name"), models.F("id"), name="school_name_lower_idx"),
            models.Index(fields=["state", "name"]),
            models.Index(fields=["control", "name"]),
            models.Index(fields=["tuition_in_state"]),
            models.Index(fields=["tuition_out_of_state"]),
            models.Index(fields=["admission_rate"]),
            models.Index(fields=["graduation_rate"]),
            models.Index(fields=["enrollment"]),
            models.Index(fields=["median_earnings"]),
            models.Index(fields=["net_price"]),
            models.Index(fields=["cost_of_attendance"]),
            *(models.Index(fields=[band.field]) for band in INCOME_BANDS),
            # "Near a ZIP code" narrows to a box of latitudes and longitudes before the exact distance.
            models.Index(fields=["latitude", "longitude"]),
            models.Index(fields=["predominant_degree", "name"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(admission_rate__isnull=True) | Q(admission_rate__gte=0, admission_rate__lte=100),
                name="school_admission_rate_percent",
            ),
            models.CheckConstraint(
                condition=Q(graduation_rate__isnull=True)
                | Q(graduation_rate__gte=0, graduation_rate__lte=100),
                name="school_graduation_rate_percent",
            ),
            # Empty means unknown (48 IPEDS 2023 institutions have no state in any file); forms
            # still require a real code, so an editor who opens such a school chooses one.
            models.CheckConstraint(
                condition=Q(state="") | Q(state__in=sorted(STATE_CODES)), name="school_state_code"
            ),
            models.CheckConstraint(
                condition=Q(sat_average__isnull=True) | Q(sat_average__gte=400, sat_average__lte=1600),
                name="school_sat_average_range",
            ),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{rate}__isnull": True}) | Q(**{f"{rate}__gte": 0, f"{rate}__lte": 100}),
                    name=f"school_{rate}_percent",
                )
                for rate in ("retention_rate", "pell_share", "loan_share", "default_rate")
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.logo and not self.logo._committed:
            # A fresh upload: keep only a thumbnail, not the editor's original file.
            thumbnail = make_thumbnail(self.logo.file)
            self.logo.save(thumbnail.name, thumbnail, save=False)
        super().save(*args, **kwargs)
        delete_replaced_file(self.logo, getattr(self, "_stored_logo", None))
        self._stored_logo = self.logo.name
        FormerSchoolSlug.remember(self, getattr(self, "_stored_slug", None))
        self._stored_slug = self.slug

    def get_absolute_url(self):
        return reverse("pages:school", kwargs={"slug": self.slug})

    @classmethod
    def from_db(cls, db, field_names, values):
        school = super().from_db(db, field_names, values)
        # The logo's file name as loaded: save() deletes that file if the logo is replaced or cleared.
        school._stored_logo = school.__dict__.get("logo")
        # The slug as loaded: save() keeps it as a former address when it changes.
        school._stored_slug = school.__dict__.get("slug")
        return school

    def natural_key(self):
        return (self.unitid,)

    @property
    def location(self):
        return ", ".join(part for part in (self.city, self.state) if part)


class KeptFigureQuerySet(models.QuerySet):
    def differing(self):
        """Kept figures whose public value (as the last import read it) differs from the school's."""
        condition = Q(pk__in=[])
        for field in School.EDITABLE_FIGURES:
            condition |= Q(field=field) & (
                ~Q(public_value=KeptFigure.as_stored(field))
                | Q(public_value__isnull=True, **{f"school__{field}__isnull": False})
                | Q(public_value__isnull=False, **{f"school__{field}__isnull": True})
            )
        return self.filter(condition)


class KeptFigure(models.Model):
    """A figure an editor set at a school, which imports keep (SPEC section 5), with the public
    figure beside it: the value the public data gave when the editor changed it, then the one the
    latest import read. It lasts until an editor chooses the public figure again.

    Every editable figure is a number (money, a rate, a count, a code, a yes/no as 1/0), so one
    decimal column holds the public value of any of them; `public_figure()` reads it back as the
    school's field would hold it."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="kept_figures")
    field = models.CharField(
        "figure",
        max_length=40,
        choices=[(name, name.replace("_", " ")) for name in School.EDITABLE_FIGURES],
    )
    public_value = models.DecimalField(
        max_digits=12, decimal_places=2, null=True, blank=True, help_text="Empty: unknown in the public data."
    )
    public_source = models.ForeignKey(
        DataSource, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    public_read_at = models.DateTimeField(
        null=True, blank=True, help_text="When an import last read the public figure."
    )
    kept_since = models.DateTimeField(auto_now_add=True)

    objects = KeptFigureQuerySet.as_manager()

    class Meta:
        ordering = ["school__name", "school_id", "field"]
        constraints = [
            models.UniqueConstraint(fields=["school", "field"], name="kept_figure_once_per_school")
        ]

    def __str__(self):
        return f"{self.school}: {self.label}"

    @property
    def label(self):
        return School._meta.get_field(self.field).verbose_name

    @staticmethod
    def as_stored(field):
        """An expression of the school's `field` as `public_value` holds it."""
        if isinstance(School._meta.get_field(field), models.BooleanField):
            return models.Case(
                models.When(**{f"school__{field}": True}, then=Value(Decimal(1))),
                models.When(**{f"school__{field}": False}, then=Value(Decimal(0))),
                output_field=models.DecimalField(max_digits=12, decimal_places=2),
            )
        return Cast(f"school__{field}", models.DecimalField(max_digits=12, decimal_places=2))

    @staticmethod
    def stored(value):
        """A figure's value as `public_value` holds it."""
        return None if value is None else Decimal(int(value) if isinstance(value, bool) else value)

    def public_figure(self):
        """The public value as the school's field holds it."""
        return School._meta.get_field(self.field).to_python(self.public_value)

    @staticmethod
    def value_text(field, value):
        """A value of an editable figure, exactly: "$8,999", "45.25%", "Bachelor's", "unknown"."""
        if field == "predominant_degree":
            return "unknown" if value is None else str(PredominantDegree(value).label)
        return figure_of(field).exact_text(value)

    def public_text(self):
        """ "$8,999 (IPEDS 2023-24)", or "unknown" when the public data has no value."""
        text = self.value_text(self.field, self.public_figure())
        return f"{text} ({self.public_source})" if self.public_source_id else text


class FormerSlugBase(models.Model):
    """An address a record had before an editor changed its slug: its page answers there with a
    permanent redirect (SPEC section 5). Subclasses have `record`, a foreign key."""

    slug = models.SlugField(max_length=220, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["slug"]

    def __str__(self):
        return self.slug

    @classmethod
    def remember(cls, record, old_slug):
        """After `record` was saved (`old_slug`: its slug as loaded, None when new): keep `old_slug`
        when the slug changed, and forget the new slug as a former one (a record may take back an
        address it had, a new record may take one another left)."""
        if old_slug == record.slug:
            return
        cls.objects.filter(slug=record.slug).delete()
        if old_slug:
            cls.objects.update_or_create(slug=old_slug, defaults={"record": record})

    @classmethod
    def current(cls, slug):
        """The record that had `slug` before, or None."""
        former = cls.objects.select_related("record").filter(slug=slug).first()
        return None if former is None else former.record


class FormerSchoolSlug(FormerSlugBase):
    record = models.ForeignKey(School, on_delete=models.CASCADE, related_name="former_slugs")

    class Meta(FormerSlugBase.Meta):
        verbose_name = "former school address"


class FieldOfStudyQuerySet(models.QuerySet):
    def series(self):
        return self.filter(level=CipLevel.SERIES)

    def titled(self, text):
        """[(code, title)] of the 6-digit programs whose CIP title holds every word of `text` as a
        whole word (case and accents ignored, singular and plural alike: SPEC section 4's
        `program` in words), by code. One query."""
        wanted = whole_words(text)
        if not wanted:
            return []
        programs = self.filter(level=CipLevel.PROGRAM).order_by("code").values_list("code", "title")
        return [(code, title) for code, title in programs if wanted <= whole_words(title)]

    def titles_of(self, codes):
        """{code: title} of the fields with these codes (one query; none for no codes)."""
        return dict(self.filter(code__in=sorted(codes)).values_list("code", "title")) if codes else {}


class FieldOfStudy(models.Model):
    """A CIP 2020 code: a 2-digit family, a 4-digit series or a 6-digit program."""

    code = models.CharField("CIP code", max_length=7, primary_key=True, validators=[cip_code_validator])
    title = models.CharField(max_length=255)
    definition = models.TextField(blank=True)
    level = models.PositiveSmallIntegerField(choices=CipLevel.choices, editable=False)

    objects = FieldOfStudyQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name_plural = "fields of study"
        indexes = [models.Index(fields=["level", "code"])]

    def __str__(self):
        return f"{self.code} {self.title}"

    def save(self, *args, **kwargs):
        self.level = cip_level(self.code)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{reverse('listings:school_finder')}?program={self.code}"


def offers(code, level, codes):
    """Whether an offering of `code` at credential `level` matches one of `codes` (6-digit, series
    or family): the rule of `ProgramOfferingQuerySet.matching`, for rows already read."""
    if code in codes or code[:5] in codes or code[:2] in codes:
        return True
    return by_field(code, level, codes)


def by_field(code, level, codes):
    """Whether a series offering stands for a 6-digit code of `codes` "by field": below or above a
    bachelor's, where no source lists single programs (SPEC section 4's finest detail)."""
    return (
        len(code) == 5
        and level != CredentialLevel.BACHELOR
        and any(len(wanted) == 7 and wanted[:5] == code for wanted in codes)
    )


def in_family(family):
    """Offerings whose series is in a 2-digit CIP family: the range 11 ≤ series < 12, which an
    index serves in any collation (series are digits around one dot), where LIKE '11.%' cannot."""
    condition = Q(series__gte=family, series__startswith=f"{family}.")
    if family != "99":
        condition &= Q(series__lt=f"{int(family) + 1:02d}")
    return condition


class ProgramOfferingQuerySet(models.QuerySet):
    def matching(self, codes, levels=(), match="exact"):
        """Offerings that offer any of the CIP `codes` at one of `levels` (CREDLEV numbers; all
        when empty) by SPEC section 4, the finest detail the data has at each level: a 6-digit
        code matches that code at bachelor's (IPEDS lists 6-digit programs there only) and its
        series at every other level (the Scorecard's rows, "by field"); a series matches the
        Scorecard's series rows and the 6-digit programs in it; a family, every series in it.
        `match="field"` widens a 6-digit code to its series first."""
        condition = self.matching_condition(codes, levels, match)
        return self.none() if condition is None else self.filter(condition)

    @staticmethod
    def matching_condition(codes, levels=(), match="exact"):
        """The condition of `matching`, or None when no code can match."""
        wanted = {code[:5] if match == "field" else code for code in codes}
        programs = sorted(code for code in wanted if len(code) == 7)
        series = sorted(code for code in wanted if len(code) == 5)
        condition = Q()
        if programs:
            # The finest detail at each level: IPEDS's 6-digit rows at bachelor's, the Scorecard's
            # rows for the series ("by field") at every other level.
            condition = Q(field_id__in=programs) | (
                Q(field_id__in=sorted({code[:5] for code in programs}))
                & ~Q(credential_level=CredentialLevel.BACHELOR)
            )
        if series:
            condition |= Q(series__in=series)
        for family in sorted(code for code in wanted if len(code) == 2):
            condition |= in_family(family)
        if not condition:
            return None
        return condition & Q(credential_level__in=levels) if levels else condition

    def with_figures(self, codes, levels=(), match="exact"):
        """The offerings whose graduates and earnings stand for the matched programs: the matches
        themselves, and for a 6-digit code, which IPEDS lists without figures at bachelor's level
        only, the Scorecard's row for its series at bachelor's level."""
        condition = self.figures_condition(codes, levels, match)
        return self.none() if condition is None else self.filter(condition)

    @classmethod
    def figures_condition(cls, codes, levels=(), match="exact"):
        """The condition of `with_figures`, or None when no code can match."""
        condition = cls.matching_condition(codes, levels, match)
        programs = [code for code in codes if len(code) == 7] if match == "exact" else []
        if condition is not None and programs and (not levels or CredentialLevel.BACHELOR in levels):
            series = {code[:5] for code in programs}
            condition |= Q(series__in=sorted(series), credential_level=CredentialLevel.BACHELOR)
            # Every row above lies in the codes' series or families. Said once more outside the
            # OR, it lets the database read a school's rows through the (school, series, level)
            # index rather than all of them, as the finder's program sorts do school by school.
            scope = Q(series__in=sorted({code[:5] for code in codes if len(code) > 2}))
            for family in sorted(code for code in codes if len(code) == 2):
                scope |= in_family(family)
            condition &= scope
        return condition

    def figures_for(self, school_ids, codes, levels=(), match="exact"):
        """The rows that show each school what it offers of `codes` (`with_figures`), read-only."""
        condition = self.figures_condition(codes, levels, match)
        rows = self.none() if condition is None else self.filter(condition, school_id__in=school_ids)
        return rows.order_by("school_id", "credential_level", "field_id").values_list(
            "school_id",
            "field_id",
            "field__title",
            "credential_level",
            "graduates",
            "median_earnings_5yr",
        )

    def for_school_page(self):
        """A school's offerings grouped as its page lists them: by credential level, then code."""
        return self.select_related("field", "source").order_by("credential_level", "field_id")


class ProgramOffering(models.Model):
    """A school lists a field of study at a credential level (Scorecard 4-digit or IPEDS 6-digit)."""

    # No index of their own: the unique constraint's (school, …) and the (field, school) index
    # lead with them.
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="programs", db_index=False)
    field = models.ForeignKey(
        FieldOfStudy, on_delete=models.PROTECT, related_name="offerings", db_index=False
    )
    # The 4-digit series of `field`, stored so that "offers series 11.07" is one indexed lookup.
    series = models.CharField(max_length=5, editable=False)
    credential_level = models.PositiveSmallIntegerField(choices=CredentialLevel.choices)
    graduates = models.PositiveIntegerField(null=True, blank=True)
    median_earnings_5yr = models.PositiveIntegerField(
        "median earnings 5 years after completion", null=True, blank=True
    )
    source = models.ForeignKey(DataSource, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    objects = ProgramOfferingQuerySet.as_manager()

    class Meta:
        ordering = ["school_id", "field_id", "credential_level"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "field", "credential_level"], name="unique_offering_per_level"
            ),
        ]
        indexes = [
            # "Which schools offer these programs / series" (at these levels): read from the index
            # alone, without a row of the table.
            models.Index(fields=["field", "school", "credential_level"], name="offering_field_school_level"),
            models.Index(
                fields=["series", "school", "credential_level"], name="offering_series_school_level"
            ),
            # The matched programs' graduates and best earnings, summed or picked school by school
            # for the finder's program sorts, from the index alone.
            models.Index(
                fields=["school", "series", "credential_level", "field", "graduates", "median_earnings_5yr"],
                name="offering_school_figures",
            ),
        ]

    def __str__(self):
        return f"{self.school}: {self.field} ({self.get_credential_level_display()})"

    def save(self, *args, **kwargs):
        self.series = self.field_id[:5]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.school.get_absolute_url()


class SchoolAlias(models.Model):
    """A name people use for a school ("UT Austin", "MIT"): the College Scorecard's, or an editor's."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=120)
    source = models.ForeignKey(
        DataSource,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Where the name comes from; empty for the editors'.",
    )

    class Meta:
        ordering = ["school_id", "name"]
        verbose_name_plural = "school aliases"
        constraints = [
            models.UniqueConstraint(Lower("name"), "school", name="unique_alias_per_school"),
        ]

    def __str__(self):
        return self.name


class ZipCode(models.Model):
    """A US ZIP code and its centre, where "near a ZIP code" measures from: the `zipcodes`
    package's data, copied once into this table by a migration."""

    code = models.CharField("ZIP code", max_length=5, primary_key=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6)
    longitude = models.DecimalField(max_digits=9, decimal_places=6)
    city = models.CharField(max_length=80, blank=True)
    state = models.CharField(max_length=2, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "ZIP code"

    def __str__(self):
        return f"{self.code} {self.city}, {self.state}"

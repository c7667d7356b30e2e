import re
from collections import OrderedDict, namedtuple
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple
from urllib.parse import urlencode

from django.contrib.sitemaps.views import index as sitemap_index_view
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.db import connection, models
from django.http import Http404, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import Truncator
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, TemplateView

from careerguide.core.http import json_error
from careerguide.core.templatetags.formats import money_text
from careerguide.core.text import clean_query, is_plural, plural, with_article
from resources.models import Resource
from schools.models import DataSource, FieldOfStudy, School

from .models import DEFAULT_ANNUAL_CAP, BestSchool, Career, JobMarketPoint
from .sitemaps import SITEMAPS

ONET_CREDIT = "O*NET 29.2 Database by the U.S. Department of Labor, Employment and Training Administration (USDOL/ETA), CC BY 4.0"
OEWS_NAME = "BLS Occupational Employment and Wage Statistics"
PROJECTIONS_NAME = "BLS Employment Projections"
CIP_CREDIT = "CIP 2020 and the CIP 2020–SOC 2018 crosswalk (NCES)"


# --- Small helpers -------------------------------------------------------------------------


def hourly_cap(annual_cap):
    """The hourly top of the OEWS range: OEWS annualises hourly wages at 2,080 hours a year."""
    return (Decimal(annual_cap) / 2080).quantize(Decimal("0.01"))


def source_label(source, fallback_name):
    """ "(name, year)" of a DataSource, with a stated gap when the year was not recorded."""
    if source is None:
        return {"name": fallback_name, "year": ""}
    return {"name": source.name, "year": source.edition}


def source_sentence(name, year):
    """ "Source: BLS OEWS, May 2024." — or the editors' own sentence, followed by its data year."""
    name = (name or "").strip()
    if name.endswith("."):
        return f"{name} Data year: {year}." if year else f"{name} Data year not recorded."
    return f"Source: {name}, {year}." if year else f"Source: {name} (data year not recorded)."


# --- Home ----------------------------------------------------------------------------------


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        featured = list(Career.objects.featured().select_related("occupation")[:12])
        context["featured_careers"] = featured or list(Career.objects.select_related("occupation")[:12])
        context["career_count"] = Career.objects.count()
        context["page_title"] = "Explore careers and compare US schools"
        context["meta_description"] = (
            "Explore careers — salary, education, duties, skills — and compare the US schools that "
            "lead to them: cost, admission, graduation, size and earnings from public data."
        )
        return context


# --- Career page ---------------------------------------------------------------------------


class DegreeLevelRow(NamedTuple):
    kind: str
    title: str
    description: str


class DegreeProgramRow(NamedTuple):
    name: str
    description: str
    field_id: str | None


class SchoolLink(NamedTuple):
    """A school as the best-schools table shows it: a name, a link and a place."""

    name: str
    slug: str
    city: str
    state: str

    location = School.location
    get_absolute_url = School.get_absolute_url


class BestSchoolEntry(NamedTuple):
    rank: int


class SourceLabel(NamedTuple):
    """A data source's name and edition, read as `DataSource` prints them."""

    name: str
    edition: str

    __str__ = DataSource.__str__


class CareerLink(NamedTuple):
    """A career as a link shows it (related careers): lighter than a model instance."""

    pk: int
    title: str
    slug: str

    def get_absolute_url(self):
        return reverse("careers:detail", kwargs={"slug": self.slug})


# The career's short editor-ordered lists and the fields the page (and the API) reads of each.
# They are read together in one query as read-only rows: eight prefetches cost eight times the
# ORM's per-query work, for lists of a few rows each.
EDITORIAL_LISTS = {
    "importance_points": ("title", "body"),
    "skills": ("title", "body"),
    "duties": ("statement",),
    "technologies": ("category", "name", "is_hot"),
    "market_points": ("kind", "title", "body"),
    "hotspots": ("place", "reason"),
    "industries": ("name", "description"),
    "faqs": ("question", "answer"),
}
EDITORIAL_ROWS = {name: namedtuple(f"{name}_row", fields) for name, fields in EDITORIAL_LISTS.items()}
EDITORIAL_TEXT_COLUMNS = max(len(fields) for fields in EDITORIAL_LISTS.values())


def editorial_fields(name):
    """The model fields of an editorial list, as `EDITORIAL_LISTS` names them."""
    meta = Career._meta.get_field(name).related_model._meta
    return meta, [meta.get_field(field) for field in EDITORIAL_LISTS[name]]


@lru_cache
def editorial_lists_sql(vendor):
    """One UNION ALL of the editorial lists: (list, order, pk, text columns…, flag), in list order.

    Text fields fill the text columns in turn, a boolean field the flag column; the padding is
    typed, as PostgreSQL resolves the types of a chain of UNIONs two by two.
    """
    quote = connection.ops.quote_name
    parts = []
    for index, name in enumerate(EDITORIAL_LISTS):
        meta, fields = editorial_fields(name)
        texts = [quote(f.column) for f in fields if not isinstance(f, models.BooleanField)]
        flags = [quote(f.column) for f in fields if isinstance(f, models.BooleanField)]
        texts += ["CAST(NULL AS TEXT)"] * (EDITORIAL_TEXT_COLUMNS - len(texts))
        flag = flags[0] if flags else "CAST(NULL AS BOOLEAN)"
        columns = [str(index), quote(meta.get_field("order").column), quote(meta.pk.column), *texts, flag]
        parts.append(
            f"SELECT {', '.join(columns)} FROM {quote(meta.db_table)} "
            f"WHERE {quote(meta.get_field('career').column)} = %s"
        )
    return " UNION ALL ".join(parts) + " ORDER BY 1, 2, 3"


@lru_cache
def editorial_row_builders():
    """For each list (in `EDITORIAL_LISTS` order): its name and a function of (texts, flag) to a row."""

    def builder(name):
        _meta, fields = editorial_fields(name)
        is_flag = [isinstance(f, models.BooleanField) for f in fields]
        row = EDITORIAL_ROWS[name]

        def build(texts, flag):
            values = iter(texts)
            return row(*(bool(flag) if flagged else next(values) for flagged in is_flag))

        return name, build

    return [builder(name) for name in EDITORIAL_LISTS]


def editorial_lists(career):
    """{related name: [row, …]} of the career's editorial lists, in the editors' order (order, pk)."""
    lists = {name: [] for name in EDITORIAL_LISTS}
    builders = editorial_row_builders()
    with connection.cursor() as cursor:
        cursor.execute(editorial_lists_sql(connection.vendor), [career.pk] * len(EDITORIAL_LISTS))
        rows = cursor.fetchall()
    for index, _order, _pk, *texts, flag in rows:
        name, build = builders[index]
        lists[name].append(build(texts, flag))
    return lists


# The occupation's long lists, which `CareerPage` reads itself and only as far as it shows them:
# the career's own duties and technologies replace O*NET's (then only compared with them), JSON-LD
# names 20 alternate titles, and a related career needs a title and a link.
class CareerPage:
    """The sections of a career page (SPEC section 2), in order, each only when it has data.

    Editorial content comes first; where editors left a section empty the occupation's public
    data (O*NET, BLS) fills it. Everything reads prefetched lists or one query per section
    : no query per row.
    """

    def __init__(self, career):
        self.career = career
        self.occupation = career.occupation
        self.title = career.title
        self.a_title = with_article(career.title)
        self.titles = plural(career.title)
        self.lists = editorial_lists(career)

    # Each builder returns the section's data, or None when there is nothing to show.

    def overview(self):
        c = self.career
        points = self.lists["importance_points"]
        paragraphs = [p for p in c.overview.split("\n\n") if p.strip()] if c.overview else []
        if not (paragraphs or points or c.overview_closing):
            return None
        return {
            "paragraphs": paragraphs,
            "intro": c.importance_intro,
            "points": points,
            "closing": c.overview_closing,
        }

    def salary(self):
        c, occupation = self.career, self.occupation
        if c.salary_annual_median is not None or c.salary_hourly_median is not None:
            data = {
                "annual": c.salary_annual_median,
                "hourly": c.salary_hourly_median,
                "top_coded": False,
                "hourly_top_coded": False,
                "source": c.salary_source or "Careerguide editors",
                "year": str(c.salary_year or ""),
                "editorial": True,
            }
        elif occupation and (
            occupation.annual_median_wage is not None
            or occupation.hourly_median_wage is not None
            or occupation.annual_wage_top_coded
        ):
            source = source_label(occupation.wage_source, OEWS_NAME)
            top_coded = occupation.annual_wage_top_coded
            hourly = occupation.hourly_median_wage
            data = {
                # A top-coded median is stored as the cap, a lower bound: "$239,200 or more".
                "annual": occupation.annual_median_wage if not top_coded else self.wage_cap,
                "hourly": hourly,
                "top_coded": top_coded,
                "hourly_top_coded": top_coded and hourly is not None and hourly >= hourly_cap(self.wage_cap),
                "source": source["name"],
                "year": source["year"],
                "editorial": False,
            }
        else:
            data = None
        chart = self.salary_chart()
        if data is None and chart is None:
            return None
        data = data or {
            "annual": None,
            "hourly": None,
            "top_coded": False,
            "hourly_top_coded": False,
            "source": "",
            "year": "",
            "editorial": False,
        }
        data["cap"] = self.wage_cap
        data["hourly_cap"] = hourly_cap(self.wage_cap)
        data["source_text"] = source_sentence(data["source"], data["year"]) if data["source"] else ""
        data["chart"] = chart
        return data

    @cached_property
    def wage_cap(self):
        """The top of the OEWS survey range: a wage at it means "this or more".

        The import stores a top-coded median as the cap of its edition; otherwise the cap of the
        edition the import knows.
        """
        o = self.occupation
        if o is not None and o.annual_wage_top_coded and o.annual_median_wage is not None:
            return o.annual_median_wage
        return DEFAULT_ANNUAL_CAP

    def salary_chart(self):
        """The 10th–90th percentile range as rows of a small bar chart (drawn in SVG)."""
        o = self.occupation
        if o is None:
            return None
        values = [o.annual_wage_p10, o.annual_wage_p25, o.annual_wage_p75, o.annual_wage_p90]
        if any(v is None for v in values):
            return None
        median = o.annual_median_wage
        if median is None and o.annual_wage_top_coded:
            median = self.wage_cap
        rows = [
            ("90th percentile", o.annual_wage_p90, False),
            ("75th percentile", o.annual_wage_p75, False),
            ("Median", median, True),
            ("25th percentile", o.annual_wage_p25, False),
            ("10th percentile", o.annual_wage_p10, False),
        ]
        rows = [row for row in rows if row[1] is not None]
        top = max(value for _, value, _ in rows) or 1
        cap = self.wage_cap
        or_more = any(value >= cap for _, value, _ in rows)
        # "$239,200 or more" is longer than a figure: shorter bars leave it room.
        bar_x, bar_max, row_height = 112, 90 if or_more else 130, 30
        source = source_label(o.wage_source, OEWS_NAME)
        return {
            "rows": [
                {
                    "label": label,
                    "value": value,
                    "or_more": value >= cap,
                    "is_median": is_median,
                    "y": 8 + index * row_height,
                    "text_y": 8 + index * row_height + 13,
                    "width": max(2, round(value / top * bar_max)),
                    "value_x": bar_x + max(2, round(value / top * bar_max)) + 6,
                }
                for index, (label, value, is_median) in enumerate(rows)
            ],
            "bar_x": bar_x,
            "height": 8 + len(rows) * row_height,
            "source_text": source_sentence(source["name"], source["year"]),
            "top_coded": or_more,
            "cap": cap,
        }

    def education(self):
        c, occupation = self.career, self.occupation
        levels = self.degree_levels()
        fields = []
        if not levels and occupation:
            fields = list(occupation.fields_of_study().filter(level=FieldOfStudy.Level.PROGRAM)[:24])
        entry = occupation.typical_entry_education if occupation else ""
        if not (levels or fields or entry or c.education_intro):
            return None
        finder = reverse("schools:finder")
        return {
            "intro": c.education_intro,
            "closing": c.education_closing,
            "levels": [
                {
                    "level": level,
                    "programs": [
                        {
                            "program": program,
                            "finder_url": f"{finder}?{urlencode({'program': program.field_id})}"
                            if program.field_id
                            else "",
                        }
                        for program in programs
                    ],
                }
                for level, programs in levels
            ],
            "fields": [
                {"field": field, "finder_url": f"{finder}?{urlencode({'program': field.code})}"}
                for field in fields
            ],
            "fields_source": CIP_CREDIT,
            "career_finder_url": f"{finder}?{urlencode({'career': c.slug})}",
            "typical_entry": entry,
            "entry_source": source_sentence(**source_label(occupation.outlook_source, PROJECTIONS_NAME))
            if entry
            else "",
        }

    def degree_levels(self):
        """[(level, [program, …]), …] in the editors' order: one query (levels joined to their
        programs) read as read-only rows."""
        rows = self.career.degree_levels.order_by(
            "order", "pk", "programs__order", "programs__pk"
        ).values_list(
            "pk",
            *DegreeLevelRow._fields,
            "programs__pk",
            *(f"programs__{f}" for f in DegreeProgramRow._fields),
        )
        levels = OrderedDict()
        for pk, kind, title, description, program_pk, *program in rows:
            programs = levels.setdefault(pk, (DegreeLevelRow(kind, title, description), []))[1]
            if program_pk is not None:
                programs.append(DegreeProgramRow(*program))
        return list(levels.values())

    def best_schools(self):
        """The ranked schools: one query (entries joined to their schools and the schools' data
        sources) read as read-only rows."""
        c = self.career
        figures = BestSchool.FIGURES
        columns = (
            *(f"school__{f}" for f in SchoolLink._fields),
            "rank",
            *figures,
            *(f"school__{f}" for f in figures),
            *(f"school__{f}_source__{part}" for f in figures for part in ("name", "edition")),
        )
        entries = list(c.best_schools.order_by("rank").values_list(*columns))
        if not entries:
            return None
        size, count = len(SchoolLink._fields), len(figures)
        rows, fallback_sources, schools = [], [], []
        for values in entries:
            school = SchoolLink(*values[:size])
            rank, published = values[size], values[size + 1 : size + 1 + count]
            current = values[size + 1 + count : size + 1 + 2 * count]
            sources = values[size + 1 + 2 * count :]
            row = {"entry": BestSchoolEntry(rank), "school": school}
            for index, name in enumerate(figures):
                # A figure not published with the list falls back to the school's current one.
                value = current[index] if published[index] is None else published[index]
                live = published[index] is None and value is not None
                row[name] = {"value": value, "live": live}
                if live:
                    source_name, edition = sources[2 * index], sources[2 * index + 1]
                    # No source row (a LEFT JOIN's NULL name): the gap is said.
                    label = (
                        str(SourceLabel(source_name, edition))
                        if source_name is not None
                        else "source not recorded"
                    )
                    if label not in fallback_sources:
                        fallback_sources.append(label)
            rows.append(row)
            schools.append(school.slug)
        schools = schools[:10]
        return {
            "year": c.best_schools_year,
            "rows": rows,
            "compare_url": f"{reverse('schools:compare')}?{urlencode([('school', s) for s in schools])}",
            "finder_url": f"{reverse('schools:finder')}?{urlencode({'career': c.slug})}",
            "fallback_sources": fallback_sources,
        }

    def job_description(self):
        points = self.career.job_description_points()
        if not points:
            return None
        official = not self.career.job_description and self.occupation is not None
        return {"points": points, "official": official}

    def duties(self):
        """The editors' duties, or else the occupation's O*NET tasks: one query either way."""
        o = self.occupation
        editorial = [duty.statement for duty in self.lists["duties"]]
        if editorial:
            # Only whether O*NET lists them too (the source line says so): no need for every task.
            in_onet = (
                set(o.tasks.filter(statement__in=editorial).values_list("statement", flat=True))
                if o
                else set()
            )
            return {"statements": editorial, "from_onet": set(editorial) <= in_onet, "selected": True}
        tasks = (
            list(o.tasks.order_by("kind", "onet_task_id", "pk").values_list("statement", flat=True))
            if o
            else []
        )
        return {"statements": tasks, "from_onet": True, "selected": False} if tasks else None

    def skills(self):
        skills = self.lists["skills"]
        return {"items": skills} if skills else None

    def technologies(self):
        """The editors' technologies, or else the occupation's O*NET ones: one query either way."""
        o = self.occupation
        editorial = self.lists["technologies"]
        if editorial:
            in_onet = (
                set(
                    o.technology_skills.filter(name__in={t.name for t in editorial}).values_list(
                        "category", "name"
                    )
                )
                if o
                else set()
            )
            items, from_onet = editorial, all((t.category, t.name) in in_onet for t in editorial)
        else:
            fields = ("category", "name", "is_hot")
            items = (
                list(o.technology_skills.order_by("category", "name").values_list(*fields, named=True))
                if o
                else []
            )
            from_onet = True
        if not items:
            return None
        groups = OrderedDict()
        for item in items:
            groups.setdefault(item.category or "Other", []).append(item)
        return {
            "groups": list(groups.items()),
            "from_onet": from_onet,
            "has_hot": any(item.is_hot for item in items),
        }

    def job_market(self):
        c, o = self.career, self.occupation
        points, hotspots = self.lists["market_points"], self.lists["hotspots"]
        industries = self.lists["industries"]
        kinds = {point.kind for point in points}
        outlook = self.outlook()
        if not (c.job_market_intro or points or hotspots or industries or c.job_market_closing or outlook):
            return None
        return {
            "intro": c.job_market_intro,
            "points": points,
            "hotspots": hotspots,
            "industries": industries,
            # Lists without an introducing point are shown after the points, under their own heading.
            "loose_hotspots": hotspots if JobMarketPoint.Kind.HOTSPOTS not in kinds else [],
            "loose_industries": industries if JobMarketPoint.Kind.INDUSTRIES not in kinds else [],
            "closing": c.job_market_closing,
            "outlook": outlook,
            "occupation": o,
        }

    def outlook(self):
        o = self.occupation
        if o is None:
            return None
        values = (o.employment_base, o.employment_projected, o.employment_change_percent, o.annual_openings)
        if all(v is None for v in values) and o.employment is None:
            return None
        source = source_label(o.outlook_source, PROJECTIONS_NAME)
        years = re.findall(r"\d{2,4}", source["year"])
        base_year = years[0] if years else ""
        projected_year = ""
        if len(years) > 1:
            projected_year = years[1] if len(years[1]) == 4 else base_year[:2] + years[1]
        wage_source = source_label(o.wage_source, OEWS_NAME)

        def thousands(value):
            return None if value is None else round(value * 1000)

        return {
            "base": thousands(o.employment_base),
            "projected": thousands(o.employment_projected),
            "change": o.employment_change_percent,
            "openings": thousands(o.annual_openings),
            "base_year": base_year,
            "projected_year": projected_year,
            "source": source["name"],
            "year": source["year"],
            "source_text": source_sentence(source["name"], source["year"]),
            "has_projection": any(v is not None for v in values),
            "employment": o.employment,
            "employment_source_text": source_sentence(wage_source["name"], wage_source["year"]),
        }

    def resources(self):
        groups = OrderedDict()
        for resource in self.career.resources.all():
            groups.setdefault(resource.kind, {"label": resource.get_kind_display(), "items": []})
            groups[resource.kind]["items"].append(resource)
        if not groups:
            return None
        return {"groups": list(groups.values()), "closing": self.career.resources_closing}

    def faqs(self):
        faqs = self.lists["faqs"]
        return {"items": faqs} if faqs else None

    def related(self):
        """Other careers of the same occupation, then one career per related O*NET occupation.

        One query for the related occupations' careers, read as values: a title and a link each.
        """
        o = self.occupation
        if o is None:
            return None
        careers, seen = [], {self.career.pk}
        for career in o.careers.all():
            if career.pk not in seen:
                seen.add(career.pk)
                careers.append({"career": career, "occupation": None})
        rows = o.related_links.order_by(
            "rank", "pk", "related_occupation__careers__title", "related_occupation__careers__pk"
        ).values_list(
            "related_occupation_id",
            "related_occupation__title",
            "related_occupation__careers__pk",
            "related_occupation__careers__title",
            "related_occupation__careers__slug",
        )
        linked = set()
        for occupation_id, occupation_title, pk, title, slug in rows:
            # The first career of each related occupation (by title) that is not listed yet.
            if pk is None or pk in seen or occupation_id in linked:
                continue
            seen.add(pk)
            linked.add(occupation_id)
            careers.append({"career": CareerLink(pk, title, slug), "occupation": {"title": occupation_title}})
        return {"items": careers[:12]} if careers else None

    def sections(self):
        """(id, heading, template, data) for every section with data, in SPEC order."""
        t, a_t, ts = self.title, self.a_title, self.titles
        best = self.best_schools()
        year = f" {best['year']}" if best and best["year"] else ""
        if is_plural(t):
            # "To Become a Registered Nurses" would be wrong: plural titles take "for".
            become = schools = market = resources = f"for {t}"
            about = f"About {t}"
        else:
            become, schools, about = f"To Become {a_t}", f"to become {a_t}", f"About Becoming {a_t}"
            market, resources = f"for {a_t}", f"To Help You Become {a_t}"
        plan = [
            ("overview", "Overview", f"{t} Overview", self.overview()),
            ("salary", "Salary", f"{t} Salary", self.salary()),
            ("education", "Education", f"Required Education and Training {become}", self.education()),
            ("best-schools", "Best schools", f"Best Schools {schools} in U.S.{year}", best),
            ("job-description", "Job description", f"{t} Job Description", self.job_description()),
            ("duties", "Duties", f"Job Duties for {ts}", self.duties()),
            ("skills", "Skills", f"Required Skills and Competencies {become}", self.skills()),
            ("technologies", "Technologies", f"Technologies Used by {ts}", self.technologies()),
            ("job-market", "Job market", f"Current Job Market and Opportunities {market}", self.job_market()),
            ("resources", "Resources", f"Additional Resources {resources}", self.resources()),
            ("faqs", "FAQs", f"FAQs {about}", self.faqs()),
            ("related", "Related careers", "Related Careers", self.related()),
        ]
        return [
            {
                "id": key,
                "nav": nav,
                "heading": heading,
                "template": f"careers/sections/{key}.html",
                "data": data,
            }
            for key, nav, heading, data in plan
            if data
        ]


def career_meta_description(career, page):
    salary = page.get("salary")
    parts = [f"{career.title}:"]
    if salary and salary["annual"] is not None:
        year = f" ({salary['year']})" if salary["year"] else ""
        or_more = " or more" if salary["top_coded"] else ""
        parts.append(f"median salary {money_text(salary['annual'])}{or_more} a year{year};")
    parts.append("education, best schools, duties, skills, technologies and job outlook.")
    return Truncator(" ".join(parts)).chars(300)


def salary_jsonld(salary, o):
    """`estimatedSalary`: the median shown on the page, per year and per hour.

    A top-coded median is a lower bound, said as a `MonetaryAmount` with a `minValue`. OEWS
    percentiles go with an OEWS median only (never beside the editors' figure of another year),
    and a percentile at the top of the range, a lower bound too, is left out.
    """
    distributions = []
    for value, top_coded, duration, unit in (
        (salary["annual"], salary["top_coded"], "P1Y", "YEAR"),
        (salary["hourly"], salary["hourly_top_coded"], "PT1H", "HOUR"),
    ):
        if value is None:
            continue
        amount = int(value) if unit == "YEAR" else float(value)
        if top_coded:
            distributions.append(
                {
                    "@type": "MonetaryAmount",
                    "name": "base",
                    "currency": "USD",
                    "value": {"@type": "QuantitativeValue", "minValue": amount, "unitText": unit},
                }
            )
            continue
        distribution = {
            "@type": "MonetaryAmountDistribution",
            "name": "base",
            "currency": "USD",
            "duration": duration,
            "median": amount,
        }
        if unit == "YEAR" and not salary["editorial"] and o is not None:
            for percentile in (10, 25, 75, 90):
                figure = getattr(o, f"annual_wage_p{percentile}")
                if figure is not None and figure < salary["cap"]:
                    distribution[f"percentile{percentile}"] = figure
        distributions.append(distribution)
    if not distributions:
        return {}
    description = f"{salary['source']}, {salary['year']}" if salary["year"] else ""
    if salary["top_coded"]:
        description = (
            f"{description}: " if description else ""
        ) + f"{money_text(salary['annual'])} or more a year, the top of the survey range"
    if description:
        distributions[0]["description"] = description
    return {"estimatedSalary": distributions}


def career_jsonld(request, career, page):
    """schema.org Occupation (with estimatedSalary where the salary is known) and the FAQ page."""
    url = request.build_absolute_uri(career.get_absolute_url())
    o = career.occupation
    description = ""
    if page.get("overview") and page["overview"]["paragraphs"]:
        description = page["overview"]["paragraphs"][0]
    elif o is not None:
        description = o.description
    data = {
        "@context": "https://schema.org",
        "@type": "Occupation",
        "name": career.title,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url, "lastReviewed": career.updated_at.isoformat()},
        "occupationLocation": [{"@type": "Country", "name": "United States"}],
    }
    if description:
        data["description"] = description
    if o is not None:
        data["occupationalCategory"] = {
            "@type": "CategoryCode",
            "codeValue": o.code,
            "name": o.title,
            "inCodeSet": {"@type": "CategoryCodeSet", "name": "O*NET-SOC"},
        }
        alternates = list(o.alternate_titles.exclude(title=career.title).values_list("title", flat=True)[:20])
        if alternates:
            data["alternateName"] = alternates
    salary = page.get("salary")
    if salary:
        data.update(salary_jsonld(salary, o))
    education = page.get("education")
    if education:
        requirements = [row["level"].title for row in education["levels"]] or (
            [education["typical_entry"]] if education["typical_entry"] else []
        )
        if requirements:
            data["educationRequirements"] = "; ".join(requirements)
    if page.get("skills"):
        data["skills"] = [skill.title for skill in page["skills"]["items"]]
    if page.get("duties"):
        data["responsibilities"] = page["duties"]["statements"]
    documents = [data]
    if page.get("faqs"):
        documents.append(
            {
                "@context": "https://schema.org",
                "@type": "FAQPage",
                "mainEntity": [
                    {
                        "@type": "Question",
                        "name": faq.question,
                        "acceptedAnswer": {"@type": "Answer", "text": faq.answer},
                    }
                    for faq in page["faqs"]["items"]
                ],
            }
        )
    return documents


class CareerDetailView(DetailView):
    template_name = "careers/career_detail.html"
    context_object_name = "career"

    def get_queryset(self):
        return Career.objects.with_page_data()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        career = self.object
        builder = CareerPage(career)
        sections = builder.sections()
        page = {section["id"].replace("-", "_"): section["data"] for section in sections}
        context.update(
            sections=sections,
            page=page,
            page_title=f"{career.title}: Salary, Education, Schools and Skills",
            meta_description=career_meta_description(career, page),
            og_type="article",
            jsonld=career_jsonld(self.request, career, page),
            a_title=builder.a_title,
        )
        return context


# --- JSON API ------------------------------------------------------------------------------


def _money(value):
    return None if value is None else int(value)


def _decimal(value):
    return None if value is None else float(value)


def career_api_payload(request, career):
    builder = CareerPage(career)
    page = {s["id"].replace("-", "_"): s["data"] for s in builder.sections()}
    lists = builder.lists
    o = career.occupation
    salary = page.get("salary")
    best = page.get("best_schools")
    market = page.get("job_market")
    education = page.get("education")
    absolute = request.build_absolute_uri
    return {
        "slug": career.slug,
        "title": career.title,
        "url": absolute(career.get_absolute_url()),
        "occupation": {
            "code": o.code,
            "soc_code": o.soc_code,
            "title": o.title,
            "description": o.description,
            "job_zone": o.job_zone,
            "alternate_titles": list(o.alternate_titles.values_list("title", flat=True)),
        }
        if o
        else None,
        "overview": career.overview,
        "importance_points": [{"title": p.title, "body": p.body} for p in lists["importance_points"]],
        "salary": {
            "annual_median": _money(salary["annual"]),
            "hourly_median": _decimal(salary["hourly"]),
            "annual_top_coded": salary["top_coded"],
            "hourly_top_coded": salary["hourly_top_coded"],
            "source": salary["source"],
            "year": salary["year"],
            "percentiles": {
                "p10": o.annual_wage_p10,
                "p25": o.annual_wage_p25,
                "p50": o.annual_median_wage,
                "p75": o.annual_wage_p75,
                "p90": o.annual_wage_p90,
            }
            if o and salary["chart"]
            else None,
        }
        if salary
        else None,
        "education": {
            "typical_entry_education": education["typical_entry"],
            "degree_levels": [
                {
                    "kind": row["level"].kind,
                    "title": row["level"].title,
                    "description": row["level"].description,
                    "programs": [
                        {
                            "name": p["program"].name,
                            "description": p["program"].description,
                            "cip_code": p["program"].field_id,
                            "schools_url": absolute(p["finder_url"]) if p["finder_url"] else None,
                        }
                        for p in row["programs"]
                    ],
                }
                for row in education["levels"]
            ],
            "fields_of_study": [
                {
                    "cip_code": f["field"].code,
                    "title": f["field"].title,
                    "schools_url": absolute(f["finder_url"]),
                }
                for f in education["fields"]
            ],
        }
        if education
        else None,
        "best_schools": {
            "year": best["year"],
            "compare_url": absolute(best["compare_url"]),
            "schools_url": absolute(best["finder_url"]),
            "schools": [
                {
                    "rank": row["entry"].rank,
                    "name": row["school"].name,
                    "slug": row["school"].slug,
                    "city": row["school"].city,
                    "state": row["school"].state,
                    "url": absolute(row["school"].get_absolute_url()),
                    "tuition_in_state": _money(row["tuition_in_state"]["value"]),
                    "tuition_out_of_state": _money(row["tuition_out_of_state"]["value"]),
                    "admission_rate": _decimal(row["admission_rate"]["value"]),
                    "graduation_rate": _decimal(row["graduation_rate"]["value"]),
                    "enrollment": _money(row["enrollment"]["value"]),
                }
                for row in best["rows"]
            ],
        }
        if best
        else None,
        "job_description": page["job_description"]["points"] if page.get("job_description") else [],
        "duties": page["duties"]["statements"] if page.get("duties") else [],
        "skills": [{"title": s.title, "body": s.body} for s in lists["skills"]],
        "technologies": [
            {"category": category, "items": [{"name": t.name, "hot": t.is_hot} for t in items]}
            for category, items in (page["technologies"]["groups"] if page.get("technologies") else [])
        ],
        "job_market": {
            "intro": market["intro"],
            "points": [{"kind": p.kind, "title": p.title, "body": p.body} for p in market["points"]],
            "hotspots": [{"place": h.place, "reason": h.reason} for h in market["hotspots"]],
            "industries": [{"name": i.name, "description": i.description} for i in market["industries"]],
            "closing": market["closing"],
            "outlook": {
                key: _decimal(market["outlook"][key]) if key == "change" else market["outlook"][key]
                for key in ("base", "base_year", "projected", "projected_year", "change", "openings")
            }
            | {"source": market["outlook"]["source"], "year": market["outlook"]["year"]}
            if market["outlook"]
            else None,
        }
        if market
        else None,
        "resources": [
            {
                "kind": r.kind,
                "kind_label": r.get_kind_display(),
                "title": r.title,
                "author": r.author,
                "description": r.description,
                "url": r.url,
            }
            for r in career.resources.all()
        ],
        "faqs": [{"question": f.question, "answer": f.answer} for f in lists["faqs"]],
        "related_careers": [
            {"title": row["career"].title, "url": absolute(row["career"].get_absolute_url())}
            for row in (page["related"]["items"] if page.get("related") else [])
        ],
    }


@require_safe
def career_api_detail(request, slug):
    try:
        career = Career.objects.with_page_data().get(slug=slug)
    except Career.DoesNotExist:
        return json_error("No career with that slug.", 404)
    return JsonResponse(career_api_payload(request, career), json_dumps_params={"ensure_ascii": False})


# --- Site search ---------------------------------------------------------------------------


class SearchView(TemplateView):
    """Careers (with alternate titles), schools (name, city) and resources on one page."""

    template_name = "search/search.html"
    per_group = 10

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        q = clean_query(self.request)
        context["q"] = q
        context["page_title"] = f"Search: {q}" if q else "Search"
        context["meta_description"] = (
            f"Careers, schools and resources matching “{q}”."
            if q
            else "Search careers, US schools and resources in one place."
        )
        if not q:
            context["groups"] = []
            return context
        words = q.split()[:10]
        careers = Career.objects.select_related("occupation").search(q)
        schools = School.objects.search(" ".join(words)).only("name", "slug", "city", "state")
        resources = Resource.objects.all()
        for word in words:
            resources = resources.search(word)
        params = urlencode({"q": q})
        groups = [
            ("careers", "Careers", "career", careers, f"{reverse('careers:list')}?{params}"),
            ("schools", "Schools", "school", schools, f"{reverse('schools:finder')}?{params}"),
            ("resources", "Resources", "resource", resources, f"{reverse('resources:list')}?{params}"),
        ]
        context["groups"] = [
            {
                "id": key,
                "label": label,
                "singular": singular,
                "count": queryset.count(),
                "items": list(queryset[: self.per_group]),
                "url": url,
            }
            for key, label, singular, queryset, url in groups
        ]
        context["total"] = sum(group["count"] for group in context["groups"])
        return context


# --- Robots, sitemap, health -----------------------------------------------------------------


@require_safe
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /api/",
        "Disallow: /search/",
        "Disallow: /schools/compare/",
        "Disallow: /schools/export.csv",
        "Allow: /",
        "",
        f"Sitemap: {sitemap}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def sitemap_index(request):
    return sitemap_index_view(request, sitemaps=SITEMAPS, sitemap_url_name="sitemap-section")


def sitemap_section(request, section):
    if section not in SITEMAPS:
        raise Http404("No such sitemap section.")
    return sitemap_view(request, sitemaps=SITEMAPS, section=section)


@require_safe
@never_cache
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return HttpResponse("ok", content_type="text/plain")

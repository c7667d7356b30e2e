"""The career page's sections (SPEC section 2): what each shows, built from the read layer.

Editorial content comes first; where editors left a section empty the occupation's public data
(O*NET, BLS) fills it. The builders only arrange what `selectors` read: no query per row, and no
markup (the templates in templates/careers/sections/ write it).
"""

from collections import OrderedDict
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import Truncator

from careerguide.core.templatetags.formats import money_text
from careerguide.core.text import is_plural, plural, with_article

from . import facts, selectors
from .models import JobMarketPoint

CIP_CREDIT = "CIP 2020 and the CIP 2020–SOC 2018 crosswalk (NCES)"


def finder_url(**params):
    return f"{reverse('schools:finder')}?{urlencode(params)}"


class CareerPage:
    """The sections of a career page, in order, each only when it has data."""

    def __init__(self, career):
        self.career = career
        self.occupation = career.occupation
        self.title = career.title
        self.a_title = with_article(career.title)
        self.titles = plural(career.title)
        self.lists = selectors.editorial_lists(career)

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

    @cached_property
    def salaries(self):
        return facts.salaries(self.career)

    @cached_property
    def wage_cap(self):
        return facts.wage_cap(self.occupation)

    def salary(self):
        lead, _earlier = self.salaries
        chart = self.salary_chart()
        if lead is None and chart is None:
            return None
        return {
            "figure": lead,
            "cap": self.wage_cap,
            "hourly_cap": facts.hourly_cap(self.wage_cap),
            "source_text": lead.source.sentence if lead else "",
            "chart": chart,
        }

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
            "source_text": facts.source_of(o.wage_source, facts.OEWS_NAME).sentence,
            "top_coded": or_more,
            "cap": cap,
        }

    def education(self):
        c, occupation = self.career, self.occupation
        levels = selectors.degree_levels(c)
        fields = selectors.crosswalk_programs(occupation) if not levels and occupation else []
        entry = occupation.typical_entry_education if occupation else ""
        if not (levels or fields or entry or c.education_intro):
            return None
        return {
            "intro": c.education_intro,
            "closing": c.education_closing,
            "levels": [
                {
                    "level": level,
                    "programs": [
                        {
                            "program": program,
                            "finder_url": finder_url(program=program.field_id) if program.field_id else "",
                        }
                        for program in programs
                    ],
                }
                for level, programs in levels
            ],
            "fields": [{"field": field, "finder_url": finder_url(program=field.code)} for field in fields],
            "fields_source": CIP_CREDIT,
            "career_finder_url": finder_url(career=c.slug),
            "typical_entry": entry,
            "entry_source": facts.source_of(occupation.outlook_source, facts.PROJECTIONS_NAME).sentence
            if entry
            else "",
        }

    def best_schools(self):
        c = self.career
        rows = selectors.best_school_rows(c)
        if not rows:
            return None
        fallback_sources = []
        for row in rows:
            for figure in row.figures.values():
                if figure.live:
                    label = str(figure.current_source) if figure.current_source else "source not recorded"
                    if label not in fallback_sources:
                        fallback_sources.append(label)
        schools = [row.school.slug for row in rows][:10]
        return {
            "year": c.best_schools_year,
            "rows": rows,
            "compare_url": f"{reverse('schools:compare')}?{urlencode([('school', s) for s in schools])}",
            "finder_url": finder_url(career=c.slug),
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
            in_onet = selectors.tasks_listed(o, editorial) if o else set()
            return {"statements": editorial, "from_onet": set(editorial) <= in_onet, "selected": True}
        tasks = [statement for statement, _kind in selectors.task_statements(o)] if o else []
        return {"statements": tasks, "from_onet": True, "selected": False} if tasks else None

    def skills(self):
        skills = self.lists["skills"]
        return {"items": skills} if skills else None

    def technologies(self):
        """The editors' technologies, or else the occupation's O*NET ones: one query either way."""
        o = self.occupation
        editorial = self.lists["technologies"]
        onet = selectors.technology_skills(o) if o else []
        if editorial:
            in_onet = {(t.category, t.name) for t in onet}
            items, from_onet = editorial, all((t.category, t.name) in in_onet for t in editorial)
        else:
            items, from_onet = onet, True
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
        c = self.career
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
        }

    def outlook(self):
        o = self.occupation
        projection = facts.outlook(o)
        if projection is None or not (projection.has_projection or o.employment is not None):
            return None
        return {
            "projection": projection,
            "employment": o.employment,
            "employment_source_text": facts.source_of(o.wage_source, facts.OEWS_NAME).sentence,
        }

    def resources(self):
        groups = OrderedDict()
        for resource in selectors.resources_in_kind_order(self.career):
            groups.setdefault(resource.kind, {"label": resource.get_kind_display(), "items": []})
            groups[resource.kind]["items"].append(resource)
        if not groups:
            return None
        return {"groups": list(groups.values()), "closing": self.career.resources_closing}

    def faqs(self):
        faqs = self.lists["faqs"]
        return {"items": faqs} if faqs else None

    def related(self):
        items = selectors.related_careers(self.career)
        return {"items": items} if items else None

    def sections(self):
        """(id, nav, heading, template, data) for every section with data, in SPEC order."""
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


def meta_description(career, salary):
    parts = [f"{career.title}:"]
    if salary and salary.annual is not None:
        year = f" ({salary.year})" if salary.year else ""
        or_more = " or more" if salary.top_coded else ""
        parts.append(f"median salary {money_text(salary.annual)}{or_more} a year{year};")
    parts.append("education, best schools, duties, skills, technologies and job outlook.")
    return Truncator(" ".join(parts)).chars(300)

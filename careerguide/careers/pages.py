"""The career page's sections (SPEC section 2): what each shows, built from the read layer.

Editorial content comes first; where editors left a section empty the occupation's public data
(O*NET, BLS) fills it. The builders only arrange what `selectors` read: no query per row, and no
markup (the templates in templates/careers/sections/ write it).
"""

import re
from collections import OrderedDict
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import Truncator

from careerguide.core.formats import money_text
from careerguide.core.text import is_plural, plural, with_article
from schools.figures import best_schools_figures
from schools.models import FieldOfStudy
from schools.vocabulary import (
    CREDENTIAL_LEVEL_BY_SLUG,
    CREDENTIAL_LEVEL_WORDS,
    INCOME_BANDS,
    WITHIN_CHOICES,
    WITHIN_DEFAULT,
)

from . import facts, selectors
from .models import DegreeLevel, JobMarketPoint
from .vocabulary import JOB_ZONES, LEVELS_FOR_ENTRY

CIP_CREDIT = "CIP 2020 and the CIP 2020–SOC 2018 crosswalk (NCES)"

# The finder's credential levels (its `level` values) that the editors' degree levels lead to.
LEVELS_FOR_KIND = {
    DegreeLevel.Kind.BACHELOR: ("bachelors",),
    DegreeLevel.Kind.MASTER: ("masters",),
    DegreeLevel.Kind.DOCTORATE: ("doctoral",),
    DegreeLevel.Kind.ASSOCIATE: ("associate",),
    DegreeLevel.Kind.CERTIFICATE: ("certificate",),
}
# Long lists are cut to these, the rest collapsed (a <details> the reader opens).
TASKS_SHOWN = 10
# An FAQ answer that quotes pay in dollars: written with the editors' figures of their day.
PAY_QUESTION = re.compile(r"\b(salar|pay|earn|wage|income)", re.IGNORECASE)
DOLLARS = re.compile(r"\$\s?\d")


def quotes_pay(question, answer):
    return bool(PAY_QUESTION.search(question) and DOLLARS.search(answer))


TECHNOLOGY_GROUPS_SHOWN = 6
TECHNOLOGIES_SHOWN = 8


def finder_url(*pairs, **params):
    """The school finder's address with these parameters."""
    return f"{reverse('listings:school_finder')}?{urlencode([*pairs, *params.items()])}"


def linked_code(code, levels):
    """The CIP code a finder link for program `code` at `levels` names.

    Six-digit detail exists at the bachelor's level only (IPEDS completions); at other levels the
    College Scorecard lists 4-digit series, so the link names the program's series there.
    """
    if levels and "bachelors" not in levels and len(code) == 7:
        return code[:5]
    return code


def program_finder_url(code, levels):
    """The finder's schools offering `code` at `levels`, by the exact-match rule."""
    return finder_url(("program", code), *(("level", level) for level in levels), ("match", "exact"))


def program_links(codes_and_levels):
    """{(code, levels): {"code", "title", "finder_url", "widened"}} for the finder links of the
    programs given: the code and title are those of what the link names, a widened 6-digit code's
    series (its title read in one query, only when a code is widened)."""
    linked = {key: linked_code(*key) for key in codes_and_levels}
    widened = {code for (own, _levels), code in linked.items() if code != own}
    titles = FieldOfStudy.objects.titles_of(widened)
    return {
        (own, levels): {
            "code": code,
            "title": titles.get(code, ""),
            "finder_url": program_finder_url(code, levels),
            "widened": code != own,
        }
        for (own, levels), code in linked.items()
    }


def field_items(fields, links, levels):
    """The crosswalk's fields as the page lists them, each with the finder link for `levels`: fields
    whose links widen to the same series are listed once, as that series, naming the programs it
    stands for."""
    items = {}
    for field in fields:
        link = links[(field.code, levels)]
        item = items.setdefault(link["code"], {**link, "programs": []})
        if link["widened"]:
            item["programs"].append(field.title)
        else:
            item["title"] = field.title
    return list(items.values())


def technology_groups(items, ranked):
    """[{category, shown, more, count}, …]: in the given order, or (`ranked`) the categories with the
    most hot and in-demand technologies first, each cut to `TECHNOLOGIES_SHOWN`."""
    groups = OrderedDict()
    for item in items:
        groups.setdefault(item.category or "Other", []).append(item)
    pairs = list(groups.items())
    if ranked:
        pairs.sort(key=lambda pair: -sum(1 for t in pair[1] if t.is_hot or getattr(t, "is_in_demand", False)))
    cut = TECHNOLOGIES_SHOWN if ranked else None
    return [
        {"category": category, "shown": group[:cut], "more": group[cut:] if cut else [], "count": len(group)}
        for category, group in pairs
    ]


class CareerPage:
    """The sections of a career page, in order, each only when it has data."""

    def __init__(self, career, resources=None):
        """`resources`: the career's resources section ({"template", "data"}), which the page above
        careers reads and writes (resources sit above careers), or None.
        """
        self.career = career
        self.occupation = career.occupation
        self.title = career.title
        self.a_title = with_article(career.title)
        self.titles = plural(career.title)
        self.lists = selectors.editorial_lists(career)
        self.resources = resources

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
        lead, earlier = self.salaries
        chart = self.salary_chart()
        if lead is None and chart is None:
            return None
        return {
            "figure": lead,
            "earlier": earlier,
            "cap": self.wage_cap,
            "hourly_cap": facts.hourly_cap(self.wage_cap),
            "source_text": lead.source.sentence if lead else "",
            "chart": chart,
            # (Not on an editors' page without an occupation, nor a preview's unannotated career.)
            "shared_with": getattr(self.career, "wages_shared_with", None) if self.occupation else None,
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

    @cached_property
    def degree_levels(self):
        return selectors.degree_levels(self.career)

    @cached_property
    def is_generated(self):
        """A page editors have not written: only the occupation's public data, in the order a student reads."""
        c = self.career
        return not (
            c.overview
            or c.education_intro
            or c.job_market_intro
            or c.job_description
            or any(self.lists.values())
            or self.degree_levels
            or self.best
        )

    @cached_property
    def best(self):
        return self.best_schools()

    @cached_property
    def entry_levels(self):
        entry = self.occupation.typical_entry_education if self.occupation else ""
        return LEVELS_FOR_ENTRY.get(entry, ())

    def education(self):
        c, occupation = self.career, self.occupation
        levels = self.degree_levels
        fields = selectors.crosswalk_programs(occupation) if not levels and occupation else []
        entry = occupation.typical_entry_education if occupation else ""
        generated = self.is_generated and occupation is not None
        shares = selectors.education_shares(occupation) if generated else []
        zone = occupation.job_zone if generated else None
        if not (levels or fields or entry or c.education_intro or shares or zone):
            return None
        links = program_links(
            {
                (program.field_id, LEVELS_FOR_KIND.get(level.kind, ()))
                for level, programs in levels
                for program in programs
                if program.field_id
            }
            | {(field.code, self.entry_levels) for field in fields}
        )
        return {
            "generated": generated,
            "shares": [
                {"label": facts.short_education_label(share.label), "percent": share.percent}
                for share in shares
            ],
            "job_zone": zone,
            "job_zone_words": JOB_ZONES.get(zone, ""),
            "experience": occupation.work_experience if occupation else "",
            "training": occupation.on_the_job_training if occupation else "",
            "levels_label": " or ".join(
                CREDENTIAL_LEVEL_WORDS[CREDENTIAL_LEVEL_BY_SLUG[level]] for level in self.entry_levels
            ),
            "intro": c.education_intro,
            "closing": c.education_closing,
            "levels": [
                {
                    "level": level,
                    "programs": [
                        {
                            "program": program,
                            "link": links.get((program.field_id, LEVELS_FOR_KIND.get(level.kind, ()))),
                        }
                        for program in programs
                    ],
                }
                for level, programs in levels
            ],
            "fields": field_items(fields, links, self.entry_levels),
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
        fallback_sources, current_sources = [], []
        for row in rows:
            for figure in row.figures.values():
                if figure.differs:
                    label = str(figure.current_source) if figure.current_source else "source not recorded"
                    if label not in current_sources:
                        current_sources.append(label)
                if figure.live:
                    label = str(figure.current_source) if figure.current_source else "source not recorded"
                    if label not in fallback_sources:
                        fallback_sources.append(label)
        schools = [row.school.slug for row in rows][:10]
        return {
            "year": c.best_schools_year,
            "figures": best_schools_figures(),
            "rows": rows,
            "compare_url": f"{reverse('listings:compare')}?{urlencode([('school', s) for s in schools])}",
            "finder_url": finder_url(career=c.slug),
            "fallback_sources": fallback_sources,
            "has_differences": bool(current_sources),
            "current_sources": current_sources,
            "method": c.best_schools_method,
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
        """The editors' technologies first, then the occupation's O*NET ones not already named (collapsed);
        without the editors', O*NET's, hot and in-demand first. One query either way."""
        o = self.occupation
        editorial = self.lists["technologies"]
        onet = selectors.technology_skills(o) if o else []
        if editorial:
            named = {t.name.casefold() for t in editorial}
            listed = {(t.category, t.name) for t in onet}
            groups = technology_groups(editorial, ranked=False)
            more = technology_groups([t for t in onet if t.name.casefold() not in named], ranked=True)
            from_onet = all((t.category, t.name) in listed for t in editorial)
        else:
            ranked = technology_groups(onet, ranked=True)
            groups, more = ranked[:TECHNOLOGY_GROUPS_SHOWN], ranked[TECHNOLOGY_GROUPS_SHOWN:]
            from_onet = True
        if not (groups or more):
            return None
        items = [*editorial, *onet]
        return {
            "groups": groups,
            "more": more,
            "more_count": sum(group["count"] for group in more),
            "more_are_onet": bool(editorial),
            "from_onet": from_onet,
            "has_hot": any(item.is_hot for item in items),
            "has_in_demand": any(getattr(item, "is_in_demand", False) for item in items),
        }

    def what_they_do(self):
        """The occupation's description and its O*NET tasks, core tasks first, the first ten shown."""
        o = self.occupation
        if o is None:
            return None
        tasks = [statement for statement, _kind in selectors.task_statements(o)]
        return {
            "description": o.description,
            "shown": tasks[:TASKS_SHOWN],
            "more": tasks[TASKS_SHOWN:],
            "count": len(tasks),
        }

    def where_to_study(self):
        c = self.career
        if self.occupation is None:
            return None
        levels = self.entry_levels
        return {
            "career_url": finder_url(career=c.slug),
            "level_url": finder_url(("career", c.slug), *(("level", level) for level in levels))
            if levels
            else "",
            "entry": self.occupation.typical_entry_education,
            # "Near you, at your income": a form that opens the finder on this career's programs.
            "finder_action": reverse("listings:school_finder"),
            "career": c.slug,
            "levels": [(slug, CREDENTIAL_LEVEL_BY_SLUG[slug].label) for slug in levels],
            "income_bands": INCOME_BANDS,
            "within_choices": WITHIN_CHOICES,
            "within_default": WITHIN_DEFAULT,
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

    def faqs(self):
        faqs = self.lists["faqs"]
        if not faqs:
            return None
        return {
            "items": faqs,
            "pay_answers": {faq.question for faq in faqs if quotes_pay(faq.question, faq.answer)},
            "pay_note": self.faq_pay_note(),
        }

    def faq_pay_note(self):
        """What an answer quoting pay is set beside: the year of the editors' salary figures it
        was written with, and the BLS range the salary section shows (which may differ)."""
        chart = self.salary_chart()
        rows = {row["label"]: row for row in chart["rows"]} if chart else {}
        return {
            "year": self.career.salary_year,
            "low": rows.get("10th percentile"),
            "median": rows.get("Median"),
            "high": rows.get("90th percentile"),
            "source": facts.source_of(self.occupation.wage_source, facts.OEWS_NAME).label if chart else "",
        }

    def related(self):
        items = selectors.related_careers(self.career)
        return {"items": items} if items else None

    def sections(self):
        """(id, nav, heading, template, data) for every section with data, in order."""
        plan = self.generated_plan() if self.is_generated else self.editorial_plan()
        sections = []
        for key, nav, heading, data in plan:
            section = {"id": key, "nav": nav, "heading": heading}
            if key == "resources" and self.resources:
                section.update(self.resources)
            else:
                section.update(template=f"careers/sections/{key}.html", data=data)
            if section["data"]:
                sections.append(section)
        return sections

    def editorial_plan(self):
        """The reference page's sections, in SPEC section 2 order."""
        t, a_t, ts = self.title, self.a_title, self.titles
        best = self.best
        year = f" {best['year']}" if best and best["year"] else ""
        if is_plural(t):
            # "To Become a Registered Nurses" would be wrong: plural titles take "for".
            become = schools = market = resources = f"for {t}"
            about = f"About {t}"
        else:
            become, schools, about = f"To Become {a_t}", f"to become {a_t}", f"About Becoming {a_t}"
            market, resources = f"for {a_t}", f"To Help You Become {a_t}"
        return [
            ("overview", "Overview", f"{t} Overview", self.overview()),
            ("salary", "Salary", f"{t} Salary", self.salary()),
            ("education", "Education", f"Required Education and Training {become}", self.education()),
            ("best-schools", "Best schools", f"Best Schools {schools} in U.S.{year}", best),
            ("job-description", "Job description", f"{t} Job Description", self.job_description()),
            ("duties", "Duties", f"Job Duties for {ts}", self.duties()),
            ("skills", "Skills", f"Required Skills and Competencies {become}", self.skills()),
            ("technologies", "Technologies", f"Technologies Used by {ts}", self.technologies()),
            ("job-market", "Job market", f"Current Job Market and Opportunities {market}", self.job_market()),
            ("resources", "Resources", f"Additional Resources {resources}", None),
            ("faqs", "FAQs", f"FAQs {about}", self.faqs()),
            ("related", "Related careers", "Related Careers", self.related()),
        ]

    def generated_plan(self):
        """A page from public data only, in the order a student reads (as the OOH): what they do, pay,
        how to become one, technologies, outlook, similar careers, where to study."""
        ts = self.titles
        return [
            ("what-they-do", "What they do", f"What {ts} Do", self.what_they_do()),
            ("salary", "Pay", "Pay", self.salary()),
            ("education", "How to become one", "How to Become One", self.education()),
            ("technologies", "Technologies", f"Technologies {ts} Use", self.technologies()),
            ("job-market", "Job outlook", "Job Outlook", self.job_market()),
            ("related", "Similar careers", "Similar Careers", self.related()),
            ("where-to-study", "Where to study", "Where to Study", self.where_to_study()),
        ]


def meta_description(career, salary):
    parts = [f"{career.title}:"]
    if salary and salary.annual is not None:
        year = f" ({salary.year})" if salary.year else ""
        or_more = " or more" if salary.top_coded else ""
        parts.append(f"median salary {money_text(salary.annual)}{or_more} a year{year};")
    parts.append("education, best schools, duties, skills, technologies and job outlook.")
    return Truncator(" ".join(parts)).chars(300)

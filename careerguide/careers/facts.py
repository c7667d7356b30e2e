"""One figure per fact: which salary a career leads with, its outlook in BLS's words, its data years.

The career page and the careers API both read these, so they never disagree.
"""

import re
from decimal import Decimal
from typing import NamedTuple

from .models import DEFAULT_ANNUAL_CAP
from .vocabulary import ALL_OCCUPATIONS_CHANGE, DECLINE, OUTLOOK_BANDS

OEWS_NAME = "BLS Occupational Employment and Wage Statistics"
PROJECTIONS_NAME = "BLS Employment Projections"
EDITORS_NAME = "Careerguide editors"


def outlook_words(change):
    """BLS's words for a projected change in percent, or "" when the change is unknown."""
    if change is None:
        return ""
    whole = Decimal(change).quantize(Decimal(1), rounding="ROUND_HALF_UP")
    for floor, words in OUTLOOK_BANDS:
        if whole >= floor:
            return words
    return DECLINE


def year_of(edition):
    """The first four-digit year of an edition ("May 2024" → 2024, "2024–34" → 2024), or None."""
    match = re.search(r"(19|20)\d\d", edition or "")
    return int(match.group(0)) if match else None


def hourly_cap(annual_cap):
    """The hourly top of the OEWS range: OEWS annualises hourly wages at 2,080 hours a year."""
    return (Decimal(annual_cap) / 2080).quantize(Decimal("0.01"))


def source_sentence(name, year):
    """ "Source: BLS OEWS, May 2024." — or the editors' own sentence, followed by its data year."""
    name = (name or "").strip()
    if name.endswith("."):
        return f"{name} Data year: {year}." if year else f"{name} Data year not recorded."
    return f"Source: {name}, {year}." if year else f"Source: {name} (data year not recorded)."


class Source(NamedTuple):
    name: str
    year: str

    @property
    def sentence(self):
        return source_sentence(self.name, self.year)

    @property
    def label(self):
        """ "BLS OEWS, May 2024": a source inside a sentence of its own."""
        name = self.name.strip().rstrip(".")
        return f"{name}, {self.year}" if self.year else f"{name} (data year not recorded)"


def source_of(data_source, fallback_name):
    """A DataSource as (name, edition), with the gap said when the source was not recorded."""
    if data_source is None:
        return Source(fallback_name, "")
    return Source(data_source.name, data_source.edition)


class Salary(NamedTuple):
    """A median salary as one figure: annual and hourly, whether it is a lower bound, its source."""

    annual: object
    hourly: object
    top_coded: bool
    hourly_top_coded: bool
    source: Source
    editorial: bool

    @property
    def year(self):
        return self.source.year


def wage_cap(occupation):
    """The top of the OEWS survey range: a wage at it means "this or more".

    The import stores a top-coded median as the cap of its edition; otherwise the cap of the edition
    the import knows.
    """
    o = occupation
    if o is not None and o.annual_wage_top_coded and o.annual_median_wage is not None:
        return o.annual_median_wage
    return DEFAULT_ANNUAL_CAP


def editors_salary(career):
    if career.salary_annual_median is None and career.salary_hourly_median is None:
        return None
    source = Source(career.salary_source or EDITORS_NAME, str(career.salary_year or ""))
    return Salary(career.salary_annual_median, career.salary_hourly_median, False, False, source, True)


def oews_salary(occupation):
    o = occupation
    if o is None or (
        o.annual_median_wage is None and o.hourly_median_wage is None and not o.annual_wage_top_coded
    ):
        return None
    cap = wage_cap(o)
    top_coded = o.annual_wage_top_coded
    hourly = o.hourly_median_wage
    return Salary(
        # A top-coded median is stored as the cap, a lower bound: "$239,200 or more".
        cap if top_coded else o.annual_median_wage,
        hourly,
        top_coded,
        top_coded and hourly is not None and hourly >= hourly_cap(cap),
        source_of(o.wage_source, OEWS_NAME),
        False,
    )


def salaries(career):
    """(the salary to lead with, an earlier one to show labelled as earlier, or None).

    The editors' figure leads unless the imported OEWS figure is of a later year: then OEWS leads and
    the editors' figure is the earlier one. A figure of unknown year is never taken as the older.
    """
    editors, oews = editors_salary(career), oews_salary(career.occupation)
    if editors is None or oews is None:
        return editors or oews, None
    editors_year, oews_year = year_of(editors.year), year_of(oews.year)
    if editors_year is not None and oews_year is not None and oews_year > editors_year:
        return oews, editors
    return editors, None


class Outlook(NamedTuple):
    """Employment Projections for an occupation: counts in jobs (not thousands), change in percent."""

    base: int | None
    projected: int | None
    change: Decimal | None
    words: str
    openings: int | None
    base_year: str
    projected_year: str
    source: Source

    @property
    def has_projection(self):
        return any(v is not None for v in (self.base, self.projected, self.change, self.openings))


def thousands(value):
    return None if value is None else round(value * 1000)


def outlook(occupation):
    o = occupation
    if o is None:
        return None
    source = source_of(o.outlook_source, PROJECTIONS_NAME)
    years = re.findall(r"\d{2,4}", source.year)
    base_year = years[0] if years else ""
    projected_year = ""
    if len(years) > 1:
        projected_year = years[1] if len(years[1]) == 4 else base_year[:2] + years[1]
    return Outlook(
        thousands(o.employment_base),
        thousands(o.employment_projected),
        o.employment_change_percent,
        outlook_words(o.employment_change_percent),
        thousands(o.annual_openings),
        base_year,
        projected_year,
        source,
    )


def short_education_label(label):
    """O*NET's category label without its explanation: "Post-Secondary Certificate - awarded for…"
    → "Post-Secondary Certificate", "Associate's Degree (or other 2-year degree)" → "Associate's Degree"."""
    return re.split(r" - | \(", label, maxsplit=1)[0].strip()


class QuickFacts(NamedTuple):
    """The OOH's quick facts: pay, entry requirements, jobs, outlook, openings."""

    salary: Salary | None
    education: str
    experience: str
    training: str
    outlook: Outlook | None
    average_change: Decimal | None
    outlook_source: Source

    @property
    def has_requirements(self):
        return bool(self.education or self.experience or self.training)


def quick_facts(career, salary):
    o = career.occupation
    projection = outlook(o)
    if projection is not None and not projection.has_projection:
        projection = None
    facts = QuickFacts(
        salary,
        o.typical_entry_education if o else "",
        o.work_experience if o else "",
        o.on_the_job_training if o else "",
        projection,
        ALL_OCCUPATIONS_CHANGE.get(projection.source.year) if projection else None,
        source_of(o.outlook_source if o else None, PROJECTIONS_NAME),
    )
    if salary is None and projection is None and not facts.has_requirements:
        return None
    return facts

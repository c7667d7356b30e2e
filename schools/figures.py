"""The one registry of school figures: what each is called, how it reads, how it filters and sorts,
which way is better, where it came from, and which lists show it.

Every list reads `FIGURES` when it is built: the finder's range filters, sort keys, form inputs and
columns, the comparison's rows and charts, the school page's cards, the CSV export, the JSON API and
the admin's list columns. Adding a figure means adding a `Figure` here (a School field of that name,
and the importer that fills it). This module imports no model, so models, admin and importers can
all read it.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from careerguide.core.formats import count_text, money_text, percent_text

# A graduation rate counted over fewer students than this is a small group, not a strong result:
# shown with a caveat, and sorted after the other known rates.
SMALL_GROUP = 30

MONEY_MAX = 1_000_000  # USD a year: far above any tuition, far below any integer column's limit.
COUNT_MAX = 10_000_000


class Kind(NamedTuple):
    """How a kind of value reads, and how a range filter on it is asked for."""

    text: object  # value → text, or None when unknown
    unit: str  # after a range's name in the filter form: "In-state tuition ($ a year)"
    lowest: object
    highest: object
    step: object  # the form input's step
    decimal_places: int  # a bound's decimal places at most (0: whole numbers)


KINDS = {
    "money": Kind(money_text, "$ a year", 0, MONEY_MAX, 500, 0),
    "percent": Kind(percent_text, "%", Decimal(0), Decimal(100), "any", 2),
    "count": Kind(count_text, "", 0, COUNT_MAX, 100, 0),
    "plain": Kind(lambda value: None if value is None else str(value), "", 0, COUNT_MAX, 1, 0),
    "flag": Kind(lambda value: None if value is None else ("Yes" if value else "No"), "", 0, 1, 1, 0),
}


@dataclass(frozen=True)
class Figure:
    field: str  # the School field (or annotation) holding the value
    label: str  # the one name of the figure, everywhere it is shown
    kind: str  # a key of KINDS
    sort_key: str = ""  # the finder's `sort` value for it ("" when it does not sort)
    high_first: bool = False  # a click on its finder column sorts high to low first
    # The finder's filter on it, named after `sort_key`: "range" (<key>_min and <key>_max), "max"
    # (<key>_max only) or "" (none); `range_name` is how its bounds read in a message or a chip.
    range_filter: str = ""
    range_name: str = ""
    range_title: str = ""  # the range's legend in the filter form, when not `range_name` capitalised
    range_help: str = ""  # what the filter form says under the range
    may_be_negative: bool = False  # a bound may be below zero (net price: grants above the cost)
    better: str = ""  # "lower" or "higher" when one end is better, else ""
    best_means: str = ""  # what the compare page's ★ Best means for this row
    source_field: str = ""  # the School field naming its DataSource ("" when it has none)
    cohort_field: str = ""  # the field counting the students a rate is over
    note: str = ""  # what a reader must know to read the figure right
    zero_note: str = ""  # what a value of exactly 0 means, where 0 would mislead
    needs_home_state: bool = False  # shown only when the student's home state is known
    chart_max: object = None  # the compare page charts it: its scale's top, or "largest"
    admin_column: str = ""  # its short header in the admin's school list ("" when not listed)
    # Its column heading in a career's best-schools table (SPEC section 2), "" when not a column:
    # a `BestSchool` field of the same name holds the figure as published with the list.
    best_schools_heading: str = ""
    on_school_page: bool = True
    in_finder: bool = True
    in_compare: bool = True
    in_csv: bool = True
    csv_after_website: bool = False  # SPEC section 4 puts this round's columns after `website`
    in_api: bool = True  # in every API entry (list and detail)
    # Its value at a family income: the finder's `income` reads the band's field instead, and
    # names it `income_name` at a family income of the band.
    by_income: bool = False
    income_name: str = ""
    # What stands in for an unknown value at a school that admits everyone (an admission rate):
    # read as this, filtered and sorted as `OPEN_ADMISSION_RATE` (SPEC section 3), never shown as
    # a number.
    open_admission_text: str = ""
    # Who publishes it (SPEC section 3's sources in order): an unknown value was reported to none.
    reported_to: str = ""
    # Unknown at a school that admits everyone: the figure does not apply there (test scores).
    not_applicable_at_open_admission: bool = False

    def text(self, value):
        """The value as plain text, or None when unknown."""
        return KINDS[self.kind].text(value)

    def label_at(self, band):
        """Its label, at a family income's IncomeBand (or None): "Net price at a family income of
        $0–30,000"."""
        if band is None or not self.by_income:
            return self.label
        return f"{self.income_name} at a family income of {band.label}"

    def exact_text(self, value):
        """The value exactly as stored, for the admin and import reports: "$9,695", "45.25%", "unknown"."""
        if value is None:
            return "unknown"
        if self.kind == "percent":
            return f"{value}%"
        return self.text(value).lower() if self.kind == "flag" else self.text(value)

    @property
    def lowest(self):
        kind = KINDS[self.kind]
        return -kind.highest if self.may_be_negative else kind.lowest

    @property
    def highest(self):
        return KINDS[self.kind].highest

    @property
    def decimal_places(self):
        return KINDS[self.kind].decimal_places

    @property
    def step(self):
        return KINDS[self.kind].step

    @property
    def unit(self):
        return KINDS[self.kind].unit

    @property
    def range_legend(self):
        """The filter form's legend of its range: "In-state tuition ($ a year)"."""
        name = self.range_title or self.range_name[:1].upper() + self.range_name[1:]
        return f"{name} ({self.unit})" if self.unit else name

    def best_of(self, values):
        """The best known value among `values`, or None when fewer than two differ (nothing to compare)."""
        if not self.better:
            return None
        known = {value for value in values if value is not None}
        if len(known) < 2:
            return None
        return min(known) if self.better == "lower" else max(known)

    def cohort_text(self, school):
        """ "of 4,512 students", with "small group" when under SMALL_GROUP; "" without a cohort."""
        if not self.cohort_field:
            return ""
        cohort = getattr(school, self.cohort_field, None)
        if cohort is None:
            return ""
        text = f"of {count_text(cohort)} student{'' if cohort == 1 else 's'}"
        return f"{text}; small group" if cohort < SMALL_GROUP else text

    def value_note(self, value):
        """The note a value needs on its own (a reported 0 that is not what it seems), or ""."""
        return self.zero_note if self.zero_note and value is not None and value == 0 else ""

    def text_at(self, school, value):
        """(the value's text, or None when unknown; what a reader must know of it at this school):
        at a school that admits everyone, an admission rate reads "Open admission"."""
        if self.open_admission_text and getattr(school, "open_admission", None):
            if value is None:
                return self.open_admission_text, OPEN_ADMISSION_NOTE
            return self.text(value), "open admission: everyone is admitted"
        return self.text(value), ""

    def applies_at(self, school):
        """False where the figure has no meaning (test scores at a school that admits everyone)."""
        return not (self.not_applicable_at_open_admission and getattr(school, "open_admission", None))

    def missing_reason(self, school):
        """Why its value is unknown at this school, in a reader's words. None of the columns the
        import reads marks a value PrivacySuppressed or PS (the files' own markers, SOURCES.md):
        an unknown figure either does not apply or was not reported."""
        if not self.applies_at(school):
            return NOT_APPLICABLE_OPEN_ADMISSION
        return f"Not reported to {self.reported_to}" if self.reported_to else "No source reports it"

    @property
    def ranked_field(self):
        """The field or annotation its filters and sorts read (`SchoolQuerySet.ranked`)."""
        return f"{self.field}_ranked" if self.open_admission_text else self.field

    def small_group(self, school):
        """True when the figure is a rate over fewer than SMALL_GROUP students."""
        if not self.cohort_field:
            return False
        cohort = getattr(school, self.cohort_field, None)
        return cohort is not None and cohort < SMALL_GROUP


# 5,367 of the 5,633 rates the Scorecard 2023-24 file reports are 0.0000: its cohort's three years
# fell in the pause of federal loan payments (March 2020 to September 2023).
ZERO_DEFAULT_NOTE = (
    "federal loan payments were paused from March 2020 to September 2023: almost no borrower of "
    "this cohort could default"
)
ZERO_ADMISSION_NOTE = (
    "reported as 0%: the school admitted no applicant through the usual process that year "
    "(some admit only by other routes) — ask the school"
)
NET_PRICE_NOTE = (
    "Average paid after grants, for students with aid; a negative value means grants exceed the cost."
)
OPEN_ADMISSION_NOTE = "everyone who applies is admitted"
NOT_APPLICABLE_OPEN_ADMISSION = "Open admission: everyone who applies is admitted"
# Who publishes a figure, as its "Not reported to …" says.
IPEDS_OR_SCORECARD = "IPEDS or the College Scorecard"
SCORECARD = "the College Scorecard"
OPEN_ADMISSION_RATE = 100
COST_OF_ATTENDANCE_NOTE = "Tuition, fees, books, housing and food: what a year costs before any aid."

# In the order every page, the CSV (SPEC section 4's column order) and the API list them.
FIGURES = (
    Figure(
        "your_tuition",
        "Your tuition",
        "money",
        sort_key="your_tuition",
        range_filter="max",
        range_name="your tuition",
        better="lower",
        best_means="lowest cost for you",
        note="In-state tuition and fees where the school is in your home state, else out-of-state.",
        needs_home_state=True,
        on_school_page=False,
        in_csv=False,
    ),
    Figure(
        "tuition_in_state",
        "In-state tuition and fees",
        "money",
        sort_key="tuition_in",
        range_filter="range",
        range_name="in-state tuition",
        better="lower",
        best_means="lowest in-state tuition",
        source_field="tuition_in_state_source",
        reported_to=IPEDS_OR_SCORECARD,
        chart_max="largest",
        admin_column="in-state",
        best_schools_heading="In-State Tuition",
    ),
    Figure(
        "tuition_out_of_state",
        "Out-of-state tuition and fees",
        "money",
        sort_key="tuition_out",
        range_filter="range",
        range_name="out-of-state tuition",
        better="lower",
        best_means="lowest out-of-state tuition",
        source_field="tuition_out_of_state_source",
        reported_to=IPEDS_OR_SCORECARD,
        chart_max="largest",
        admin_column="out-of-state",
        best_schools_heading="Out-of-State Tuition",
    ),
    Figure(
        "admission_rate",
        "Admission rate",
        "percent",
        sort_key="admission_rate",
        range_filter="range",
        range_name="admission rate",
        better="higher",
        best_means="easiest to get in",
        source_field="admission_rate_source",
        reported_to=SCORECARD,
        zero_note=ZERO_ADMISSION_NOTE,
        open_admission_text="Open admission",
        chart_max=100,
        admin_column="admit rate",
        best_schools_heading="Admission Rate",
    ),
    Figure(
        "graduation_rate",
        "Graduation rate",
        "percent",
        sort_key="graduation_rate",
        high_first=True,
        range_filter="range",
        range_name="graduation rate",
        better="higher",
        best_means="highest graduation rate",
        source_field="graduation_rate_source",
        reported_to=IPEDS_OR_SCORECARD,
        cohort_field="graduation_cohort",
        chart_max=100,
        admin_column="grad rate",
        best_schools_heading="Graduation Rate",
    ),
    Figure(
        "enrollment",
        "Total enrollment",
        "count",
        sort_key="enrollment",
        range_filter="range",
        range_name="enrollment",
        range_title="Total enrollment",
        source_field="enrollment_source",
        reported_to="IPEDS",
        chart_max="largest",
        admin_column="enrollment",
        best_schools_heading="Total Enrollment",
    ),
    Figure(
        "median_earnings",
        "Median earnings 10 years after entry",
        "money",
        sort_key="earnings",
        high_first=True,
        better="higher",
        best_means="highest earnings",
        source_field="median_earnings_source",
        reported_to=SCORECARD,
    ),
    Figure(
        "net_price",
        "Average net price",
        "money",
        sort_key="net_price",
        range_filter="range",
        range_name="net price",
        range_title="Average net price",
        range_help="Net price: what students with aid paid on average after grants and scholarships. "
        "A negative value means grants exceed the cost.",
        may_be_negative=True,
        better="lower",
        best_means="lowest net price",
        source_field="net_price_source",
        reported_to=SCORECARD,
        note=NET_PRICE_NOTE,
        by_income=True,
        income_name="Net price",
    ),
    Figure(
        "cost_of_attendance",
        "Cost of attendance",
        "money",
        sort_key="cost_of_attendance",
        better="lower",
        best_means="lowest cost of a year",
        source_field="cost_of_attendance_source",
        reported_to=SCORECARD,
        note=COST_OF_ATTENDANCE_NOTE,
        on_school_page=False,  # its own section, "What you would pay", with its parts
        csv_after_website=True,
    ),
    Figure(
        "open_admission",
        "Open admission",
        "flag",
        source_field="open_admission_source",
        reported_to=SCORECARD,
        on_school_page=False,  # said where the admission rate is
        in_finder=False,
        in_compare=False,
        csv_after_website=True,
    ),
    Figure(
        "retention_rate",
        "First-year retention rate",
        "percent",
        better="higher",
        best_means="most students return for a second year",
        source_field="retention_rate_source",
        reported_to=SCORECARD,
        note="Full-time students who return for a second year.",
        in_finder=False,
        csv_after_website=True,
    ),
    Figure(
        "pell_share",
        "Students with a Pell grant",
        "percent",
        source_field="pell_share_source",
        reported_to=SCORECARD,
        note="Undergraduates with a federal Pell grant, given to students from lower-income families.",
        in_finder=False,
        in_csv=False,
    ),
    Figure(
        "loan_share",
        "Students with a federal loan",
        "percent",
        source_field="loan_share_source",
        reported_to=SCORECARD,
        note="Undergraduates who borrow a federal student loan.",
        in_finder=False,
        in_csv=False,
    ),
    Figure(
        "default_rate",
        "Three-year loan default rate",
        "percent",
        better="lower",
        best_means="fewest borrowers default",
        source_field="default_rate_source",
        reported_to=SCORECARD,
        note="Borrowers who defaulted on a federal loan within three years of starting to repay.",
        zero_note=ZERO_DEFAULT_NOTE,
        in_finder=False,
        in_csv=False,
    ),
    Figure(
        "sat_average",
        "SAT average",
        "plain",
        source_field="sat_average_source",
        reported_to=SCORECARD,
        not_applicable_at_open_admission=True,
        in_finder=False,
        in_compare=False,
        in_csv=False,
        in_api=False,  # the API's detail adds it
    ),
)

GRADUATION_COHORT_LABEL = "Students the graduation rate counts"


# Each list reads the registry when it is built (never a copy made at import time), so that what
# the registry holds is what every list shows.


def figure_of(field):
    """The figure of a School field."""
    return next(figure for figure in FIGURES if figure.field == field)


def by_sort_key():
    return {figure.sort_key: figure for figure in FIGURES if figure.sort_key}


def shown(figures, home_state):
    """`figures` less those that need a home state when there is none."""
    return [figure for figure in figures if home_state or not figure.needs_home_state]


def finder_figures(home_state=""):
    return shown([figure for figure in FIGURES if figure.in_finder], home_state)


def compare_figures(home_state=""):
    return shown([figure for figure in FIGURES if figure.in_compare], home_state)


def school_page_figures():
    return [figure for figure in FIGURES if figure.on_school_page]


def api_figures():
    return [figure for figure in FIGURES if figure.in_api and not figure.needs_home_state]


def csv_figures():
    """The CSV's figures, those before `website` first (SPEC section 4's order)."""
    listed = [figure for figure in FIGURES if figure.in_csv]
    return sorted(listed, key=lambda figure: figure.csv_after_website)


def range_figures():
    """The figures the finder filters by a range (or a maximum)."""
    return [figure for figure in FIGURES if figure.range_filter]


def chart_figures():
    return [figure for figure in FIGURES if figure.chart_max is not None and figure.in_compare]


def admin_figures():
    return [figure for figure in FIGURES if figure.admin_column]


def best_schools_figures():
    return [figure for figure in FIGURES if figure.best_schools_heading]


def sourced_figures():
    """The figures an editor keeps beside their source."""
    return [figure for figure in FIGURES if figure.source_field]

"""The one registry of school figures: what each is called, how it reads, how it sorts, which way
is better, and where it came from.

The finder's columns, the comparison's rows, the school page's figure cards, the CSV export and the
JSON API all read `FIGURES`; adding a figure means adding a `Figure` here (and to the importer).
This module imports no model, so models, admin and importers can all read it.
"""

from dataclasses import dataclass

from careerguide.core.templatetags.formats import count_text, money_text, percent_text

# A graduation rate counted over fewer students than this is a small group, not a strong result:
# shown with a caveat, and sorted after the other known rates.
SMALL_GROUP = 30

# How a kind of value reads as text (None when unknown: the page writes "Not reported").
TEXT_OF = {
    "money": money_text,
    "percent": percent_text,
    "count": count_text,
    "plain": lambda value: None if value is None else str(value),
}


@dataclass(frozen=True)
class Figure:
    field: str  # the School field (or annotation) holding the value
    label: str  # the one name of the figure, everywhere it is shown
    kind: str  # "money", "percent", "count" or "plain": how the value reads
    sort_key: str = ""  # the finder's `sort` value for it ("" when it does not sort)
    high_first: bool = False  # a click on its finder column sorts high to low first
    better: str = ""  # "lower" or "higher" when one end is better, else ""
    best_means: str = ""  # what the compare page's ★ Best means for this row
    source_field: str = ""  # the School field naming its DataSource ("" when it has none)
    cohort_field: str = ""  # the field counting the students a rate is over
    note: str = ""  # what a reader must know to read the figure right
    zero_note: str = ""  # what a value of exactly 0 means, where 0 would mislead
    needs_home_state: bool = False  # shown only when the student's home state is known
    on_school_page: bool = True
    in_finder: bool = True
    in_compare: bool = True
    in_csv: bool = True
    in_api: bool = True  # in every API entry (list and detail)

    def text(self, value):
        """The value as plain text, or None when unknown."""
        return TEXT_OF[self.kind](value)

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

    def small_group(self, school):
        """True when the figure is a rate over fewer than SMALL_GROUP students."""
        if not self.cohort_field:
            return False
        cohort = getattr(school, self.cohort_field, None)
        return cohort is not None and cohort < SMALL_GROUP


ZERO_ADMISSION_NOTE = (
    "reported as 0%: the school admitted no applicant through the usual process that year "
    "(some admit only by other routes) — ask the school"
)
NET_PRICE_NOTE = (
    "Average paid after grants, for students with aid; a negative value means grants exceed the cost."
)

# In the order every page, the CSV (SPEC section 4's column order) and the API list them.
FIGURES = (
    Figure(
        "your_tuition",
        "Your tuition",
        "money",
        sort_key="your_tuition",
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
        better="lower",
        best_means="lowest in-state tuition",
        source_field="tuition_in_state_source",
    ),
    Figure(
        "tuition_out_of_state",
        "Out-of-state tuition and fees",
        "money",
        sort_key="tuition_out",
        better="lower",
        best_means="lowest out-of-state tuition",
        source_field="tuition_out_of_state_source",
    ),
    Figure(
        "admission_rate",
        "Admission rate",
        "percent",
        sort_key="admission_rate",
        better="higher",
        best_means="easiest to get in",
        source_field="admission_rate_source",
        zero_note=ZERO_ADMISSION_NOTE,
    ),
    Figure(
        "graduation_rate",
        "Graduation rate",
        "percent",
        sort_key="graduation_rate",
        high_first=True,
        better="higher",
        best_means="highest graduation rate",
        source_field="graduation_rate_source",
        cohort_field="graduation_cohort",
    ),
    Figure(
        "enrollment",
        "Total enrollment",
        "count",
        sort_key="enrollment",
        source_field="enrollment_source",
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
    ),
    Figure(
        "net_price",
        "Average net price",
        "money",
        sort_key="net_price",
        better="lower",
        best_means="lowest net price",
        source_field="net_price_source",
        note=NET_PRICE_NOTE,
    ),
    Figure(
        "sat_average",
        "SAT average",
        "plain",
        source_field="sat_average_source",
        in_finder=False,
        in_compare=False,
        in_csv=False,
        in_api=False,  # the API's detail adds it; the list's queryset does not read it
    ),
)
BY_FIELD = {figure.field: figure for figure in FIGURES}
BY_SORT_KEY = {figure.sort_key: figure for figure in FIGURES if figure.sort_key}

# Not figures with a best value but read with them.
PREDOMINANT_DEGREE_LABEL = "Predominant degree"
GRADUATION_COHORT_LABEL = "Students the graduation rate counts"
# The degree slugs of SPEC section 4's `degree` parameter, by Scorecard PREDDEG value.
DEGREE_SLUGS = {1: "certificate", 2: "associate", 3: "bachelors", 4: "graduate"}
# The kind of school its predominant degree makes it, as a result row says it.
KIND_TEXT = {
    1: "Mostly certificates",
    2: "Mostly associate degrees",
    3: "Mostly bachelor's degrees",
    4: "Mostly graduate degrees",
}


def shown(figures, home_state):
    """`figures` less those that need a home state when there is none."""
    return [figure for figure in figures if home_state or not figure.needs_home_state]


FINDER_FIGURES = [figure for figure in FIGURES if figure.in_finder]
COMPARE_FIGURES = [figure for figure in FIGURES if figure.in_compare]
SCHOOL_PAGE_FIGURES = [figure for figure in FIGURES if figure.on_school_page]
API_FIGURES = [figure for figure in FIGURES if figure.in_api and not figure.needs_home_state]
CSV_FIGURES = [figure for figure in FIGURES if figure.in_csv]

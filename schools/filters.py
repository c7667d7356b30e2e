"""The school finder's one FilterSet, shared by the finder page, the CSV export and the JSON API.

`SchoolFilterSet` validates every parameter of SPEC section 4 but `career`, which the careers app
adds (`careerguide.careers.finder.CareerSchoolFilterSet`: schools does not know careers). The finder page is lenient
(`careerguide.core.filters.lenient_filterset`: bad parameters are reported and left out, the rest still applies); the CSV
and JSON endpoints are strict (`SchoolFilterSet(...).is_valid()`, and a 400 naming the parameter).
"""

import contextlib
import re
from decimal import Decimal

import django_filters
from django import forms
from django_filters.constants import EMPTY_VALUES

from careerguide.core.filters import (
    ListFilterSet,
    MultiChoiceFilter,
    NumberFilter,
    RangeCheckForm,
    WholeNumberFilter,
    canonical_query,
    per_page_filter,
    show,
    sort_filter,
)

from .models import CredentialLevel, FieldOfStudy, ProgramOffering, School, SchoolQuerySet, offers
from .selectors import figure_rows
from .states import US_STATES, us_states

STATE_NAMES = dict(US_STATES)
CONTROL_CHOICES = [
    ("public", "Public"),
    ("nonprofit", "Private nonprofit"),
    ("forprofit", "Private for-profit"),
]
CONTROL_LABELS = dict(CONTROL_CHOICES)
CONTROL_SLUG_OF = {number: slug for slug, number in SchoolQuerySet.CONTROL_SLUGS.items()}

SORT_LABELS = {
    "name": "Name",
    "tuition_in": "In-state tuition",
    "tuition_out": "Out-of-state tuition",
    "your_tuition": "Your tuition",
    "admission_rate": "Admission rate",
    "graduation_rate": "Graduation rate",
    "enrollment": "Enrollment",
    "earnings": "Earnings",
    "net_price": "Net price",
    "program_earnings": "Earnings after the program",
    "program_graduates": "Graduates of the program",
}
# Sort keys that need a program or a career to sort by.
PROGRAM_SORTS = ("program_earnings", "program_graduates")
# Largest schools first: a list a student can start from (A–Z began with beauty academies and
# rows of "Not reported"); unknown enrollment last.
DEFAULT_SORT = "-enrollment"
DEFAULT_SORT_TEXT = "largest first (total enrollment; schools that do not report it last)"
# With a program or a career: where most students graduate in it first.
DEFAULT_PROGRAM_SORT = "-program_graduates"
DEFAULT_PROGRAM_SORT_TEXT = (
    "most graduates first (the College Scorecard's count for the programs' fields at the levels "
    "chosen; schools with no count last)"
)

# Credential levels of a program (SPEC section 4 `level`): Scorecard CREDLEV 1–8.
LEVELS = {
    "certificate": CredentialLevel.UNDERGRADUATE_CERTIFICATE,
    "associate": CredentialLevel.ASSOCIATE,
    "bachelors": CredentialLevel.BACHELOR,
    "postbacc": CredentialLevel.POST_BACCALAUREATE_CERTIFICATE,
    "masters": CredentialLevel.MASTER,
    "doctoral": CredentialLevel.DOCTORAL,
    "professional": CredentialLevel.FIRST_PROFESSIONAL,
    "gradcert": CredentialLevel.GRADUATE_CERTIFICATE,
}
LEVEL_CHOICES = [(slug, level.label) for slug, level in LEVELS.items()]
# How a level reads before "in Computer Science".
LEVEL_SHORT = {
    CredentialLevel.UNDERGRADUATE_CERTIFICATE: "Certificate",
    CredentialLevel.ASSOCIATE: "Associate",
    CredentialLevel.BACHELOR: "Bachelor's",
    CredentialLevel.POST_BACCALAUREATE_CERTIFICATE: "Post-baccalaureate certificate",
    CredentialLevel.MASTER: "Master's",
    CredentialLevel.DOCTORAL: "Doctorate",
    CredentialLevel.FIRST_PROFESSIONAL: "Professional degree",
    CredentialLevel.GRADUATE_CERTIFICATE: "Graduate certificate",
}
MATCH_CHOICES = [
    ("exact", "Exactly the program chosen"),
    ("field", "Any program in its field (the 4-digit CIP series)"),
]
# The school's predominant degree (SPEC section 4 `degree`): Scorecard PREDDEG 1–4.
DEGREES = {
    "certificate": School.PredominantDegree.CERTIFICATE,
    "associate": School.PredominantDegree.ASSOCIATE,
    "bachelors": School.PredominantDegree.BACHELORS,
    "graduate": School.PredominantDegree.GRADUATE,
}
DEGREE_CHOICES = [
    ("certificate", "Mostly certificates"),
    ("associate", "Mostly associate degrees (2-year)"),
    ("bachelors", "Mostly bachelor's degrees (4-year)"),
    ("graduate", "Mostly graduate degrees"),
]
DEGREE_LABELS = dict(DEGREE_CHOICES)
PROGRAMS_MAX = 10  # program values read at most: each worded one costs a query
PROGRAM_CANDIDATES_MAX = 30  # fields of study listed to choose from
CODES_IN_MESSAGE = 5  # of them, named in the message (the finder lists them all)
MONEY_MAX = 1_000_000  # USD a year: far above any tuition, far below any integer column's limit.
ENROLLMENT_MAX = 10_000_000

CIP_RE = re.compile(r"^\d{2}(\.\d{2}(\d{2})?)?$")

# (min parameter, max parameter, how the pair is named in a message, how values are shown)
RANGES = [
    ("tuition_in_min", "tuition_in_max", "in-state tuition", "money"),
    ("tuition_out_min", "tuition_out_max", "out-of-state tuition", "money"),
    ("admission_rate_min", "admission_rate_max", "admission rate", "percent"),
    ("graduation_rate_min", "graduation_rate_max", "graduation rate", "percent"),
    ("enrollment_min", "enrollment_max", "enrollment", "count"),
    ("net_price_min", "net_price_max", "net price", "money"),
]


class ProgramsField(forms.ModelMultipleChoiceField):
    """Repeatable programs, each a CIP code or words of a CIP title ("computer science").

    Codes are found in one query; words in one query each, and count when they name exactly one
    field of study. `resolved` maps every value that named a field to its code and `candidates`
    the worded values that named several to their fields (at most PROGRAM_CANDIDATES_MAX), so that
    the finder can apply the rest and offer the choice."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", FieldOfStudy.objects.all())
        kwargs.setdefault("to_field_name", "code")
        super().__init__(**kwargs)
        self.resolved, self.candidates = {}, {}

    def clean(self, value):
        self.resolved, self.candidates = {}, {}
        if isinstance(value, (list, tuple)):
            value = list(dict.fromkeys(v.strip() for v in value if isinstance(v, str) and v.strip()))
        values = value or []
        if not values:
            return []
        if len(values) > PROGRAMS_MAX:
            raise forms.ValidationError(f"Choose at most {PROGRAMS_MAX} programs.", code="too_many")
        codes = [v for v in values if CIP_RE.match(v)]
        found = {field.code: field for field in self.queryset.filter(code__in=codes)} if codes else {}
        errors, fields = [], []
        for text in values:
            if text in found:
                field = found[text]
            elif CIP_RE.match(text):
                errors.append(self.error(self.error_messages["invalid_choice"], "invalid_choice", text))
                continue
            elif not any(c.isalnum() for c in text) or len(text) > 100 or "\x00" in text:
                errors.append(
                    self.error(
                        "“%(value)s” is not a CIP code or words of a program's name; write it like "
                        "11.0701, 11.07 or 11, or words such as computer science.",
                        "invalid_choice",
                        text,
                    )
                )
                continue
            else:
                matches = list(self.queryset.with_title_words(text)[: PROGRAM_CANDIDATES_MAX + 1])
                if not matches:
                    errors.append(
                        self.error(
                            "“%(value)s” is not a CIP code, and no program has it in its name.",
                            "no_match",
                            text,
                        )
                    )
                    continue
                if len(matches) > 1:
                    self.candidates[text] = matches[:PROGRAM_CANDIDATES_MAX]
                    shown = matches[:CODES_IN_MESSAGE]
                    errors.append(
                        self.error(
                            "“%(value)s” names "
                            + ("more than " if len(matches) > PROGRAM_CANDIDATES_MAX else "")
                            + f"{min(len(matches), PROGRAM_CANDIDATES_MAX)} programs; choose one by its CIP code: "
                            + ", ".join(field.code for field in shown)
                            + (", …" if len(matches) > len(shown) else "")
                            + ".",
                            "ambiguous",
                            text,
                        )
                    )
                    continue
                field = matches[0]
            self.resolved[text] = field.code
            if field not in fields:
                fields.append(field)
        if errors:
            raise forms.ValidationError(errors)
        return fields

    @staticmethod
    def error(message, code, value):
        return forms.ValidationError(message, code=code, params={"value": value[:60]})


class PercentFilter(NumberFilter):
    def __init__(self, *args, **kwargs):
        kwargs.update(min_value=Decimal(0), max_value=Decimal(100), decimal_places=2)
        super().__init__(*args, **kwargs)


class ProgramsFilter(django_filters.Filter):
    field_class = ProgramsField


class SchoolFilterForm(RangeCheckForm):
    ranges = RANGES

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("home_state"):
            if cleaned.get("your_tuition_max") is not None:
                self.add_error("your_tuition_max", "Choose your home state to filter by your tuition.")
            if (cleaned.get("sort") or "").lstrip("-") == "your_tuition":
                self.add_error("sort", "Choose your home state to sort by your tuition.")
        sort = (cleaned.get("sort") or "").lstrip("-")
        # A program or career that is there but wrong has its own message; the sort may still
        # apply to what the finder keeps of it.
        asked = any(cleaned.get(name) or name in self.errors for name in ("program", "career"))
        if sort in PROGRAM_SORTS and not asked:
            what = "the earnings after it" if sort == "program_earnings" else "its graduates"
            self.add_error("sort", f"Choose a program or a career to sort by {what}.")
        return cleaned


def money_filter(field_name, lookup, label):
    return WholeNumberFilter(
        field_name=field_name, lookup_expr=lookup, label=label, min_value=0, max_value=MONEY_MAX
    )


class SchoolFilterSet(ListFilterSet):
    q = django_filters.CharFilter(method="filter_q", label="Name or city", max_length=200, strip=True)
    state = MultiChoiceFilter(
        method="filter_state",
        label="State",
        choices=us_states,
        error_messages={"invalid_choice": "“%(value)s” is not a US state or territory code."},
    )
    control = MultiChoiceFilter(
        method="filter_control",
        label="Type of school",
        choices=CONTROL_CHOICES,
        error_messages={
            "invalid_choice": "“%(value)s” is not a type of school: use public, nonprofit or forprofit."
        },
    )
    tuition_in_min = money_filter("tuition_in_state", "gte", "In-state tuition, at least")
    tuition_in_max = money_filter("tuition_in_state", "lte", "In-state tuition, at most")
    tuition_out_min = money_filter("tuition_out_of_state", "gte", "Out-of-state tuition, at least")
    tuition_out_max = money_filter("tuition_out_of_state", "lte", "Out-of-state tuition, at most")
    home_state = django_filters.ChoiceFilter(
        method="filter_nothing",
        label="Your home state",
        choices=us_states,
        error_messages={"invalid_choice": "“%(value)s” is not a US state or territory code."},
    )
    your_tuition_max = money_filter("your_tuition", "lte", "Your tuition, at most")
    admission_rate_min = PercentFilter(
        field_name="admission_rate", lookup_expr="gte", label="Admission rate, at least"
    )
    admission_rate_max = PercentFilter(
        field_name="admission_rate", lookup_expr="lte", label="Admission rate, at most"
    )
    graduation_rate_min = PercentFilter(
        field_name="graduation_rate", lookup_expr="gte", label="Graduation rate, at least"
    )
    graduation_rate_max = PercentFilter(
        field_name="graduation_rate", lookup_expr="lte", label="Graduation rate, at most"
    )
    enrollment_min = WholeNumberFilter(
        field_name="enrollment",
        lookup_expr="gte",
        label="Enrollment, at least",
        min_value=0,
        max_value=ENROLLMENT_MAX,
    )
    enrollment_max = WholeNumberFilter(
        field_name="enrollment",
        lookup_expr="lte",
        label="Enrollment, at most",
        min_value=0,
        max_value=ENROLLMENT_MAX,
    )
    net_price_min = WholeNumberFilter(
        field_name="net_price",
        lookup_expr="gte",
        label="Net price, at least",
        min_value=-MONEY_MAX,
        max_value=MONEY_MAX,
    )
    net_price_max = WholeNumberFilter(
        field_name="net_price",
        lookup_expr="lte",
        label="Net price, at most",
        min_value=-MONEY_MAX,
        max_value=MONEY_MAX,
    )
    degree = MultiChoiceFilter(
        method="filter_degree",
        label="Kind of school",
        choices=DEGREE_CHOICES,
        error_messages={
            "invalid_choice": "“%(value)s” is not a kind of school: use certificate, associate, "
            "bachelors or graduate."
        },
    )
    program = ProgramsFilter(
        method="filter_program",
        label="Program",
        error_messages={"invalid_choice": "No program has the CIP code “%(value)s”."},
    )
    level = MultiChoiceFilter(
        method="filter_nothing",
        label="Level",
        choices=LEVEL_CHOICES,
        error_messages={"invalid_choice": "“%(value)s” is not a level: use " + ", ".join(LEVELS) + "."},
    )
    match = django_filters.ChoiceFilter(
        method="filter_nothing",
        label="Match",
        choices=MATCH_CHOICES,
        error_messages={"invalid_choice": "“%(value)s” is not a way to match: use exact or field."},
    )
    sort = sort_filter(SORT_LABELS)
    per_page = per_page_filter("schools")

    # Whether the listing is ordered by how well names match `q` (a subclass ranks them).
    ranks_by_words = False

    # Whether every matching school is read (the export) rather than a page of them.
    reads_every_row = False

    # Parameters that shape the listing, or how programs match, rather than narrow it themselves.
    NOT_FILTERS = ("home_state", "sort", "per_page", "level", "match")
    # Filters that narrow it to the schools offering `matched_codes()` (a subclass adds its own).
    OFFERING_FILTERS = ("program",)

    # Leaving a value out can make another wrong (sort=program_earnings without the program
    # that was ambiguous): a second pass leaves that out too.
    lenient_passes = 2

    class Meta:
        model = School
        fields = []
        form = SchoolFilterForm

    def filter_queryset(self, queryset):
        queryset = self.narrowed(queryset)
        sort = self.sort_key.lstrip("-")
        if sort == "program_earnings":
            queryset = queryset.with_program_earnings(
                self.matched_codes(), self.credential_levels, self.match_mode
            )
        elif sort == "program_graduates":
            queryset = queryset.with_program_graduates(
                self.matched_codes(), self.credential_levels, self.match_mode
            )
        return self.ordered(queryset)

    def known_count(self):
        """How many schools the listing holds, where that is known without `COUNT(*)` over the
        listing's own query (a subclass knows more cases); None otherwise. Read after `qs`."""
        return self.count_from_offerings()

    def narrowing_filters(self):
        """Names of the filters that narrow the listing, or None when the FilterSet was given
        schools already narrowed (then only the listing's own count is right)."""
        if self.queryset.query.where:
            return None
        return [
            name
            for name, value in self.cleaned.items()
            if name not in self.NOT_FILTERS and value not in EMPTY_VALUES
        ]

    def count_from_offerings(self, match=None):
        """How many schools the listing holds when what a school offers is all that narrows it
        (`program`, or a subclass's filter that matches `matched_codes()` the same way), counted
        in the offerings alone (`ProgramOfferingQuerySet.school_count`); None when anything else
        narrows it too, and the listing's own count is needed. `match` counts by another way of
        matching programs."""
        narrowing = self.narrowing_filters()
        if narrowing is not None and len(narrowing) == 1 and narrowing[0] in self.OFFERING_FILTERS:
            offerings = ProgramOffering.objects.matching(
                self.matched_codes(), self.credential_levels, match or self.match_mode
            )
            return offerings.school_count()
        return None

    def narrowed(self, queryset):
        """The listing's schools in no order, without the figures only a sort reads: what a count
        needs."""
        data = self.form.cleaned_data
        if data.get("home_state"):
            queryset = queryset.with_your_tuition(data["home_state"])
        for name, value in data.items():
            if name not in self.NOT_FILTERS:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def ordered(self, queryset):
        """The listing in its order (a subclass may order some requests otherwise)."""
        return queryset.sorted_by(self.sort_key, every_row=self.reads_every_row)

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    def filter_state(self, queryset, name, value):
        return queryset.in_states(value)

    def filter_control(self, queryset, name, value):
        return queryset.with_control(value)

    def filter_degree(self, queryset, name, value):
        return queryset.with_predominant_degree([DEGREES[slug] for slug in value])

    def filter_program(self, queryset, name, value):
        return queryset.offering([field.code for field in value], self.credential_levels, self.match_mode)

    # How programs match (SPEC section 4), from valid data.
    @property
    def credential_levels(self):
        return [LEVELS[slug] for slug in self.cleaned.get("level") or ()]

    match_override = None

    @contextlib.contextmanager
    def matching(self, mode):
        """Programs matched by `mode` while the block builds a queryset (the filters' methods read
        `match_mode` from this set as they run)."""
        self.match_override = mode
        try:
            yield
        finally:
            self.match_override = None

    @property
    def match_mode(self):
        return self.match_override or self.cleaned.get("match") or "exact"

    def matched_codes(self):
        """The CIP codes the listing matches schools on (a subclass adds a career's)."""
        return [field.code for field in self.cleaned.get("program") or ()]

    def match_subject(self):
        """What the programs are, in words: "Computer Science (11.0701)"; "" without programs."""
        return " or ".join(f"{field.title} ({field.code})" for field in self.cleaned.get("program") or ())

    def has_six_digit_code(self):
        return any(len(code) == 7 for code in self.matched_codes())

    def match_summary(self, count):
        """What was matched, in words, and how many schools the field-level match would add
        (None where it adds nothing by definition): one more count query at most."""
        subject = self.match_subject()
        if not subject:
            return None
        levels = self.credential_levels
        level_text = " or ".join(LEVEL_SHORT[level] for level in sorted(levels)) if levels else "Any level"
        codes = self.matched_codes()
        if self.match_mode == "field":
            how = "any program in the same field (4-digit CIP series)"
        elif all(len(code) == 7 for code in codes):
            how = "exact program" if len(codes) == 1 else "exact programs"
        elif all(len(code) == 5 for code in codes):
            how = "every program in the series"
        elif all(len(code) == 2 for code in codes):
            how = "every program in the family"
        else:
            how = "exact programs, whole series and families as chosen"
        summary = {
            "what": f"{level_text} in {subject}",
            "how": how,
            "count": count,
            "wider_count": None,
            "wider_url": "",
            "narrower_url": "",
        }
        if self.match_mode == "field":
            summary["narrower_url"] = "?" + canonical_query(self.data, match=None, page=None)
        elif self.has_six_digit_code():
            # These same valid filters with match=field, not a second FilterSet: that would copy
            # every filter and validate (and look the programs up) again. A count needs no order
            # (for ranked words, a CASE of 200 keys) nor the figures a program sort reads.
            wider = self.count_from_offerings(match="field")
            if wider is None:
                with self.matching("field"):
                    wider = self.narrowed(self.queryset.all()).count()
            summary["wider_count"] = wider - count
            summary["wider_url"] = "?" + canonical_query(self.data, match="field", page=None)
        return summary

    def matched_programs(self, school_ids):
        """{school id: [what the school offers of the matched codes]} for a page of schools, in
        one query: each matched offering with its level, graduates and median earnings 5 years
        after completion. IPEDS lists 6-digit programs without figures: these borrow their
        series' Scorecard figures at the same level, marked as such."""
        codes = self.matched_codes()
        if not codes or not school_ids:
            return {}
        levels = self.credential_levels
        exact = (
            set(codes)
            if self.match_mode == "exact"
            else {code[:5] if len(code) == 7 else code for code in codes}
        )
        rows = figure_rows(school_ids, codes, levels, self.match_mode)
        series_figures, offered = {}, {}
        for school_id, code, title, level, graduates, earnings in rows:
            if len(code) == 5:
                series_figures.setdefault(school_id, {})[(code, level)] = (graduates, earnings)
            if offers(code, exact):
                offered.setdefault(school_id, []).append((code, title, level, graduates, earnings))
        return {
            school_id: offered_items(entries, series_figures.get(school_id, {}))
            for school_id, entries in offered.items()
        }

    # What the listing needs to know, from valid data.
    @property
    def sort_key(self):
        return self.cleaned.get("sort") or self.default_sort

    @property
    def default_sort(self):
        return DEFAULT_PROGRAM_SORT if self.matched_codes() else DEFAULT_SORT

    @property
    def default_sort_text(self):
        return DEFAULT_PROGRAM_SORT_TEXT if self.matched_codes() else DEFAULT_SORT_TEXT

    @property
    def home_state_code(self):
        return self.cleaned.get("home_state") or ""

    @classmethod
    def leave_out_error(cls, data, name, field):
        if isinstance(field, ProgramsField):
            # Keep what named one field of study (as its code): known codes, unambiguous words.
            data.setlist(name, list(dict.fromkeys(field.resolved.values())))
        else:
            super().leave_out_error(data, name, field)

    def chips(self):
        """Active filters as (label, query string without it), one per value of a repeatable one."""
        return [*self.place_chips(), *self.range_chips(), *self.program_chips()]

    def place_chips(self):
        """Chips of the words, states, types of school, home state and kinds of school."""
        data, without = self.cleaned, self.without
        chips = [(f"Name or city: “{data['q']}”", without("q"))] if data.get("q") else []
        chips.extend(
            (f"State: {STATE_NAMES[code]}", without("state", code)) for code in data.get("state") or []
        )
        chips.extend(
            (f"Type: {CONTROL_LABELS[slug]}", without("control", slug)) for slug in data.get("control") or []
        )
        if data.get("home_state"):
            also = ["your_tuition_max"] + (["sort"] if self.sort_key.lstrip("-") == "your_tuition" else [])
            chips.append((f"Home state: {STATE_NAMES[data['home_state']]}", without("home_state", also=also)))
        chips.extend(
            (f"Kind: {DEGREE_LABELS[slug]}", without("degree", slug)) for slug in data.get("degree") or []
        )
        return chips

    def range_chips(self):
        """Chips of the figures' bounds (tuition, rates, enrollment, net price, your tuition)."""
        data, without = self.cleaned, self.without
        chips = []
        for low, high, what, kind in [*RANGES, ("", "your_tuition_max", "your tuition", "money")]:
            if low and data.get(low) is not None:
                chips.append((f"{what.capitalize()} ≥ {show(data[low], kind)}", without(low)))
            if data.get(high) is not None:
                chips.append((f"{what.capitalize()} ≤ {show(data[high], kind)}", without(high)))
        return chips

    def program_chips(self):
        """Chips of the programs, as sent (a code, or the words that named the field), levels and match."""
        data, without = self.cleaned, self.without
        resolved = self.form.fields["program"].resolved
        chips = []
        for field in data.get("program") or []:
            sent = [text for text, code in resolved.items() if code == field.code]
            chips.append(
                (f"Program: {field.code} {field.title}", without("program", sent[0] if sent else field.code))
            )
        chips.extend(
            (f"Level: {LEVELS[slug].label}", without("level", slug)) for slug in data.get("level") or []
        )
        if data.get("match") == "field":
            chips.append(("Match: any program in the field", without("match")))
        return chips


def offered_items(entries, series_figures):
    """One school's matched programs as the finder shows them, from its (code, title, level,
    graduates, earnings) `entries` and its series' {(series, level): (graduates, earnings)}: a
    6-digit program without figures is "counted in" its series when the series is listed beside
    it, else takes the series' figures, marked as such."""
    listed_series = {(code, level) for code, _, level, _, _ in entries if len(code) == 5}
    items = []
    for code, title, level, own_graduates, own_earnings in entries:
        graduates, earnings, series_note = own_graduates, own_earnings, ""
        if len(code) == 7 and graduates is None and earnings is None:
            if (code[:5], level) in listed_series:
                series_note = f"counted in the {code[:5]} series"
            elif (code[:5], level) in series_figures:
                graduates, earnings = series_figures[(code[:5], level)]
                if graduates is not None or earnings is not None:
                    series_note = f"figures for the whole {code[:5]} series"
        items.append(
            {
                "code": code,
                "title": title,
                "level": LEVEL_SHORT[level],
                "graduates": graduates,
                "earnings": earnings,
                "series_note": series_note,
            }
        )
    return items

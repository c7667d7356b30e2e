"""What the listings read beside the listing itself: what each school of a page offers of the
programs asked for, and how many schools another way of matching them lists. Each runs one query
whatever the page size."""

from typing import NamedTuple

from django.db.models import Count, Exists, OuterRef

from schools.figures import figure_of
from schools.models import ProgramOffering, by_field, offers
from schools.selectors import CompareCell, CompareRow
from schools.vocabulary import CREDENTIAL_LEVEL_SHORT, CredentialLevel, cip_series


class MatchedProgram(NamedTuple):
    """What a school offers of the programs asked for, at one credential level."""

    code: str
    title: str
    level: str  # "Bachelor's"
    graduates: int | None
    earnings: int | None  # median earnings 5 years after completion
    series_note: str  # where the figures are the whole series', or counted in it
    by_field: bool  # the series row standing for a 6-digit program where no source lists single ones


BY_FIELD_NOTE = "by field: no source lists single programs at this level"


def matched_programs(school_ids, codes, levels, match):
    """{school id: [MatchedProgram]} for a page of schools, in one query: each matched offering
    with its level, graduates and median earnings 5 years after completion. IPEDS lists 6-digit
    programs without figures: these borrow their series' Scorecard figures at the same level,
    marked as such."""
    if not codes or not school_ids:
        return {}
    exact = (
        set(codes) if match == "exact" else {cip_series(code) if len(code) == 7 else code for code in codes}
    )
    rows = ProgramOffering.objects.figures_for(school_ids, codes, levels, match)
    series_figures, offered = {}, {}
    for school_id, code, title, level, graduates, earnings in rows:
        if len(code) == 5:
            series_figures.setdefault(school_id, {})[(code, level)] = (graduates, earnings)
        if offers(code, level, exact):
            offered.setdefault(school_id, []).append((code, title, level, graduates, earnings))
    return {
        school_id: offered_items(entries, series_figures.get(school_id, {}), exact)
        for school_id, entries in offered.items()
    }


def offered_items(entries, series_figures, codes):
    """One school's matched programs from its (code, title, level, graduates, earnings) `entries`
    and its series' {(series, level): (graduates, earnings)}: a 6-digit program without figures is
    "counted in" its series when the series is listed beside it, else takes the series' figures,
    marked as such; a series row that stands for a 6-digit code of `codes` is marked "by field"."""
    listed_series = {(code, level) for code, _, level, _, _ in entries if len(code) == 5}
    items = []
    for code, title, level, own_graduates, own_earnings in entries:
        graduates, earnings, series_note = own_graduates, own_earnings, ""
        if len(code) == 7 and graduates is None and earnings is None:
            series = cip_series(code)
            if (series, level) in listed_series:
                series_note = f"counted in the {series} series"
            elif (series, level) in series_figures:
                graduates, earnings = series_figures[(series, level)]
                if graduates is not None or earnings is not None:
                    series_note = f"figures for the whole {series} series"
        stands_for_field = by_field(code, level, codes)
        if stands_for_field:
            series_note = BY_FIELD_NOTE
        items.append(
            MatchedProgram(
                code, title, CREDENTIAL_LEVEL_SHORT[level], graduates, earnings, series_note, stands_for_field
            )
        )
    return items


def level_counts(finder):
    """{credential level: the schools the finder would list at that level alone}, for the
    programs and career asked for, whatever levels were chosen: one query, over the matching
    offerings of the schools listed, grouped by level."""
    groups = finder.code_groups()
    if not groups:
        return {}
    first, *others = groups
    listed = finder.narrowed(finder.queryset.all(), levels=())
    offerings = ProgramOffering.objects.matching(first, (), finder.match_mode).filter(
        Exists(listed.filter(pk=OuterRef("school")))
    )
    for codes in others:
        # A program and a career together: the school offers both at this level.
        offerings = offerings.filter(
            Exists(
                ProgramOffering.objects.matching(codes, (), finder.match_mode).filter(
                    school=OuterRef("school"), credential_level=OuterRef("credential_level")
                )
            )
        )
    counted = dict(
        offerings.order_by().values_list("credential_level").annotate(schools=Count("school", distinct=True))
    )
    return {level: counted.get(level, 0) for level in CredentialLevel}


def field_match_count(finder):
    """How many schools the finder would list if its programs matched by their field (match=field)."""
    return finder.narrowed(finder.queryset.all(), match="field").count()


# A compare cell for a school that does not offer the program by the finder's rule.
PROGRAM_NOT_LISTED = "Program not listed"
BACHELORS_SHORT = CREDENTIAL_LEVEL_SHORT[CredentialLevel.BACHELOR]


def compare_program_rows(schools, subject, codes):
    """The comparison's rows for a program or a career (`subject` in words, its CIP `codes`),
    matched as the finder matches them, at every level: the levels each school offers it at, its
    graduates (summed over the levels, as the finder counts them) and the median earnings 5 years
    after (the bachelor's figure where known, else the highest). One query for every school."""
    offered = matched_programs([school.pk for school in schools], codes, (), "exact")
    graduates_figure, earnings_figure = figure_of("enrollment"), figure_of("median_earnings")
    levels, graduates, earnings = [], [], []
    for school in schools:
        programs = offered.get(school.pk, [])
        if not programs:
            levels.append(CompareCell(school.name, PROGRAM_NOT_LISTED))
            graduates.append(None)
            earnings.append(None)
            continue
        shown = dict.fromkeys(
            f"{program.level}{' (by field)' if program.by_field else ''}" for program in programs
        )
        levels.append(CompareCell(school.name, ", ".join(shown)))
        counted = [program.graduates for program in programs if program.graduates is not None]
        graduates.append(sum(counted) if counted else None)
        known = [program for program in programs if program.earnings is not None]
        earnings.append(max(known, key=lambda p: (p.level == BACHELORS_SHORT, p.earnings)) if known else None)
    graduate_values = graduates
    earning_values = [program.earnings if program else None for program in earnings]
    best_graduates = max((v for v in graduate_values if v is not None), default=None)
    best_earnings = earnings_figure.best_of(earning_values)
    return [
        CompareRow(f"Offers {subject}", levels),
        CompareRow(
            f"Graduates of {subject}",
            [
                CompareCell(
                    school.name,
                    graduates_figure.text(value) if value is not None else None,
                    value is not None and len(schools) > 1 and value == best_graduates,
                )
                if school.pk in offered
                else CompareCell(school.name, PROGRAM_NOT_LISTED)
                for school, value in zip(schools, graduate_values, strict=True)
            ],
            "most graduates of this program",
            numeric=True,
        ),
        CompareRow(
            f"Median earnings 5 years after completing {subject}",
            [
                CompareCell(
                    school.name,
                    earnings_figure.text(program.earnings) if program else None,
                    program is not None and program.earnings == best_earnings,
                    f"{program.level}{' · ' + program.series_note if program.series_note else ''}"
                    if program
                    else "",
                )
                if school.pk in offered
                else CompareCell(school.name, PROGRAM_NOT_LISTED)
                for school, program in zip(schools, earnings, strict=True)
            ],
            "highest earnings after this program",
            numeric=True,
        ),
    ]

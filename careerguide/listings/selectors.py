"""What the listings read beside the listing itself: what each school of a page offers of the
programs asked for, and how many schools another way of matching them lists. Each runs one query
whatever the page size."""

from typing import NamedTuple

from django.db.models import Count, Q

from schools.models import ProgramOffering, by_field, offers
from schools.vocabulary import CREDENTIAL_LEVEL_SHORT, CredentialLevel, cip_series


class MatchedProgram(NamedTuple):
    """What a school offers of the programs asked for, at one credential level."""

    code: str
    title: str
    level: str  # "Bachelor's"
    graduates: int | None
    earnings: int | None  # median earnings 5 years after completion
    series_note: str  # where the figures are the whole series', or counted in it


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
        if by_field(code, level, codes):
            series_note = "by field: no source lists single programs at this level"
        items.append(
            MatchedProgram(code, title, CREDENTIAL_LEVEL_SHORT[level], graduates, earnings, series_note)
        )
    return items


def level_counts(finder):
    """{credential level: the schools the finder would list at that level alone}, for the
    programs and career asked for, whatever levels were chosen: one query."""
    groups = finder.code_groups()
    if not groups:
        return {}
    counts = {}
    for level in CredentialLevel:
        offered = Q()
        for codes in groups:
            schools = ProgramOffering.objects.matching(codes, [level], finder.match_mode).values("school_id")
            offered &= Q(pk__in=schools)
        counts[f"level_{level.value}"] = Count("pk", filter=offered)
    totals = finder.narrowed(finder.queryset.all(), levels=()).aggregate(**counts)
    return {level: totals[f"level_{level.value}"] for level in CredentialLevel}


def field_match_count(finder):
    """How many schools the finder would list if its programs matched by their field (match=field)."""
    return finder.narrowed(finder.queryset.all(), match="field").count()

"""The careers' vocabulary, each token and its words defined once: BLS entry education, O*NET job
zones and BLS's words for an outlook. Everything else imports these tables."""

from decimal import Decimal

# BLS Employment Projections "Typical education needed for entry", as the import stores it (the
# file's own words), by the careers explorer's `education` value (SPEC section 4), lowest first.
ENTRY_EDUCATION = {
    "none": "No formal educational credential",
    "highschool": "High school diploma or equivalent",
    "postsecondary": "Postsecondary nondegree award",
    "somecollege": "Some college, no degree",
    "associate": "Associate's degree",
    "bachelors": "Bachelor's degree",
    "masters": "Master's degree",
    "doctoral": "Doctoral or professional degree",
}
ENTRY_EDUCATION_SLUG = {label: slug for slug, label in ENTRY_EDUCATION.items()}

# The school finder's credential levels (its `level` values) that lead into a career of each entry
# education. Below a degree, the programs that lead in are certificates and associate degrees.
LEVELS_FOR_ENTRY = {
    "Bachelor's degree": ("bachelors",),
    "Master's degree": ("masters",),
    "Doctoral or professional degree": ("doctoral", "professional"),
    "Associate's degree": ("associate",),
    "Postsecondary nondegree award": ("certificate",),
    "Some college, no degree": ("certificate", "associate"),
    "High school diploma or equivalent": ("certificate", "associate"),
    "No formal educational credential": ("certificate", "associate"),
}

# O*NET Job Zone Reference (Job Zone Reference.txt): the preparation each zone needs.
JOB_ZONES = {
    1: "Little or no preparation needed",
    2: "Some preparation needed",
    3: "Medium preparation needed",
    4: "Considerable preparation needed",
    5: "Extensive preparation needed",
}
# The explorer's `job_zone` choices: "1 · Little or no preparation".
JOB_ZONE_CHOICES = [
    (str(zone), f"{zone} · {words.removesuffix(' needed')}") for zone, words in JOB_ZONES.items()
]

# How BLS's Occupational Outlook Handbook words a projected change, from the change rounded to a
# whole percent, against the all-occupation average (3.1% for 2024–34 in Table 1.2's "Total, all
# occupations" row). Neither the data files nor SOURCES.md print the bands; these are the OOH's
# ("Much faster than average" at 8% or more, …): the one place to adjust them.
OUTLOOK_BANDS = (
    (8, "Much faster than average"),
    (5, "Faster than average"),
    (2, "As fast as average"),
    (1, "Slower than average"),
    (-1, "Little or no change"),
)
DECLINE = "Decline"
# Table 1.2's "Total, all occupations" row: the average the words compare with (the importer reads
# occupations only, so the figure of the one edition shipped is kept here with its period).
ALL_OCCUPATIONS_CHANGE = {"2024–34": Decimal("3.1")}

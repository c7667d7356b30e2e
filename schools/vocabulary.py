"""The schools' vocabulary, each token and its words defined once: states, school types, credential
levels, predominant degrees and CIP code forms.

A model field stores a term's number (the public files' own code); URLs, forms, the CSV and the JSON
API use its slug; pages use its label. Everything else imports these tables.
"""

import re
from typing import NamedTuple

from django.db import models

# --- Places -----------------------------------------------------------------------------------

# US state, district and territory codes used by IPEDS and the College Scorecard.
US_STATES = [
    ("AL", "Alabama"),
    ("AK", "Alaska"),
    ("AZ", "Arizona"),
    ("AR", "Arkansas"),
    ("CA", "California"),
    ("CO", "Colorado"),
    ("CT", "Connecticut"),
    ("DE", "Delaware"),
    ("DC", "District of Columbia"),
    ("FL", "Florida"),
    ("GA", "Georgia"),
    ("HI", "Hawaii"),
    ("ID", "Idaho"),
    ("IL", "Illinois"),
    ("IN", "Indiana"),
    ("IA", "Iowa"),
    ("KS", "Kansas"),
    ("KY", "Kentucky"),
    ("LA", "Louisiana"),
    ("ME", "Maine"),
    ("MD", "Maryland"),
    ("MA", "Massachusetts"),
    ("MI", "Michigan"),
    ("MN", "Minnesota"),
    ("MS", "Mississippi"),
    ("MO", "Missouri"),
    ("MT", "Montana"),
    ("NE", "Nebraska"),
    ("NV", "Nevada"),
    ("NH", "New Hampshire"),
    ("NJ", "New Jersey"),
    ("NM", "New Mexico"),
    ("NY", "New York"),
    ("NC", "North Carolina"),
    ("ND", "North Dakota"),
    ("OH", "Ohio"),
    ("OK", "Oklahoma"),
    ("OR", "Oregon"),
    ("PA", "Pennsylvania"),
    ("RI", "Rhode Island"),
    ("SC", "South Carolina"),
    ("SD", "South Dakota"),
    ("TN", "Tennessee"),
    ("TX", "Texas"),
    ("UT", "Utah"),
    ("VT", "Vermont"),
    ("VA", "Virginia"),
    ("WA", "Washington"),
    ("WV", "West Virginia"),
    ("WI", "Wisconsin"),
    ("WY", "Wyoming"),
    ("AS", "American Samoa"),
    ("FM", "Federated States of Micronesia"),
    ("GU", "Guam"),
    ("MH", "Marshall Islands"),
    ("MP", "Northern Mariana Islands"),
    ("PR", "Puerto Rico"),
    ("PW", "Palau"),
    ("VI", "U.S. Virgin Islands"),
]
STATE_NAMES = dict(US_STATES)
STATE_CODES = frozenset(STATE_NAMES)


# --- School types (IPEDS CONTROL) --------------------------------------------------------------


class SchoolType(models.IntegerChoices):
    PUBLIC = 1, "Public"
    NONPROFIT = 2, "Private nonprofit"
    FORPROFIT = 3, "Private for-profit"


# The `control` parameter's values (SPEC section 4), the CSV's and the API's.
SCHOOL_TYPE_SLUGS = {
    SchoolType.PUBLIC: "public",
    SchoolType.NONPROFIT: "nonprofit",
    SchoolType.FORPROFIT: "forprofit",
}
SCHOOL_TYPE_BY_SLUG = {slug: school_type for school_type, slug in SCHOOL_TYPE_SLUGS.items()}
# As a narrow list column shows them.
SCHOOL_TYPE_SHORT = {
    SchoolType.PUBLIC: "Public",
    SchoolType.NONPROFIT: "Nonprofit",
    SchoolType.FORPROFIT: "For-profit",
}


# --- Predominant degree (Scorecard PREDDEG: 0 or missing is unknown) ---------------------------


class PredominantDegree(models.IntegerChoices):
    CERTIFICATE = 1, "Certificate"
    ASSOCIATE = 2, "Associate"
    BACHELORS = 3, "Bachelor's"
    GRADUATE = 4, "Graduate"


PREDOMINANT_DEGREE_LABEL = "Predominant degree"
# The `degree` parameter's values (SPEC section 4), the API's.
PREDOMINANT_DEGREE_SLUGS = {
    PredominantDegree.CERTIFICATE: "certificate",
    PredominantDegree.ASSOCIATE: "associate",
    PredominantDegree.BACHELORS: "bachelors",
    PredominantDegree.GRADUATE: "graduate",
}
PREDOMINANT_DEGREE_BY_SLUG = {slug: degree for degree, slug in PREDOMINANT_DEGREE_SLUGS.items()}
# The kind of school its predominant degree makes it, as a result row says it.
SCHOOL_KINDS = {
    PredominantDegree.CERTIFICATE: "Mostly certificates",
    PredominantDegree.ASSOCIATE: "Mostly associate degrees",
    PredominantDegree.BACHELORS: "Mostly bachelor's degrees",
    PredominantDegree.GRADUATE: "Mostly graduate degrees",
}
# The same, as the finder's form offers it: with the length a student knows it by.
SCHOOL_KIND_CHOICES = [
    ("certificate", SCHOOL_KINDS[PredominantDegree.CERTIFICATE]),
    ("associate", f"{SCHOOL_KINDS[PredominantDegree.ASSOCIATE]} (2-year)"),
    ("bachelors", f"{SCHOOL_KINDS[PredominantDegree.BACHELORS]} (4-year)"),
    ("graduate", SCHOOL_KINDS[PredominantDegree.GRADUATE]),
]


# --- Credential levels of a program (Scorecard CREDLEV; IPEDS bachelor's programs are 3) -------


class CredentialLevel(models.IntegerChoices):
    UNDERGRADUATE_CERTIFICATE = 1, "Undergraduate certificate"
    ASSOCIATE = 2, "Associate degree"
    BACHELOR = 3, "Bachelor's degree"
    POST_BACCALAUREATE_CERTIFICATE = 4, "Post-baccalaureate certificate"
    MASTER = 5, "Master's degree"
    DOCTORAL = 6, "Doctoral degree"
    FIRST_PROFESSIONAL = 7, "First professional degree"
    GRADUATE_CERTIFICATE = 8, "Graduate certificate"


# The `level` parameter's values (SPEC section 4).
CREDENTIAL_LEVEL_SLUGS = {
    CredentialLevel.UNDERGRADUATE_CERTIFICATE: "certificate",
    CredentialLevel.ASSOCIATE: "associate",
    CredentialLevel.BACHELOR: "bachelors",
    CredentialLevel.POST_BACCALAUREATE_CERTIFICATE: "postbacc",
    CredentialLevel.MASTER: "masters",
    CredentialLevel.DOCTORAL: "doctoral",
    CredentialLevel.FIRST_PROFESSIONAL: "professional",
    CredentialLevel.GRADUATE_CERTIFICATE: "gradcert",
}
CREDENTIAL_LEVEL_BY_SLUG = {slug: level for level, slug in CREDENTIAL_LEVEL_SLUGS.items()}
# How a level reads before "in Computer Science".
CREDENTIAL_LEVEL_SHORT = {
    CredentialLevel.UNDERGRADUATE_CERTIFICATE: "Certificate",
    CredentialLevel.ASSOCIATE: "Associate",
    CredentialLevel.BACHELOR: "Bachelor's",
    CredentialLevel.POST_BACCALAUREATE_CERTIFICATE: "Post-baccalaureate certificate",
    CredentialLevel.MASTER: "Master's",
    CredentialLevel.DOCTORAL: "Doctorate",
    CredentialLevel.FIRST_PROFESSIONAL: "Professional degree",
    CredentialLevel.GRADUATE_CERTIFICATE: "Graduate certificate",
}
# How a level reads inside a sentence: "at the bachelor’s or master’s level".
CREDENTIAL_LEVEL_WORDS = {
    CredentialLevel.UNDERGRADUATE_CERTIFICATE: "certificate",
    CredentialLevel.ASSOCIATE: "associate",
    CredentialLevel.BACHELOR: "bachelor’s",
    CredentialLevel.POST_BACCALAUREATE_CERTIFICATE: "post-baccalaureate certificate",
    CredentialLevel.MASTER: "master’s",
    CredentialLevel.DOCTORAL: "doctoral",
    CredentialLevel.FIRST_PROFESSIONAL: "first professional",
    CredentialLevel.GRADUATE_CERTIFICATE: "graduate certificate",
}


# --- CIP 2020 codes -----------------------------------------------------------------------------

# A 2-digit family (11), a 4-digit series (11.07) or a 6-digit program (11.0701).
CIP_CODE_RE = re.compile(r"^\d{2}(\.\d{2}(\d{2})?)?$")
CIP_CODE_EXAMPLE = "Enter a CIP code such as 11, 11.07 or 11.0701."


class CipLevel(models.IntegerChoices):
    """How fine a CIP code is, by its number of digits."""

    FAMILY = 2, "2-digit family"
    SERIES = 4, "4-digit series"
    PROGRAM = 6, "6-digit program"


def cip_level(code):
    """The CipLevel of a valid CIP code ("11" → FAMILY, "11.07" → SERIES, "11.0701" → PROGRAM)."""
    return {2: CipLevel.FAMILY, 5: CipLevel.SERIES, 7: CipLevel.PROGRAM}[len(code)]


def cip_series(code):
    """The 4-digit series a series or program code belongs to ("11.0701" → "11.07")."""
    return code[:5]


# --- Family income bands of the net price (Scorecard NPT41…NPT45) -------------------------------


class IncomeBand(NamedTuple):
    number: int  # 1–5, as in the Scorecard's NPT4<number>_PUB / _PRIV columns
    lowest: int  # USD a year
    highest: int | None  # None for the top band
    slug: str  # the CSV's income_band value

    @property
    def label(self):
        """ "$0–30,000", "over $110,000"."""
        if self.highest is None:
            return f"over ${self.lowest - 1:,}"
        return f"${self.lowest:,}–{self.highest:,}"

    @property
    def field(self):
        """The School field of its net price (`net_price_students_<n>` counts its students)."""
        return f"net_price_income_{self.number}"

    @property
    def students_field(self):
        return f"net_price_students_{self.number}"


INCOME_BANDS = (
    IncomeBand(1, 0, 30_000, "0-30000"),
    IncomeBand(2, 30_001, 48_000, "30001-48000"),
    IncomeBand(3, 48_001, 75_000, "48001-75000"),
    IncomeBand(4, 75_001, 110_000, "75001-110000"),
    IncomeBand(5, 110_001, None, "110001-"),
)
INCOME_MAX = 10_000_000  # USD a year: the `income` parameter's highest value (SPEC section 4)


# `within`: miles from the `near` ZIP code's centre (SPEC section 4), and the distances the forms offer.
WITHIN_MIN, WITHIN_MAX, WITHIN_DEFAULT = 1, 500, 50
WITHIN_CHOICES = (10, 25, 50, 100, 250, 500)


def income_band(income):
    """The band a family income (USD a year, 0 or more) falls in."""
    return next(band for band in reversed(INCOME_BANDS) if income >= band.lowest)

"""Factories for the school finder's tests: plain functions, unique keys, every field overridable."""

import itertools

from careerguide.careers.models import Career, CrosswalkLink, Occupation
from schools.models import CredentialLevel, DataSource, FieldOfStudy, ProgramOffering, School

_sequence = itertools.count(1)


def source(key="ipeds-2023", name="IPEDS", edition="2023-24"):
    found, _ = DataSource.objects.get_or_create(key=key, defaults={"name": name, "edition": edition})
    return found


def school(name=None, **overrides):
    """A school with no figures unless given: unknown stays unknown."""
    n = next(_sequence)
    name = name or f"School {n:03d}"
    values = {
        "unitid": 700000 + n,
        "name": name,
        "slug": overrides.pop("slug", None) or f"{name.lower().replace(' ', '-')}-{n}",
        "city": "Springfield",
        "state": "MD",
        "control": School.Control.PUBLIC,
    }
    values.update(overrides)
    return School.objects.create(**values)


def schools(count, **overrides):
    return [school(**overrides) for _ in range(count)]


def field(code, title=None):
    found, _ = FieldOfStudy.objects.get_or_create(code=code, defaults={"title": title or f"Field {code}"})
    return found


def offering(of_school, code, credential_level=CredentialLevel.BACHELOR, **overrides):
    return ProgramOffering.objects.create(
        school=of_school, field=field(code), credential_level=credential_level, **overrides
    )


def career(title="Machine Learning Engineer", slug="machine-learning-engineer", soc_code="15-2051", codes=()):
    """A career whose occupation is crosswalked from the CIP `codes`."""
    occupation = Occupation.objects.create(
        code=f"{soc_code}.00", soc_code=soc_code, title=f"{title} occupation"
    )
    for code in codes:
        CrosswalkLink.objects.create(field=field(code), soc_code=soc_code)
    return Career.objects.create(title=title, slug=slug, occupation=occupation)

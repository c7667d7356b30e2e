"""Small factories for tests: plain functions, unique keys, every field overridable."""

import itertools
import os
from io import BytesIO

from PIL import Image

from careerguide.careers.models import AlternateTitle, Career, Occupation, Task, TechnologySkill
from resources.models import Resource
from schools.models import CredentialLevel, DataSource, FieldOfStudy, ProgramOffering, School

_sequence = itertools.count(1)


def make_data_source(**overrides):
    n = next(_sequence)
    values = {"key": f"source-{n}", "name": f"Test source {n}", "edition": "2023-24"}
    values.update(overrides)
    return DataSource.objects.create(**values)


def make_school(**overrides):
    n = next(_sequence)
    values = {
        "unitid": 900000 + n,
        "name": f"Test University {n}",
        "slug": f"test-university-{n}",
        "city": "College Park",
        "state": "MD",
        "control": School.Control.PUBLIC,
        "tuition_in_state": 9695,
        "tuition_out_of_state": 37931,
        "admission_rate": "45.00",
        "graduation_rate": "89.00",
        "enrollment": 40792,
    }
    values.update(overrides)
    return School.objects.create(**values)


def make_field_of_study(code="11.0701", title="Computer Science", **overrides):
    field, _ = FieldOfStudy.objects.get_or_create(code=code, defaults={"title": title, **overrides})
    return field


def make_offering(school, field=None, credential_level=CredentialLevel.BACHELOR, **overrides):
    return ProgramOffering.objects.create(
        school=school, field=field or make_field_of_study(), credential_level=credential_level, **overrides
    )


def make_offerings(school, count, credential_level=CredentialLevel.BACHELOR):
    """`count` offerings of `school` in one bulk insert, as an import writes a big school's programs
    (fields of study 60.0000, 60.0001, … are created as needed)."""
    codes = [f"{60 + n // 10000}.{n % 10000:04d}" for n in range(count)]
    FieldOfStudy.objects.bulk_create(
        [FieldOfStudy(code=code, title=f"Program {code}", level=6) for code in codes], ignore_conflicts=True
    )
    return ProgramOffering.objects.bulk_create(
        ProgramOffering(
            school=school, field_id=code, series=code[:5], credential_level=credential_level, graduates=10
        )
        for code in codes
    )


def make_occupation_rows(occupation, titles=0, tasks=0, technologies=0):
    """Alternate titles, tasks and technology skills of `occupation` in bulk, as O*NET imports them."""
    AlternateTitle.objects.bulk_create(
        AlternateTitle(occupation=occupation, title=f"Alternate title {n}") for n in range(titles)
    )
    Task.objects.bulk_create(
        Task(occupation=occupation, onet_task_id=n + 1, statement=f"Task statement {n}") for n in range(tasks)
    )
    TechnologySkill.objects.bulk_create(
        TechnologySkill(occupation=occupation, name=f"Technology {n}", category="Analytical software")
        for n in range(technologies)
    )


def make_occupation(**overrides):
    n = next(_sequence)
    values = {
        "code": f"15-{n % 10000:04d}.00",
        "soc_code": f"15-{n % 10000:04d}",
        "title": f"Test occupation {n}",
        "description": "Develop and implement a set of techniques or analytics applications.",
        "job_zone": 4,
        "annual_median_wage": 108020,
    }
    values.update(overrides)
    return Occupation.objects.create(**values)


def make_career(**overrides):
    n = next(_sequence)
    values = {"title": f"Test career {n}", "slug": f"test-career-{n}", "overview": "What the job is."}
    values.update(overrides)
    return Career.objects.create(**values)


def make_resource(careers=(), **overrides):
    n = next(_sequence)
    values = {
        "kind": Resource.Kind.BOOK,
        "title": f"Test book {n}",
        "author": "A. Author",
        "url": f"https://example.com/book-{n}",
    }
    values.update(overrides)
    resource = Resource.objects.create(**values)
    resource.careers.set(careers)
    return resource


def png_bytes(width=64, height=64, noise=False):
    """A real PNG: a flat colour, or random pixels (which PNG cannot compress) when `noise`."""
    if noise:
        image = Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))
    else:
        image = Image.new("RGB", (width, height), (200, 30, 40))
    buffer = BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()

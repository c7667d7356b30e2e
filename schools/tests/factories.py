"""factory_boy factories for the schools app: unique keys from sequences, every field overridable."""

import factory
from django.utils.text import slugify
from factory.django import DjangoModelFactory

from schools.models import DataSource, FieldOfStudy, ProgramOffering, School
from schools.vocabulary import CredentialLevel, SchoolType


class DataSourceFactory(DjangoModelFactory):
    """A data source, fetched by its key when it already exists (as importers do)."""

    key = factory.Sequence(lambda n: f"source-{n}")
    name = factory.Sequence(lambda n: f"Test source {n}")
    edition = "2023-24"

    class Meta:
        model = DataSource
        django_get_or_create = ("key",)


class SchoolFactory(DjangoModelFactory):
    """A public school in Maryland with no figures unless given: unknown stays unknown.
    `with_figures=True` gives it College Park's location and figures (the University of Maryland's)."""

    unitid = factory.Sequence(lambda n: 700000 + n)
    name = factory.Sequence(lambda n: f"School {n:03d}")
    slug = factory.LazyAttributeSequence(lambda school, n: f"{slugify(school.name)}-{n}")
    city = "Springfield"
    state = "MD"
    control = SchoolType.PUBLIC

    class Meta:
        model = School

    class Params:
        with_figures = factory.Trait(
            city="College Park",
            tuition_in_state=9695,
            tuition_out_of_state=37931,
            admission_rate="45.00",
            graduation_rate="89.00",
            enrollment=40792,
        )


class FieldOfStudyFactory(DjangoModelFactory):
    """A field of study, fetched by its CIP code when it already exists."""

    code = factory.Sequence(lambda n: f"99.{n % 10000:04d}")
    title = factory.LazyAttribute(lambda field: f"Field {field.code}")

    class Meta:
        model = FieldOfStudy
        django_get_or_create = ("code",)


class ProgramOfferingFactory(DjangoModelFactory):
    """A bachelor's program; `field__code="11.07"` offers that field of study, made if new."""

    school = factory.SubFactory(SchoolFactory)
    field = factory.SubFactory(FieldOfStudyFactory)
    credential_level = CredentialLevel.BACHELOR

    class Meta:
        model = ProgramOffering


def create_offerings_in_bulk(school, count, credential_level=CredentialLevel.BACHELOR):
    """`count` offerings of `school` in one bulk insert, as an import writes a big school's programs
    (fields of study 60.0000, 60.0001, … are created as needed)."""
    fields = [
        FieldOfStudyFactory.build(code=code, title=f"Program {code}", level=6)
        for code in (f"{60 + n // 10000}.{n % 10000:04d}" for n in range(count))
    ]
    FieldOfStudy.objects.bulk_create(fields, ignore_conflicts=True)
    return ProgramOffering.objects.bulk_create(
        ProgramOfferingFactory.build(
            school=school, field=field, series=field.code[:5], credential_level=credential_level, graduates=10
        )
        for field in fields
    )

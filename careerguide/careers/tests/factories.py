"""factory_boy factories for the careers app: unique keys from sequences, every field overridable."""

import factory
from factory.django import DjangoModelFactory

from careerguide.careers.models import (
    AlternateTitle,
    Career,
    CrosswalkLink,
    Occupation,
    Task,
    TechnologySkill,
)
from schools.tests.factories import FieldOfStudyFactory


class OccupationFactory(DjangoModelFactory):
    """A computer occupation (SOC 15-…) with a description, a job zone and a median wage.
    `bare=True` leaves all three unknown: only its codes and title."""

    soc_code = factory.Sequence(lambda n: f"15-{n % 10000:04d}")
    code = factory.LazyAttribute(lambda occupation: f"{occupation.soc_code}.00")
    title = factory.Sequence(lambda n: f"Test occupation {n}")
    description = "Develop and implement a set of techniques or analytics applications."
    job_zone = 4
    annual_median_wage = 108020

    class Meta:
        model = Occupation

    class Params:
        bare = factory.Trait(description="", job_zone=None, annual_median_wage=None)


class AlternateTitleFactory(DjangoModelFactory):
    occupation = factory.SubFactory(OccupationFactory)
    title = factory.Sequence(lambda n: f"Alternate title {n}")

    class Meta:
        model = AlternateTitle


class TaskFactory(DjangoModelFactory):
    occupation = factory.SubFactory(OccupationFactory)
    onet_task_id = factory.Sequence(lambda n: n + 1)
    statement = factory.Sequence(lambda n: f"Task statement {n}")

    class Meta:
        model = Task


class TechnologySkillFactory(DjangoModelFactory):
    occupation = factory.SubFactory(OccupationFactory)
    name = factory.Sequence(lambda n: f"Technology {n}")
    category = "Analytical software"

    class Meta:
        model = TechnologySkill


def create_occupation_rows_in_bulk(occupation, titles=0, tasks=0, technologies=0):
    """Alternate titles, tasks and technology skills of `occupation` in bulk, as O*NET imports them."""
    for factory_class, count in [
        (AlternateTitleFactory, titles),
        (TaskFactory, tasks),
        (TechnologySkillFactory, technologies),
    ]:
        factory_class._meta.model.objects.bulk_create(factory_class.build_batch(count, occupation=occupation))


class CrosswalkLinkFactory(DjangoModelFactory):
    """A CIP → SOC crosswalk link; `field__code="11.0701"` links that field of study, made if new."""

    field = factory.SubFactory(FieldOfStudyFactory)
    soc_code = "15-2051"

    class Meta:
        model = CrosswalkLink


class CareerFactory(DjangoModelFactory):
    """A career with an overview and no occupation unless given.
    `crosswalked_from=["11.0701", …]` links those CIP codes to its occupation's SOC code."""

    title = factory.Sequence(lambda n: f"Test career {n}")
    slug = factory.Sequence(lambda n: f"test-career-{n}")
    overview = "What the job is."

    class Meta:
        model = Career
        skip_postgeneration_save = True

    @factory.post_generation
    def crosswalked_from(self, create, codes, **kwargs):
        for code in codes or ():
            CrosswalkLinkFactory(field__code=code, soc_code=self.occupation.soc_code)

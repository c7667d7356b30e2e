"""factory_boy factories for the resources app."""

import factory
from factory.django import DjangoModelFactory

from resources.models import Resource


class ResourceFactory(DjangoModelFactory):
    """A book; `careers=[…]` recommends it on those careers' pages."""

    kind = Resource.Kind.BOOK
    title = factory.Sequence(lambda n: f"Test book {n}")
    author = "A. Author"
    url = factory.Sequence(lambda n: f"https://example.com/book-{n}")

    class Meta:
        model = Resource
        skip_postgeneration_save = True

    @factory.post_generation
    def careers(self, create, careers, **kwargs):
        if create and careers:
            self.careers.set(careers)

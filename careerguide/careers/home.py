"""The home page's data: featured careers, how many careers there are, the data editions shown."""

from schools.models import DataSource

from .models import Career
from .selectors import SourceLabel

FEATURED = 12
# What a career's card shows. A career row also holds its whole guide's text, and the occupation
# row its wages and outlook: reading only these halves the cost of the query.
CARD_FIELDS = ("title", "slug", "occupation__code", "occupation__title")


def data_editions():
    """The public datasets present and their editions ("IPEDS 2023-24", "BLS … May 2024"), one query.

    The table holds one row per dataset, so they are told apart here: building the query's
    `WHERE` would cost more than reading the rows it leaves out.
    """
    rows = DataSource.objects.order_by("name", "edition").values_list("key", "name", "edition")
    return [str(SourceLabel(name, edition)) for key, name, edition in rows if DataSource.is_public_data(key)]


def home_context():
    cards = Career.objects.select_related("occupation").only(*CARD_FIELDS)
    featured = list(cards.featured()[:FEATURED])
    return {
        "featured_careers": featured or list(cards[:FEATURED]),
        "career_count": Career.objects.count(),
        "data_editions": data_editions(),
        "page_title": "Explore careers and compare US schools",
        "meta_description": (
            "Explore careers — salary, education, duties, skills — and compare the US schools that "
            "lead to them: cost, admission, graduation, size and earnings from public data."
        ),
    }

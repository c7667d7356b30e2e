"""The home page's data: featured careers, how many careers there are, the data editions shown."""

from schools.models import DataSource

from .models import Career

FEATURED = 12


def data_editions():
    """The public datasets present and their editions ("IPEDS 2023-24", "BLS … May 2024"), one query.

    The editors' own sources (their figures and the reference page) are not public data editions.
    """
    sources = DataSource.objects.exclude(key=DataSource.EDITOR_KEY).exclude(key__startswith="careerguide-")
    return [str(source) for source in sources.order_by("name", "edition")]


def home_context():
    featured = list(Career.objects.featured().select_related("occupation")[:FEATURED])
    return {
        "featured_careers": featured or list(Career.objects.select_related("occupation")[:FEATURED]),
        "career_count": Career.objects.count(),
        "data_editions": data_editions(),
        "page_title": "Explore careers and compare US schools",
        "meta_description": (
            "Explore careers — salary, education, duties, skills — and compare the US schools that "
            "lead to them: cost, admission, graduation, size and earnings from public data."
        ),
    }

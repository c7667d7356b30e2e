"""What pages read of the resources: a career's, in the reference page's order of kinds."""

from itertools import groupby

from .models import Resource


def career_resources(career):
    """The career's resources, grouped by kind in the reference page's order (books first,
    podcasts last), then in the editors' order: [(kind label, [resource, …])], one query."""
    resources = Resource.objects.filter(careers=career).listed_in_kind_order()
    return [(label, list(items)) for label, items in groupby(resources, key=Resource.get_kind_display)]

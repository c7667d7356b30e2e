"""careerguide.core.urls: addresses made from one reverse() a page read as reverse() writes them."""

import pytest
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse

from careerguide.core.urls import slug_url_maker


@pytest.mark.parametrize("view_name", ["schools:detail", "careers:detail", "schools_api:detail"])
@pytest.mark.parametrize("slug", ["machine-learning-engineer", "mit", "a_b-9", "d\u00e9j\u00e0 vu", "x/y"])
def test_slug_urls_are_those_reverse_writes(view_name, slug):
    # A slug the route takes is placed as it is; anything else goes through reverse(), which
    # refuses what the route does not take.
    try:
        expected = reverse(view_name, kwargs={"slug": slug})
    except NoReverseMatch:
        with pytest.raises(NoReverseMatch):
            slug_url_maker(view_name)(slug)
        return
    assert slug_url_maker(view_name)(slug) == expected
    request = RequestFactory().get("/")
    assert slug_url_maker(view_name, request)(slug) == f"http://testserver{expected}"

"""Reading pages in tests as a browser would: parsed HTML (Beautiful Soup), not regular expressions
over the markup, so that an attribute added, reordered or differently quoted breaks nothing."""

from bs4 import BeautifulSoup


def page(response):
    """The parsed page of a 200 response."""
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def squashed(text):
    return " ".join(text.split())


def texts(response, selector):
    """The text of every element that `selector` (CSS) matches, in page order, whitespace squashed."""
    return [squashed(element.get_text()) for element in page(response).select(selector)]


def text(response):
    """The page's text as a reader sees it, whitespace squashed (no markup, entities decoded)."""
    return squashed(page(response).get_text())


def finder_names(response):
    """The school names of the finder's result rows, in order."""
    return texts(response, ".results tbody th.col-name > a")


def card_titles(response):
    """The career titles of the careers explorer's cards, in order."""
    return texts(response, ".card-title > a")

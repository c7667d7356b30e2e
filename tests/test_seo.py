"""Search engines and sharing: titles, descriptions, canonical links, Open Graph, sitemap, robots, JSON-LD."""

import html
import json
import re
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup

from careerguide.careers.models import Career
from careerguide.careers.tests.factories import CareerFactory
from schools.models import School

from . import markup

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def head(response):
    """The parsed <head> of a 200 response."""
    return markup.page(response).head


def meta(head_element, attribute, name):
    element = head_element.find("meta", attrs={attribute: name})
    return element["content"] if element else None


PAGES = [
    "/",
    "/careers/",
    "/careers/?q=machine",
    "/careers/machine-learning-engineer/",
    "/resources/",
    "/resources/?kind=book",
    "/search/?q=machine",
]


def test_every_page_has_a_unique_title_and_description(client, seed):
    titles, descriptions = set(), set()
    for url in PAGES:
        h = head(client.get(url))
        title = h.title.get_text().strip()
        description = meta(h, "name", "description")
        assert title and description, url
        titles.add(title)
        descriptions.add(description)
    assert len(titles) == len(PAGES)
    assert len(descriptions) == len(PAGES)


def test_career_page_head(client, seed):
    h = head(client.get("/careers/machine-learning-engineer/"))
    assert h.find("link", rel="canonical")["href"] == "http://testserver/careers/machine-learning-engineer/"
    assert meta(h, "property", "og:url") == "http://testserver/careers/machine-learning-engineer/"
    assert (
        meta(h, "property", "og:title") == "Machine Learning Engineer: Salary, Education, Schools and Skills"
    )
    assert meta(h, "property", "og:type") == "article"
    assert "$108,020" in meta(h, "property", "og:description")
    assert meta(h, "property", "og:description") == meta(h, "name", "description")


def canonical(response):
    return head(response).find("link", rel="canonical")["href"]


def test_canonical_drops_the_query_string_but_the_resource_kind(client, seed):
    # A kind's list is a page of its own, listed in the sitemap; the other filters are views of it.
    url = "/resources/?page=1&kind=book&q=learning&career=machine-learning-engineer"
    assert canonical(client.get(url)) == "http://testserver/resources/?kind=book"
    assert canonical(client.get("/resources/?kind=zzz&page=1")) == "http://testserver/resources/"
    assert canonical(client.get("/resources/?q=learning")) == "http://testserver/resources/"
    assert canonical(client.get("/careers/?q=machine&page=1")) == "http://testserver/careers/"


def test_sitemap_resource_lists_are_their_own_canonical(client, seed):
    sitemap = ElementTree.fromstring(client.get("/sitemap-resources.xml").content)
    urls = [loc.text for loc in sitemap.findall("sm:url/sm:loc", SITEMAP_NS)]
    assert len(urls) == 7
    for url in urls:
        assert canonical(client.get(url.replace("http://testserver", ""))) == url


def test_sitemap_index_covers_careers_schools_and_resources(client, seed):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200 and "xml" in response["Content-Type"]
    index = ElementTree.fromstring(response.content)
    sections = [loc.text for loc in index.findall("sm:sitemap/sm:loc", SITEMAP_NS)]
    assert sections == [
        f"http://testserver/sitemap-{name}.xml" for name in ("pages", "careers", "schools", "resources")
    ]

    urls = []
    for section in sections:
        page = client.get(section.replace("http://testserver", ""))
        assert page.status_code == 200
        urls += [
            loc.text for loc in ElementTree.fromstring(page.content).findall("sm:url/sm:loc", SITEMAP_NS)
        ]
    assert "http://testserver/careers/machine-learning-engineer/" in urls
    for school in School.objects.all():
        assert f"http://testserver{school.get_absolute_url()}" in urls
    assert (
        "http://testserver/resources/?kind=book" in urls
        and "http://testserver/resources/?kind=podcast" in urls
    )
    assert "http://testserver/" in urls
    assert len(urls) == len(set(urls))
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_sitemap_lastmod_and_new_careers(client, seed):
    career = CareerFactory(slug="new-career")
    text = client.get("/sitemap-careers.xml").content.decode()
    assert "<loc>http://testserver/careers/new-career/</loc>" in text
    assert f"<lastmod>{career.updated_at.date().isoformat()}</lastmod>" in text


def test_robots_txt(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "User-agent: *" in text
    assert "Disallow: /admin/" in text and "Disallow: /api/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def jsonld(text):
    """The JSON-LD documents of a page (or of a partial's text), in order."""
    parsed = BeautifulSoup(text, "html.parser")
    return [json.loads(script.string) for script in parsed.find_all("script", type="application/ld+json")]


def test_career_jsonld_is_valid_json_even_with_markup_in_content(client, db):
    career = Career.objects.create(
        title="Engineer </script><script>alert(1)</script>",
        slug="tricky",
        overview="Uses <b>bold</b> & “quotes”.",
        salary_annual_median=50000,
    )
    text = client.get(career.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in text
    (occupation,) = jsonld(text)
    assert occupation["@type"] == "Occupation"
    assert occupation["name"] == career.title
    assert occupation["description"] == "Uses <b>bold</b> & “quotes”."
    assert occupation["estimatedSalary"][0]["median"] == 50000


def test_career_without_salary_has_no_estimated_salary(client, db):
    career = CareerFactory()
    (occupation,) = jsonld(client.get(career.get_absolute_url()).content.decode())
    assert "estimatedSalary" not in occupation


@pytest.mark.parametrize("logo", [False, True])
def test_school_page_jsonld_is_a_college_or_university(client, seed, logo):
    if logo:
        School.objects.filter(slug="university-of-maryland-college-park").update(logo="logos/umd.png")
    text = client.get("/schools/university-of-maryland-college-park/").content.decode()
    (data,) = jsonld(text)
    assert data["@type"] == "CollegeOrUniversity"
    assert data["name"] == "University of Maryland-College Park"
    assert data["url"] == "http://testserver/schools/university-of-maryland-college-park/"
    assert data["address"]["addressLocality"] == "College Park"
    assert data["address"]["addressRegion"] == "MD"
    assert data["address"]["postalCode"] == "20742"
    assert data["sameAs"] == "https://www.umd.edu/"
    assert data.get("logo") == ("http://testserver/media/logos/umd.png" if logo else None)


def test_footer_credits_every_source_with_its_year(client, db):
    text = html.unescape(client.get("/").content.decode())
    footer = text.split('<footer class="site-footer">', 1)[1]
    assert (
        "O*NET 29.2 Database by the U.S. Department of Labor, Employment and Training Administration (USDOL/ETA). Used under the"
        in footer
    )
    assert "CC BY 4.0" in footer
    assert "IPEDS</abbr> 2023-24" in footer
    assert "College Scorecard" in footer
    assert "Occupational Employment and Wage Statistics (May 2024)" in footer
    assert "Employment Projections 2024–34" in footer


@pytest.mark.parametrize(
    "url",
    [
        "/schools/",
        "/schools/university-of-maryland-college-park/",
        "/resources/?career=machine-learning-engineer",
    ],
)
def test_every_page_has_canonical_and_open_graph(client, seed, url):
    h = head(client.get(url))
    assert re.fullmatch(r"http://testserver/[^?]*", h.find("link", rel="canonical")["href"])
    assert meta(h, "property", "og:title")
    assert meta(h, "property", "og:url").startswith("http://testserver/")


def test_school_sitemap_is_cached_until_the_schools_change(client, db, django_assert_max_num_queries):
    from django.core.cache import cache

    from schools.tests.factories import SchoolFactory

    cache.clear()
    schools = [SchoolFactory(with_figures=True, name=f"Cached College {n}") for n in range(3)]
    first = client.get("/sitemap-schools.xml")
    assert first.status_code == 200
    # From the cache: one aggregate query (the data version), not the list of schools.
    with django_assert_max_num_queries(1):
        again = client.get("/sitemap-schools.xml")
        assert again.status_code == 200
    assert again.content == first.content and again["Content-Type"] == "application/xml"
    # An edit (a new slug) or a new school changes the version: the next request is fresh.
    schools[0].slug = "renamed-college"
    schools[0].save()
    renamed = client.get("/sitemap-schools.xml").content.decode()
    assert "/schools/renamed-college/" in renamed
    SchoolFactory(with_figures=True, name="Brand New College", slug="brand-new-college")
    assert "/schools/brand-new-college/" in client.get("/sitemap-schools.xml").content.decode()
    # A page number that is not one is Django's 404, never cached or a 500.
    assert client.get("/sitemap-schools.xml?p=x").status_code == 404
    assert client.get("/sitemap-schools.xml?p=99").status_code == 404

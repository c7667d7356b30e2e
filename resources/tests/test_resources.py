"""/resources/: filter by kind, career and words; grouped by kind; covers; safe external links."""

import html

from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile

from careerguide.careers.tests.factories import CareerFactory
from resources.models import Resource
from resources.tests.factories import ResourceFactory
from tests.images import png_bytes
from tests.markup import squashed


def text_of(response):
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def parsed(text):
    return BeautifulSoup(text, "html.parser")


def group_headings(text):
    return [squashed(heading.get_text()) for heading in parsed(text).select('h2[id^="kind-"]')]


def resource_titles(text):
    """The title each resource's link names for a screen reader, in order."""
    suffix = " (opens in a new tab)"
    return [
        squashed(hidden.get_text()).removeprefix(": ").removesuffix(suffix)
        for hidden in parsed(text).select("a.resource-link .visually-hidden")
    ]


def test_all_resources_grouped_by_kind_in_reference_order(client, seed):
    text = text_of(client.get("/resources/"))
    assert group_headings(text) == [
        "Books",
        "Online Courses",
        "Websites and Forums",
        "Professional Organizations",
        "Research Papers and Journals",
        "YouTube Channels",
        "Podcasts",
    ]
    assert len(resource_titles(text)) == 18
    assert "18 resources" in text


def test_every_external_link_opens_safely(client, seed):
    text = text_of(client.get("/resources/"))
    external = parsed(text).select('a[href^="https://"], a[href^="http://"]')
    resource_links = [a for a in external if "resource-link" in a.get("class", [])]
    assert len(resource_links) == 18
    assert all("noopener" in a["rel"] and a["target"] == "_blank" for a in resource_links)
    assert all("noopener" in a.get("rel", []) for a in external if a.get("target") == "_blank")


def test_filter_by_kind(client, seed):
    text = text_of(client.get("/resources/?kind=book"))
    assert group_headings(text) == ["Books"]
    assert resource_titles(text) == [
        "Hands-On Machine Learning with Scikit-Learn, Keras, and TensorFlow",
        "Pattern Recognition and Machine Learning",
        "Deep Learning",
    ]
    assert "<title>Books — resources · Careerguide</title>" in text


def test_filter_by_career_and_words(client, seed):
    other = CareerFactory(title="Nurse", slug="nurse")
    ResourceFactory(
        careers=[other], title="Nursing handbook", kind=Resource.Kind.BOOK, description="Clinical basics."
    )
    assert resource_titles(text_of(client.get("/resources/?career=nurse"))) == ["Nursing handbook"]
    assert len(resource_titles(text_of(client.get("/resources/?career=machine-learning-engineer")))) == 18
    # Words match title, author or description, every word required.
    assert resource_titles(text_of(client.get("/resources/?q=géron"))) == [
        "Hands-On Machine Learning with Scikit-Learn, Keras, and TensorFlow"
    ]
    assert resource_titles(text_of(client.get("/resources/?q=podcast+interviews"))) == [
        "The TWIML AI Podcast (This Week in Machine Learning & Artificial Intelligence)"
    ]
    combined = text_of(client.get("/resources/?kind=course&career=machine-learning-engineer&q=engineer"))
    assert resource_titles(combined) == ["Machine Learning Engineer Nanodegree"]
    assert resource_titles(text_of(client.get("/resources/?kind=book&q=engineer"))) == []


def test_kind_chips_count_under_the_other_filters(client, seed):
    text = text_of(client.get("/resources/?q=machine"))
    chips = {squashed(link.get_text()): link["href"] for link in parsed(text).select("a")}
    assert "Books (2)" in chips
    assert "?q=machine&kind=podcast" in chips.values()


def test_bad_parameters_show_all_with_a_message(client, seed):
    text = text_of(client.get("/resources/?kind=magazine"))
    assert "Unknown kind “magazine”" in text and len(resource_titles(text)) == 18
    text = text_of(client.get("/resources/?career=no-such-career"))
    assert "Unknown career “no-such-career”" in text and len(resource_titles(text)) == 18
    for query in (
        "page=abc",
        "page=-3",
        "page=99999",
        "kind=&career=&q=",
        "kind=book&kind=zzz",
        "q=" + "x" * 3000,
        # NUL would be a 500 on PostgreSQL, and every value is echoed in the form.
        "career=%00",
        "q=%00",
        "kind=%00",
        "page=%00",
        "career=machine-learning-engineer%00&q=deep%00learning&kind=book%00",
    ):
        response = client.get(f"/resources/?{query}")
        assert response.status_code == 200, query
        assert b"\x00" not in response.content, query
    text = text_of(client.get("/resources/?career=no%00such"))
    assert "Unknown career “no such”" in text and len(resource_titles(text)) == 18
    text = text_of(client.get("/resources/?q=deep%00learning"))
    assert 'value="deep learning"' in text and "Deep Learning" in resource_titles(text)


def test_career_that_cannot_be_a_slug_is_refused_without_a_query(db, django_assert_num_queries):
    from resources.filters import ResourceFilter

    for value in ("no such", "a/b", "\x00", "é"):
        form = ResourceFilter({"career": value}, queryset=Resource.objects.all()).form
        with django_assert_num_queries(0):
            assert not form.is_valid()
        assert form.errors["career"][0].startswith("Select a valid choice."), value
    form = ResourceFilter({"q": " deep\x00learning\x1f "}, queryset=Resource.objects.all()).form
    assert form.is_valid() and form.cleaned_data["q"] == "deep learning"


def test_cover_is_shown_where_an_editor_uploaded_one(client, db, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    cover = SimpleUploadedFile("cover.png", png_bytes(300, 400), content_type="image/png")
    with_cover = ResourceFactory(title="With cover", cover=cover)
    ResourceFactory(title="Without cover")
    text = text_of(client.get("/resources/"))
    images = [image["src"] for image in parsed(text).select("img.resource-cover")]
    assert images == [with_cover.cover.url]


def test_resource_careers_are_linked(client, seed):
    text = text_of(client.get("/resources/?kind=podcast"))
    assert 'For: <a href="/careers/machine-learning-engineer/">Machine Learning Engineer</a>' in text


def test_resources_query_count_is_constant(client, db, django_assert_max_num_queries):
    career = CareerFactory()
    for _ in range(3):
        ResourceFactory(careers=[career])
    with django_assert_max_num_queries(6):
        client.get(f"/resources/?career={career.slug}")
    for n in range(40):
        ResourceFactory(careers=[career, CareerFactory()], kind=Resource.Kind.values[n % 7])
    with django_assert_max_num_queries(6):
        client.get(f"/resources/?career={career.slug}")


def test_pagination_keeps_filters(client, db):
    for n in range(60):
        ResourceFactory(title=f"Book {n:02d}", kind=Resource.Kind.BOOK)
    text = text_of(client.get("/resources/?kind=book"))
    assert 'href="?kind=book&page=2"' in text
    assert len(resource_titles(text_of(client.get("/resources/?kind=book&page=2")))) == 10


def test_kind_order_is_the_reference_pages(db):
    for kind in reversed(Resource.Kind.values):
        ResourceFactory(kind=kind)
    kinds = list(Resource.objects.in_kind_order().values_list("kind", flat=True))
    assert kinds == Resource.Kind.values


def test_a_careers_resources_listed_in_python_come_in_the_databases_kind_order(db):
    career = CareerFactory()
    for n, kind in enumerate(reversed(Resource.Kind.values * 2)):
        ResourceFactory(kind=kind, order=n % 3, title=f"Title {n % 4}").careers.add(career)
    ResourceFactory(kind=Resource.Kind.BOOK)  # not this career's
    listed = career.resources.listed_in_kind_order()
    assert [r.kind for r in listed][:3] == [Resource.Kind.BOOK] * 2 + [Resource.Kind.COURSE]
    assert listed == list(career.resources.in_kind_order())


def meta_description(response):
    return parsed(response.content.decode()).select_one('meta[name="description"]')["content"]


def test_description_reads_well_for_plural_onet_titles(client, db):
    scientists = CareerFactory(title="Data Scientists", slug="data-scientists")
    engineer = CareerFactory(title="Machine Learning Engineer", slug="machine-learning-engineer")
    ResourceFactory(careers=[scientists, engineer])
    description = meta_description(client.get("/resources/?career=data-scientists"))
    assert description.endswith(" for Data Scientists.") and "a Data Scientists" not in description
    description = meta_description(client.get("/resources/?career=machine-learning-engineer&kind=book"))
    assert description == "Books for Machine Learning Engineers."


def test_a_resource_reads_the_same_on_the_list_and_on_its_career_page(client, db):
    # One template (a Jinja2 macro) writes a resource for both pages: its text escaped, the link
    # labelled "Visit" where editors gave no label, the careers named on the list only.
    career = CareerFactory(title="Data <Wrangler>", slug="data-wrangler")
    ResourceFactory(
        kind=Resource.Kind.BOOK,
        title='<script>alert("t")</script>',
        author="A & B",
        description="Tables <b>and</b> 'joins'",
        link_label="",
        careers=[career],
    )
    listed = client.get("/resources/").content.decode()
    on_career = client.get("/careers/data-wrangler/").content.decode()
    for text in (listed, on_career):
        item = parsed(text).select_one("li.resource")
        assert (
            squashed(item.select_one(".resource-heading").get_text())
            == '"<script>alert("t")</script>" by A & B'
        )
        assert squashed(item.select_one(".resource-description").get_text()) == "Tables <b>and</b> 'joins'"
        assert (
            squashed(item.select_one("a.resource-link").get_text())
            == 'Visit: <script>alert("t")</script> (opens in a new tab)'
        )
        assert "<script>alert" not in text and "<b>and</b>" not in text
    assert [(a["href"], a.get_text()) for a in parsed(listed).select("li.resource .resource-careers a")] == [
        ("/careers/data-wrangler/", "Data <Wrangler>")
    ]
    assert parsed(on_career).select("li.resource .resource-careers") == []
    all_link = parsed(on_career).find("a", string="All resources for this career")
    assert all_link["href"] == "/resources/?career=data-wrangler"

"""Text editors or imports put in a school's name and city is escaped wherever pages show it.

Every page is rendered by templates that escape; these tests keep it so, whichever engine renders
a fragment (a `|safe` or a Jinja2 template without autoescape would fail them).
"""

import pytest

from schools.tests.factories import SchoolFactory

HOSTILE_NAME = 'Evil <script>alert("x")</script> & Sons College'
HOSTILE_CITY = "<img src=x onerror=alert(1)>"


@pytest.fixture
def hostile(db):
    SchoolFactory(
        name=HOSTILE_NAME, slug="evil-college", city=HOSTILE_CITY, tuition_in_state=1000, enrollment=10
    )
    return SchoolFactory(name="Plain College", slug="plain-college", tuition_in_state=2000, enrollment=20)


@pytest.mark.parametrize(
    "url",
    [
        "/schools/",
        "/schools/?q=evil",
        "/schools/?home_state=MD&sort=your_tuition",
        "/schools/evil-college/",
        "/schools/compare/?school=evil-college&school=plain-college",
        "/search/?q=evil",
    ],
)
def test_hostile_school_text_is_escaped(client, hostile, url):
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    # Escaped as Django's templates do (&quot;) or as the Jinja2 fragments do (&#34;): both are safe.
    assert (
        "Evil &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Sons College" in html
        or "Evil &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; Sons College" in html
    )
    assert "&lt;img src=x onerror=alert(1)&gt;" in html or url.startswith("/search/")


def test_shortlist_form_escapes_the_school_name(client, hostile):
    response = client.post(
        "/schools/shortlist/",
        {"school": "evil-college", "action": "add", "next": "/schools/"},
        headers={"origin": "http://testserver"},
    )
    assert response.status_code == 302
    html = client.get("/schools/").content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html

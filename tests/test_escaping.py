"""Text editors or imports put in a school's name and city is escaped wherever pages show it.

The finder rows, the compare table and its charts are built in Python for speed (not by the
template engine), so these tests check the escaping that Django would otherwise guarantee.
"""

import pytest

from tests import school_factories as make

HOSTILE_NAME = 'Evil <script>alert("x")</script> & Sons College'
HOSTILE_CITY = "<img src=x onerror=alert(1)>"


@pytest.fixture
def hostile(db):
    make.school(HOSTILE_NAME, slug="evil-college", city=HOSTILE_CITY, tuition_in_state=1000, enrollment=10)
    return make.school("Plain College", slug="plain-college", tuition_in_state=2000, enrollment=20)


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
    assert "Evil &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Sons College" in html


def test_shortlist_form_escapes_the_school_name(client, hostile):
    response = client.post(
        "/schools/shortlist/", {"school": "evil-college", "action": "add", "next": "/schools/"}
    )
    assert response.status_code == 302
    html = client.get("/schools/").content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html

"""The icons browsers and phones ask for at the site's root: no 404 in any visitor's log."""

import io
import json

import pytest
from PIL import Image


@pytest.mark.parametrize(
    ("path", "content_type", "size"),
    [
        ("/favicon.ico", ("image/x-icon", "image/vnd.microsoft.icon"), (48, 48)),
        ("/apple-touch-icon.png", ("image/png",), (180, 180)),
        ("/icon-192.png", ("image/png",), (192, 192)),
        ("/icon-512.png", ("image/png",), (512, 512)),
    ],
)
def test_icons_are_served_at_the_root(client, db, path, content_type, size):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] in content_type
    image = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert image.size == size


def test_manifest_names_the_site_and_icons_that_exist(client, db):
    response = client.get("/site.webmanifest")
    assert response.status_code == 200
    manifest = json.loads(b"".join(response.streaming_content))
    assert manifest["name"] == "Careerguide"
    for icon in manifest["icons"]:
        assert client.get(icon["src"]).status_code == 200, icon["src"]


def test_every_page_links_its_icons(client, db):
    page = client.get("/").content.decode()
    assert '<link rel="icon" href="/favicon.ico" sizes="48x48">' in page
    assert '<link rel="apple-touch-icon" href="/apple-touch-icon.png">' in page
    assert '<link rel="manifest" href="/site.webmanifest">' in page

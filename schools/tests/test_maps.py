"""The school maps: the projection places a school inside its own state's outline in the shipped
SVG (insets included), and the finder and the school page draw their schools with it."""

import json
import re
from io import StringIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.management import CommandError, call_command

from schools.maps import HEIGHT, WIDTH, point_of
from schools.tests.factories import SchoolFactory
from tests import markup

SVG = Path(settings.BASE_DIR) / "static" / "maps" / "us-states.svg"


def state_rings():
    """{state name: [rings of (x, y)]} read back from the shipped SVG's path data."""
    states = {}
    for data, name in re.findall(r'<path d="([^"]+)"><title>([^<]+)</title>', SVG.read_text()):
        rings = []
        for ring in re.findall(r"M([^l]+)l([^z]*)z", data):
            numbers = [float(n) for n in re.findall(r"-?[\d.]+", ring[0] + " " + ring[1])]
            x, y = numbers[0], numbers[1]
            points = [(x, y)]
            for dx, dy in zip(numbers[2::2], numbers[3::2], strict=True):
                x, y = x + dx, y + dy
                points.append((x, y))
            rings.append(points)
        states[name] = rings
    return states


def inside(point, rings):
    """Even–odd rule over every ring of a state."""
    x, y = point
    crossings = 0
    for ring in rings:
        for (ax, ay), (bx, by) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (ay > y) != (by > y) and x < ax + (y - ay) * (bx - ax) / (by - ay):
                crossings += 1
    return crossings % 2 == 1


@pytest.mark.parametrize(
    ("state", "longitude", "latitude"),
    [
        ("Maryland", -76.9447, 38.9882),  # College Park
        ("Texas", -97.7431, 30.2672),  # Austin
        ("Washington", -122.3321, 47.6062),  # Seattle
        ("Maine", -68.7712, 44.8016),  # Bangor
        ("Florida", -80.1918, 25.7617),  # Miami
        ("Alaska", -147.7164, 64.8378),  # Fairbanks (inset)
        ("Alaska", -149.9003, 61.2181),  # Anchorage (inset)
        ("Hawaii", -157.8167, 21.2969),  # Honolulu (inset)
        ("Puerto Rico", -66.0501, 18.4037),  # San Juan, Río Piedras (inset)
    ],
)
def test_a_school_lands_inside_its_own_state(state, longitude, latitude):
    assert inside(point_of(longitude, latitude), state_rings()[state])


@pytest.mark.parametrize(
    ("place", "longitude", "latitude"),
    [("Guam", 144.7937, 13.4443), ("St. Thomas", -64.9307, 18.3419), ("nowhere", 0, 0)],
)
def test_places_the_map_does_not_draw_have_no_point(place, longitude, latitude):
    assert point_of(longitude, latitude) is None


def test_the_finder_maps_its_page_and_names_the_schools_it_cannot_place(client, db):
    SchoolFactory(name="College Park U", latitude=38.9882, longitude=-76.9447, enrollment=3)
    SchoolFactory(name="Honolulu U", latitude=21.2969, longitude=-157.8167, enrollment=2)
    SchoolFactory(name="Guam U", state="GU", latitude=13.4443, longitude=144.7937, enrollment=1)
    SchoolFactory(name="Unplaced U")
    response = client.get("/schools/")
    soup = markup.page(response)
    points = soup.select("details.results-map svg a")
    assert [point.select_one("title").get_text() for point in points] == ["College Park U", "Honolulu U"]
    assert points[0]["href"].startswith("/schools/college-park-u")
    assert points[0]["tabindex"] == "-1"  # the list is the keyboard's and screen readers' way
    assert soup.select_one("details.results-map svg")["aria-hidden"] == "true"
    caption = markup.squashed(soup.select_one("details.results-map figcaption").get_text())
    assert caption.endswith(
        "Not on the map (no location known, or outside the states drawn): Guam U, Unplaced U."
    )
    assert soup.select_one("details.results-map use")["href"].endswith("#states")


def test_no_map_when_no_school_of_the_page_can_be_placed(client, db):
    SchoolFactory(name="Unplaced U")
    assert markup.page(client.get("/schools/")).select_one("details.results-map") is None


def test_the_school_page_shows_where_it_is(client, db):
    placed = SchoolFactory(
        name="Fairbanks U", city="Fairbanks", state="AK", latitude=64.8378, longitude=-147.7164
    )
    soup = markup.page(client.get(placed.get_absolute_url()))
    assert len(soup.select(".school-head svg circle")) == 1
    assert (
        markup.squashed(soup.select_one(".school-head figcaption").get_text())
        == "Where it is: Fairbanks, AK."
    )
    unplaced = SchoolFactory(name="Somewhere U")
    assert markup.page(client.get(unplaced.get_absolute_url())).select_one(".school-map") is None


def test_draw_state_map_writes_each_outline_from_the_template(tmp_path):
    """The static map's outlines come from jinja2/maps/us-states.svg: one path a state, its name
    escaped as its title; a state too small to see at the map's scale is left out."""
    square = [[0, 0], [100, 0], [0, 100], [-100, 0], [0, -100]]
    speck = [[0, 0], [1, 0], [0, 1], [-1, 0], [0, -1]]
    topology = {
        "type": "Topology",
        "transform": {"scale": [0.01, 0.01], "translate": [-77.5, 38.5]},
        "arcs": [square, speck],
        "objects": {
            "states": {
                "type": "GeometryCollection",
                "geometries": [
                    {"type": "Polygon", "arcs": [[0]], "id": "24", "properties": {"name": "Maryland & <Co>"}},
                    {"type": "Polygon", "arcs": [[1]], "id": "10", "properties": {"name": "Speck"}},
                ],
            }
        },
    }
    source, output = tmp_path / "states.json", tmp_path / "us-states.svg"
    source.write_text(json.dumps(topology))
    call_command("draw_state_map", str(source), output=output, stdout=StringIO())
    svg = BeautifulSoup(output.read_text(), "html.parser")
    assert svg.svg["viewbox"] == f"0 0 {WIDTH} {HEIGHT}"
    assert [path.title.get_text() for path in svg.select("#states path")] == ["Maryland & <Co>"]
    assert "Maryland &amp; &lt;Co&gt;" in output.read_text()
    assert svg.select_one("#states path")["d"].startswith("M")


def test_draw_state_map_says_what_it_cannot_read(tmp_path):
    source = tmp_path / "states.json"
    source.write_text("{}")
    with pytest.raises(CommandError, match=re.escape("is not us-atlas's states-10m.json")):
        call_command("draw_state_map", str(source), output=tmp_path / "out.svg")

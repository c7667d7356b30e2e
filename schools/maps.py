"""Where schools are, drawn without any third-party request: the states' outlines are a static SVG
(`static/maps/us-states.svg`, made by `manage.py draw_state_map` from the Census boundaries in the
`us-atlas` package) and each school a point placed by the same projection, here.

The projection is the usual one for US maps: Albers equal-area conic for the lower 48 states and
DC, with Alaska (shrunk), Hawaii and Puerto Rico drawn as insets below them. The other territories
(Guam, the US Virgin Islands, American Samoa, the Northern Mariana Islands) and the freely
associated states are not drawn: their schools are listed under the map instead.
"""

import math
from dataclasses import dataclass
from typing import NamedTuple

# The map's coordinate space (SVG user units) and the lower 48's scale in it.
WIDTH, HEIGHT = 960, 505
SCALE = 1070
CENTRE = (480, 250)


@dataclass(frozen=True)
class ConicEqualArea:
    """Albers' equal-area conic projection on a sphere (Snyder, "Map Projections: A Working
    Manual", 1987, pp. 98–100): `centre` (longitude, latitude) lands on `origin` (x, y), north up."""

    central_meridian: float
    parallels: tuple
    centre: tuple
    scale: float
    origin: tuple

    def _raw(self, longitude, latitude):
        first, second = (math.radians(p) for p in self.parallels)
        n = (math.sin(first) + math.sin(second)) / 2
        c = math.cos(first) ** 2 + 2 * n * math.sin(first)
        rho = math.sqrt(c - 2 * n * math.sin(math.radians(latitude))) / n
        theta = n * math.radians(longitude - self.central_meridian)
        return rho * math.sin(theta), -rho * math.cos(theta)

    def project(self, longitude, latitude):
        x, y = self._raw(longitude, latitude)
        centre_x, centre_y = self._raw(*self.centre)
        return self.origin[0] + self.scale * (x - centre_x), self.origin[1] - self.scale * (y - centre_y)


LOWER_48 = ConicEqualArea(-96, (29.5, 45.5), (-96.6, 38.7), SCALE, CENTRE)
ALASKA = ConicEqualArea(
    -154, (55, 65), (-156, 58.5), 0.35 * SCALE, (CENTRE[0] - 0.307 * SCALE, CENTRE[1] + 0.201 * SCALE)
)
HAWAII = ConicEqualArea(
    -157, (8, 18), (-160, 19.9), SCALE, (CENTRE[0] - 0.205 * SCALE, CENTRE[1] + 0.212 * SCALE)
)
PUERTO_RICO = ConicEqualArea(
    -66, (8, 18), (-66.5, 18.2), 1.5 * SCALE, (CENTRE[0] + 0.36 * SCALE, CENTRE[1] + 0.215 * SCALE)
)

# Which projection draws a state (by its FIPS code); the others are not drawn.
INSETS = {"02": ALASKA, "15": HAWAII, "72": PUERTO_RICO}
NOT_DRAWN = {"60", "64", "66", "68", "69", "70", "74", "78"}


def projection_of(longitude, latitude):
    """The projection that draws a point, or None where the map draws no land (the territories
    and the freely associated states, or coordinates out of every inset)."""
    if latitude >= 51 and (longitude <= -129 or longitude >= 170):
        return ALASKA
    if 18 <= latitude <= 23 and -161 <= longitude <= -154:
        return HAWAII
    if 17.5 <= latitude <= 18.7 and -67.5 <= longitude <= -65.1:
        return PUERTO_RICO
    if 24 <= latitude <= 50 and -125 <= longitude <= -66:
        return LOWER_48
    return None


def point_of(longitude, latitude):
    """(x, y) on the map, or None where the map draws no land."""
    projection = projection_of(longitude, latitude)
    if projection is None:
        return None
    if longitude > 0:  # Alaska's Aleutians cross the antimeridian
        longitude -= 360
    return projection.project(longitude, latitude)


class MapPoint(NamedTuple):
    x: float
    y: float
    name: str
    url: str


def school_map(schools):
    """The map of `schools`: a point for each one the map can place, and the others (no
    coordinates, or a place the map does not draw) by name."""
    points, elsewhere = [], []
    for school in schools:
        located = None
        if school.latitude is not None and school.longitude is not None:
            located = point_of(float(school.longitude), float(school.latitude))
        if located is None:
            elsewhere.append(school)
        else:
            x, y = located
            points.append(MapPoint(round(x, 1), round(y, 1), school.name, school.get_absolute_url()))
    return {"points": points, "elsewhere": elsewhere, "width": WIDTH, "height": HEIGHT}

"""Draw the states' outlines once, as the static SVG the school maps lay their points on.

    npm install us-atlas@3.0.1
    python manage.py draw_state_map node_modules/us-atlas/states-10m.json

The input is the `us-atlas` package's TopoJSON of the Census Bureau's cartographic boundaries
(public domain; the package is ISC-licensed). The output, `static/maps/us-states.svg`, is
committed: the site never reads the TopoJSON, and no page asks another site for a map.
"""

import json
from itertools import pairwise
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.template.loader import render_to_string

from schools.maps import HEIGHT, INSETS, LOWER_48, NOT_DRAWN, WIDTH

OUTPUT = Path(settings.BASE_DIR) / "static" / "maps" / "us-states.svg"
# Map units (about a screen pixel on a desktop): how far a simplified outline may stray, and the
# smallest island kept.
TOLERANCE = 0.35
SMALLEST = 0.8


def decoded_arcs(topology):
    """Each arc as (longitude, latitude) points: TopoJSON stores them quantized and delta-encoded."""
    (scale_x, scale_y), (move_x, move_y) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale_x + move_x, y * scale_y + move_y))
        arcs.append(points)
    return arcs


def ring_points(arcs, indexes):
    """A ring from its arcs (a negative index ~i is arc i reversed); arcs share their ends."""
    points = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def simplified(points, tolerance):
    """Douglas–Peucker: the fewest points that stay within `tolerance` of the outline."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        length = ((bx - ax) ** 2 + (by - ay) ** 2) ** 0.5
        farthest, distance = None, tolerance
        for i in range(first + 1, last):
            px, py = points[i]
            if length:
                d = abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length
            else:
                d = ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
            if d > distance:
                farthest, distance = i, d
        if farthest is not None:
            keep[farthest] = True
            stack += [(first, farthest), (farthest, last)]
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def path_data(rings):
    """SVG path data, on a grid of tenths: absolute first point, then relative steps."""
    parts = []
    for ring in rings:
        grid = [(round(x * 10), round(y * 10)) for x, y in ring]
        steps = [grid[0]]
        for point in grid[1:]:
            if point != steps[-1]:
                steps.append(point)
        if len(steps) < 3:
            continue
        (x0, y0), moves = steps[0], []
        for (px, py), (qx, qy) in pairwise(steps):
            moves.append(f"{(qx - px) / 10:g} {(qy - py) / 10:g}")
        parts.append(f"M{x0 / 10:g} {y0 / 10:g}l" + " ".join(moves) + "z")
    return "".join(parts).replace(" -", "-")


class Command(BaseCommand):
    help = "Draw static/maps/us-states.svg from the us-atlas package's states-10m.json."

    def add_arguments(self, parser):
        parser.add_argument("topojson", type=Path)
        parser.add_argument(
            "--output", type=Path, default=OUTPUT, help=f"Where to write it (default {OUTPUT})."
        )

    def handle(self, *args, topojson, output, **options):
        try:
            topology = json.loads(topojson.read_text())
            states = topology["objects"]["states"]["geometries"]
        except (OSError, ValueError, KeyError) as error:
            raise CommandError(f"{topojson} is not us-atlas's states-10m.json: {error}") from None
        arcs = decoded_arcs(topology)
        outlines = []
        for state in sorted(states, key=lambda state: state["properties"]["name"]):
            if state["id"] in NOT_DRAWN:
                continue
            projection = INSETS.get(state["id"], LOWER_48)
            polygons = state["arcs"] if state["type"] == "MultiPolygon" else [state["arcs"]]
            rings = []
            for polygon in polygons:
                for indexes in polygon:
                    points = [
                        projection.project(lon - 360 if lon > 0 else lon, lat)
                        for lon, lat in ring_points(arcs, indexes)
                    ]
                    xs, ys = [x for x, _ in points], [y for _, y in points]
                    if max(xs) - min(xs) < SMALLEST and max(ys) - min(ys) < SMALLEST:
                        continue
                    rings.append(simplified(points, TOLERANCE))
            data = path_data(rings)
            if data:
                outlines.append({"name": state["properties"]["name"], "path": data})
        svg = render_to_string("maps/us-states.svg", {"width": WIDTH, "height": HEIGHT, "states": outlines})
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(svg + "\n")
        self.stdout.write(
            f"{output}: {len(outlines)} states and territories, {output.stat().st_size:,} bytes"
        )

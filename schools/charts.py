"""The geometry of the comparison's horizontal bar charts; `schools/partials/bar_chart.html` draws
them as inline SVG with every value written as text.

Bars are sized in percent of the chart's width, so the text keeps its real size on a phone
and the bars stretch on a desktop; no JavaScript is involved.
"""

from typing import NamedTuple

from careerguide.core.formats import NOT_REPORTED

ROW_HEIGHT = 46
BAR_HEIGHT = 14
NAME_LIMIT = 44
# The widest bar takes this share of the width, leaving room for the value at the right.
BAR_SPAN = 72


class Bar(NamedTuple):
    label: str  # shortened to fit
    full_label: str
    text: str
    label_y: int
    value_y: int
    known: bool
    bar_y: int = 0
    width: float = 0


class Chart(NamedTuple):
    id: str
    title: str
    height: int
    bar_height: int
    bars: list


def short(name):
    return name if len(name) <= NAME_LIMIT else name[: NAME_LIMIT - 1].rstrip() + "…"


def bar_chart(chart_id, title, rows, scale_max=None):
    """A chart's data: `rows` are (label, value or None, value as text or None); unknown values
    get no bar and say so. Bars are scaled to `scale_max` (default: the largest value)."""
    known = [value for _, value, _ in rows if value is not None]
    top = scale_max if scale_max is not None else max(known, default=0)
    bars = []
    for index, (label, value, text) in enumerate(rows):
        y = index * ROW_HEIGHT
        if value is None:
            bars.append(Bar(short(label), label, text or NOT_REPORTED, y + 15, y + 35, known=False))
            continue
        share = 0 if not top else max(float(value), 0) / float(top)
        width = max(round(share * BAR_SPAN, 2), 0.5 if value else 0)
        bars.append(Bar(short(label), label, text, y + 15, y + 34, True, bar_y=y + 22, width=width))
    return Chart(chart_id, title, ROW_HEIGHT * len(rows) + 8, BAR_HEIGHT, bars)

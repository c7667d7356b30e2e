"""Horizontal bar charts drawn on the server as inline SVG, with every value written as text.

Bars are sized in percent of the chart's width, so the text keeps its real size on a phone
and the bars stretch on a desktop; no JavaScript is involved.
"""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

ROW_HEIGHT = 46
BAR_HEIGHT = 14
NAME_LIMIT = 44


def short(name):
    return name if len(name) <= NAME_LIMIT else name[: NAME_LIMIT - 1].rstrip() + "…"


def bar_chart(chart_id, title, rows, scale_max=None):
    """An SVG bar chart. `rows` are (label, value or None, value as text); unknown values get
    no bar and say so. Bars are scaled to `scale_max` (default: the largest value)."""
    known = [value for _, value, _ in rows if value is not None]
    top = scale_max if scale_max is not None else max(known, default=0)
    height = ROW_HEIGHT * len(rows) + 8
    parts = []
    for index, (label, value, text) in enumerate(rows):
        y = index * ROW_HEIGHT
        parts.append(
            format_html(
                '<text class="chart-label" x="0" y="{}">{}</text>',
                y + 15,
                short(label),
            )
        )
        if value is None:
            parts.append(
                format_html('<text class="chart-value chart-unknown" x="0" y="{}">{}</text>', y + 35, text)
            )
            continue
        share = 0 if not top else max(float(value), 0) / float(top)
        width = max(round(share * 72, 2), 0.5 if value else 0)
        parts.append(
            format_html(
                '<rect class="chart-bar" x="0" y="{}" width="{}%" height="{}" rx="2"></rect>'
                '<text class="chart-value" x="100%" y="{}" text-anchor="end">{}</text>',
                y + 22,
                width,
                BAR_HEIGHT,
                y + 34,
                text,
            )
        )
    description = format_html_join("; ", "{}: {}", ((label, text) for label, _, text in rows))
    return format_html(
        '<figure class="chart"><figcaption id="{id}-title" class="chart-title">{title}</figcaption>'
        '<svg class="bar-chart" role="img" aria-labelledby="{id}-title {id}-desc" width="100%" height="{height}"'
        ' xmlns="http://www.w3.org/2000/svg"><desc id="{id}-desc">{desc}</desc>{body}</svg></figure>',
        id=chart_id,
        title=title,
        height=height,
        desc=description,
        body=mark_safe("".join(parts)),  # each part built with format_html above
    )

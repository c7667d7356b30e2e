"""Horizontal bar charts drawn on the server as inline SVG, with every value written as text.

Bars are sized in percent of the chart's width, so the text keeps its real size on a phone
and the bars stretch on a desktop; no JavaScript is involved.
"""

from html import escape

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
    # Built with str.format over escaped text: a comparison draws five charts of up to ten rows.
    parts = []
    for index, (label, value, text) in enumerate(rows):
        y = index * ROW_HEIGHT
        parts.append(f'<text class="chart-label" x="0" y="{y + 15}">{escape(short(label))}</text>')
        if value is None:
            parts.append(f'<text class="chart-value chart-unknown" x="0" y="{y + 35}">{escape(text)}</text>')
            continue
        share = 0 if not top else max(float(value), 0) / float(top)
        width = max(round(share * 72, 2), 0.5 if value else 0)
        parts.append(
            f'<rect class="chart-bar" x="0" y="{y + 22}" width="{width}%" height="{BAR_HEIGHT}" rx="2"></rect>'
            f'<text class="chart-value" x="100%" y="{y + 34}" text-anchor="end">{escape(text)}</text>'
        )
    description = "; ".join(f"{escape(label)}: {escape(text)}" for label, _, text in rows)
    chart_id = escape(chart_id)
    return mark_safe(  # every text in it escaped above
        f'<figure class="chart"><figcaption id="{chart_id}-title" class="chart-title">{escape(title)}</figcaption>'
        f'<svg class="bar-chart" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" width="100%" height="{height}"'
        f' xmlns="http://www.w3.org/2000/svg"><desc id="{chart_id}-desc">{description}</desc>{"".join(parts)}</svg></figure>'
    )

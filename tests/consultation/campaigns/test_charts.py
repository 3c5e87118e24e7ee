"""The tracking chart outside the browser: marker rows, and the same SVG
rasterized to PNG (as a Word document will embed it)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import translation

from migdev.consultation.campaigns import charts
from migdev.stats.worldmap import svg_to_png

SERIES = [
    (dt.date(2008, 3, 18) + dt.timedelta(days=i), 1, min(64, i // 2))
    for i in range(120)
]


def _chart(lang: str, labels: dict[str, str]) -> str:
    with translation.override(lang):
        return charts.replies_chart_svg(
            SERIES,
            deadline=dt.date(2008, 4, 30),
            reminders=[dt.date(2008, 4, 23), dt.date(2008, 5, 7)],
            title="Replies over time",
            labels=labels,
            rtl=translation.get_language_bidi(),
        )


@pytest.mark.parametrize(
    "xs",
    [
        [100.0, 130.0, 160.0],  # three lines close together
        [100.0, 104.0, 108.0, 112.0],
        [600.0, 690.0, 700.0],  # at the right end: labels turn left
        [100.0, 400.0],  # far apart: one row
    ],
)
def test_marker_labels_share_no_space_and_no_line_crosses_them(xs):
    label = "напоминание"
    placed = charts._lanes([(x, label) for x in xs], right=718, size=10)
    width = charts.text_width(label, 10)
    spans = [
        (at, at + width) if physical == "left" else (at - width, at)
        for _row, at, physical in placed
    ]
    for i, (row_i, _at, _p) in enumerate(placed):
        assert 0 <= spans[i][0] and spans[i][1] <= 718
        for j, (row_j, _at_j, _p_j) in enumerate(placed):
            if i == j:
                continue
            if row_i == row_j:  # same row: apart
                assert spans[i][1] <= spans[j][0] or spans[j][1] <= spans[i][0]
            if row_j > row_i:  # j's line goes down through row i
                assert not spans[i][0] <= xs[j] <= spans[i][1]
    if xs == [100.0, 400.0]:
        assert {row for row, _a, _p in placed} == {0}


@pytest.mark.parametrize("lang", ["ar", "zh-hans", "en"])
def test_the_chart_rasterizes_with_its_labels(lang):
    pytest.importorskip("PIL.Image")
    from PIL import Image

    words = {"deadline": "deadline", "reminder": "reminder", "replies": "replies"}
    if lang == "ar":
        words = {"deadline": "الموعد النهائي", "reminder": "تذكير", "replies": "ردود"}
    elif lang == "zh-hans":
        words = {"deadline": "截止日期", "reminder": "提醒", "replies": "份答复"}
    drawn = svg_to_png(_chart(lang, words), width=720)
    blank = svg_to_png(_chart(lang, dict.fromkeys(words, "")), width=720)
    with Image.open(io.BytesIO(drawn)) as image:
        assert image.size == (charts.WIDTH, charts.HEIGHT)
        drawn_pixels = image.convert("L").tobytes()
    with Image.open(io.BytesIO(blank)) as image:
        assert drawn_pixels != image.convert("L").tobytes()

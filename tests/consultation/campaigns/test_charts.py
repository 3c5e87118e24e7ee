"""The tracking chart outside the browser: the figure in the six languages,
its table of the same numbers, and the same SVG rasterized to PNG (as a Word
document will embed it)."""

from __future__ import annotations

import datetime as dt
import io
import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import translation

from migdev.consultation.campaigns import charts
from migdev.stats.charts import to_png

SVG = "{http://www.w3.org/2000/svg}"
SERIES = [
    (dt.date(2008, 3, 18) + dt.timedelta(days=i), 1, min(64, i * 3 // 5))
    for i in range(120)
]
DEADLINE = dt.date(2008, 4, 30)
REMINDERS = [dt.date(2008, 4, 23), dt.date(2008, 5, 7)]


def _figure(lang: str) -> charts.RepliesFigure:
    with translation.override(lang):
        return charts.replies_figure(SERIES, deadline=DEADLINE, reminders=REMINDERS)


def _texts(svg: str) -> list[ET.Element]:
    return list(ET.fromstring(svg).iter(f"{SVG}text"))


@pytest.mark.parametrize(
    ("lang", "total", "deadline", "april"),
    [
        ("ar", "64 ردًّا", "الموعد النهائي", "نيسان/أبريل 2008"),
        ("zh-hans", "64份答复", "截止日期", "2008年4月"),
        ("en", "64 replies", "Deadline", "April 2008"),
        ("fr", "64 réponses", "Date limite", "avril 2008"),
        ("ru", "64 ответа", "Предельный срок", "апрель 2008 года"),
        ("es", "64 respuestas", "Fecha límite", "abril de 2008"),
    ],
)
def test_the_chart_speaks_the_language(lang, total, deadline, april):
    """The legend gives the total with its plural form and the marked days;
    the months are written in the language; Arabic text reads right to left
    in a drawing whose time still runs left to right."""
    figure = _figure(lang)
    root = ET.fromstring(figure.svg)
    assert root.get("direction") == "ltr"
    words = {t.text: t for t in _texts(figure.svg)}
    assert total in words, sorted(w for w in words if w)
    assert any(w and w.startswith(deadline) for w in words), sorted(
        w for w in words if w
    )
    assert april in words
    if lang == "ar":
        assert words[total].get("direction") == "rtl"
    else:
        assert all(t.get("direction") is None for t in words.values())
    assert "<script" not in figure.svg


def test_the_table_gives_the_numbers_of_the_marked_days():
    figure = _figure("en")
    assert figure.columns == ["Date", "Event", "Replies so far"]
    rows = {row[0]: row[1:] for row in figure.rows}
    assert rows["30 April 2008"] == ["Deadline", "25"]
    assert rows["23 April 2008"] == ["Reminder", "21"]
    assert rows["7 May 2008"] == ["Reminder", "30"]
    assert rows["18 March 2008"] == ["", "0"]  # the first day
    assert rows["1 May 2008"] == ["", "26"]  # each month
    assert rows["15 July 2008"] == ["", "64"]  # the last day
    days = [dt.datetime.strptime(row[0], "%d %B %Y").date() for row in figure.rows]
    assert days == sorted(days) and len(days) == len(set(days))


def test_marked_days_are_drawn_where_they_fall():
    """The deadline's line stands between the two reminders' lines, at the
    share of the chart's days where it falls."""
    root = ET.fromstring(_figure("en").svg)
    plot = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "plot")
    series = [g for g in plot.iter(f"{SVG}g") if "series" in g.get("class", "").split()]
    assert len(series) == 3  # replies, the deadline, the reminders

    def xs(group: ET.Element) -> list[float]:
        found: set[float] = set()
        for path in group.iter(f"{SVG}path"):
            numbers = [
                float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", path.get("d", ""))
            ]
            found.update(numbers[::2])
        return sorted(found)

    line = xs(series[0])
    (deadline,) = xs(series[1])
    early, late = xs(series[2])
    assert early < deadline < late
    share = (DEADLINE - SERIES[0][0]).days / (SERIES[-1][0] - SERIES[0][0]).days
    assert deadline == pytest.approx(line[0] + share * (line[-1] - line[0]), abs=1)


def test_a_campaign_without_replies_yet_has_a_chart():
    with translation.override("en"):
        figure = charts.replies_figure([], deadline=DEADLINE, reminders=REMINDERS)
    assert "0 replies" in {t.text for t in _texts(figure.svg)}
    assert figure.rows == [["30 April 2008", "Deadline", "0"]]


@pytest.mark.parametrize("lang", ["ar", "zh-hans", "en"])
def test_the_chart_rasterizes_with_its_labels(lang):
    pytest.importorskip("PIL.Image")
    from PIL import Image

    figure = _figure(lang)
    png = to_png(figure.svg)
    with Image.open(io.BytesIO(png)) as image:
        assert image.size[0] == 720
        pixels = image.convert("L").tobytes()
    # Dark pixels: the line, the axes and the words are drawn.
    assert sum(1 for p in pixels if p < 100) > 2000

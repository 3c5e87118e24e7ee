"""The portal's public pages: profiles in the six languages with each chart's
numbers as a table, its release cited and its downloads; regions and
groups; the comparison; the world map. Every number checked here is one the
fixtures (tests/portal/conftest.py) wrote."""

from __future__ import annotations

import re
import struct
import xml.etree.ElementTree as ET

import pytest
from django.test import Client

from migdev.indicators import services
from tests.portal.conftest import make_release

pytestmark = pytest.mark.django_db

LANGUAGES = {
    "en": "",
    "fr": "/fr",
    "es": "/es",
    "ru": "/ru",
    "zh-hans": "/zh-hans",
    "ar": "/ar",
}
NAMES = {
    "en": "France",
    "fr": "France",
    "es": "Francia",
    "ru": "Франция",
    "zh-hans": "法国",
    "ar": "فرنسا",
}


@pytest.fixture
def client() -> Client:
    return Client()


def _tables(html: str) -> dict[str, list[list[str]]]:
    """Each figure's table, by figure key: rows of cell texts."""
    found: dict[str, list[list[str]]] = {}
    for key, body in re.findall(
        r'<section class="portal-figure" id="fig-([a-z_]+)".*?<tbody>(.*?)</tbody>',
        html,
        re.S,
    ):
        found[key] = [
            [
                re.sub(r"<[^>]+>", "", cell).strip()
                for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
            ]
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
        ]
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_profile_in_every_language(client, published, language) -> None:
    response = client.get(f"{LANGUAGES[language]}/portal/areas/FRA/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<h1>{NAMES[language]}</h1>" in html
    assert ('dir="rtl"' in html) == (language == "ar")
    tables = _tables(html)
    assert {
        "stock",
        "share_of_population",
        "sex_ratio",
        "age_sex",
        "origins",
        "refugees",
    } <= set(tables)
    # Each chart is an inline SVG in the page's language, with its style
    # allowed by the page's nonce.
    svgs = re.findall(r"<svg\b[^>]*>", html)
    assert len(svgs) >= 6
    lang_attr = {"zh-hans": "zh-Hans"}.get(language, language)
    assert all(f'xml:lang="{lang_attr}"' in tag for tag in svgs)
    assert re.search(r'<style nonce="[^"]+"', html)


def test_profile_numbers_cite_and_download(client, published) -> None:
    stock, _flows = published
    html = client.get("/portal/areas/FRA/").content.decode()
    tables = _tables(html)
    assert tables["stock"] == [
        ["2010", "7,000", "6,500", "7,500"],
        ["2020", "8,500", "8,000", "9,000"],
    ]
    assert tables["share_of_population"] == [["2010", "10.9%"], ["2020", "13.1%"]]
    # 4,000 men and 4,500 women in 2020.
    assert ["2020", "4,000", "4,500", "88.9"] in tables["sex_ratio"]
    # Men 0-14: 500 of the 8,500 migrants of known age and sex; the whole
    # population's men 0-14: 6,000 of 66,000.
    assert tables["age_sex"][0] == ["0-14", "5.9", "5.3", "9.1", "8.8"]
    # Origins: countries only (2003 is an aggregate), largest first.
    origins = [row[0] for row in tables["origins"]]
    assert origins == ["Algeria", "Morocco", "Spain"]
    assert tables["origins"][0][1:] == ["1,500", "54.5%"]
    # The release is cited and the numbers can be downloaded.
    assert stock.identifier in html
    assert f"/api/v1/releases/{stock.identifier}" in html
    assert (
        "/api/v1/data?area=FRA&amp;indicator=migrant_stock&amp;format=xlsx&amp;lang=en"
        in html
    )
    assert 'href="/portal/areas/FRA/charts/stock.png"' in html


def _source_lines(html: str) -> list[str]:
    """The text of each figure's source line, tags taken out."""
    return [
        re.sub(r"<[^>]+>", "", body)
        for body in re.findall(r'<p class="portal-source">(.*?)</p>', html, re.S)
    ]


def test_chinese_sentences_take_no_space_after_the_full_stop(client, published):
    """Two sentences side by side: "。" then the next one at once in Chinese;
    a space in the other languages (Language.sentence_separator)."""
    lines = _source_lines(client.get("/zh-hans/portal/areas/FRA/").content.decode())
    assert lines and all("。" in line for line in lines)
    assert not any(re.search(r"。\s", line) for line in lines)
    english = _source_lines(client.get("/portal/areas/FRA/").content.decode())
    assert english and all(". Release “" in line for line in english)


def test_french_numbers_and_arabic_charts(client, published) -> None:
    html = client.get("/fr/portal/areas/FRA/").content.decode()
    assert ["2020", "8\u202f500", "8\u202f000", "9\u202f000"] in [
        [cell.replace("\xa0", "\u202f") for cell in row]
        for row in _tables(html)["stock"]
    ]
    html = client.get("/ar/portal/areas/FRA/").content.decode()
    svg = re.search(r"<svg\b.*?</svg>", html, re.S)
    assert svg is not None
    root = ET.fromstring(svg.group(0))
    assert root.get("direction") == "ltr"
    arabic = [
        t
        for t in root.iter("{http://www.w3.org/2000/svg}text")
        if re.search("[\u0600-\u06ff]", "".join(t.itertext()))
    ]
    assert arabic and all(t.get("direction") == "rtl" for t in arabic)


def test_remittances_and_costs_against_the_target(client, published) -> None:
    html = client.get("/portal/areas/MAR/").content.decode()
    tables = _tables(html)
    assert tables["remittances"] == [["2022", "11,200.0", "100.0"]]
    costs = {row[0]: row[1:] for row in tables["corridor_costs"]}
    # The arrow stays with the origin: a no-break space before it.
    assert costs["Spain\u00a0→ Morocco"] == ["2024Q2", "6.00%", "yes"]
    assert costs["France\u00a0→ Morocco"] == ["2024Q2", "2.50%", "no"]
    assert "SDG target 10.c: 3%" in html


def test_region_page(client, published) -> None:
    response = client.get("/portal/areas/002/")
    assert response.status_code == 200
    html = response.content.decode()
    assert _tables(html)["stock"] == [["2010", "20,000"], ["2020", "25,000"]]
    assert "Profile of a region" in html
    # Its countries link to their profiles.
    assert 'href="/portal/areas/MAR/"' in html


def test_unknown_area_is_404(client, published) -> None:
    assert client.get("/portal/areas/XYZ/").status_code == 404


def test_chart_images(client, published) -> None:
    png = client.get("/zh-hans/portal/areas/FRA/charts/age_sex.png")
    assert png.status_code == 200 and png["Content-Type"] == "image/png"
    assert png.content[:8] == b"\x89PNG\r\n\x1a\n"
    svg = client.get("/ar/portal/areas/FRA/charts/stock.svg")
    assert svg.status_code == 200
    assert (
        ET.fromstring(svg.content).get("{http://www.w3.org/XML/1998/namespace}lang")
        == "ar"
    )
    assert client.get("/portal/areas/FRA/charts/nothing.png").status_code == 404


def test_compare_side_by_side(client, published) -> None:
    response = client.get("/portal/compare/?area=FRA&area=MAR")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('<th scope="col"><a href="/portal/areas/') == 2
    assert "8,500" in html and "(2020)" in html
    assert "/api/v1/data?area=FRA%2CMAR&amp;indicator=migrant_share" in html
    # Comma-separated is the same.
    assert client.get("/portal/compare/?area=FRA,MAR").status_code == 200


def test_compare_refuses_unknown_and_too_many(client, published) -> None:
    response = client.get("/portal/compare/?area=FRA&area=QQQ")
    assert response.status_code == 400
    assert "QQQ" in response.content.decode()
    many = "&".join(
        f"area={c}" for c in ["FRA", "MAR", "ESP", "DZA", "DEU", "ITA", "BEL"]
    )
    response = client.get(f"/portal/compare/?{many}")
    assert response.status_code == 400
    assert "at most 6" in response.content.decode()


@pytest.fixture
def shares(published, secretariat):
    """Migrant shares of thirty countries in 2020 (a release of its own)."""
    m49 = [
        4,
        8,
        12,
        20,
        24,
        32,
        36,
        40,
        50,
        56,
        76,
        124,
        156,
        170,
        208,
        246,
        276,
        300,
        356,
        360,
        380,
        392,
        484,
        504,
        566,
        578,
        643,
        710,
        724,
        840,
    ]
    rows = [
        (
            "migrant_share",
            code,
            "2020",
            "_T",
            "_T",
            None,
            None,
            float(i) * 2.5 + 0.5,
            None,
        )
        for i, code in enumerate(m49)
    ] + [("migrant_share", 492, "2020", "_T", "_T", None, None, 68.0, None)]
    release = make_release("test-shares", rows)
    services.release_publish(actor=secretariat, release=release)
    return release


def test_world_map_of_the_migrant_share(client, shares) -> None:
    response = client.get("/portal/map/")
    assert response.status_code == 200
    html = response.content.decode()
    svg = re.search(r'<figure class="portal-map"[^>]*>(.*)</figure>', html, re.S)
    assert svg is not None
    root = ET.fromstring(svg.group(1))
    areas = {
        g.get("class", "").split()[0]: g
        for g in root.iter("{http://www.w3.org/2000/svg}g")
        if "map-element" in g.get("class", "").split()
    }
    # Every area is a keyboard stop labelled with its name and value.
    assert areas["fr"].get("tabindex") == "0"
    assert areas["fr"].get("aria-label") == "France: 13.1%"
    assert areas["us"].get("aria-label") == "United States of America: 73.0%"
    assert areas["br"].get("data-class") != "none"
    assert areas["gl"].get("data-class") == "none"
    texts = [
        "".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")
    ]
    assert any(t.startswith("Class breaks: quantiles") for t in texts)
    # Monaco is too small to see: listed with its value.
    assert any("Monaco 68.0%" in t for t in texts)
    assert any("United Nations" in t for t in texts)  # the disclaimer
    # The values as a table, linking to the profiles.
    assert (
        '<a href="/portal/areas/FRA/">France</a></th><td class="num">13.1%</td>' in html
    )
    assert "/static/portal/map.js" in html


def test_world_map_choices_and_errors(client, shares) -> None:
    response = client.get(
        "/fr/portal/map/?indicator=migrant_share&year=2020&method=jenks"
    )
    assert response.status_code == 200
    assert "Seuils des classes : seuils naturels de Jenks" in response.content.decode()
    # A country without a value is named in the language too.
    assert 'aria-label="Groenland\u00a0: ' in response.content.decode()
    bad = client.get("/portal/map/?indicator=nothing")
    assert bad.status_code == 400
    assert 'data-parameter="indicator"' in bad.content.decode()
    bad = client.get("/portal/map/?indicator=migrant_share&year=1066")
    assert bad.status_code == 400 and "1066" in bad.content.decode()
    bad = client.get("/portal/map/?method=equal")
    assert bad.status_code == 400 and "jenks" in bad.content.decode()


def test_world_map_images(client, shares) -> None:
    png = client.get("/ar/portal/map.png?indicator=migrant_share&year=2020")
    assert png.status_code == 200 and png.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">I", png.content[16:20])[0] == 1200
    svg = client.get("/portal/map.svg?indicator=migrant_share")
    assert svg.status_code == 200 and b"France: 13.1%" in svg.content
    assert client.get("/portal/map.svg?indicator=nothing").status_code == 400


def test_portal_is_public_and_in_the_navigation(client, published) -> None:
    home = client.get("/portal/")
    assert home.status_code == 200
    html = home.content.decode()
    assert 'href="/portal/areas/FRA/"' in html
    assert 'href="/portal/areas/002/"' in html
    site = client.get("/").content.decode()
    assert re.search(r'<nav class="site-nav".*?href="/portal/"', site, re.S)

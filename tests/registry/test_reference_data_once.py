"""Reference data that is data lives in the registry's tables, once
(issue: the member list once hard-coded in ``migdev.stats.worldmap``)."""

from __future__ import annotations

import ast
import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from migdev.registry import selectors
from migdev.stats import worldmap

SRC = Path(__file__).resolve().parents[2] / "src" / "migdev"
SVG = "{http://www.w3.org/2000/svg}"
#: Three or more ISO 3166-1 / M49 codes in a row make a table of countries.
_CODE = re.compile(r"^(?:[A-Z]{2,3}|\d{3})$")
MAX_CODES = 12


def _fills(svg: str) -> dict[str, str]:
    fills = {}
    for g in ET.fromstring(svg).iter(f"{SVG}g"):
        classes = g.get("class", "").split()
        if "map-element" in classes:
            style = dict(i.split(":", 1) for i in g.get("style", "").split(";") if i)
            fills[classes[0].upper()] = style["fill"]
    return fills


def _codes_on(day: dt.date) -> list[str]:
    """The recipients of a letter of ``day``, as the map draws them."""
    return [c.iso2 for c in selectors.states_on(day)]


@pytest.mark.django_db
def test_the_map_of_2008_is_drawn_from_the_registry():
    """On the day of the 2008 letter the registry gives 192 Member States, the
    Holy See and Palestine; South Sudan, not yet a State, is no recipient."""
    recipients = _codes_on(dt.date(2008, 3, 18))
    assert len(recipients) == 194
    svg = worldmap.response_map_svg(["FR", "MX"], recipients=recipients)
    fills = _fills(svg)
    assert fills["FR"] == fills["MX"] == worldmap.REPLIED_FILL
    assert fills["EG"] == fills["VA"] == fills["PS"] == worldmap.NOT_REPLIED_FILL
    assert fills["SS"] == fills["GL"] == worldmap.NON_RECIPIENT_FILL
    today = _codes_on(dt.date(2026, 1, 1))
    assert _fills(worldmap.response_map_svg([], recipients=today))["SS"] == (
        worldmap.NOT_REPLIED_FILL
    )


def _code_tables(path: Path) -> list[str]:
    """Literals in a module that list more than MAX_CODES country or region
    codes: a tuple/list/set of strings, or a string of codes split on spaces."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        codes: list[str] = []
        if isinstance(node, ast.Tuple | ast.List | ast.Set):
            codes = [
                e.value
                for e in node.elts
                if isinstance(e, ast.Constant) and isinstance(e.value, str)
            ]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            codes = node.value.split()
        codes = [c for c in codes if _CODE.match(c)]
        if len(codes) > MAX_CODES:
            found.append(f"{path.relative_to(SRC)}:{node.lineno}: {len(codes)} codes")
    return found


def test_no_table_of_countries_in_the_code():
    """Lists of States (members, language of correspondence, regions) are the
    registry's data (registry/data/*.csv), not literals in a module."""
    tables = []
    for path in sorted(SRC.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tables += _code_tables(path)
    assert tables == []


@pytest.mark.django_db
def test_the_language_of_correspondence_is_the_registrys():
    """Arabic for the League of Arab States, then French, Spanish, Russian and
    Chinese where the State uses them officially; English otherwise — read
    from the registry's table, which a campaign's letter follows."""
    from migdev.consultation.campaigns.roster import language_default
    from migdev.registry.models import Country

    expected = {
        "EGY": "ar",
        "MAR": "ar",
        "FRA": "fr",
        "SEN": "fr",
        "MEX": "es",
        "KAZ": "ru",
        "CHN": "zh-hans",
        "USA": "en",
        "JPN": "en",
    }
    countries = Country.objects.in_bulk(list(expected), field_name="iso3")
    assert {
        iso3: selectors.correspondence_language(c) for iso3, c in countries.items()
    } == expected
    assert language_default(countries["EGY"]) == "ar"
    assert Country.objects.exclude(correspondence_language="").count() == 71
    Country.objects.filter(iso3="EGY").update(correspondence_language="fr")
    assert language_default(Country.objects.get(iso3="EGY")) == "fr"

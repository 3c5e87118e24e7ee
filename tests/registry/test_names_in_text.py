"""A State's short name inside an English sentence takes the article the
United Nations writes before it ("the Philippines"); other names and other
languages are the short name."""

import datetime as dt

import pytest

from migdev.registry.models import Country
from migdev.registry.selectors import country_name, country_name_in_text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("iso3", "day", "language", "expected"),
    [
        ("PHL", None, "en", "the Philippines"),
        ("USA", None, "en", "the United States of America"),
        ("BEL", None, "en", "Belgium"),
        ("PHL", None, "fr", "Philippines"),
        ("PHL", None, "zh-hans", "菲律宾"),
        # the article follows the name of the day: "the Czech Republic" in
        # 2008, "Czechia" today
        ("CZE", dt.date(2008, 7, 15), "en", "the Czech Republic"),
        ("CZE", None, "en", "Czechia"),
    ],
)
def test_name_in_text(iso3, day, language, expected):
    country = Country.objects.get(iso3=iso3)
    assert country_name_in_text(country, day, language) == expected
    assert country_name(country, day, language) == expected.removeprefix("the ")

"""The fields the demo report's ¶4, ¶12, ¶15–17, ¶48–51 and ¶70 need: the
High-level Dialogue, the meetings and their civil-society days, the chairs,
the Steering Group and the funds' amounts, each written as the language
writes it, following the data and the build's day."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from migdev.cooperation import selectors as cooperation
from migdev.forum import selectors as forum
from migdev.reports.fields import Context, FieldError, resolve
from migdev.reports.sources.wording import format_amount, format_day_count, format_days

DAY = dt.date(2008, 7, 15)
NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "€15 million"),
        ("fr", "15 millions d’euros"),
        ("es", "15 millones de euros"),
        ("ru", "15 млн. евро"),
        ("zh-hans", f"1{NBSP}500 万欧元"),
        ("ar", "15 مليون يورو"),
    ],
)
def test_an_amount_in_millions_as_un_documents_write_it(language, expected):
    assert format_amount(Decimal("15000000.00"), "EUR", language) == expected


def test_amounts_follow_number_and_currency():
    assert format_amount(Decimal("1000000"), "EUR", "fr") == "1 million d’euros"
    assert format_amount(Decimal("1000000"), "EUR", "es") == "1 millón de euros"
    assert format_amount(Decimal("2500000"), "USD", "en") == "$2.5 million"
    assert format_amount(Decimal("2500000"), "EUR", "fr") == "2,5 millions d’euros"
    assert (
        format_amount(Decimal("2500000"), "USD", "fr")
        == "2,5 millions de dollars des États-Unis"
    )
    assert format_amount(Decimal("10000000"), "EUR", "ar") == "10 ملايين يورو"
    assert format_amount(Decimal("3000000"), "CHF", "en") == "CHF 3 million"
    assert format_amount(Decimal("600000"), "EUR", "en") == "€600,000"
    assert format_amount(Decimal("600000"), "EUR", "fr") == f"600{NBSP}000 euros"
    assert format_amount(Decimal("600000"), "EUR", "zh-hans") == "60 万欧元"
    assert format_amount(Decimal("150000000"), "USD", "zh-hans") == "1.5 亿美元"


def test_spans_of_days():
    start, end = dt.date(2006, 9, 14), dt.date(2006, 9, 15)
    assert format_days(start, end, "en") == "14 and 15 September 2006"
    assert format_days(start, end, "fr") == "14 et 15 septembre 2006"
    assert format_days(start, end, "es") == "14 y 15 de septiembre de 2006"
    assert format_days(start, end, "ru") == "14 и 15 сентября 2006 года"
    assert format_days(start, end, "zh-hans") == "2006年9月14日和15日"
    assert format_days(start, start, "en") == "14 September 2006"
    assert (
        format_days(dt.date(2008, 9, 30), dt.date(2008, 10, 2), "en")
        == "30 September–2 October 2008"
    )
    assert format_days(dt.date(2008, 10, 27), dt.date(2008, 10, 29), "en") == (
        "27–29 October 2008"
    )


def test_lengths_in_days():
    assert [format_day_count(n, "en") for n in (1, 2, 12)] == [
        "one day",
        "two days",
        "12 days",
    ]
    assert format_day_count(2, "zh-hans") == "两天"
    assert format_day_count(2, "fr") == "deux jours"
    assert format_day_count(2, "es") == "dos días"
    assert [format_day_count(n, "ru") for n in (1, 2, 5)] == [
        "один день",
        "два дня",
        "пять дней",
    ]


def value(name: str, language: str = "en", day: dt.date = DAY, **args: str):
    return resolve(name, args, Context(language=language, as_of=day), "para")


def test_the_fields_over_the_demo_data(demo):
    # One test: loading the demo data takes a while.
    check_forum_fields()
    check_forum_refusals()
    check_fund_amounts()


def check_forum_fields():
    dialogue = value("forum.dialogue", dialogue="hld-2006", what="states")
    assert (dialogue.text, dialogue.comparable) == ("132", 132)
    assert "forum.selectors.dialogue_get" == dialogue.provenance.query
    assert value(
        "forum.dialogue", "zh-hans", dialogue="hld-2006", what="days"
    ).text == ("2006年9月14日和15日")
    assert value("forum.meeting", "fr", edition="2", what="theme").text == (
        "Protéger et autonomiser les migrants pour le développement"
    )
    organizer = value(
        "forum.meeting", "es", edition="2", what="civil_society_organizer"
    )
    assert (organizer.text, organizer.comparable) == (
        "Fundación Ayala",
        "ayala-foundation",
    )
    assert value(
        "forum.meeting", "en", edition="2", what="civil_society_length"
    ).text == ("two days")
    assert value("forum.chair", "fr", year="2010").text == "Argentine"
    assert value("forum.chair", edition="3").comparable == "GRC"
    size = value("forum.steering_group")
    assert size.comparable == forum.steering_group(DAY).size
    assert len(size.provenance.records) == size.comparable


def check_forum_refusals():
    with pytest.raises(FieldError, match="no Dialogue hld-1999"):
        value("forum.dialogue", dialogue="hld-1999", what="days")
    with pytest.raises(FieldError, match="had not taken place on 2006-09-01"):
        value(
            "forum.dialogue", day=dt.date(2006, 9, 1), dialogue="hld-2006", what="days"
        )
    with pytest.raises(FieldError, match="no chair of the Forum is recorded in 2030"):
        value("forum.chair", year="2030")
    with pytest.raises(FieldError, match="either year= or edition="):
        value("forum.chair")
    with pytest.raises(FieldError, match="what is one of"):
        value("forum.meeting", edition="2", what="colour")


def check_fund_amounts():
    amount = value("cooperation.fund", "zh-hans", fund="ecowas-spain-fund")
    assert amount.text == f"1{NBSP}000 万欧元"
    assert amount.comparable == {"amount": "10000000", "currency": "EUR"}
    fund = cooperation.fund_get("ecowas-spain-fund")
    fund.amount = Decimal("12500000")
    fund.save(update_fields=["amount"])
    assert value("cooperation.fund", "fr", fund="ecowas-spain-fund").text == (
        "12,5 millions d’euros"
    )
    # Announced in July 2008: a build as of June gives the amount and says so.
    june = value("cooperation.fund", day=dt.date(2008, 6, 30), fund="ecowas-spain-fund")
    assert june.provenance.note == "announced on 2008-07-01, after the build's day"
    assert amount.provenance.note == ""
    with pytest.raises(FieldError, match="there is no fund nowhere"):
        value("cooperation.fund", fund="nowhere")
    committed = value(
        "cooperation.fund", fund="acp-migration-facility", what="committed"
    )
    assert committed.text == "€25 million"
    early = value(
        "cooperation.fund",
        day=dt.date(2008, 3, 1),
        fund="acp-migration-facility",
        what="committed",
    )
    assert early.comparable["amount"] == "0"

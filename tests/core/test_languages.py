"""The language module: one definition of the six languages, and dates written
as the UN's documents write them, on pages, in e-mails and on maps."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation

from migdev import languages
from migdev.core import i18n

SRC = Path(__file__).resolve().parents[2] / "src" / "migdev"
APRIL_30 = dt.date(2008, 4, 30)


@pytest.mark.parametrize(
    "code,expected",
    [
        ("ar", "30 نيسان/أبريل 2008"),
        ("zh-hans", "2008年4月30日"),
        ("en", "30 April 2008"),
        ("fr", "30 avril 2008"),
        ("ru", "30 апреля 2008 года"),
        ("es", "30 de abril de 2008"),
    ],
)
def test_un_dates_in_six_languages(code, expected):
    assert languages.format_date(APRIL_30, code) == expected
    assert i18n.un_date(APRIL_30, code) == expected
    with translation.override(code):
        rendered = Template("{{ day|un_date }}").render(Context({"day": APRIL_30}))
    assert rendered == expected


def test_un_date_details():
    assert languages.format_date(dt.date(2008, 5, 1), "fr") == "1er mai 2008"
    assert languages.format_date(dt.date(2011, 7, 14), "ar") == "14 تموز/يوليه 2011"
    assert languages.format_date(dt.date(2008, 6, 5), "ar") == "5 حزيران/يونيه 2008"
    assert languages.format_month(APRIL_30, "ru") == "апрель 2008 года"
    assert languages.format_month(APRIL_30, "zh") == "2008年4月"
    moment = dt.datetime(2008, 4, 30, 23, 30, tzinfo=dt.UTC)
    assert i18n.un_datetime(moment, "en") == "30 April 2008, 23:30"
    assert i18n.un_date(None) == "" and i18n.un_date("2008-04-30", "es").startswith(
        "30"
    )


def test_chinese_is_one_code_whatever_the_spelling():
    for spelling in ("zh", "zh-hans", "zh_Hans", "ZH-CN", "zh-Hans"):
        assert languages.normalize(spelling) == "zh-hans"
    chinese = languages.get("zh")
    assert (chinese.bcp47, chinese.locale, chinese.native_name) == (
        "zh-Hans",
        "zh_Hans",
        "中文",
    )
    assert [x.direction for x in languages.LANGUAGES].count("rtl") == 1
    assert languages.get("ar").bidi
    with pytest.raises(languages.UnknownLanguage, match="use one of ar, zh-hans"):
        languages.normalize("de")


def test_six_is_keyword_only_and_keyed_by_canonical_codes():
    with pytest.raises(TypeError):
        languages.six("a", "b", "c", "d", "e", "f")  # type: ignore[misc]
    values = languages.six(ar="a", zh="z", en="e", fr="f", ru="r", es="s")
    assert tuple(values) == languages.CODES and values["zh-hans"] == "z"
    text = i18n.LocalizedText.six(ar="a", zh="z", en="e", fr="f", ru="r", es="s")
    assert text.get_text("zh") == "z"


def test_settings_and_catalogs_use_the_module():
    from django.conf import settings

    assert [code for code, _ in settings.LANGUAGES] == list(languages.CODES)
    for language in languages.LANGUAGES:
        po = SRC / "locale" / language.locale / "LC_MESSAGES" / "django.po"
        header = po.read_text(encoding="utf-8").split("\n\n", 1)[0]
        found = re.search(r"Plural-Forms: (.*?)\\n", header.replace('"\n"', ""))
        assert found, po
        assert found.group(1).replace(" ", "") == language.plural_forms.replace(
            " ", ""
        ), language.code


def test_plural_categories():
    assert languages.plural_category(7, "ar") == "few"
    assert languages.plural_category(11, "ar") == "many"
    assert languages.plural_category(21, "ru") == "one"
    assert languages.plural_category(5, "zh-hans") == "other"


def test_the_module_imports_no_django():
    code = "import sys, migdev.languages, migdev.stats.quantifiers; print('django' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


def test_no_page_or_module_uses_django_date_formats():
    """Django's formats are not the UN's (English "April 30, 2008", roster
    "04/30/2008", Russian "30 апреля 2008 г."): dates go through un_date."""
    offenders = []
    for path in SRC.rglob("*"):
        if path.suffix not in {".html", ".txt", ".py"} or "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        for pattern in (
            r"date:\s*[\"']\w*DATE\w*FORMAT",
            r"formats\.date_format",
            r"\|\s*naturalday",
        ):
            if re.search(pattern, text):
                offenders.append(f"{path.relative_to(SRC)}: {pattern}")
    assert offenders == []


@pytest.mark.django_db
def test_roster_shows_un_dates_not_mm_dd_yyyy(client, make_user):
    from migdev.consultation.campaigns.models import Recipient
    from tests.consultation.factories import make_campaign

    campaign = make_campaign(recipients=("FRA", "MEX"))
    Recipient.objects.filter(campaign=campaign, country__iso3="FRA").update(
        status="submitted", completed_at=dt.datetime(2008, 4, 10, 12, tzinfo=dt.UTC)
    )
    client.force_login(make_user(make_user.SECRETARIAT))
    page = client.get(f"/consultations/campaigns/{campaign.pk}/").content.decode()
    assert "10 April 2008" in page
    assert "04/10/2008" not in page
    page = client.get(f"/ru/consultations/campaigns/{campaign.pk}/").content.decode()
    assert "10 апреля 2008 года" in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    "iso3,expected",
    [
        ("RUS", "30 апреля 2008 года."),
        ("EGY", "30 نيسان/أبريل 2008"),
        ("CHN", "2008年4月30日"),
        ("MEX", "30 de abril de 2008"),
    ],
)
def test_e_mails_carry_un_dates(iso3, expected):
    from migdev.consultation.campaigns.mail import (
        invitation_compose,
        reminder_compose,
    )
    from tests.consultation.factories import make_campaign

    campaign = make_campaign(recipients=(iso3,))
    recipient = campaign.recipients.get()
    invitation = invitation_compose(recipient, "https://example.org/r/x")
    assert expected.rstrip(".") in invitation.subject
    assert expected in invitation.text and expected in invitation.html
    reminder = reminder_compose(recipient, None, before_deadline=True)
    assert expected.rstrip(".") in reminder.text
    assert "г.." not in invitation.text + reminder.text


@pytest.mark.django_db
def test_map_title_has_the_un_date():
    from migdev.consultation.campaigns.maps import response_map
    from tests.consultation.factories import make_campaign

    campaign = make_campaign(recipients=("FRA",))
    assert (
        "30 апреля 2008 года"
        in response_map(campaign, as_of=APRIL_30, language="ru").title
    )


def test_label_colon_as_each_language_writes_it():
    from django.template import Context, Template
    from django.utils import translation

    written = {}
    for code in ("zh-hans", "fr", "en", "ar"):
        with translation.override(code):
            written[code] = Template("France{% label_colon %}12").render(Context())
    assert written == {
        "zh-hans": "France：12",
        "fr": "France\u00a0: 12",
        "en": "France: 12",
        "ar": "France: 12",
    }

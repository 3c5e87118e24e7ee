"""Sentences with a country name need no agreement the language cannot give:
the name stands in apposition ("the State (France)", «государство (Франция)»)
or in a label ("Reply: France"), and the demo's replies speak in the first
person. Numbers agree with their nouns; labels say what they choose."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.urls import reverse
from django.utils import translation

from migdev import languages

LOCALE = Path(languages.__file__).parent / "locale"
NAME = r"%\((state|country)\)s"


def _messages(language):
    path = LOCALE / language.locale / "LC_MESSAGES" / "django.po"
    with path.open("rb") as handle:
        for message in read_po(handle):
            if not message.id:
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = (
                message.string
                if isinstance(message.string, tuple)
                else (message.string,)
            )
            yield ids, strings


# Patterns that put a State's name where its form would have to change:
# a verb agreeing with it, an article or case it would take.
WRONG = {
    "en": [rf"^{NAME} [a-z]+", rf"\bof {NAME}", rf"{NAME}'s\b"],
    "fr": [rf"\b(de|du|des|Gouvernement de) {NAME}"],
    "ru": [
        rf"{NAME} (не )?[а-я]+(ло|ла|ли|л)\b",
        rf"(Правительство|государства) {NAME}",
    ],
    "es": [rf"\b(El Gobierno de|del) {NAME}"],
}


@pytest.mark.parametrize("code", ["en", "fr", "ru", "es"])
def test_catalog_sentences_need_no_agreement_with_a_states_name(code):
    language = languages.get(code)
    problems = []
    for ids, strings in _messages(language):
        texts = ids if code == "en" else strings
        for text in texts:
            for pattern in WRONG[code]:
                if re.search(pattern, text or ""):
                    problems.append(f"{pattern}: {text[:80]}")
    assert problems == []


@pytest.mark.parametrize(
    "language,state",
    [
        ("en", "Philippines"),
        ("fr", "Cameroun"),
        ("ru", "Франция"),
        ("es", "Estados Unidos de América"),
        ("ar", "الفلبين"),
        ("zh-hans", "菲律宾"),
    ],
)
def test_demo_replies_speak_in_the_first_person(language, state):
    """ "Philippines welcomes", «Le Gouvernement de Cameroun», «Правительство
    Франция»: the demo's answers no longer put the State's name in a sentence."""
    from migdev.consultation.responses.demo import compose_answers

    for seed in range(40):
        for stance in ("useful", "sole", "no_view"):
            answers = compose_answers(
                stance=stance, language=language, state=state, rng=random.Random(seed)
            )
            for value in answers.values():
                text = value if isinstance(value, str) else str(value)
                assert state not in text
                assert "{state}" not in text


@pytest.mark.parametrize(
    "offset,expected",
    [
        (7, "+7 أيام"),
        (11, "+11 يوما"),
        (2, "+2 يومين"),
        (-3, "-3 أيام"),
        (100, "+100 يوم"),
    ],
)
def test_arabic_days_agree_with_the_number(offset, expected):
    from django.utils.translation import ngettext

    with translation.override("ar"):
        text = ngettext(
            "Reminders %(offset)+d day from the deadline have been sent already: "
            "keep that day in the plan.",
            "Reminders %(offset)+d days from the deadline have been sent already: "
            "keep that day in the plan.",
            abs(offset),
        ) % {"offset": offset}
    assert expected in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    "prefix,expected,wrong",
    [
        ("/ru", "Язык сводной таблицы для скачивания", "в формате"),
        ("/ar", "لغة جدول الحصر المراد تنزيله", "بصيغة"),
        ("", "Language of the tally to download", None),
    ],
)
def test_download_language_selectors_say_language(
    client, make_user, prefix, expected, wrong
):
    from tests.consultation.factories import make_campaign

    campaign = make_campaign(recipients=("FRA",))
    client.force_login(make_user(make_user.SECRETARIAT))
    html = client.get(
        prefix + reverse("analysis:tally", kwargs={"pk": campaign.pk})
    ).content.decode()
    label = re.search(r'<label for="tally-lang">(.*?)</label>', html).group(1)
    assert label == expected
    if wrong:
        assert wrong not in html


@pytest.mark.django_db
def test_russian_page_about_a_feminine_state_agrees(client, make_user):
    """«Франция не представило» was the old wording; now the verb agrees
    with «государство»."""
    from migdev.consultation.analysis.services import NO_REPLY

    with translation.override("ru"):
        text = str(NO_REPLY) % {"state": "Франция"}
    assert text.startswith("Это государство (Франция) не представило ответ")

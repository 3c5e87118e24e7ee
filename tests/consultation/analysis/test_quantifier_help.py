"""The tally's help text quotes the phrases the tally itself uses."""

from __future__ import annotations

import pytest
from django.urls import reverse

from migdev.stats.quantifiers import describe
from tests.consultation.factories import make_campaign

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "prefix,expected,wrong",
    [
        ("/zh-hans", "“几乎所有”、“只有三个”、“六分之一”", "仅三个"),
        ("/ru", "«почти все», «только три», «шестая часть»", "одна шестая"),
        ("/ar", "«جميعها تقريبا»، «ثلاث فقط»، «السدس»", "الجميع تقريبا"),
        ("/fr", "«\u00a0presque tous\u00a0», «\u00a0trois seulement\u00a0»", None),
        ("", "“almost all”, “only three”, “one sixth”", None),
    ],
)
def test_help_text_and_module_agree(client, secretariat, prefix, expected, wrong):
    campaign = make_campaign(recipients=("FRA",))
    client.force_login(secretariat)
    url = prefix + reverse("analysis:tally", kwargs={"pk": campaign.pk})
    html = client.get(url).content.decode()
    assert expected in html
    if wrong:
        assert wrong not in html
    language = prefix.strip("/") or "en"
    assert describe(3, 64, language) in html

"""Lists on the pages are written as each language writes them: Arabic
separates items with "،" and the parts of a parenthesis with "؛", Chinese
with "、" and "；"; the other languages with "," and ";"."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from migdev import languages
from migdev.registry.models import Organization
from migdev.unsystem import services

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "code, comma, semicolon",
    [("ar", "أ، ب", "أ؛ ب"), ("zh-hans", "甲、乙", "甲；乙"), ("fr", "a, b", "a; b")],
)
def test_each_language_joins_its_lists(code, comma, semicolon):
    items = comma.replace("، ", " ").replace("、", " ").replace(", ", " ").split()
    lang = languages.get(code)
    assert lang.join(items) == comma
    assert lang.join(items, semicolon=True) == semicolon


def test_template_tags_follow_the_active_language_and_escape():
    template = Template(
        '{% for x in xs %}{{ x }}{% if not forloop.last %}{% list_sep ";" %}'
        "{% endif %}{% endfor %}|{{ xs|listed }}"
    )
    with translation.override("ar"):
        out = template.render(Context({"xs": ["<b>", "ج"]}))
    assert out == "&lt;b&gt;؛ ج|&lt;b&gt;، ج"
    with translation.override("en"):
        assert template.render(Context({"xs": ["a", "b"]})) == "a; b|a, b"


def test_arabic_status_parenthesis_of_the_cycle_list(make_user, client):
    services.cycle_open(
        make_user("secretariat"),
        title={"en": "Contributions", "ar": "المساهمات"},
        period_start=dt.date(2006, 9, 1),
        period_end=dt.date(2008, 6, 30),
        opens_on=dt.date(2008, 3, 18),
        deadline=dt.date(2099, 4, 30),
        organizations=Organization.objects.filter(code="unfpa"),
    )
    client.force_login(make_user("org_reporter", organization="unfpa"))
    with translation.override("ar"):
        url = reverse("unsystem:cycles")
    page = client.get(url).content.decode()
    assert url.startswith("/ar/")
    item = page.split("المساهمات — ")[1].split("</li>")[0]
    assert "؛ " in item and ";" not in item
    with translation.override("en"):
        page = client.get(reverse("unsystem:cycles")).content.decode()
    assert "; " in page.split("Contributions — ")[1].split("</li>")[0]


def test_reminder_days_may_be_written_with_arabic_commas_and_digits():
    from migdev.unsystem.forms import CycleForm

    form = CycleForm({"reminder_offsets": "-٧، ٧؛ 14"})
    form.is_valid()
    assert form.cleaned_data["reminder_offsets"] == [-7, 7, 14]

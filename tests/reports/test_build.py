"""The demo report A/63/265 built from the demo data: PDF read back with
pdftotext and pdfimages, Word read back with python-docx, numbers that follow
the data and the day, and bad input that leaves no file behind."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import zipfile

import docx
import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from migdev.consultation.campaigns import selectors as campaigns
from migdev.core.audit import system_actor
from migdev.registry import selectors as registry
from migdev.reports import selectors, services
from migdev.reports.engine import BuildError
from migdev.reports.models import Build

pytestmark = pytest.mark.skipif(
    not shutil.which("pdftotext") or not shutil.which("pdfimages"),
    reason="poppler-utils (pdftotext, pdfimages) is not installed: scripts/system-deps.sh test",
)

DAY = dt.date(2008, 7, 15)


def replies_as_of(day: dt.date) -> int:
    campaign = campaigns.campaign_list_for_user(None).get(
        questionnaire__code="hld-follow-up-2008"
    )
    status = campaigns.campaign_status_as_of(campaign, day)
    standings = registry.standings_on(
        [r.recipient.country_id for r in status.rows], day
    )
    return sum(
        1
        for r in status.rows
        if r.status == campaigns.REPLIED
        and standings.get(r.recipient.country_id) == registry.MEMBER_STATE
    )


def member_states(day: dt.date) -> int:
    return registry.grouping_members(
        registry.grouping_get(registry.UN_MEMBERS), as_of=day
    ).count()


def build(tmp_path, lang, fmt, as_of="2008-07-15"):
    out = tmp_path / f"a-63-265.{lang}.{fmt}"
    call_command(
        "report",
        "build",
        "a-63-265",
        "--lang",
        lang,
        "--format",
        fmt,
        "--as-of",
        as_of,
        "-o",
        str(out),
    )
    return out


def text_of(pdf) -> str:
    """The PDF's text without white space nor the bidi marks pdftotext adds."""
    return re.sub(
        r"[\s\u200e\u200f\u202a-\u202e]+",
        "",
        subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout,
    )


def images_of(pdf) -> list[str]:
    listing = subprocess.run(
        ["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    return [line for line in listing.splitlines()[2:] if " image " in line]


def test_the_demo_report_as_pdf_and_word_says_what_the_data_says(demo, tmp_path):
    replies, members = replies_as_of(DAY), member_states(dt.date(2008, 3, 18))
    assert replies > 0 and members > 0

    zh = text_of(build(tmp_path, "zh", "pdf"))
    assert f"截至2008年7月15日，已有{replies}个会员国对提出的问题作出回应" in zh
    assert f"向{members}个联合国会员国常驻代表" in zh
    en_pdf = build(tmp_path, "en", "pdf")
    en = text_of(en_pdf)
    assert (
        f"{replies}MemberStateshadreplied" in en and f"ofthe{members}MemberStates" in en
    )
    ar = text_of(build(tmp_path, "ar", "pdf"))
    assert f"كانت{replies}دولةعضواقدردت" in ar and f"البالغعددها{members}دولة" in ar
    for pdf in (tmp_path / "a-63-265.zh.pdf", tmp_path / "a-63-265.ar.pdf", en_pdf):
        assert len(images_of(pdf)) >= 1  # the response map is an image

    word = docx.Document(str(build(tmp_path, "en", "docx")))
    numbered = [
        p.text.split("\t")[0] for p in word.paragraphs if re.match(r"^\d+\.\t", p.text)
    ]
    assert (
        numbered == [f"{n}." for n in range(1, len(numbered) + 1)]
        and len(numbered) >= 10
    )
    assert word.inline_shapes and word.inline_shapes[0].width > 0  # the map
    with zipfile.ZipFile(tmp_path / "a-63-265.en.docx") as package:
        notes = package.read("word/footnotes.xml").decode()
        body = package.read("word/document.xml").decode()
    assert body.count("<w:footnoteReference") == notes.count('<w:footnote w:id="') == 3
    assert f"{members} Member States of the United Nations" in re.sub(
        r"<[^>]+>", "", notes
    )
    head = [p.text for p in word.tables[0].rows[0].cells]
    assert head == ["United Nations", "A/63/265"]
    assert "11 August 2008" in word.tables[0].rows[1].cells[1].text


def test_the_numbers_follow_the_day_and_the_data(demo, tmp_path):
    services.build_run(
        actor=system_actor(), report=demo, language="en", as_of=DAY, formats=()
    )
    services.build_run(
        actor=system_actor(),
        report=demo,
        language="en",
        as_of=dt.date(2008, 6, 30),
        formats=(),
    )
    later, earlier = Build.objects.order_by("-pk")[1], Build.objects.order_by("-pk")[0]

    def replies_field(b):
        return next(
            v
            for v in b.values
            if v["field"].startswith("consultation.replies") and v["block"] == "p21"
        )

    assert replies_field(later)["value"] == replies_as_of(DAY)
    # A build as of 30 June does not see the replies of July.
    assert (
        replies_field(earlier)["value"]
        == replies_as_of(dt.date(2008, 6, 30))
        < replies_as_of(DAY)
    )
    changes = selectors.compare_builds(later, earlier)
    assert any(c.block == "p21" and c.why.startswith("day") for c in changes)

    # One more reply before 15 July changes the report's numbers.
    campaign = campaigns.campaign_list_for_user(None).get(
        questionnaire__code="hld-follow-up-2008"
    )
    status = campaigns.campaign_status_as_of(campaign, DAY)
    standings = registry.standings_on(
        [r.recipient.country_id for r in status.rows], DAY
    )
    silent = next(
        r.recipient
        for r in status.rows
        if r.status != campaigns.REPLIED
        and standings.get(r.recipient.country_id) == registry.MEMBER_STATE
    )
    silent.completed_at = timezone.make_aware(dt.datetime(2008, 7, 10, 12))
    silent.save(update_fields=["completed_at"])
    text = text_of(build(tmp_path, "en", "pdf"))
    assert f"{replies_as_of(DAY)}MemberStateshadreplied" in text
    assert replies_as_of(DAY) == replies_field(later)["value"] + 1
    newest = Build.objects.order_by("-pk")[0]
    change = next(
        c for c in selectors.compare_builds(later, newest) if c.block == "p21"
    )
    assert silent.country.iso3 in change.why


def test_bad_input_names_the_block_and_field_and_leaves_no_file(demo, tmp_path):
    demo.templates.filter(language="fr").delete()
    with pytest.raises(CommandError, match="no template in fr"):
        build(tmp_path, "fr", "pdf")
    with pytest.raises(CommandError) as early:
        build(tmp_path, "en", "docx", as_of="2008-01-01")
    assert "block p21, field {{ consultation.replies" in str(early.value)
    assert "no data before 18 March 2008" in str(early.value)
    assert list(tmp_path.iterdir()) == []

    source = "[para p1] {{ consultation.replies campaign=no-such-thing }} and {{ forum.nothing }}"
    with pytest.raises(BuildError) as caught:
        services.document_for(
            actor=None, report=demo, language="en", as_of=DAY, source=source
        )
    problems = [str(p) for p in caught.value.problems]
    assert problems == [
        "block p1, field {{ consultation.replies campaign=no-such-thing }}: "
        "there is no campaign no-such-thing (or it is not published)",
        "block p1, field {{ forum.nothing }}: there is no field forum.nothing",
    ]
    with pytest.raises(
        BuildError, match=r"block p1: '\{\{' is not closed by '\}\}' \(column 3\)"
    ):
        services.document_for(
            actor=None, report=demo, language="en", as_of=DAY, source="[para p1] a {{ b"
        )


def test_user_text_is_escaped(demo):
    from migdev.reports import outputs

    doc, _t = services.document_for(
        actor=None,
        report=demo,
        language="en",
        as_of=DAY,
        source="[para p1] <script>alert(1)</script> & {{ date 2008-07-15 }}",
    )
    html = outputs.to_html(doc)
    assert (
        "<script>alert" not in html
        and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; " in html
    )
    assert 'href="#source-1"' in html and "15 July 2008" in html


def test_a_chart_of_the_release_published_by_the_day(demo):
    from migdev.indicators import selectors as indicators
    from migdev.reports import outputs

    release = indicators.release_latest_published("illustrative-stock")
    area = registry.country_get("FRA")
    source = (
        "[para p1] {{ indicators.value dataset=illustrative-stock indicator=migrant_stock "
        "area=FRA period=2005 }} migrants.\n"
        "[figure f1] Migrants {{ indicators.chart dataset=illustrative-stock "
        "indicator=migrant_stock area=FRA }}"
    )
    today = timezone.localdate()
    doc, _t = services.document_for(
        actor=None, report=demo, language="fr", as_of=today, source=source
    )
    expected = indicators.value_slice(
        release, indicator="migrant_stock", area=area.m49, period="2005", sex="_T"
    ).first()
    assert doc.body[0].pieces[0].filled.value.comparable == expected.value
    assert doc.fields[0].value.provenance.release == release.identifier
    assert doc.body[1].figure.image_png.startswith(b"\x89PNG")
    assert "<img" in outputs.to_html(doc)
    # Built as of 2008, the release published since does not exist yet.
    with pytest.raises(
        BuildError, match="no release of the dataset illustrative-stock"
    ):
        services.document_for(
            actor=None, report=demo, language="fr", as_of=DAY, source=source
        )

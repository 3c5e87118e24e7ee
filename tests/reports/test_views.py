"""The secretariat edits a template with a preview of the filled document,
comments on a paragraph, sees which translations are missing or outdated,
and takes the report to final: the final builds are frozen and public."""

from __future__ import annotations

import pytest
from django.utils import translation

from migdev.core.errors import BadInput
from migdev.reports import selectors, services
from migdev.reports.models import Build, Report
from tests.reports.conftest import ADDED, with_sentence_added


@pytest.fixture
def secretariat(client, make_user):
    user = make_user(make_user.SECRETARIAT)
    client.force_login(user)
    return user


def test_a_draft_is_the_secretariats_alone(client, demo, make_user):
    assert client.get("/reports/").status_code == 200
    assert client.get("/reports/a-63-265/").status_code == 404
    client.force_login(make_user(make_user.FOCAL_POINT, country="FRA"))
    assert client.get("/reports/a-63-265/edit/en/").status_code == 404


def test_edit_with_preview_comments_history_and_translations(client, demo, secretariat):
    page = client.get("/reports/a-63-265/edit/en/").content.decode()
    assert 'data-testid="preview"' in page and 'data-key="p21"' in page
    assert 'href="#source-' in page  # every number links to its source

    source = demo.templates.get(language="en").source
    broken = source.replace(
        "[para p45] Two", "[para p45] {{ consultation.replies campaign=none }} Two"
    )
    page = client.post(
        "/reports/a-63-265/edit/en/", {"source": broken, "preview": "1"}
    ).content.decode()
    assert (
        "block p45, field {{ consultation.replies campaign=none }}: there is no campaign none"
        in page
    )

    changed = source.replace("Two types of mechanism", "Two kinds of mechanism")
    response = client.post(
        "/reports/a-63-265/edit/en/",
        {"source": changed, "save": "1", "note": "wording"},
    )
    assert response.status_code == 302
    template = demo.templates.get(language="en")
    assert template.revisions.first().changed_keys == ["p45"]
    status = {row.key: row.states for row in selectors.translation_status(demo)}
    assert (
        status["p45"]["zh-hans"] == "outdated" and status["p21"]["zh-hans"] == "current"
    )
    assert status["p21"]["fr"] == "current"
    demo.templates.filter(language="es").delete()
    status = {row.key: row.states for row in selectors.translation_status(demo)}
    assert {row["es"] for row in status.values()} == {"missing"}
    page = client.get("/reports/a-63-265/").content.decode()
    assert 'data-testid="translation-status"' in page

    client.post(
        "/reports/a-63-265/comment/en/",
        {"block_key": "p21", "text": "Check the count <b>"},
    )
    comment = demo.comments.get()
    assert comment.block_key == "p21" and comment.author == secretariat
    assert (
        "Check the count &lt;b&gt;"
        in client.get("/reports/a-63-265/edit/en/").content.decode()
    )


def test_final_builds_are_frozen_and_citable(client, demo, secretariat):
    client.post("/reports/a-63-265/status/", {"to": "review"})
    client.post("/reports/a-63-265/status/", {"to": "final"})
    demo.refresh_from_db()
    assert demo.status == Report.Status.FINAL
    finals = Build.objects.filter(report=demo, final=True)
    assert sorted(b.language for b in finals) == sorted(
        demo.templates.values_list("language", flat=True)
    )
    with pytest.raises(BadInput, match="frozen"):
        services.template_save(
            actor=secretariat, report=demo, language="en", source="[para p1] x"
        )

    client.logout()
    build = finals.get(language="zh-hans")
    pdf = client.get(f"/reports/a-63-265/builds/{build.pk}/pdf/")
    assert pdf.status_code == 200 and bytes(pdf.content) == bytes(build.pdf)
    assert pdf["Content-Disposition"].endswith('a-63-265-zh-hans-2008-07-15.pdf"')
    assert client.get("/reports/a-63-265/").status_code == 200
    html = client.get(f"/reports/a-63-265/builds/{build.pk}/html/")
    assert html.status_code == 200 and bytes(html.content) == build.html.encode()
    # The standalone document keeps its inline style, in a sandbox that runs
    # no script; the site's own pages keep the strict policy.
    policy = html["Content-Security-Policy"]
    assert "sandbox" in policy and "script-src" not in policy
    assert "default-src 'none'" in policy and "'unsafe-inline'" in policy


def test_translation_status_by_language_with_labels_and_confirm_unchanged(
    client, demo, secretariat
):
    page = client.get("/fr/reports/a-63-265/").content.decode()
    # Languages by name, in the page's language; the site's table style.
    assert '<th scope="row">Arabe</th>' in page and ">ar<" not in page
    assert 'data-testid="translation-summary"' in page

    en = demo.templates.get(language="en")
    changed = with_sentence_added(en.source, "p16")
    services.template_save(
        actor=secretariat, report=demo, language="en", source=changed
    )
    # Labels number the source's paragraphs as the source does.
    paragraphs = list(
        en.blocks.filter(kind="para").order_by("position").values_list("key", flat=True)
    )
    n = paragraphs.index("p16") + 1
    with translation.override("en"):
        rows = {row.key: row for row in selectors.translation_status(demo)}
    assert rows["p16"].label == f"¶{n}" and rows["ch3"].label == "Chapter III"
    assert rows["ch3a"].label == "Section III.A" and rows["s1"].label == "Summary 1"
    assert rows["fig1"].label == "Figure 1" and rows["title"].label == "Title"
    assert rows["p16"].states["fr"] == "outdated"
    assert rows["p16"].source_revision == 2

    page = client.get("/reports/a-63-265/").content.decode()
    assert 'class="table translation-status"' in page  # the site's table style
    row = page.split('data-key="p16"')[1].split("</tr>")[0]
    assert f">¶{n}<" in row and "revision 2" in row  # the source column
    assert 'data-language="fr" data-state="outdated"' in row
    summary = page.split('data-testid="translation-summary"')[1].split("</ul>")[0]
    assert f"¶{n}" in summary.split('data-language="fr"')[1].split("</li>")[0]

    editor = client.get("/reports/a-63-265/edit/fr/").content.decode()
    block = editor.split('id="outdated-p16"')[1].split("</div>")[0]
    assert "<del>" in block and ADDED not in block.split("<ins>")[0]
    assert ADDED in block.split("<ins>")[1]
    assert 'name="confirm" value="p16"' in block

    fr = demo.templates.get(language="fr")
    response = client.post("/reports/a-63-265/confirm/fr/", {"confirm": ["p16"]})
    assert response.status_code == 302
    confirmed = fr.blocks.get(key="p16")
    assert confirmed.confirmed_by == secretariat and confirmed.confirmed_at
    assert confirmed.source_revision == 2
    fr.refresh_from_db()
    assert fr.revision == demo.templates.get(language="fr").revision  # no new text
    rows = {row.key: row for row in selectors.translation_status(demo)}
    assert rows["p16"].states["fr"] == "current"
    assert rows["p16"].states["es"] == "outdated"  # the others still need a look
    assert rows["p16"].cells["fr"].confirmed_by == secretariat

    # A block the translation lacks, or the source language: a clear refusal.
    client.post("/reports/a-63-265/confirm/fr/", {"confirm": ["p99"]})
    with pytest.raises(BadInput, match="p99 is not a block"):
        services.translation_confirm(
            actor=secretariat, report=demo, language="fr", keys=["p99"]
        )
    with pytest.raises(BadInput, match="source language"):
        services.translation_confirm(
            actor=secretariat, report=demo, language="en", keys=["p16"]
        )

"""The secretariat edits a template with a preview of the filled document,
comments on a paragraph, sees which translations are missing or outdated,
and takes the report to final: the final builds are frozen and public."""

from __future__ import annotations

import pytest

from migdev.core.errors import BadInput
from migdev.reports import selectors, services
from migdev.reports.models import Build, Report


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

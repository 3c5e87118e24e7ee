"""UN-system activities (A/63/265, chapter IV): cycles, contributions,
review and the chapter IV view."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from migdev.cooperation.models import Theme
from migdev.core.audit import audit_history
from migdev.registry.models import FrameworkTarget, Organization
from migdev.unsystem import selectors, services
from migdev.unsystem.models import Activity, Contribution

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def cycle(make_user):
    sec = make_user("secretariat")
    return services.cycle_open(
        sec,
        title={
            "en": "Contributions to the 2008 report",
            "es": "Contribuciones al informe de 2008",
        },
        period_start=D(2006, 9, 1),
        period_end=D(2008, 6, 30),
        opens_on=D(2008, 3, 18),
        deadline=D(2099, 4, 30),
        organizations=Organization.objects.filter(
            code__in=["unfpa", "eclac", "desa-pd", "iom", "gmg"]
        ),
    )


def _submit(user, contribution, **kw):
    fields = {
        "title": "Encuesta de hogares",
        "description": "Módulos de migración en los censos.",
        "language": "es",
        **kw,
    }
    return services.activity_submit(user, contribution, **fields)


def test_reporting_officer_submits_for_own_entity_only(cycle, make_user):
    unfpa = Contribution.objects.get(cycle=cycle, organization__code="unfpa")
    officer = make_user("org_reporter", organization="unfpa")
    other = make_user("org_reporter", organization="iom")
    with pytest.raises(PermissionDenied):
        _submit(other, unfpa)
    a = _submit(
        officer,
        unfpa,
        themes=Theme.objects.filter(code="data"),
        tags=FrameworkTarget.objects.filter(code="gcm-1"),
    )
    unfpa.refresh_from_db()
    assert unfpa.status == "submitted" and a.status == "submitted"
    assert [t.code for t in a.tags.all()] == ["gcm-1"]


def test_review_publishes_with_tracked_changes_and_chapter_iv(cycle, make_user, client):
    sec = make_user("secretariat")
    officer = make_user("org_reporter", organization="unfpa")
    unfpa = Contribution.objects.get(cycle=cycle, organization__code="unfpa")
    a = _submit(officer, unfpa)
    b = _submit(
        make_user("org_reporter", organization="eclac"),
        Contribution.objects.get(cycle=cycle, organization__code="eclac"),
        title="Base IMILA",
    )
    with pytest.raises(ValidationError, match="Say why"):
        services.activity_review(sec, b, publish=False)
    services.activity_review(
        sec, a, publish=True, changes={"title": "Encuesta de hogares y censos"}
    )
    entry = audit_history(a).filter(action="update").get()
    assert entry.changes["title"] == [
        "Encuesta de hogares",
        "Encuesta de hogares y censos",
    ]
    sections = selectors.chapter_iv(cycle)
    assert [(key, [o.code for o, _acts in orgs]) for key, _label, orgs in sections] == [
        ("funds_programmes", ["unfpa"])
    ]
    html = client.get(f"/un-system/cycles/{cycle.pk}/chapter-iv/").content.decode()
    assert "Encuesta de hogares y censos" in html and "Base IMILA" not in html
    body = client.get(f"/api/v1/activities?cycle={cycle.pk}").json()
    assert [x["title"] for x in body["items"]] == ["Encuesta de hogares y censos"]
    assert (
        body["items"][0]["language"] == "es"
        and body["items"][0]["category"] == "funds_programmes"
    )


def test_a_closed_cycle_takes_no_activity(cycle, make_user):
    services.cycle_close(make_user("secretariat"), cycle)
    with pytest.raises(ValidationError, match="not open"):
        _submit(
            make_user("org_reporter", organization="unfpa"),
            Contribution.objects.get(cycle=cycle, organization__code="unfpa"),
        )
    assert not Activity.objects.exists()


def test_contribution_page_by_login(cycle, make_user, client):
    officer = make_user("org_reporter", organization="unfpa")
    unfpa = Contribution.objects.get(cycle=cycle, organization__code="unfpa")
    client.force_login(officer)
    url = f"/un-system/contributions/{unfpa.pk}/"
    response = client.post(url, {"title": "", "description": "x", "language": "es"})
    assert response.status_code == 400 and not Activity.objects.exists()
    response = client.post(
        url,
        {
            "title": "Encuesta",
            "description": "Texto en español.",
            "language": "es",
            "period_start": "2007-01-01",
            "period_end": "2006-01-01",
        },
    )
    assert (
        "The activity ends before it starts." in response.content.decode()
        and not Activity.objects.exists()
    )
    response = client.post(
        url, {"title": "Encuesta", "description": "Texto en español.", "language": "es"}
    )
    assert response.status_code == 302 and Activity.objects.get().language == "es"


def test_filters_and_counts_by_framework_tag(cycle, make_user, client):
    from migdev.registry.selectors import framework_tag_counts, tagged_with

    sec = make_user("secretariat")
    unfpa = Contribution.objects.get(cycle=cycle, organization__code="unfpa")
    officer = make_user("org_reporter", organization="unfpa")
    tags = FrameworkTarget.objects.in_bulk(field_name="code")
    a = _submit(officer, unfpa, title="A", tags=[tags["sdg-10.c.1"], tags["gcm-20"]])
    b = _submit(officer, unfpa, title="B", tags=[tags["gcm-20"]])
    _submit(officer, unfpa, title="C")
    for x in (a, b):
        services.activity_review(sec, x, publish=True)
    published = selectors.activities_published(cycle)
    assert list(tagged_with(published, tags["sdg-10.c"])) == [a]  # via its indicator
    counts = {t.code: n for t, n in framework_tag_counts(published)}
    assert counts["gcm-20"] == 2 and counts["sdg-10.c.1"] == 1 and counts["gcm-1"] == 0
    assert [
        x["title"]
        for x in client.get("/api/v1/activities", {"tag": "GCM 20"}).json()["items"]
    ] == ["A", "B"]
    assert client.get("/api/v1/activities?tag=gcm-99").status_code == 400
    html = client.get(f"/un-system/cycles/{cycle.pk}/chapter-iv/").content.decode()
    assert 'class="tag-counts"' in html and "GCM 20" in html


def test_the_command_opens_and_closes_a_cycle(make_user):
    from django.core.management import CommandError, call_command

    from migdev.unsystem.models import Cycle

    sec = make_user("secretariat")
    args = [
        "open",
        "--as",
        sec.username,
        "--title",
        "2009",
        "--period",
        "2008-07-01:2009-06-30",
        "--deadline",
        "2099-01-31",
    ]
    with pytest.raises(CommandError, match="unknown code nope"):
        call_command("un_cycle", *args, "--entities", "unfpa,nope")
    call_command("un_cycle", *args, "--entities", "unfpa,ilo")
    cycle = Cycle.objects.get()
    assert cycle.status == "open" and cycle.contributions.count() == 2
    call_command("un_cycle", "close", "--as", sec.username, "--cycle", str(cycle.pk))
    cycle.refresh_from_db()
    assert cycle.status == "closed"
    with pytest.raises(CommandError, match="not the secretariat"):
        call_command(
            "un_cycle",
            *args,
            "--as",
            make_user("org_reporter", organization="iom").username,
            "--entities",
            "unfpa",
        )

"""Reporting cycles on the platform's outreach (docs/outreach.md): opening a
cycle mails each entity's reporting officer a dated link in the officer's
language (real SMTP on loopback), the link opens that entity's contribution
and takes its activities, reminders relative to the deadline go to the
entities that have not reported, and closing the cycle stops the links."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from migdev.outreach import services as outreach
from migdev.outreach.models import Message
from migdev.registry.models import Contact, Organization
from migdev.unsystem import services
from migdev.unsystem.models import Activity, Contribution, Cycle

pytestmark = pytest.mark.django_db
LINK = re.compile(r"http://[^\s\"<>]+/un-system/link/[A-Za-z0-9_-]+/")


@pytest.fixture
def officers(db):
    """ECLAC's officer writes in Spanish, ESCWA's in Arabic; UNFPA has two
    officers (the first by name sets the language); DESA has none."""
    rows = [
        ("eclac", "Ana Pérez", "ana.perez@eclac.example", "es"),
        ("escwa", "Rania Haddad", "r.haddad@escwa.example", "ar"),
        ("unfpa", "A. Officer", "officer.a@unfpa.example", "fr"),
        ("unfpa", "B. Officer", "officer.b@unfpa.example", "en"),
    ]
    for code, name, email, lang in rows:
        Contact.objects.create(
            kind=Contact.Kind.REPORTING_OFFICER,
            organization=Organization.objects.get(code=code),
            name=name,
            email=email,
            preferred_language=lang,
        )


def _open(make_user, opens_on, deadline, codes=("eclac", "escwa", "unfpa", "desa-pd")):
    return services.cycle_open(
        make_user(make_user.SECRETARIAT),
        title={
            "en": "Contributions to the 2008 report",
            "es": "Contribuciones al informe de 2008",
            "ar": "المساهمات في تقرير عام 2008",
        },
        period_start=dt.date(2006, 9, 1),
        period_end=dt.date(2008, 6, 30),
        opens_on=opens_on,
        deadline=deadline,
        organizations=Organization.objects.filter(code__in=codes),
        reminder_offsets=(-7, 7),
        sender="Population Division",
    )


def _link(mail) -> str:
    return LINK.search(mail["email"].get_body(("plain",)).get_content()).group(0)


def test_opening_a_cycle_mails_each_officer_a_link_in_their_language(
    make_user, officers, smtp_server, django_capture_on_commit_callbacks, client
):
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        cycle = _open(make_user, today, today + dt.timedelta(days=30))
    by_rcpt = {tuple(m["rcpt"]): m for m in smtp_server.messages}
    assert set(by_rcpt) == {
        ("ana.perez@eclac.example",),
        ("r.haddad@escwa.example",),
        ("officer.a@unfpa.example", "officer.b@unfpa.example"),
    }
    spanish = by_rcpt[("ana.perez@eclac.example",)]
    assert spanish["language"] == "es"
    assert spanish["subject"].strip().startswith("Contribuciones al informe de 2008")
    assert "/es/un-system/link/" in _link(spanish)
    arabic = by_rcpt[("r.haddad@escwa.example",)]
    html = arabic["email"].get_body(("html",)).get_content()
    assert 'dir="rtl"' in html and "المساهمات في تقرير عام 2008" in arabic["subject"]
    assert (
        by_rcpt[("officer.a@unfpa.example", "officer.b@unfpa.example")]["language"]
        == "fr"
    )
    # DESA has no reporting officer: its invitation waits for an address.
    desa = Contribution.objects.get(cycle=cycle, organization__code="desa-pd")
    assert desa.outreach.messages.get().status == Message.Status.NO_ADDRESS
    # The link opens ECLAC's contribution, and no other.
    url = _link(spanish).split("://", 1)[1].split("/", 1)[1]
    page = client.get("/" + url)
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    assert "Comisión Económica para América Latina" in page.content.decode()
    response = client.post(
        "/" + url,
        {
            "title": "Base de datos IMILA",
            "description": "Censos de la región, por conducto del CELADE.",
            "language": "es",
        },
    )
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert activity.contribution.organization.code == "eclac"
    eclac = Contribution.objects.get(cycle=cycle, organization__code="eclac")
    assert eclac.status == "submitted" and eclac.outreach.done_at is not None
    # An empty form through the link: the errors, and nothing saved.
    assert client.post("/" + url, {}).status_code == 400
    assert Activity.objects.count() == 1


def test_reminders_go_to_the_entities_that_have_not_reported(
    make_user, officers, smtp_server
):
    opened = dt.date(2026, 3, 1)
    deadline = dt.date(2026, 4, 30)
    cycle = _open(make_user, opened, deadline, codes=("eclac", "escwa"))
    outreach.messages_deliver()
    eclac = Contribution.objects.get(cycle=cycle, organization__code="eclac")
    escwa = Contribution.objects.get(cycle=cycle, organization__code="escwa")
    services.activity_submit(
        make_user("org_reporter", organization="escwa"),
        escwa,
        title="Migration in the Arab region",
        description="Report.",
        language="en",
    )
    smtp_server.messages.clear()
    assert (
        outreach.run_due(today=deadline - dt.timedelta(days=8)).reminders_enqueued == 0
    )
    report = outreach.run_due(today=deadline - dt.timedelta(days=7))
    assert report.reminders_enqueued == 1
    [reminder] = smtp_server.messages
    assert reminder["rcpt"] == ["ana.perez@eclac.example"]
    assert reminder["language"] == "es" and "Recordatorio" in reminder["subject"]
    text = reminder["email"].get_body(("plain",)).get_content()
    assert "30 de abril de 2026" in text
    eclac.outreach.refresh_from_db()
    assert eclac.outreach.reminder_count == 1
    # The reminder's new link works; run again: nothing more.
    token = _link(reminder).rstrip("/").rsplit("/", 1)[1]
    assert services.contribution_for_link(token) == eclac
    assert (
        outreach.run_due(today=deadline - dt.timedelta(days=7)).reminders_enqueued == 0
    )


def test_closing_the_cycle_stops_the_links(make_user, officers, client):
    today = timezone.localdate()
    cycle = _open(make_user, today, today + dt.timedelta(days=30), codes=("eclac",))
    contribution = Contribution.objects.get(cycle=cycle)
    token = outreach.link_reissue(contribution.outreach)
    assert client.get(f"/un-system/link/{token}/").status_code == 200
    sec = make_user(make_user.SECRETARIAT)
    client.force_login(sec)
    assert client.post(f"/un-system/cycles/{cycle.pk}/close/").status_code == 302
    client.logout()
    cycle.refresh_from_db()
    assert cycle.status == Cycle.Status.CLOSED
    refused = client.get(f"/un-system/link/{token}/")
    assert refused.status_code == 410 and "closed" in refused.content.decode()
    assert client.get("/un-system/link/not-a-token/").status_code == 403
    with pytest.raises(outreach.LinkError):
        services.activity_submit_by_link(
            token, title="Late", description="Too late.", language="en"
        )


def test_a_cycle_opened_from_the_web(make_user, officers, client):
    sec = make_user(make_user.SECRETARIAT)
    client.force_login(sec)
    assert client.get("/un-system/cycles/new/").status_code == 200
    eclac = Organization.objects.get(code="eclac")
    form = {
        "title_ar": "",
        "title_en": "Contributions 2026",
        "period_start": "2025-01-01",
        "period_end": "2025-12-31",
        "opens_on": "2026-01-10",
        "deadline": "2026-01-05",
        "reminder_offsets": "-7, 7",
        "organizations": [eclac.pk],
    }
    bad = client.post("/un-system/cycles/new/", form)
    assert bad.status_code == 400
    assert "The deadline is before the cycle opens." in bad.content.decode(), (
        bad.context["form"].errors
    )
    assert not Cycle.objects.exists()
    form["deadline"] = "2026-02-28"
    form["reminder_offsets"] = "-7, a week"
    assert client.post("/un-system/cycles/new/", form).status_code == 400
    form["reminder_offsets"] = "-3"
    response = client.post("/un-system/cycles/new/", form)
    assert response.status_code == 302
    cycle = Cycle.objects.get()
    assert cycle.request.reminder_rules.get().offset_days == -3
    assert cycle.contributions.get().outreach.language == "es"
    # Not the secretariat: refused.
    client.force_login(make_user("org_reporter", organization="eclac"))
    assert client.get("/un-system/cycles/new/").status_code == 403


def test_follow_up_log_of_an_entity(make_user, officers, client):
    today = timezone.localdate()
    cycle = _open(make_user, today, today + dt.timedelta(days=30), codes=("eclac",))
    contribution = Contribution.objects.get(cycle=cycle)
    url = f"/un-system/contributions/{contribution.pk}/follow-ups/"
    client.force_login(make_user(make_user.SECRETARIAT))
    page = client.get(url).content.decode()
    assert "Contributions to the 2008 report" in page  # the invitation is listed
    future = (timezone.localtime() + dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    assert client.post(url, {"kind": "call", "at": future}).status_code == 400
    earlier = (timezone.localtime() - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        url,
        {
            "kind": "call",
            "at": earlier,
            "contact_name": "Ana Pérez",
            "outcome": "Will report.",
        },
    )
    assert response.status_code == 302
    follow_up = contribution.outreach.follow_ups.get()
    assert follow_up.contact_name == "Ana Pérez"
    assert "Will report." in client.get(url).content.decode()
    # The entity's own officer may not see the log.
    client.force_login(make_user("org_reporter", organization="eclac"))
    assert client.get(url).status_code == 403

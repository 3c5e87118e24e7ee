"""Outreach as a module that is not the consultation uses it: a reporting
cycle addressed to two entities, links, reminders, the outbox on a real SMTP
server (aiosmtpd), retries, bounces, the system actor in the audit trail."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from migdev.core.audit import SYSTEM_USERNAME, AuditEntry, system_actor
from migdev.outreach import services as outreach
from migdev.outreach.models import Message, Recipient, Request
from migdev.outreach.outbox import MAX_ATTEMPTS
from migdev.registry.permissions import Roles, can

pytestmark = pytest.mark.django_db

PATH = "reporting/link/{token}/"
ADDRESSES = {"entity:ILO": ["officer@ilo.example"], "entity:IOM": ["rep@iom.example"]}


def _reminder(recipient, rule, url):
    return outreach.render(
        "outreach/mail/notice",
        {
            "subject": f"Reminder: report of {recipient.name}",
            "text": "Your entity's report has not reached us yet.",
            "url": url,
            "deadline": recipient.request.deadline,
        },
        language=recipient.language,
    )


@pytest.fixture(autouse=True)
def reporting_module():
    return outreach.register(
        "reporting.cycle",
        reminder=_reminder,
        addresses=lambda r: (ADDRESSES.get(r.key, []), []),
        link_path=PATH,
        allows=lambda roles, action, request: action == "view" and roles.forum_support,
    )


def _open_cycle(today: dt.date, *, languages=("fr", "ar")) -> tuple[Request, list]:
    request = outreach.request_create(
        owner=outreach.owner_key("reporting.cycle", 2026),
        title="Activity reporting 2026",
        sender="Reporting unit",
        opens_on=today,
        deadline=today + dt.timedelta(days=10),
        reminder_offsets=[-3, 7],
    )
    recipients = [
        outreach.recipient_add(request, key=key, language=lang, name=key[7:])
        for key, lang in zip(ADDRESSES, languages, strict=True)
    ]
    outreach.request_open(request)
    return request, recipients


def _invite(request, recipients) -> list[int]:
    ids = []
    for r in recipients:
        token = outreach.link_issue(r)
        url = outreach.link_url(PATH, token, language=r.language)
        letter = outreach.render(
            "outreach/mail/notice",
            {
                "subject": "Report requested",
                "text": "Please report.",
                "url": url,
                "deadline": request.deadline,
            },
            language=r.language,
        )
        m = outreach.message_enqueue(
            recipient=r,
            kind=Message.Kind.INVITATION,
            dedupe_key=f"invitation:{r.pk}",
            letter=letter,
            to=ADDRESSES[r.key],
        )
        ids.append(m.pk)
    outreach.recipients_invited(request)
    return ids


def test_invitations_leave_once_in_each_recipients_language(
    smtp_server, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    request, recipients = _open_cycle(today)
    with django_capture_on_commit_callbacks(execute=True):
        ids = _invite(request, recipients)
        outreach.delivery_schedule(ids)
    assert len(smtp_server.messages) == 2
    by_lang = {m["language"]: m for m in smtp_server.messages}
    assert set(by_lang) == {"fr", "ar"}
    arabic_html = by_lang["ar"]["email"].get_body(("html",)).get_content()
    assert 'dir="rtl"' in arabic_html and 'lang="ar"' in arabic_html
    french_text = by_lang["fr"]["email"].get_body(("plain",)).get_content()
    assert "/fr/reporting/link/" in french_text
    assert "Reporting unit" in str(by_lang["fr"]["email"]["From"])
    # Delivered again: nothing more leaves.
    assert outreach.messages_deliver(ids).sent == []
    assert len(smtp_server.messages) == 2
    # The outbox keeps no working link once a message has left.
    for m in Message.objects.all():
        assert m.status == Message.Status.SENT
        assert "/link/…/" in m.body and "/link/…/" in m.html
    # Delivery is recorded as done by the system actor.
    entries = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Message)
    )
    assert {e.actor.username for e in entries} == {SYSTEM_USERNAME}
    assert not system_actor().is_active and not system_actor().has_usable_password()


def test_the_dedupe_key_writes_a_message_once():
    _request, (r, _other) = _open_cycle(timezone.localdate())
    letter = outreach.Letter("S", "T")
    first = outreach.message_enqueue(
        recipient=r, kind="notice", dedupe_key="k1", letter=letter, to=["a@x.example"]
    )
    again = outreach.message_enqueue(
        recipient=r, kind="notice", dedupe_key="k1", letter=letter, to=["a@x.example"]
    )
    assert first is not None and again is None
    assert Message.objects.filter(dedupe_key="k1").count() == 1
    unaddressed = outreach.message_enqueue(
        recipient=r, kind="notice", dedupe_key="k2", letter=letter, to=[]
    )
    assert unaddressed.status == Message.Status.NO_ADDRESS


def test_links_are_hashed_dated_revocable_and_follow_the_request():
    today = timezone.localdate()
    request, (r, _other) = _open_cycle(today)
    token = outreach.link_issue(r)
    r.refresh_from_db()
    assert token not in r.token_hash and len(r.token_hash) == 64
    assert outreach.link_resolve(token).pk == r.pk
    with pytest.raises(outreach.LinkError) as exc:
        outreach.link_resolve(token + "x")
    assert exc.value.code == "invalid"
    newer = outreach.link_issue(r, valid_until=timezone.now() - dt.timedelta(seconds=1))
    with pytest.raises(outreach.LinkError) as exc:
        outreach.link_resolve(token)
    assert exc.value.code == "invalid"  # replaced by the newer link
    with pytest.raises(outreach.LinkError) as exc:
        outreach.link_resolve(newer)
    assert exc.value.code == "expired"
    later = outreach.link_issue(r, valid_from=timezone.now() + dt.timedelta(days=1))
    with pytest.raises(outreach.LinkError) as exc:
        outreach.link_resolve(later)
    assert exc.value.code == "not_yet_valid"
    current = outreach.link_issue(r)
    outreach.link_revoke(r)
    with pytest.raises(outreach.LinkError) as exc:
        outreach.link_resolve(current)
    assert exc.value.code == "revoked"
    current = outreach.link_issue(r)
    outreach.request_close(request)
    with pytest.raises(outreach.LinkError) as exc:
        outreach.link_resolve(current)
    assert exc.value.code == "closed"


def test_a_new_link_replaces_the_old_one_in_unsent_messages():
    _request, (r, _other) = _open_cycle(timezone.localdate())
    old = outreach.link_issue(r)
    letter = outreach.render(
        "outreach/mail/notice",
        {
            "subject": "S",
            "text": "T",
            "url": outreach.link_url(PATH, old, language="en"),
        },
        language="en",
    )
    m = outreach.message_enqueue(
        recipient=r, kind="notice", dedupe_key="n", letter=letter, to=["a@x.example"]
    )
    new = outreach.link_reissue(r)
    m.refresh_from_db()
    assert old not in m.body and new in m.body and new in m.html


def test_reminders_relative_to_the_deadline_go_once_to_those_who_have_not_answered(
    smtp_server,
):
    opened = dt.date(2026, 3, 1)
    request, (ilo, iom) = _open_cycle(opened, languages=("en", "es"))
    _invite(request, [ilo, iom])
    outreach.messages_deliver()
    outreach.recipient_done(iom)
    smtp_server.messages.clear()
    before_due = outreach.run_due(today=request.deadline - dt.timedelta(days=4))
    assert before_due.reminders_enqueued == 0
    due = request.deadline - dt.timedelta(days=3)
    report = outreach.run_due(today=due)
    assert report.reminders_enqueued == 1 and len(report.delivery.sent) == 1
    assert [m["rcpt"] for m in smtp_server.messages] == [["officer@ilo.example"]]
    assert "Reminder: report of ILO" == smtp_server.messages[0]["subject"]
    # The reminder carries a new, working link; the job ran as the system actor.
    ilo.refresh_from_db()
    assert ilo.reminder_count == 1 and ilo.last_reminded_at is not None
    reminder = Message.objects.get(kind=Message.Kind.REMINDER)
    created = AuditEntry.objects.get(
        action=AuditEntry.Action.CREATE,
        object_id=str(reminder.pk),
        content_type=ContentType.objects.get_for_model(Message),
    )
    assert created.actor.username == SYSTEM_USERNAME
    # Running again the same day, or the next, sends nothing more.
    assert outreach.run_due(today=due).reminders_enqueued == 0
    assert outreach.run_due(today=due + dt.timedelta(days=1)).reminders_enqueued == 0
    assert len(smtp_server.messages) == 1
    # Past the grace period a missed reminder is not sent any more.
    late = request.deadline + dt.timedelta(days=7 + 15)
    assert outreach.run_due(today=late).reminders_enqueued == 0


def test_a_refusing_server_means_retries_then_a_final_failure(settings):
    import socket

    with socket.socket() as s:  # a port where nothing listens
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_TIMEOUT = 2
    _request, (r, _other) = _open_cycle(timezone.localdate())
    m = outreach.message_enqueue(
        recipient=r,
        kind="notice",
        dedupe_key="n",
        letter=outreach.Letter("S", "T"),
        to=["a@x.example"],
    )
    for attempt in range(1, MAX_ATTEMPTS + 1):
        report = outreach.messages_deliver()
        m.refresh_from_db()
        assert report.failed == [m.pk] and m.attempts == attempt
        assert m.status == Message.Status.FAILED and "ConnectionRefused" in m.error
    assert outreach.messages_deliver().failed == []  # no attempt left


def test_a_bounce_is_recorded_by_message_id(smtp_server):
    _request, (r, _other) = _open_cycle(timezone.localdate())
    m = outreach.message_enqueue(
        recipient=r,
        kind="notice",
        dedupe_key="n",
        letter=outreach.Letter("S", "T"),
        to=["a@x.example"],
    )
    outreach.messages_deliver()
    m.refresh_from_db()
    outreach.message_record_bounce(
        smtp_server.messages[0]["message_id"], "550 no such user"
    )
    m.refresh_from_db()
    assert m.status == Message.Status.BOUNCED and "550" in m.error


def test_who_sees_the_messages_is_the_owners_rule(make_user):
    _request, (r, _other) = _open_cycle(timezone.localdate())
    support = make_user(make_user.FORUM_SUPPORT)
    focal = make_user(make_user.FOCAL_POINT, country="FRA")
    assert can(support, "view", r) and not can(support, "manage", r)
    assert not can(focal, "view", r)
    assert not can(None, "view", Recipient)
    assert Roles().authenticated is False


def test_reminders_need_a_deadline():
    with pytest.raises(ValueError):
        outreach.request_create(
            owner="reporting.cycle:x",
            opens_on=timezone.localdate(),
            reminder_offsets=[1],
        )


def test_a_message_without_its_letter_is_composed_when_it_is_sent(smtp_server):
    """The module's composer writes the text at delivery, in the message's
    language; the row the deciding request wrote carries no text."""
    calls = []

    def compose(message):
        calls.append(message.dedupe_key)
        return outreach.render(
            "outreach/mail/notice",
            {
                "subject": f"Report {message.dedupe_key.partition(':')[2]} received",
                "text": "Merci.",
            },
            language=message.language,
        )

    outreach.composer_register("reporting.receipt", compose)
    _request, (r, _other) = _open_cycle(timezone.localdate())
    m = outreach.message_enqueue(
        recipient=r,
        kind="receipt",
        dedupe_key="reporting.receipt:7",
        letter=None,
        to=["a@x.example"],
    )
    m.refresh_from_db()
    assert (m.subject, m.body, m.html) == ("", "", "") and calls == []
    assert outreach.messages_deliver([m.pk]).sent == [m.pk]
    m.refresh_from_db()
    assert calls == ["reporting.receipt:7"]
    assert m.subject == "Report 7 received" and "Merci." in m.body
    [sent] = smtp_server.messages
    assert sent["subject"] == "Report 7 received" and sent["language"] == "fr"
    assert 'lang="fr"' in m.html


def test_a_message_without_a_letter_needs_a_composer():
    _request, (r, _other) = _open_cycle(timezone.localdate())
    with pytest.raises(ValueError, match="No composer"):
        outreach.message_enqueue(
            recipient=r, kind="notice", dedupe_key="nobody:1", letter=None, to=["a@x"]
        )
    assert not Message.objects.exists()


def test_a_composer_that_fails_leaves_the_message_to_be_tried_again(smtp_server):
    def compose(message):
        raise LookupError("the report is gone")

    outreach.composer_register("reporting.broken", compose)
    _request, (r, _other) = _open_cycle(timezone.localdate())
    m = outreach.message_enqueue(
        recipient=r,
        kind="notice",
        dedupe_key="reporting.broken:1",
        letter=None,
        to=["a@x.example"],
    )
    assert outreach.messages_deliver([m.pk]).failed == [m.pk]
    m.refresh_from_db()
    assert m.status == Message.Status.FAILED and m.attempts == 1
    assert "the report is gone" in m.error and smtp_server.messages == []


def test_a_key_named_after_a_new_row_is_inserted_without_a_savepoint(
    django_assert_num_queries,
):
    """``key_is_new``: one INSERT, no savepoint around it; the caller vouches
    that the key is free (a key taken after all is the caller's bug, and its
    transaction fails)."""
    from django.db import IntegrityError, transaction

    _request, (r, _other) = _open_cycle(timezone.localdate())
    letter = outreach.Letter("S", "T")
    with transaction.atomic(), django_assert_num_queries(1):
        m = outreach.message_enqueue(
            recipient=r,
            kind="notice",
            dedupe_key="fresh:1",
            letter=letter,
            to=["a@x.example"],
            key_is_new=True,
        )
    assert m.pk and Message.objects.get(pk=m.pk).dedupe_key == "fresh:1"
    with pytest.raises(IntegrityError), transaction.atomic():
        outreach.message_enqueue(
            recipient=r,
            kind="notice",
            dedupe_key="fresh:1",
            letter=letter,
            to=["a@x.example"],
            key_is_new=True,
        )

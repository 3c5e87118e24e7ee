"""Saving replies: versions, idempotency, conflicts, closing, the receipt, and
the secretariat's entry of a reply received by fax."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from migdev.consultation.campaigns.models import Campaign, Recipient
from migdev.consultation.responses import services
from migdev.consultation.responses.models import ResponseVersion
from migdev.core.audit import AuditEntry
from migdev.outreach.models import Message, Request
from migdev.registry.models import Contact
from tests.consultation.responses import files
from tests.consultation.responses.conftest import ANSWERS, key


def save(recipient, answers=ANSWERS, kind="submission", based_on=None, **kw):
    kw.setdefault("submission_key", key())
    kw.setdefault("language", "fr")
    return services.response_save(
        recipient=recipient, answers=answers, kind=kind, based_on=based_on, **kw
    )


def test_draft_then_submission_then_edit(
    fra, fra_focal, django_capture_on_commit_callbacks
):
    draft, created = save(
        fra, {"forum_view": "Draft text"}, kind="draft", actor=fra_focal
    )
    assert created and draft.number == 1 and draft.kind == "draft"
    fra.refresh_from_db()
    assert fra.status == Recipient.Status.DRAFTING and fra.completed_at is None

    with django_capture_on_commit_callbacks(execute=True):
        sub, created = save(fra, based_on=1, actor=fra_focal)
    assert sub.number == 2 and sub.based_on == 1
    fra.refresh_from_db()
    assert fra.status == Recipient.Status.SUBMITTED
    first_completed = fra.completed_at
    assert first_completed is not None and fra.last_submitted_at == first_completed

    edit, _ = save(
        fra, {**ANSWERS, "forum_view": "Changed"}, based_on=2, actor=fra_focal
    )
    assert edit.number == 3
    fra.refresh_from_db()
    assert fra.completed_at == first_completed  # the first reply counts
    assert fra.last_submitted_at >= first_completed
    assert list(fra.versions.values_list("number", flat=True)) == [3, 2, 1]
    assert ResponseVersion.objects.get(number=1).answers == {"forum_view": "Draft text"}


def test_a_draft_after_a_submission_keeps_the_state_replied(fra):
    save(fra)
    save(fra, {"forum_view": "thinking"}, kind="draft", based_on=1)
    fra.refresh_from_db()
    assert fra.status == Recipient.Status.SUBMITTED


def test_same_key_same_content_is_accepted_once(fra):
    k = key()
    first, created1 = save(fra, submission_key=k)
    again, created2 = save(fra, submission_key=k)
    assert created1 and not created2
    assert again.pk == first.pk
    assert fra.versions.count() == 1


def test_same_key_other_content_is_refused(fra):
    k = key()
    save(fra, submission_key=k)
    with pytest.raises(services.KeyReused) as exc:
        save(fra, {**ANSWERS, "forum_view": "Other"}, submission_key=k)
    assert exc.value.status == 409 and exc.value.latest_version == 1
    assert fra.versions.count() == 1


def test_stale_based_on_is_a_conflict(fra):
    save(fra)
    save(fra, based_on=1)
    for stale in (None, 1, 7):
        with pytest.raises(services.ResponseConflict) as exc:
            save(fra, {**ANSWERS, "forum_view": "late"}, based_on=stale)
        assert exc.value.latest_version == 2
        assert exc.value.status == 409
        assert "version 2" in exc.value.message
    assert fra.versions.count() == 2


def test_invalid_answers_name_each_question(fra):
    with pytest.raises(services.ResponseInvalid) as exc:
        save(fra, {"sole_followup": "perhaps", "nope": "x"})
    assert set(exc.value.errors) == {"sole_followup", "nope", "forum_view"}
    assert fra.versions.count() == 0
    fra.refresh_from_db()
    assert fra.status == Recipient.Status.NOT_STARTED


def test_a_draft_may_be_incomplete(fra):
    version, _ = save(fra, {}, kind="draft")
    assert version.answers == {}


def test_answers_to_questions_not_asked_are_dropped(fra):
    version, _ = save(fra, {**ANSWERS, "sole_followup": "no", "why_sole": "because"})
    assert "why_sole" not in version.answers
    version, _ = save(
        fra, {**ANSWERS, "sole_followup": "yes", "why_sole": "because"}, based_on=1
    )
    assert version.answers["why_sole"] == "because"


@pytest.mark.parametrize("bad", ["", "x" * 65])
def test_submission_key_is_required(fra, bad):
    with pytest.raises(ValidationError):
        save(fra, submission_key=bad)


@pytest.mark.parametrize(
    "change",
    [
        {"status": Campaign.Status.CLOSED},
        {"closes_on": dt.date(2008, 7, 15)},
        {"status": Campaign.Status.DRAFT},
    ],
)
def test_closed_campaign_refuses_and_saves_nothing(fra, campaign, change):
    # The campaign's status and dates are its request's.
    Request.objects.filter(campaign=campaign).update(**change)
    with pytest.raises(services.ResponseClosed) as exc:
        save(fra)
    if change.get("closes_on"):
        assert "closed on" in exc.value.message
        assert "Write to the secretariat" in exc.value.message
    assert fra.versions.count() == 0
    fra.refresh_from_db()
    assert fra.status == Recipient.Status.NOT_STARTED


def test_open_until_the_end_of_the_closing_day(fra, campaign):
    Request.objects.filter(campaign=campaign).update(closes_on=timezone.localdate())
    assert save(fra)[1]


def test_receipt_goes_to_the_submitting_user_in_the_reply_language(
    fra, fra_focal, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        version, _ = save(fra, actor=fra_focal, language="fr")
    message = Message.objects.get(kind=Message.Kind.RECEIPT)
    assert message.dedupe_key == f"responses.receipt:{version.pk}"
    assert message.to == [fra_focal.email] and message.language == "fr"
    assert "version 1" in message.body
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [fra_focal.email]


def test_receipt_through_a_link_goes_to_the_focal_points(
    fra, django_capture_on_commit_callbacks
):
    Contact.objects.create(
        kind=Contact.Kind.FOCAL_POINT,
        country=fra.country,
        name="Point focal",
        email="pf@example.fr",
        start=dt.date(2000, 1, 1),
    )
    with django_capture_on_commit_callbacks(execute=True):
        save(fra, actor=None)
        save(fra, {"forum_view": "draft"}, kind="draft", based_on=1)
    assert [m.to for m in Message.objects.filter(kind="receipt")] == [["pf@example.fr"]]
    assert mail.outbox[0].to == ["pf@example.fr"]


def test_the_reads_of_every_submission_are_compiled_once(
    fra, django_capture_on_commit_callbacks
):
    """The version lookup and the focal points' addresses run kept SQL from
    the second submission on (core.compiled), with that submission's values:
    a focal point whose term ended before today gets no receipt."""
    from migdev.core import compiled

    compiled.forget()
    Contact.objects.create(
        kind=Contact.Kind.FOCAL_POINT,
        country=fra.country,
        name="Point focal",
        email="pf@example.fr",
        start=dt.date(2000, 1, 1),
    )
    ended = Contact.objects.create(
        kind=Contact.Kind.FOCAL_POINT,
        country=fra.country,
        name="Ancien point focal",
        email="old@example.fr",
        start=dt.date(2000, 1, 1),
        end=dt.date(2001, 1, 1),
    )
    with django_capture_on_commit_callbacks(execute=True):
        save(fra, actor=None)
        kept = {key[2] for key in compiled._sql}
        assert {"responses.key_and_latest", "responses.focal_point_emails"} <= kept
        k = key()
        save(fra, {**ANSWERS, "forum_view": "Second"}, based_on=1, submission_key=k)
        again, created = save(
            fra, {**ANSWERS, "forum_view": "Second"}, based_on=1, submission_key=k
        )
    assert not created and again.number == 2  # found by its key, kept SQL
    assert ended.email not in {a for m in Message.objects.all() for a in m.to}
    assert [m.to for m in Message.objects.filter(kind="receipt")] == [
        ["pf@example.fr"],
        ["pf@example.fr"],
    ]
    compiled.forget()


def test_no_receipt_for_a_draft_or_a_retry(fra, fra_focal):
    k = key()
    save(fra, submission_key=k, actor=fra_focal)
    save(fra, submission_key=k, actor=fra_focal)
    save(fra, {}, kind="draft", based_on=1, actor=fra_focal)
    assert Message.objects.filter(kind="receipt").count() == 1


def test_audit_entry_for_the_roster_change(fra, fra_focal):
    save(fra, actor=fra_focal)
    entry = AuditEntry.objects.get(
        object_id=str(fra.pk), content_type__model="recipient"
    )
    assert entry.actor == fra_focal
    assert entry.changes["status"] == ["not_started", "submitted"]

    # A new version of a reply already in: the version row says who and when;
    # the roster entry's status and reply date do not change, nothing to audit.
    second, _ = save(fra, actor=fra_focal, based_on=1)
    assert second.number == 2
    assert (
        AuditEntry.objects.filter(
            object_id=str(fra.pk), content_type__model="recipient"
        ).count()
        == 1
    )


# --- Entered by the secretariat -------------------------------------------------


def enter(recipient, actor, upload=None, **kw):
    kw.setdefault("answers", {"forum_view": "Transcribed from the fax."})
    kw.setdefault("received_on", dt.date(2008, 5, 6))
    return services.response_enter_for_state(
        actor=actor,
        recipient=recipient,
        original_file=upload or files.upload("fax.pdf", files.PDF),
        **kw,
    )


def test_secretariat_enters_a_reply_received_by_fax(egy, secretariat):
    version, created = enter(egy, secretariat, language="ar")
    assert created and version.kind == "submission"
    assert version.channel == ResponseVersion.Channel.SECRETARIAT
    assert version.created_by == secretariat
    assert version.attachment_name == "fax.pdf"
    assert (
        version.attachment.name.endswith(".pdf")
        and "fax" not in version.attachment.name
    )
    with version.attachment.open("rb") as fh:
        assert fh.read() == files.PDF
    assert version.received_on == dt.date(2008, 5, 6)
    egy.refresh_from_db()
    assert egy.status == Recipient.Status.SUBMITTED
    assert timezone.localdate(egy.completed_at) == dt.date(2008, 5, 6)


def test_secretariat_may_attach_the_document_alone(egy, secretariat):
    version, _ = enter(egy, secretariat, answers={})
    assert version.answers == {}


def test_only_the_secretariat_enters_replies(egy, make_user):
    focal = make_user(make_user.FOCAL_POINT, country="EGY")
    with pytest.raises(PermissionDenied):
        enter(egy, focal)
    assert egy.versions.count() == 0


@pytest.mark.parametrize(
    ("upload", "limit"),
    [
        (files.upload("fax.pdf", files.PNG), None),
        (files.upload("fax.docx", files.ooxml("xl")), None),
        (files.upload("fax.pdf", files.PDF + b"0" * 5000), 4096),
        (None, None),
    ],
)
def test_bad_upload_saves_nothing(egy, secretariat, settings, upload, limit):
    if limit:
        settings.MIGDEV_MAX_UPLOAD_BYTES = limit
    with pytest.raises(ValidationError) as exc:
        services.response_enter_for_state(
            actor=secretariat,
            recipient=egy,
            answers={"forum_view": "x"},
            received_on=dt.date(2008, 5, 6),
            original_file=upload,
        )
    assert "original_file" in exc.value.message_dict
    assert egy.versions.count() == 0
    egy.refresh_from_db()
    assert egy.status == Recipient.Status.NOT_STARTED


@pytest.mark.parametrize("day", [dt.date(2008, 3, 1), dt.date(2999, 1, 1)])
def test_received_on_within_the_consultation(egy, secretariat, day):
    with pytest.raises(ValidationError) as exc:
        enter(egy, secretariat, received_on=day)
    assert "received_on" in exc.value.message_dict
    assert egy.versions.count() == 0


def test_secretariat_entry_to_a_closed_campaign_is_refused(egy, secretariat, campaign):
    Request.objects.filter(campaign=campaign).update(status=Request.Status.CLOSED)
    with pytest.raises(services.ResponseClosed):
        enter(egy, secretariat)
    assert egy.versions.count() == 0

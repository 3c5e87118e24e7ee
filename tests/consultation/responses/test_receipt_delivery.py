"""The receipt's delivery task and the reply commit together: with the
database task queue, the task row is written in the reply's transaction."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from migdev.consultation.responses import services
from migdev.consultation.responses.models import ResponseVersion
from migdev.outreach.models import Message
from migdev.registry.models import Contact
from tests.consultation.responses.conftest import ANSWERS, key

DB_TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
}


@pytest.fixture
def db_tasks(settings, fra):
    settings.TASKS = DB_TASKS
    settings.MIGDEV_RECEIPT_DELIVERY = "task"
    # A reply through a link has no user: the receipt goes to the focal points.
    Contact.objects.create(
        kind=Contact.Kind.FOCAL_POINT,
        country=fra.country,
        name="Point focal",
        email="pf@example.fr",
        start=dt.date(2000, 1, 1),
    )


def submit(token: str, **kw):
    return services.response_save_by_link(
        token=token,
        answers=ANSWERS,
        kind="submission",
        submission_key=kw.pop("submission_key", key()),
        based_on=None,
        language="fr",
        **kw,
    )


def test_the_delivery_task_is_written_with_the_reply(
    db_tasks, token, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        version, created = submit(token)
    assert created
    assert callbacks == []  # nothing left for after the commit
    assert Message.objects.filter(dedupe_key=f"responses.receipt:{version.pk}").exists()
    task = DBTaskResult.objects.get()
    assert task.task_path == "migdev.outreach.tasks.deliver"
    assert task.args_kwargs["args"] == [[Message.objects.get().pk]]


def test_a_reply_rolled_back_leaves_no_task_and_no_receipt(db_tasks, token):
    with pytest.raises(RuntimeError), transaction.atomic():
        submit(token)
        raise RuntimeError("the request failed after the save")
    assert not ResponseVersion.objects.exists()
    assert not Message.objects.exists()
    assert not DBTaskResult.objects.exists()


def test_a_repeat_enqueues_nothing_more(db_tasks, token):
    same = key()
    submit(token, submission_key=same)
    _version, created = submit(token, submission_key=same)
    assert not created
    assert Message.objects.filter(kind="receipt").count() == 1
    assert DBTaskResult.objects.count() == 1


def test_the_request_renders_no_receipt_the_delivery_task_composes_it(
    db_tasks, token, smtp_server
):
    """The reply writes the outbox row only; the task composes the receipt
    in the reply's language, with the State's answers, and sends it."""
    from migdev.outreach.outbox import messages_deliver

    version, _created = submit(token)
    message = Message.objects.get(kind="receipt")
    assert (message.subject, message.body, message.html) == ("", "", "")
    assert message.language == "fr" and message.to == ["pf@example.fr"]
    assert messages_deliver([message.pk]).sent == [message.pk]
    message.refresh_from_db()
    assert message.subject.startswith("Réponse reçue")
    assert ANSWERS["forum_view"] in message.body
    assert f"version {version.number}" in message.body
    [sent] = smtp_server.messages
    assert sent["subject"].strip() == message.subject and sent["rcpt"] == [
        "pf@example.fr"
    ]

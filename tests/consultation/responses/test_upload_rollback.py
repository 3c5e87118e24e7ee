"""The original document of a reply entered by the secretariat is on disk
exactly when its version is in the database: a save that fails after the file
was written leaves no file behind."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.db import DatabaseError, connection

from migdev.consultation.campaigns.models import Recipient
from migdev.consultation.responses import services
from tests.consultation.responses import files

pytestmark = pytest.mark.django_db


def stored_files(root: Path) -> list[Path]:
    return sorted(p for p in (root / "replies").rglob("*") if p.is_file())


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def recipient_updates_refused():
    """A trigger that makes the database refuse any change of a roster row:
    the failure then comes after the document and the version were written."""
    table = Recipient._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION refuse_for_test() RETURNS trigger AS $$ BEGIN "
                "RAISE EXCEPTION 'refused for the test'; END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                f"CREATE TRIGGER refuse_for_test BEFORE UPDATE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION refuse_for_test()"
            )
        else:
            cursor.execute(
                f"CREATE TRIGGER refuse_for_test BEFORE UPDATE ON {table} "
                "BEGIN SELECT RAISE(ABORT, 'refused for the test'); END"
            )
    # The test's transaction is rolled back at its end, trigger included.


def enter(recipient, actor, **kw):
    kw.setdefault("received_on", dt.date(2008, 5, 6))
    return services.response_enter_for_state(
        actor=actor,
        recipient=recipient,
        answers={"forum_view": "Transcribed from the fax."},
        original_file=files.upload("fax.pdf", files.PDF),
        **kw,
    )


def test_a_saved_reply_keeps_its_document(media, egy, secretariat):
    version, _ = enter(egy, secretariat)
    assert stored_files(media) == [media / version.attachment.name]


def test_a_failed_save_leaves_no_document_on_disk(
    media, egy, secretariat, recipient_updates_refused
):
    with pytest.raises(DatabaseError):
        enter(egy, secretariat)
    assert egy.versions.count() == 0
    assert stored_files(media) == []


def test_a_refused_entry_writes_no_document(media, egy, secretariat):
    with pytest.raises(services.ResponseInvalid):
        services.response_enter_for_state(
            actor=secretariat,
            recipient=egy,
            answers={"level": "planetary"},
            received_on=dt.date(2008, 5, 6),
            original_file=files.upload("fax.pdf", files.PDF),
        )
    assert stored_files(media) == []

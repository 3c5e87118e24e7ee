"""A delegation's letter, for a State and an organization alike (one form,
one service): the note verbale of a Permanent Mission, the nomination
letter of an organization. Checked by its content (a PDF, within the size
limit), stored under a random name, read back only through the permission
check; the support unit accredits or rejects with a reason."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from migdev.forum import services
from migdev.forum.models import Delegation, Meeting
from migdev.registry.models import Organization

pytestmark = pytest.mark.django_db

LETTER = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n"
    b"% Nomination of the delegation of the ILO to the Global Forum, Manila 2008\n"
    b"trailer<<>>\n%%EOF\n"
)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40


def _upload(name: str = "ILO nomination.pdf", content: bytes = LETTER):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Each test its own storage, so that what it finds on disk is its own."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def reporter(demo, make_user):
    return make_user(make_user.ORG_REPORTER, organization="ilo")


@pytest.fixture
def manila(demo):
    return Meeting.objects.get(edition=2)


def _stored(delegation: Delegation) -> Path:
    return Path(settings.MEDIA_ROOT) / delegation.letter.name


def test_an_organization_registers_with_its_nomination_letter(
    reporter, manila, support, django_capture_on_commit_callbacks
):
    delegation = services.delegation_register(
        actor=reporter,
        meeting=manila,
        organization=Organization.objects.get(code="ilo"),
        delegates=[{"name": "Ibrahim Awad", "function": "Director"}],
        letter=_upload(),
    )
    assert delegation.status == Delegation.Status.PENDING
    assert delegation.letter_name == "ILO nomination.pdf"
    # Stored under a random name that says nothing of the file or the party.
    assert re.fullmatch(
        r"forum/letters/\d{4}/[0-9a-f]{32}\.pdf", delegation.letter.name
    )
    assert _stored(delegation).read_bytes() == LETTER
    # A new letter replaces the old one, whose file goes once committed.
    old = _stored(delegation)
    with django_capture_on_commit_callbacks(execute=True):
        again = services.delegation_register(
            actor=reporter,
            meeting=manila,
            organization=Organization.objects.get(code="ilo"),
            delegates=[{"name": "Ibrahim Awad"}],
            letter=_upload("second.pdf", LETTER + b"%"),
        )
    assert again.pk == delegation.pk and again.letter_name == "second.pdf"
    assert _stored(again).read_bytes() == LETTER + b"%"
    assert not old.exists()
    # The support unit rejects it with a reason, or accredits it.
    with pytest.raises(ValidationError, match="Say why"):
        services.delegation_decide(actor=support, delegation=again, accredit=False)
    rejected = services.delegation_decide(
        actor=support,
        delegation=again,
        accredit=False,
        reason="The letter is not signed.",
    )
    assert rejected.status == Delegation.Status.REJECTED
    assert rejected.reason == "The letter is not signed."


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("letter.pdf", PNG, "its content is a PNG image"),
        ("letter.docx", LETTER, "Accepted: .pdf."),
        ("letter.pdf", b"", "is empty"),
        ("letter.pdf", LETTER + b"x" * 3000, "the limit is"),
    ],
)
def test_a_letter_that_is_no_pdf_or_too_large_is_refused_and_nothing_is_kept(
    reporter, manila, settings, name, content, message
):
    settings.MIGDEV_MAX_UPLOAD_BYTES = 2048
    with pytest.raises(ValidationError, match=message) as refused:
        services.delegation_register(
            actor=reporter,
            meeting=manila,
            organization=Organization.objects.get(code="ilo"),
            delegates=[{"name": "Ibrahim Awad"}],
            letter=_upload(name, content),
        )
    assert "letter" in refused.value.message_dict
    assert not Delegation.objects.filter(organization__code="ilo").exists()
    letters = Path(settings.MEDIA_ROOT) / "forum" / "letters"
    assert not letters.exists() or not any(letters.rglob("*.pdf"))


def test_a_refused_registration_leaves_no_file_behind(reporter, manila):
    letters = Path(settings.MEDIA_ROOT) / "forum" / "letters"
    before = set(letters.rglob("*")) if letters.exists() else set()
    with pytest.raises(ValidationError, match="no name"):
        services.delegation_register(
            actor=reporter,
            meeting=manila,
            organization=Organization.objects.get(code="ilo"),
            delegates=[{"name": ""}],
            letter=_upload(),
        )
    after = set(letters.rglob("*")) if letters.exists() else set()
    assert after == before


def test_an_organization_registers_only_for_itself(reporter, manila, make_user):
    with pytest.raises(PermissionDenied):
        services.delegation_register(
            actor=reporter,
            meeting=manila,
            organization=Organization.objects.get(code="undp"),
            delegates=[{"name": "X"}],
            letter=_upload(),
        )
    focal = make_user(make_user.FOCAL_POINT, country="FRA")
    with pytest.raises(PermissionDenied):
        services.delegation_register(
            actor=focal,
            meeting=manila,
            organization=Organization.objects.get(code="ilo"),
            delegates=[{"name": "X"}],
        )


def test_the_registration_page_and_the_letter_behind_its_permission_check(
    client, reporter, manila, support, make_user
):
    client.force_login(reporter)
    page = client.get("/forum/meetings/2/register/").content.decode()
    assert 'value="organization:' in page and "state:" not in page
    key = re.search(r'value="(organization:\d+)"', page).group(1)
    missing = client.post(
        "/forum/meetings/2/register/", {"party": key, "delegates": "Ibrahim Awad"}
    )
    assert missing.status_code == 400
    assert "nomination letter" in missing.content.decode()
    not_pdf = client.post(
        "/forum/meetings/2/register/",
        {
            "party": key,
            "delegates": "Ibrahim Awad",
            "letter": _upload("letter.pdf", PNG),
        },
    )
    assert not_pdf.status_code == 400 and "PNG" in not_pdf.content.decode()
    done = client.post(
        "/forum/meetings/2/register/",
        {
            "party": key,
            "delegates": "Ibrahim Awad; Director of the International Migration Programme; nn@example.org",
            "letter": _upload(),
        },
    )
    assert done.status_code == 302
    delegation = Delegation.objects.get(organization__code="ilo", meeting=manila)
    url = f"/forum/delegations/{delegation.pk}/letter.pdf"
    assert url in client.get("/forum/meetings/2/").content.decode()

    def fetch(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client.get(url)

    for user in (reporter, support):
        got = fetch(user)
        assert got.status_code == 200
        assert b"".join(got.streaming_content) == LETTER
        assert got["Content-Type"] == "application/pdf"
        assert got["Content-Disposition"].startswith("attachment;")
        assert got["X-Content-Type-Options"] == "nosniff"
    assert fetch(None).status_code == 302  # to the login page
    assert fetch(make_user(make_user.FOCAL_POINT, country="FRA")).status_code == 404
    assert (
        fetch(make_user(make_user.ORG_REPORTER, organization="undp")).status_code == 404
    )
    # Accredited, the delegation is public; its letter is not.
    services.delegation_decide(actor=support, delegation=delegation, accredit=True)
    assert fetch(make_user()).status_code == 404
    assert fetch(reporter).status_code == 200
    # The file is not in any public place: MEDIA_URL is served by nothing.
    client.logout()
    assert client.get(settings.MEDIA_URL + delegation.letter.name).status_code == 404

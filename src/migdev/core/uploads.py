"""Checks on an uploaded document: the original of a reply received by fax,
e-mail or post (``consultation.responses``), the note verbale or nomination
letter of a delegation to a Forum meeting (``forum``, PDF only).

A file is accepted by what it contains, never by its name or by the content
type the browser announces: the first bytes (PDF, PNG, JPEG, TIFF, the OLE2
container of Word 97–2003), the structure of an Office Open XML package
(a zip with ``[Content_Types].xml`` and ``word/`` or ``xl/``), or plain text
that decodes as UTF-8. The name's extension must then agree with the content.
"""

from __future__ import annotations

import io
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

DEFAULT_MAX_UPLOAD_BYTES = 10 * 1024 * 1024

#: The accepted kinds: code → (description, file name extensions).
KINDS: dict[str, tuple[object, tuple[str, ...]]] = {
    "pdf": (_("a PDF document"), (".pdf",)),
    "docx": (_("a Word document (.docx)"), (".docx",)),
    "xlsx": (_("an Excel workbook (.xlsx)"), (".xlsx",)),
    "doc": (_("a Word 97–2003 document (.doc)"), (".doc",)),
    "png": (_("a PNG image"), (".png",)),
    "jpeg": (_("a JPEG image"), (".jpg", ".jpeg")),
    "tiff": (_("a TIFF image (a scanned fax)"), (".tif", ".tiff")),
    "txt": (_("a plain text file"), (".txt",)),
}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "doc": "application/msword",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "tiff": "image/tiff",
    "txt": "text/plain; charset=utf-8",
}
ACCEPT_ATTRIBUTE = ",".join(ext for _d, exts in KINDS.values() for ext in exts)

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_WORD_STREAM = "WordDocument".encode("utf-16-le")


def max_upload_bytes() -> int:
    return int(getattr(settings, "MIGDEV_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES))


@dataclass(frozen=True)
class CheckedFile:
    kind: str
    extension: str
    original_name: str
    size: int

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.kind]

    def storage_name(self) -> str:
        """A name that reveals nothing and cannot collide: the original name is
        kept beside it, for display only."""
        return f"{uuid.uuid4().hex}{self.extension}"


def sniff(head: bytes, stream: IO[bytes]) -> str | None:
    """The kind of a file from its content, or None if it is none we accept."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "tiff"
    if head.startswith(_OLE2):
        stream.seek(0)
        data = stream.read()
        return "doc" if _WORD_STREAM in data else None
    if head.startswith(b"PK\x03\x04"):
        stream.seek(0)
        try:
            with zipfile.ZipFile(stream) as package:
                names = package.namelist()
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        if "[Content_Types].xml" not in names:
            return None
        if any(n.startswith("word/") for n in names):
            return "docx"
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
        return None
    stream.seek(0)
    data = stream.read()
    if b"\x00" in data:
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return "txt"


def check_upload(upload, *, kinds: tuple[str, ...] | None = None) -> CheckedFile:
    """Check an uploaded file (Django ``UploadedFile`` or any named binary file)
    against the size limit and the accepted ``kinds`` (codes of ``KINDS``;
    default: all of them).

    Raises ``ValidationError`` with a message that says what to fix.
    """
    allowed = {k: v for k, v in KINDS.items() if kinds is None or k in kinds}
    name = PurePath(getattr(upload, "name", "") or "").name
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, io.SEEK_END)
        size = upload.tell()
    limit = max_upload_bytes()
    if not size:
        raise ValidationError(
            _("The file %(name)s is empty. Attach the document as received."),
            code="empty",
            params={"name": name or "?"},
        )
    if size > limit:
        raise ValidationError(
            _(
                "The file %(name)s is %(size)s; the limit is %(limit)s. Scan it at a "
                "lower resolution or split it, then upload it again."
            ),
            code="too_large",
            params={
                "name": name,
                "size": filesizeformat(size),
                "limit": filesizeformat(limit),
            },
        )
    extension = PurePath(name).suffix.lower()
    expected = next(
        (kind for kind, (_d, exts) in allowed.items() if extension in exts), None
    )
    accepted = ", ".join(ext for _d, exts in allowed.values() for ext in exts)
    if expected is None:
        raise ValidationError(
            _("The file %(name)s is not of an accepted kind. Accepted: %(accepted)s."),
            code="kind",
            params={"name": name or "?", "accepted": accepted},
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    found = sniff(head, upload)
    upload.seek(0)
    if found != expected:
        if found is None:
            raise ValidationError(
                _(
                    "The file %(name)s is not %(expected)s: its content is not a "
                    "kind we accept. Upload the original file as received."
                ),
                code="content",
                params={"name": name, "expected": KINDS[expected][0]},
            )
        raise ValidationError(
            _(
                "The file %(name)s is not %(expected)s: its content is %(found)s. "
                "Rename it to match its content, or upload the original file."
            ),
            code="content",
            params={
                "name": name,
                "expected": KINDS[expected][0],
                "found": KINDS[found][0],
            },
        )
    return CheckedFile(kind=found, extension=extension, original_name=name, size=size)

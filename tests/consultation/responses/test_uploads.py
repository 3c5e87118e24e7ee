"""The original document of a reply is accepted by its content, not its name."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from migdev.core.uploads import check_upload
from tests.consultation.responses import files


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("reply.pdf", files.PDF, "pdf"),
        ("Reply.PDF", files.PDF, "pdf"),
        ("scan.png", files.PNG, "png"),
        ("scan.jpg", files.JPEG, "jpeg"),
        ("scan.jpeg", files.JPEG, "jpeg"),
        ("fax.tif", files.TIFF, "tiff"),
        ("fax.tiff", files.TIFF, "tiff"),
        ("reply.doc", files.OLE_DOC, "doc"),
        ("reply.docx", files.ooxml("word"), "docx"),
        ("figures.xlsx", files.ooxml("xl"), "xlsx"),
        ("note.txt", files.TEXT, "txt"),
    ],
)
def test_accepted_kinds(name, content, kind):
    # The browser's content type is ignored: always a wrong one here.
    checked = check_upload(files.upload(name, content, "application/x-whatever"))
    assert checked.kind == kind
    assert checked.original_name == name
    assert checked.storage_name().endswith(checked.extension)
    assert name not in checked.storage_name()


def test_real_xlsx_from_openpyxl(tmp_path):
    import openpyxl

    path = tmp_path / "reply.xlsx"
    openpyxl.Workbook().save(path)
    assert check_upload(files.upload("reply.xlsx", path.read_bytes())).kind == "xlsx"


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("reply.pdf", files.PNG, "its content is a PNG image"),
        ("reply.docx", files.ooxml("xl"), "its content is an Excel workbook"),
        ("reply.xlsx", files.plain_zip(), "is not an Excel workbook"),
        ("reply.docx", b"PK\x03\x04 broken zip", "is not a Word document"),
        (
            "reply.doc",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64,
            "is not a Word 97",
        ),
        ("reply.txt", b"MZ\x90\x00\x03\x00\x00\x00", "is not a plain text file"),
        ("reply.txt", b"\xff\xfe\xfa binary", "is not a plain text file"),
        ("reply.png", files.PDF, "its content is a PDF document"),
    ],
)
def test_file_that_is_not_what_it_claims(name, content, says):
    with pytest.raises(ValidationError) as exc:
        check_upload(files.upload(name, content))
    message = " ".join(exc.value.messages)
    assert name in message
    assert says in message


@pytest.mark.parametrize("name", ["reply.exe", "reply.html", "reply", "reply.svg"])
def test_kind_not_accepted(name):
    with pytest.raises(ValidationError) as exc:
        check_upload(files.upload(name, files.PDF))
    assert "Accepted: .pdf" in " ".join(exc.value.messages)


def test_oversize(settings):
    settings.MIGDEV_MAX_UPLOAD_BYTES = 1000
    with pytest.raises(ValidationError) as exc:
        check_upload(files.upload("big.pdf", files.PDF + b"0" * 2000))
    assert "the limit is 1000" in " ".join(exc.value.messages)


def test_default_limit_is_ten_megabytes():
    big = files.upload("big.pdf", files.PDF + b"0" * (10 * 1024 * 1024))
    with pytest.raises(ValidationError, match="limit"):
        check_upload(big)
    check_upload(files.upload("ok.pdf", files.PDF + b"0" * (9 * 1024 * 1024)))


def test_empty_file():
    with pytest.raises(ValidationError, match="empty"):
        check_upload(files.upload("reply.pdf", b""))

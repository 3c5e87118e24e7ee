"""Accreditation's outputs, on the demo: the confirmation mailed to each
delegate (real SMTP on loopback) with a QR code and a personal link to the
badge; badges as PDF whose QR code reads back and checks the delegate in;
the list of participants as CSV and XLSX; a delegation changed and
withdrawn, with its audit trail; the calendar as iCalendar."""

from __future__ import annotations

import base64
import csv
import datetime as dt
import io
import re
import shutil
import subprocess
from urllib.parse import urlsplit

import numpy as np
import pytest
from icalendar import Calendar
from openpyxl import load_workbook

from migdev.core.audit import audit_history
from migdev.forum import exports, selectors, services
from migdev.forum.models import Delegate, Delegation, Meeting
from migdev.outreach.services import messages_deliver
from migdev.registry.models import Country

pytestmark = pytest.mark.django_db


@pytest.fixture
def registered(demo, make_user):
    """France's delegation to Manila, registered by its focal point: one
    delegate writes in French, one in Arabic, one has no address."""
    focal = make_user(make_user.FOCAL_POINT, country="FRA")
    delegation = services.delegation_register(
        actor=focal,
        meeting=Meeting.objects.get(edition=2),
        country=Country.objects.get(iso3="FRA"),
        delegates=[
            {
                "name": "Claire Dubois",
                "function": "Ambassadrice",
                "email": "claire@example.fr",
                "language": "fr",
            },
            {
                "name": "Amal Haddad",
                "function": "Conseillère",
                "email": "amal@example.fr",
                "language": "ar",
            },
            {"name": '=HYPERLINK("x")', "function": "", "email": ""},
        ],
    )
    delegation.focal = focal
    return delegation


def _accredit(delegation, support):
    return services.delegation_decide(
        actor=support, delegation=delegation, accredit=True
    )


def test_accreditation_mails_each_delegate_in_its_language(
    registered, support, smtp_server
):
    _accredit(registered, support)
    report = messages_deliver()
    assert len(report.sent) == 2
    by_to = {m["rcpt"][0]: m for m in smtp_server.messages}
    assert set(by_to) == {"claire@example.fr", "amal@example.fr"}
    fr = by_to["claire@example.fr"]
    assert fr["language"] == "fr"
    assert "Accréditation confirmée" in fr["subject"]
    assert "Manille" in fr["subject"]
    html = fr["email"].get_body(("html",)).get_content()
    assert "France" in html and "Claire Dubois" in html
    # The QR code in the message reads back as the delegate's check-in address.
    png = base64.b64decode(
        re.search(r'src="data:image/png;base64,([^"]+)"', html).group(1)
    )
    assert _decode_png(png) == exports.check_in_url(
        Delegate.objects.get(email="claire@example.fr")
    )
    ar = by_to["amal@example.fr"]
    assert ar["language"] == "ar"
    assert 'dir="rtl"' in ar["email"].get_body(("html",)).get_content()
    assert "فرنسا" in ar["email"].get_body(("plain",)).get_content()
    # Accrediting again writes nothing twice.
    _accredit(registered, support)
    assert messages_deliver().sent == []


def _pgm(data: bytes) -> np.ndarray:
    """A binary PGM (P5) as an array."""
    fields = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    width, height = int(fields.group(1)), int(fields.group(2))
    return np.frombuffer(data[fields.end() :], dtype=np.uint8).reshape(height, width)


def _decode_png(png: bytes) -> str:
    import zxingcpp
    from PIL import Image  # installed with WeasyPrint

    image = np.asarray(Image.open(io.BytesIO(png)).convert("L"))
    # A quiet zone of white around the code for the reader.
    image = np.pad(image, 16, constant_values=255)
    results = zxingcpp.read_barcodes(image)
    assert results, "no QR code found"
    return results[0].text


@pytest.mark.skipif(
    not shutil.which("pdftoppm"), reason="poppler-utils is not installed"
)
def test_badges_are_a_pdf_whose_qr_code_checks_the_delegate_in(
    registered, support, client, smtp_server
):
    import zxingcpp

    _accredit(registered, support)
    client.force_login(registered.focal)
    response = client.get(f"/forum/delegations/{registered.pk}/badges.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    assert "Claire Dubois" in text and "Amal Haddad" in text and "France" in text
    assert "Manila" in text
    # In Arabic, the badge is written in Arabic script (right to left).
    arabic = client.get(f"/ar/forum/delegations/{registered.pk}/badges.pdf").content
    ar_text = subprocess.run(
        ["pdftotext", "-", "-"], input=arabic, capture_output=True, check=True
    ).stdout.decode()
    assert re.search("[\u0600-\u06ff\ufe70-\ufeff]", ar_text)
    assert "Claire Dubois" in ar_text
    # Page 1 rendered, its QR code read back: Claire Dubois's check-in.
    page = subprocess.run(
        ["pdftoppm", "-gray", "-r", "150", "-f", "1", "-l", "1", "-singlefile", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout
    results = zxingcpp.read_barcodes(_pgm(page))
    assert len(results) == 1
    claire = Delegate.objects.get(name="Claire Dubois")
    url = results[0].text
    assert url == exports.check_in_url(claire)
    # The support unit checks the delegate in with it; a focal point may not.
    path = urlsplit(url).path
    assert client.get(path).status_code == 403
    client.force_login(support)
    page = client.get(path).content.decode()
    assert "Claire Dubois" in page and "accredited" in page
    forged = client.get(path[:-3] + "xyz/")
    assert forged.status_code == 404

    # Another State's focal point sees no badges of France's delegation.
    other = type(registered.focal).objects.create_user("mex-fp", password="x")
    from migdev.registry.services import role_assign

    role_assign(user=other, role="focal_point", country=Country.objects.get(iso3="MEX"))
    client.force_login(other)
    assert client.get(f"/forum/delegations/{registered.pk}/badges.pdf").status_code in (
        403,
        404,
    )


def test_the_badge_link_of_the_confirmation_gives_the_delegate_its_badge(
    registered, support, client, smtp_server
):
    _accredit(registered, support)
    messages_deliver()
    claire = next(m for m in smtp_server.messages if m["rcpt"] == ["claire@example.fr"])
    body = claire["email"].get_body(("plain",)).get_content()
    link = re.search(r"https?://\S+/forum/badges/link/\S+/", body).group(0)
    path = urlsplit(link).path
    response = client.get(path)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert "Claire Dubois" in text and "Amal Haddad" not in text
    # Withdrawn, the delegation's badge links stop working.
    services.delegation_withdraw(
        actor=registered.focal, delegation=registered, reason="Travel cancelled"
    )
    assert client.get(path).status_code == 404


def test_the_list_of_participants_as_csv_and_xlsx(
    registered, support, client, make_user
):
    _accredit(registered, support)
    client.force_login(make_user(make_user.FOCAL_POINT, country="FRA"))
    assert client.get("/forum/meetings/2/participants.csv").status_code == 403
    client.force_login(support)
    response = client.get("/forum/meetings/2/participants.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Delegation", "Code", "Name"]
    france = [r for r in rows[1:] if r[1] == "FRA"]
    assert [r[2] for r in france] == [
        "Claire Dubois",
        "Amal Haddad",
        '\'=HYPERLINK("x")',
    ]
    assert france[0][4] == "claire@example.fr"
    assert dt.date.fromisoformat(france[0][5])
    # The demo's ten accredited State delegations have no delegates named.
    assert {r[0] for r in rows[1:]} == {"France"}

    response = client.get("/fr/forum/meetings/2/participants.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert "Manille" in sheet["A1"].value
    assert [c.value for c in sheet[2]][:3] == ["Délégation", "Code", "Nom"]
    names = [sheet.cell(r, 3).value for r in range(3, sheet.max_row + 1)]
    assert names == ["Claire Dubois", "Amal Haddad", '\'=HYPERLINK("x")']
    assert sheet.cell(3, 6).is_date
    assert client.get("/forum/meetings/2/participants.pdf").status_code == 404
    ar = load_workbook(
        io.BytesIO(client.get("/ar/forum/meetings/2/participants.xlsx").content)
    )
    assert ar.active.sheet_view.rightToLeft


def test_a_delegation_is_changed_and_withdrawn_with_its_audit_trail(
    registered, support, client, smtp_server
):
    focal = registered.focal
    claire = Delegate.objects.get(name="Claire Dubois")
    services.delegation_update(
        actor=focal,
        delegation=registered,
        delegates=[
            {
                "id": str(claire.pk),
                "name": "Claire Dubois",
                "function": "Ambassadrice, cheffe de délégation",
                "email": "claire@example.fr",
                "language": "fr",
            },
            {
                "name": "Paul Martin",
                "function": "Expert",
                "email": "paul@example.fr",
                "language": "fr",
            },
        ],
    )
    assert sorted(registered.delegates.values_list("name", flat=True)) == [
        "Claire Dubois",
        "Paul Martin",
    ]
    claire.refresh_from_db()
    assert claire.function == "Ambassadrice, cheffe de délégation"
    history = list(audit_history(claire))  # newest first
    assert history[0].changes["function"] == [
        "Ambassadrice",
        "Ambassadrice, cheffe de délégation",
    ]

    _accredit(registered, support)
    # Accredited: the focal point may no longer change it; the support unit may.
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="accredited already"):
        services.delegation_update(
            actor=focal, delegation=registered, delegates=[{"name": "X"}]
        )
    services.delegation_update(
        actor=support,
        delegation=registered,
        delegates=[
            {
                "id": str(claire.pk),
                "name": "Claire Dubois",
                "email": "claire@example.fr",
                "language": "fr",
            },
            {"name": "Nadia Benali", "email": "nadia@example.fr", "language": "ar"},
        ],
    )
    assert (
        len(messages_deliver().sent) == 2
    )  # Claire's confirmation, then Nadia's, Paul's never
    assert sorted(m["rcpt"][0] for m in smtp_server.messages) == [
        "claire@example.fr",
        "nadia@example.fr",
    ]

    attendance_before = len(selectors.attendance(registered.meeting)["states"])
    client.force_login(focal)
    response = client.post(
        f"/forum/delegations/{registered.pk}/withdraw/", {"reason": "Travel cancelled"}
    )
    assert response.status_code == 302
    registered.refresh_from_db()
    assert registered.status == Delegation.Status.WITHDRAWN
    assert (
        len(selectors.attendance(registered.meeting)["states"]) == attendance_before - 1
    )
    entry = audit_history(registered).first()
    assert entry.actor == focal
    assert entry.changes["status"] == ["accredited", "withdrawn"]
    with pytest.raises(ValidationError, match="withdrawn already"):
        services.delegation_withdraw(actor=support, delegation=registered)


def test_another_states_focal_point_may_not_change_or_withdraw(
    registered, make_user, client
):
    mex = make_user(make_user.FOCAL_POINT, country="MEX")
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.delegation_withdraw(actor=mex, delegation=registered)
    with pytest.raises(PermissionDenied):
        services.delegation_update(
            actor=mex, delegation=registered, delegates=[{"name": "X"}]
        )
    client.force_login(mex)
    assert (
        client.post(f"/forum/delegations/{registered.pk}/withdraw/").status_code == 404
    )
    registered.refresh_from_db()
    assert registered.status == Delegation.Status.PENDING


def test_the_calendar_parses_back(client, demo):
    feed = client.get("/forum/calendar.ics")
    assert feed.status_code == 200
    assert feed["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(feed.content)
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    manila = next(e for uid, e in events.items() if uid.startswith("forum-meeting-2@"))
    assert manila.decoded("dtstart") == dt.date(2008, 10, 29)
    assert manila.decoded("dtend") == dt.date(2008, 10, 31)  # exclusive
    assert "Manila" in str(manila["summary"]) and "Philippines" in str(
        manila["location"]
    )
    civil = next(
        e for uid, e in events.items() if uid.startswith("forum-civil-society-2@")
    )
    assert civil.decoded("dtstart") == dt.date(2008, 10, 27)
    friends = [e for uid, e in events.items() if uid.startswith("forum-friends-")]
    assert len(friends) >= 4 and all("Geneva" in str(e["location"]) for e in friends)
    # One meeting, in Chinese.
    one = Calendar.from_ical(
        client.get("/zh-hans/forum/meetings/1/calendar.ics").content
    )
    (brussels,) = one.walk("VEVENT")[:1]
    assert "布鲁塞尔" in str(brussels["summary"])
    assert len(one.walk("VEVENT")) == 2  # the meeting and its civil-society day
    assert client.get("/forum/meetings/9/calendar.ics").status_code == 404

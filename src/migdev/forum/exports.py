"""What the Forum hands out as files: the list of participants of a meeting
(CSV and XLSX), delegates' badges (PDF, with a QR code to check them in) and
the calendar of the Forum's meetings (iCalendar, RFC 5545)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import segno
from django.conf import settings
from django.core import signing
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from icalendar import Calendar, Event
from openpyxl import Workbook

from migdev import languages
from migdev.forum.models import Delegate, Delegation, FriendsMeeting, Meeting
from migdev.forum.selectors import party_name
from migdev.registry import selectors as registry

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ICS_TYPE = "text/calendar; charset=utf-8"
PDF_TYPE = "application/pdf"

#: A spreadsheet reads a cell starting with these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(value: Any) -> Any:
    """A text cell a spreadsheet will not run as a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


# --- The list of participants ------------------------------------------------------


def _participant_header() -> list[str]:
    return [
        _("Delegation"),
        _("Code"),
        _("Name"),
        _("Title or function"),
        _("E-mail"),
        _("Accredited on"),
    ]


def _participant_rows(
    rows: Iterable[tuple[Delegation, Delegate]],
) -> list[list[Any]]:
    out = []
    for delegation, delegate in rows:
        code = (
            delegation.country.iso3
            if delegation.country is not None
            else delegation.organization.code
        )
        decided = (
            timezone.localdate(delegation.decided_at) if delegation.decided_at else None
        )
        out.append(
            [
                party_name(delegation),
                code,
                delegate.name,
                delegate.function,
                delegate.email,
                decided,
            ]
        )
    return out


def participants_csv(rows: Iterable[tuple[Delegation, Delegate]]) -> bytes:
    """UTF-8 with a byte-order mark (spreadsheets then read it as UTF-8)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(_participant_header())
    for row in _participant_rows(rows):
        writer.writerow(
            [_safe(v.isoformat() if isinstance(v, dt.date) else v or "") for v in row]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def participants_xlsx(
    meeting: Meeting, rows: Iterable[tuple[Delegation, Delegate]]
) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Participants")[:31]
    if languages.get(get_language()).direction == "rtl":
        sheet.sheet_view.rightToLeft = True
    sheet.append(
        [
            _("List of participants: %(meeting)s")
            % {"meeting": f"{meeting.city.get_text()} {meeting.start.year}"}
        ]
    )
    sheet.append(_participant_header())
    for row in _participant_rows(rows):
        sheet.append([_safe(v) for v in row])
        sheet.cell(sheet.max_row, 6).number_format = "yyyy-mm-dd"
    for column, width in zip("ABCDEF", (30, 8, 30, 30, 30, 12), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A3"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- Badges and their QR code ----------------------------------------------------------

_BADGE_SALT = "migdev.forum.badge"
BADGE_CSS = str(Path(__file__).with_name("badges.css"))


def badge_token(delegate: Delegate) -> str:
    """What a badge's QR code carries: the delegate, signed (a forged or
    altered code does not check in); the same code each time it is printed."""
    return signing.Signer(salt=_BADGE_SALT).sign_object({"d": delegate.pk})


def badge_delegate_id(token: str) -> int | None:
    try:
        return int(signing.Signer(salt=_BADGE_SALT).unsign_object(token)["d"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def check_in_url(delegate: Delegate) -> str:
    """The address a badge's QR code holds: the same in every language (the
    support unit's page answers in its reader's)."""
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("forum:check-in", kwargs={"token": badge_token(delegate)})
    return settings.SITE_URL.rstrip("/") + path


def qr_svg_data_uri(text: str, scale: int = 4) -> str:
    return segno.make(text, error="m").svg_data_uri(scale=scale)


def qr_png_data_uri(text: str, scale: int = 4) -> str:
    return segno.make(text, error="m").png_data_uri(scale=scale)


def badges_pdf(delegation: Delegation, delegates: Sequence[Delegate]) -> bytes:
    """One badge per page (A6), in the active language: the meeting, the
    delegate's name and function, the delegation, a QR code to check in."""
    from weasyprint import CSS, HTML

    meeting = delegation.meeting
    lang = languages.get(get_language())
    html = render_to_string(
        "forum/badges.html",
        {
            "meeting": meeting,
            "party": party_name(delegation),
            "host": registry.country_name(meeting.host, meeting.start),
            "badges": [(d, qr_svg_data_uri(check_in_url(d))) for d in delegates],
            "language": lang.bcp47,
            "direction": lang.direction,
        },
    )
    return HTML(string=html).write_pdf(stylesheets=[CSS(filename=BADGE_CSS)])


# --- The calendar ---------------------------------------------------------------------


def _uid(kind: str, key: Any) -> str:
    host = settings.SITE_URL.split("//")[-1].split("/")[0].split(":")[0] or "migdev"
    return f"forum-{kind}-{key}@{host}"


def _all_day(
    uid: str, summary: str, start: dt.date, end: dt.date, where: str, url: str = ""
) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", timezone.now())
    event.add("summary", summary)
    event.add("dtstart", start)
    event.add("dtend", end + dt.timedelta(days=1))  # DTEND of a date is exclusive
    if where:
        event.add("location", where)
    if url:
        event.add("url", url)
    return event


def calendar_ics(
    meetings: Iterable[Meeting], friends: Iterable[FriendsMeeting]
) -> bytes:
    """The Forum's meetings, their civil-society days and the Friends'
    meetings as all-day events, named in the active language."""
    calendar = Calendar()
    calendar.add("prodid", "-//migdev//Global Forum on Migration and Development//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("Global Forum on Migration and Development"))
    site = settings.SITE_URL.rstrip("/")
    for m in meetings:
        host = registry.country_name(m.host, m.start)
        city = m.city.get_text()
        calendar.add_component(
            _all_day(
                _uid("meeting", m.edition),
                _("Global Forum, meeting %(n)s: %(city)s")
                % {"n": m.edition, "city": city},
                m.start,
                m.end,
                f"{city}, {host}",
                site + m.get_absolute_url(),
            )
        )
        day = getattr(m, "civil_society_day", None)
        if day is not None:
            calendar.add_component(
                _all_day(
                    _uid("civil-society", m.edition),
                    _("Civil-society days before the Global Forum: %(city)s")
                    % {"city": city},
                    day.start,
                    day.end,
                    f"{city}, {host}",
                )
            )
    for f in friends:
        calendar.add_component(
            _all_day(
                _uid("friends", f.pk),
                _("Meeting of the Friends of the Forum"),
                f.date,
                f.date,
                f.place.get_text(),
            )
        )
    return calendar.to_ical()

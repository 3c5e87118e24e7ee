"""Pages of the Global Forum. Thin: read through selectors, write through services."""

from __future__ import annotations

from uuid import uuid4

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from migdev.core.dated import parse_day
from migdev.core.errors import BadInput, error_text, onto_form
from migdev.forum import exports, rules, selectors, services
from migdev.forum import mail as forum_mail
from migdev.forum.forms import (
    BroadcastForm,
    ChairForm,
    DecisionForm,
    DelegatesForm,
    DelegationForm,
    FriendsMeetingForm,
    PracticeForm,
    ReportForm,
    ReviewForm,
    WithdrawForm,
)
from migdev.forum.models import (
    Broadcast,
    Chairmanship,
    Delegation,
    FriendsMeeting,
    Meeting,
    Practice,
)
from migdev.outreach.services import LinkError
from migdev.registry import permissions
from migdev.registry import selectors as registry
from migdev.registry.models import Country, Grouping, Organization


def home(request: HttpRequest) -> HttpResponse:
    """The Forum: the troika on the day asked (default today) in the chosen
    language, the chairs with their alternation check, the Steering Group's
    balance, the Friends' meetings per year with their check, the meetings."""
    day = parse_day(request.GET.get("as_of"))
    team = selectors.troika(day)
    return render(
        request,
        "forum/home.html",
        {
            "as_of": day,
            "troika": [
                (role, chair, registry.name_on(chair.country, day))
                for role, chair in team.members()
            ],
            "troika_day": team,
            "chairs": selectors.chair_history(),
            "steering": selectors.steering_group(day),
            "friends": selectors.friends_by_year(),
            "meetings": selectors.meeting_list(),
            "dialogues": [
                (d, selectors.dialogue_participation(d))
                for d in selectors.dialogue_list()
            ],
            "may_manage": permissions.can(
                request.user, rules.MANAGE, selectors.Meeting
            ),
        },
    )


def meeting_detail(request: HttpRequest, edition: int) -> HttpResponse:
    meeting = selectors.meeting_get(edition)
    may_register = bool(
        selectors.registrable_countries(request.user)
        or selectors.registrable_organizations(request.user)
    )
    return render(
        request,
        "forum/meeting_detail.html",
        {
            "meeting": meeting,
            "attendance": selectors.attendance(meeting),
            "registrations": selectors.delegations_for(request.user, meeting)
            if request.user.is_authenticated
            else [],
            "may_register": may_register,
            "own_accredited": selectors.accredited_for(request.user, meeting),
            "may_decide": permissions.can(request.user, rules.DECIDE, Delegation),
            "may_manage": permissions.can(request.user, rules.MANAGE, Meeting),
            "civil_society": getattr(meeting, "civil_society_day", None),
        },
    )


@login_required
def delegation_register(request: HttpRequest, edition: int) -> HttpResponse:
    """A focal point registers its State's delegation with the note verbale,
    an organization's reporting officer its organization's with the
    nomination letter: one form, one service."""
    meeting = selectors.meeting_get(edition)
    countries = selectors.registrable_countries(request.user)
    organizations = selectors.registrable_organizations(request.user)
    if not (countries or organizations):
        raise permissions.PermissionDenied
    form = DelegationForm(
        request.POST or None,
        request.FILES or None,
        countries=countries,
        organizations=organizations,
        language=request.LANGUAGE_CODE,
    )
    if request.method == "POST" and form.is_valid():
        party = form.cleaned_data["party"]
        try:
            services.delegation_register(
                actor=request.user,
                meeting=meeting,
                country=party if isinstance(party, Country) else None,
                organization=party if isinstance(party, Organization) else None,
                delegates=form.cleaned_data["delegates"],
                letter=form.cleaned_data["letter"],
            )
        except ValidationError as exc:
            onto_form(form, exc)
        else:
            messages.success(
                request,
                _("The delegation is registered; the support unit will accredit it."),
            )
            return redirect(meeting.get_absolute_url())
    return render(
        request,
        "forum/delegation_form.html",
        {"meeting": meeting, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@never_cache
@require_safe
def delegation_letter(request: HttpRequest, delegation_id: int) -> HttpResponse:
    """A delegation's note verbale or nomination letter, for its own party
    and the support unit; always a download, never rendered by the site."""
    delegation = selectors.delegation_letter(request.user, delegation_id)
    response = FileResponse(
        delegation.letter.open("rb"),
        as_attachment=True,
        filename=delegation.letter_name or "letter.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@require_POST
@login_required
def delegation_decide(request: HttpRequest, delegation_id: int) -> HttpResponse:
    """The support unit accredits or rejects a registration."""
    delegation = get_object_or_404(
        Delegation.objects.select_related("meeting"), pk=delegation_id
    )
    if not permissions.can(request.user, rules.VIEW, delegation):
        raise Http404
    permissions.require(request.user, rules.DECIDE, delegation)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to accredit or to reject."))
        return redirect(delegation.meeting.get_absolute_url())
    try:
        services.delegation_decide(
            actor=request.user,
            delegation=delegation,
            accredit=form.cleaned_data["decision"] == "accredit",
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("The decision is recorded."))
    return redirect(delegation.meeting.get_absolute_url())


def practice_list(request: HttpRequest) -> HttpResponse:
    """Published practices, searched by theme, region, State, words and
    Global Compact objective or SDG target, with the count per tag."""
    theme = request.GET.get("theme") or None
    region = request.GET.get("region") or None
    state = request.GET.get("state") or None
    q = request.GET.get("q") or None
    tag = request.GET.get("tag") or None
    try:
        practices = selectors.practice_list(
            request.user, theme=theme, region=region, state=state, q=q, tag=tag
        )
    except BadInput:
        practices, tag = selectors.practice_list(request.user).none(), None
    to_review = (
        selectors.practice_list(request.user, published_only=False).exclude(
            status=Practice.Status.PUBLISHED
        )
        if request.user.is_authenticated
        else []
    )

    return render(
        request,
        "forum/practice_list.html",
        {
            "practices": practices,
            "to_review": to_review,
            "may_submit": bool(selectors.registrable_countries(request.user)),
            "may_review": permissions.can(request.user, rules.DECIDE, Practice),
            "themes": selectors.theme_list(),
            "regions": Grouping.objects.filter(code__in=selectors.REGIONS),
            "theme": theme,
            "region": region,
            "state": state or "",
            "q": q or "",
            "tag": tag,
            "tag_counts": selectors.practice_tag_counts(request.user),
        },
    )


@login_required
def practice_submit(request: HttpRequest) -> HttpResponse:
    """A focal point submits a good practice of its State, in any official language."""
    countries = selectors.registrable_countries(request.user)
    if not countries:
        raise permissions.PermissionDenied
    form = PracticeForm(
        request.POST or None,
        countries=countries,
        themes=list(selectors.theme_list()),
        initial={"language": request.LANGUAGE_CODE},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.practice_submit(
                actor=request.user,
                country=data["country"],
                language=data["language"],
                title=data["title"],
                description=data["description"],
                themes=data["themes"],
                period=data["period"],
                partners=data["partners"],
                results=data["results"],
                links=data["links"],
                tags=data["tags"],
            )
        except ValidationError as exc:
            onto_form(form, exc)
        else:
            messages.success(
                request,
                _("The practice is submitted; the support unit will review it."),
            )
            return redirect("forum:practices")
    return render(
        request,
        "forum/practice_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
def practice_review(request: HttpRequest, practice_id: int) -> HttpResponse:
    practice = selectors.practice_get(request.user, practice_id)
    permissions.require(request.user, rules.DECIDE, practice)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to publish or to return."))
        return redirect("forum:practices")
    try:
        services.practice_review(
            actor=request.user,
            practice=practice,
            publish=form.cleaned_data["decision"] == "publish",
            note=form.cleaned_data["note"],
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("The decision is recorded."))
    return redirect("forum:practices")


@login_required
def focal_points(request: HttpRequest) -> HttpResponse:
    """The network of national focal points (¶14), for the support unit."""
    return render(
        request,
        "forum/focal_points.html",
        {
            "contacts": selectors.focal_point_directory(request.user),
            "broadcasts": selectors.broadcast_list(request.user)[:20],
        },
    )


@login_required
def support_unit(request: HttpRequest) -> HttpResponse:
    """The support unit's staff, and its money for a year (¶19)."""
    raw = request.GET.get("year") or ""
    years = selectors.money_years(request.user)
    year = int(raw) if raw.isdigit() else (years[-1] if years else None)
    return render(
        request,
        "forum/support_unit.html",
        {
            "staff": selectors.staff_list(request.user),
            "years": years,
            "year": year,
            "statement": selectors.statement(request.user, year) if year else None,
        },
    )


@login_required
def chair_new(request: HttpRequest) -> HttpResponse:
    """The support unit records a chair-in-office; a chair that breaks the
    alternation is recorded and flagged."""
    permissions.require(request.user, rules.MANAGE, Chairmanship)
    form = ChairForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            country = registry.country_get(data["state"])
            meeting = (
                selectors.meeting_get(data["meeting"]) if data["meeting"] else None
            )
            _chair, check = services.chair_record(
                actor=request.user,
                country=country,
                start=data["start"],
                end=data["end"],
                meeting=meeting,
            )
        except registry.UnknownCode as exc:
            form.add_error("state", str(exc))
        except Http404:
            form.add_error("meeting", _("No Forum meeting has this edition."))
        except ValidationError as exc:
            onto_form(form, exc)
        else:
            messages.success(request, _("The chair is recorded."))
            if not check.ok:
                messages.warning(request, check.reason)
            return redirect("forum:home")
    return render(
        request,
        "forum/record_form.html",
        {"form": form, "title": _("Record a chair-in-office")},
        status=400 if form.errors else 200,
    )


@login_required
def friends_meeting_new(request: HttpRequest) -> HttpResponse:
    """The support unit records a meeting of the Friends of the Forum."""
    permissions.require(request.user, rules.MANAGE, FriendsMeeting)
    form = FriendsMeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        language = request.LANGUAGE_CODE
        try:
            services.friends_meeting_record(
                actor=request.user,
                date=data["date"],
                place={language: data["place"]} if data["place"] else None,
                agenda={language: data["agenda"]},
                minutes={language: data["minutes"]},
                states=data["states"],
                organizations=data["organizations"],
            )
        except ValidationError as exc:
            onto_form(form, exc)
        else:
            messages.success(request, _("The meeting is recorded."))
            return redirect("forum:home")
    return render(
        request,
        "forum/record_form.html",
        {"form": form, "title": _("Record a meeting of the Friends of the Forum")},
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
def meeting_report(request: HttpRequest, edition: int) -> HttpResponse:
    """The support unit records the report's transmission to the President of
    the General Assembly (¶20)."""
    meeting = selectors.meeting_get(edition)
    permissions.require(request.user, rules.MANAGE, meeting)
    form = ReportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the date and the document symbol."))
        return redirect(meeting.get_absolute_url())
    try:
        services.meeting_report_transmit(
            actor=request.user,
            meeting=meeting,
            on=form.cleaned_data["transmitted_on"],
            symbol=form.cleaned_data["symbol"],
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("The transmission is recorded."))
    return redirect(meeting.get_absolute_url())


# --- Delegations: change, withdraw, badges, the list of participants --------------------


def _delegates_text(delegation: Delegation) -> str:
    return "\n".join(
        "; ".join((d.name, d.function, d.email, d.language))
        for d in delegation.delegates.all()
    )


@login_required
def delegation_edit(request: HttpRequest, delegation_id: int) -> HttpResponse:
    """Change a delegation's delegates (its focal point while pending, the
    support unit at any time)."""
    delegation = selectors.delegation_get(request.user, delegation_id)
    permissions.require(request.user, rules.REGISTER, delegation)
    form = DelegatesForm(
        request.POST or None,
        language=request.LANGUAGE_CODE,
        initial={"delegates": _delegates_text(delegation)},
    )
    if request.method == "POST" and form.is_valid():
        by_name = {d.name.casefold(): d.pk for d in delegation.delegates.all()}
        rows = [
            {**row, "id": str(by_name.get(row["name"].casefold(), ""))}
            for row in form.cleaned_data["delegates"]
        ]
        try:
            services.delegation_update(
                actor=request.user, delegation=delegation, delegates=rows
            )
        except ValidationError as exc:
            onto_form(form, exc)
        else:
            messages.success(request, _("The delegation is changed."))
            return redirect(delegation.meeting.get_absolute_url())
    return render(
        request,
        "forum/record_form.html",
        {
            "form": form,
            "title": _("Delegation: %(party)s")
            % {"party": selectors.party_name(delegation)},
        },
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
def delegation_withdraw(request: HttpRequest, delegation_id: int) -> HttpResponse:
    delegation = selectors.delegation_get(request.user, delegation_id)
    form = WithdrawForm(request.POST)
    form.is_valid()
    try:
        services.delegation_withdraw(
            actor=request.user,
            delegation=delegation,
            reason=form.cleaned_data.get("reason", ""),
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("The delegation is withdrawn."))
    return redirect(delegation.meeting.get_absolute_url())


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=exports.PDF_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_required
def delegation_badges(request: HttpRequest, delegation_id: int) -> HttpResponse:
    """The badges of an accredited delegation, for its focal point and the
    support unit."""
    delegation = selectors.delegation_get(request.user, delegation_id)
    delegates = selectors.badge_delegates(request.user, delegation)
    return _pdf(
        exports.badges_pdf(delegation, delegates),
        f"badges-{delegation.meeting.edition}-{delegation.pk}.pdf",
    )


def badge_by_link(request: HttpRequest, token: str) -> HttpResponse:
    """A delegate's own badge, through the personal link of the confirmation."""
    try:
        recipient = forum_mail.badge_recipient(token)
    except LinkError as exc:
        raise Http404(exc.message) from exc
    delegate = getattr(recipient, "forum_delegate", None)
    if delegate is None or delegate.delegation.status != Delegation.Status.ACCREDITED:
        raise Http404
    return _pdf(
        exports.badges_pdf(delegate.delegation, [delegate]),
        f"badge-{delegate.delegation.meeting.edition}-{delegate.pk}.pdf",
    )


@login_required
def check_in(request: HttpRequest, token: str) -> HttpResponse:
    """What a badge's QR code opens: the support unit sees whom it names and
    whether the delegation is accredited."""
    permissions.require(request.user, rules.DECIDE, Delegation)
    delegate = selectors.badge_check(exports.badge_delegate_id(token))
    return render(
        request,
        "forum/check_in.html",
        {
            "delegate": delegate,
            "party": selectors.party_name(delegate.delegation) if delegate else "",
        },
        status=200 if delegate else 404,
    )


@login_required
def participants_export(request: HttpRequest, edition: int, fmt: str) -> HttpResponse:
    """The list of participants as CSV or XLSX, for the support unit."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    meeting = selectors.meeting_get(edition)
    rows = selectors.participants(request.user, meeting)
    filename = f"forum-{meeting.edition}-participants.{fmt}"
    if fmt == "csv":
        response = HttpResponse(
            exports.participants_csv(rows), content_type=exports.CSV_TYPE
        )
    else:
        response = HttpResponse(
            exports.participants_xlsx(meeting, rows), content_type=exports.XLSX_TYPE
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- The calendar ---------------------------------------------------------------------


def _ics(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=exports.ICS_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def calendar_feed(request: HttpRequest) -> HttpResponse:
    """Every Forum meeting, civil-society day and Friends' meeting (a feed)."""
    found = selectors.calendar_meetings()
    return _ics(exports.calendar_ics(found["meetings"], found["friends"]), "forum.ics")


def calendar_meeting(request: HttpRequest, edition: int) -> HttpResponse:
    found = selectors.calendar_meetings(edition)
    return _ics(
        exports.calendar_ics(found["meetings"], found["friends"]),
        f"forum-{edition}.ics",
    )


# --- Messages to the focal points -------------------------------------------------------


@login_required
def broadcast_new(request: HttpRequest) -> HttpResponse:
    """The support unit writes to all national focal points or the chosen
    States'."""
    permissions.require(request.user, rules.MANAGE, Broadcast)
    form = BroadcastForm(
        request.POST or None,
        initial={"language": request.LANGUAGE_CODE, "submission_key": uuid4().hex},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            broadcast = services.broadcast_send(
                actor=request.user,
                subject={data["language"]: data["subject"]},
                text={data["language"]: data["text"]},
                states=data["states"],
                submission_key=data["submission_key"],
            )
        except ValidationError as exc:
            onto_form(form, exc)
        else:
            messages.success(request, _("The message is in the outbox."))
            return redirect("forum:broadcast", broadcast_id=broadcast.pk)
    return render(
        request,
        "forum/record_form.html",
        {"form": form, "title": _("Write to the national focal points")},
        status=400 if form.errors else 200,
    )


@login_required
def broadcast_detail(request: HttpRequest, broadcast_id: int) -> HttpResponse:
    broadcast = get_object_or_404(
        selectors.broadcast_list(request.user), pk=broadcast_id
    )
    return render(
        request,
        "forum/broadcast.html",
        {
            "broadcast": broadcast,
            "log": selectors.broadcast_log(request.user, broadcast),
        },
    )


# --- High-level Dialogues ---------------------------------------------------------------


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def dialogue_detail(request: HttpRequest, slug: str) -> HttpResponse:
    dialogue = selectors.dialogue_get(slug)
    return render(
        request,
        "forum/dialogue_detail.html",
        {
            "dialogue": dialogue,
            "participation": selectors.dialogue_participation(dialogue),
            "documents": _lines(dialogue.documents),
            "key_messages": _lines(dialogue.key_messages.get_text()),
        },
    )

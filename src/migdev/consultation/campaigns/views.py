"""Pages of the campaigns app. Thin: read through selectors, write through services."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from migdev.consultation.campaigns import (
    charts,
    links,
    maps,
    rules,
    selectors,
    services,
)
from migdev.consultation.campaigns.forms import CampaignForm
from migdev.consultation.campaigns.models import Campaign, Recipient
from migdev.core.dated import parse_day
from migdev.core.errors import error_text, onto_form
from migdev.outreach import services as outreach
from migdev.outreach.forms import FollowUpForm
from migdev.outreach.models import Recipient as OutreachRecipient
from migdev.outreach.outbox import STALE_AFTER
from migdev.registry import permissions
from migdev.registry import selectors as registry_selectors


def _campaign(request: HttpRequest, pk: int, action: str = rules.VIEW) -> Campaign:
    return selectors.campaign_get_for_user(request.user, pk, action=action)


def _detail(campaign: Campaign) -> HttpResponse:
    return redirect("campaigns:detail", pk=campaign.pk)


# --- List, create, edit -----------------------------------------------------------


def campaign_list(request: HttpRequest) -> HttpResponse:
    campaigns = selectors.campaign_list_for_user(request.user)
    return render(
        request,
        "campaigns/campaign_list.html",
        {
            "campaigns": campaigns,
            "can_add": permissions.can(request.user, permissions.ADD, Campaign),
            "can_track": permissions.roles_of(request.user).secretariat
            or permissions.roles_of(request.user).forum_support,
            "own_recipients": selectors.recipient_list_for_focal_point(request.user),
        },
    )


def _form_kwargs(form: CampaignForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "title": data["title"],
        "letter": data["letter"],
        "sender": data.get("sender") or "",
        "opens_on": data["opens_on"],
        "deadline": data["deadline"],
        "closes_on": data.get("closes_on"),
    }


#: The service's name of a field → the campaign form's.
_FORM_FIELDS = {"recipients": "states"}


@login_required
def campaign_create(request: HttpRequest) -> HttpResponse:
    permissions.require(request.user, permissions.ADD, Campaign)
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_create(
                actor=request.user,
                questionnaire=form.cleaned_data["questionnaire"],
                recipients=form.recipients(),
                reminder_offsets=form.cleaned_data["reminder_offsets"],
                **_form_kwargs(form),
            )
        except ValidationError as exc:
            onto_form(form, exc, fields=_FORM_FIELDS)
        else:
            messages.success(
                request,
                _("Campaign created with %(n)s recipients. Check it, then dispatch it.")
                % {"n": campaign.recipients.count()},
            )
            return _detail(campaign)
    return render(
        request, "campaigns/campaign_form.html", {"form": form, "campaign": None}
    )


@login_required
def campaign_edit(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk, rules.MANAGE)
    draft = campaign.status == Campaign.Status.DRAFT
    initial = {
        "questionnaire": campaign.questionnaire,
        "title": campaign.title,
        "letter": campaign.letter,
        "sender": campaign.sender,
        "opens_on": campaign.opens_on,
        "deadline": campaign.deadline,
        "closes_on": campaign.closes_on,
        # A form field's value, read back by clean_reminder_offsets: commas.
        "reminder_offsets": ", ".join(
            f"{r.offset_days:+d}" for r in campaign.request.reminder_rules.all()
        ),
        "recipients_mode": CampaignForm.RECIPIENTS_CHOSEN,
        "states": list(campaign.recipients.values_list("country__iso3", flat=True)),
    }
    form = CampaignForm(request.POST or None, initial=initial, draft=draft)
    if request.method == "POST" and form.is_valid():
        try:
            services.campaign_update(
                actor=request.user,
                campaign=campaign,
                recipients=form.recipients() if draft else None,
                **(
                    {"questionnaire": form.cleaned_data["questionnaire"]}
                    if draft
                    else {}
                ),
                **_form_kwargs(form),
            )
            services.reminder_plan_set(
                actor=request.user,
                campaign=campaign,
                offsets=form.cleaned_data["reminder_offsets"],
            )
        except ValidationError as exc:
            onto_form(form, exc, fields=_FORM_FIELDS)
        else:
            messages.success(request, _("Campaign saved."))
            return _detail(campaign)
    return render(
        request, "campaigns/campaign_form.html", {"form": form, "campaign": campaign}
    )


# --- Roster -------------------------------------------------------------------------


def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    if not permissions.can(request.user, rules.VIEW_TRACKING, campaign):
        return redirect("campaigns:tracking", pk=campaign.pk)
    rows = selectors.roster(campaign)
    status = request.GET.get("status", "")
    if status in Recipient.Status.values:
        rows = rows.filter(status=status)
    language = request.GET.get("language", "")
    if language:
        rows = rows.filter(outreach__language=language)
    q = request.GET.get("q", "").strip().casefold()
    # Alphabetical by the names the States bore when the campaign opened.
    rows = registry_selectors.sort_by_name(
        rows, day=campaign.opens_on, country=lambda r: r.country
    )
    if q:
        rows = [
            r
            for r in rows
            if q
            in " ".join(
                [
                    *r.country.name.values(),
                    *registry_selectors.name_on(r.country, campaign.opens_on).values(),
                ]
            ).casefold()
            or q.upper() in (r.country.iso3 or "")
        ]
    return render(
        request,
        "campaigns/campaign_detail.html",
        {
            "campaign": campaign,
            "rows": rows,
            "statuses": Recipient.Status.choices,
            "status": status,
            "language": language,
            "language_choices": OutreachRecipient._meta.get_field("language").choices,
            "q": request.GET.get("q", ""),
            "outbox": selectors.outbox_summary(campaign),
            "stale": outreach.messages_stale()
            .filter(recipient__request=campaign.request_id)
            .count(),
            "can_manage": permissions.can(request.user, rules.MANAGE, campaign),
            "reminder_dates": selectors.reminder_dates(campaign),
        },
    )


@login_required
def campaign_dispatch(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk, rules.MANAGE)
    if request.method == "POST":
        try:
            n = services.campaign_dispatch(actor=request.user, campaign=campaign)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(
                request,
                _(
                    "Dispatched: %(n)s invitations are being sent. The message log "
                    "of each State shows when its invitation left."
                )
                % {"n": n},
            )
            unaddressed = len(selectors.states_without_address(campaign))
            if unaddressed:
                messages.warning(
                    request,
                    ngettext(
                        "%(count)s State has no e-mail address: nothing was sent "
                        "to it. The tracking page lists it for follow-up.",
                        "%(count)s States have no e-mail address: nothing was sent "
                        "to them. The tracking page lists them for follow-up.",
                        unaddressed,
                    )
                    % {"count": unaddressed},
                )
        return _detail(campaign)
    preview = selectors.invitation_preview(campaign, request.GET.get("language"))
    return render(
        request,
        "campaigns/confirm.html",
        {
            "campaign": campaign,
            "action": "dispatch",
            "question": _(
                "Send the invitation with a personal reply link to the %(n)s "
                "recipients of this campaign now?"
            )
            % {"n": campaign.recipients.count()},
            "button": _("Dispatch"),
            "missing_letters": [
                code
                for code, _label in OutreachRecipient._meta.get_field(
                    "language"
                ).choices
                if not campaign.letter.get(code)
            ],
            "preview": preview,
            "preview_languages": [
                (code, name)
                for code, name in settings.LANGUAGES
                if preview and code in preview.languages
            ],
        },
    )


def _state_change(
    request: HttpRequest, pk: int, service: Any, done: str
) -> HttpResponse:
    campaign = _campaign(request, pk, rules.MANAGE)
    try:
        service(actor=request.user, campaign=campaign)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, done)
    return _detail(campaign)


@login_required
@require_POST
def campaign_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _state_change(
        request,
        pk,
        services.campaign_close,
        _("Campaign closed: replies can no longer change."),
    )


@login_required
@require_POST
def campaign_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _state_change(
        request,
        pk,
        services.campaign_publish,
        _("Results published: counts, map and tally are now public."),
    )


# --- One recipient --------------------------------------------------------------------


def _recipient(
    request: HttpRequest, pk: int, rid: int, action: str = rules.VIEW_TRACKING
) -> Recipient:
    campaign = _campaign(request, pk, rules.VIEW_TRACKING)
    return selectors.recipient_get_for_user(request.user, campaign, rid, action=action)


@login_required
def recipient_detail(request: HttpRequest, pk: int, rid: int) -> HttpResponse:
    recipient = _recipient(request, pk, rid)
    can_manage = permissions.can(request.user, rules.MANAGE, recipient)
    form = FollowUpForm(request.POST or None)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.follow_up_record(
                    actor=request.user, recipient=recipient, **form.cleaned_data
                )
            except ValidationError as exc:
                onto_form(form, exc, fields=_FORM_FIELDS)
            else:
                messages.success(request, _("Follow-up recorded."))
                return redirect(request.path)
    return render(
        request,
        "campaigns/recipient_detail.html",
        {
            "campaign": recipient.campaign,
            "recipient": recipient,
            "form": form,
            "follow_ups": selectors.recipient_follow_ups(recipient),
            "messages_log": selectors.recipient_messages(recipient),
            "can_manage": can_manage,
            "stale_after": STALE_AFTER,
            "now": timezone.now(),
            "new_link": None,
        },
    )


@login_required
@require_POST
def recipient_link(request: HttpRequest, pk: int, rid: int) -> HttpResponse:
    """Re-issue (the new link is shown on this response, once) or revoke."""
    recipient = _recipient(request, pk, rid, rules.MANAGE)
    action = request.POST.get("action")
    new_link = None
    try:
        if action == "revoke":
            services.recipient_link_revoke(actor=request.user, recipient=recipient)
            messages.success(request, _("Link revoked: it no longer opens the reply."))
            return redirect("campaigns:recipient", pk=pk, rid=rid)
        token = services.recipient_link_reissue(actor=request.user, recipient=recipient)
        new_link = links.link_url(token, language=recipient.language)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return redirect("campaigns:recipient", pk=pk, rid=rid)
    recipient.refresh_from_db()
    response = render(
        request,
        "campaigns/recipient_detail.html",
        {
            "campaign": recipient.campaign,
            "recipient": recipient,
            "form": FollowUpForm(),
            "follow_ups": selectors.recipient_follow_ups(recipient),
            "messages_log": selectors.recipient_messages(recipient),
            "can_manage": True,
            "stale_after": STALE_AFTER,
            "now": timezone.now(),
            "new_link": new_link,
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def message_action(request: HttpRequest, pk: int, rid: int, mid: int) -> HttpResponse:
    recipient = _recipient(request, pk, rid, rules.MANAGE)
    message = recipient.outreach.messages.filter(pk=mid).first()
    if message is None:
        messages.error(request, _("This message does not exist."))
        return redirect("campaigns:recipient", pk=pk, rid=rid)
    action = request.POST.get("action")
    try:
        if action == "retry":
            services.message_send_again(actor=request.user, message=message)
        elif action in ("settle-sent", "settle-resend"):
            services.message_settle(
                actor=request.user, message=message, was_sent=action == "settle-sent"
            )
        messages.success(request, _("Message updated."))
    except ValueError as exc:
        messages.error(request, str(exc))
    return redirect("campaigns:recipient", pk=pk, rid=rid)


# --- Tracking and the map ----------------------------------------------------------------


def campaign_tracking(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    as_of = _map_day(request, campaign)
    status = selectors.campaign_status_as_of(campaign, as_of)
    series = selectors.replies_over_time(campaign)
    chart = charts.replies_figure(
        series,
        deadline=campaign.deadline,
        reminders=selectors.reminder_dates(campaign),
    )
    tracking = permissions.can(request.user, rules.VIEW_TRACKING, campaign)
    return render(
        request,
        "campaigns/tracking.html",
        {
            "campaign": campaign,
            "status": status,
            "as_of": as_of,
            "chart": chart,
            "tracking": tracking,
            "to_call": selectors.states_to_call(campaign, as_of=as_of)
            if tracking
            else None,
            "no_address": selectors.states_without_address(campaign)
            if tracking
            else None,
        },
    )


def _map_day(request: HttpRequest, campaign: Campaign):
    """The ``as_of`` day asked for, else :func:`maps.default_day`."""
    return parse_day(request.GET.get("as_of"), maps.default_day(campaign))


def campaign_map(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    as_of = _map_day(request, campaign)
    response_map = maps.response_map(
        campaign, as_of=as_of, language=translation.get_language()
    )
    query = f"?as_of={as_of.isoformat()}"
    return render(
        request,
        "campaigns/map.html",
        {
            "campaign": campaign,
            "as_of": as_of,
            "map": response_map,
            "svg": response_map.svg(),
            "small": response_map.small_states(),
            "svg_url": reverse("campaigns:map-svg", kwargs={"pk": pk}) + query,
            "png_url": reverse("campaigns:map-png", kwargs={"pk": pk}) + query,
            "tracking": permissions.can(request.user, rules.VIEW_TRACKING, campaign),
        },
    )


def campaign_map_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    campaign = _campaign(request, pk)
    as_of = _map_day(request, campaign)
    response_map = maps.response_map(
        campaign, as_of=as_of, language=translation.get_language()
    )
    if fmt == "png":
        response = HttpResponse(response_map.png(), content_type="image/png")
    else:
        response = HttpResponse(
            response_map.svg(), content_type="image/svg+xml; charset=utf-8"
        )
    response["Content-Disposition"] = (
        f'attachment; filename="campaign-{campaign.pk}-map-{as_of.isoformat()}.{fmt}"'
    )
    return response

"""Pages of replies: the reply form (through an access link or after logging
in), a version, the original document, and the secretariat's entry of a reply
received by other channels. Thin: reads through selectors, writes through
services."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from migdev.consultation.campaigns.links import LinkError, recipient_for_token
from migdev.consultation.campaigns.models import Recipient
from migdev.consultation.questionnaires.compiled import (
    CompiledQuestionnaire,
    compile_questionnaire,
)
from migdev.consultation.responses import selectors, services
from migdev.consultation.responses.forms import ReplyForm
from migdev.consultation.responses.models import ResponseVersion
from migdev.consultation.responses.rules import (
    CHANGE_REPLY,
    ENTER_REPLY,
    VIEW_REPLY,
)
from migdev.core import uploads
from migdev.core.i18n import LANGUAGE_CODES
from migdev.registry import permissions

#: HTTP status of a link that cannot be used, by LinkError code.
LINK_STATUS = {
    "invalid": 403,
    "not_yet_valid": 403,
    "revoked": 410,
    "expired": 410,
    "closed": 410,
}


# --- Language ---------------------------------------------------------------------


def form_language(request: HttpRequest, recipient: Recipient) -> str:
    """The language of a page opened through a State's access link: the URL's
    language prefix if there is one, else the language the user chose with
    the switcher, else the recipient's language."""
    from_path = translation.get_language_from_path(request.path_info)
    if from_path:
        return from_path
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen in LANGUAGE_CODES:
        return chosen
    return recipient.language if recipient.language in LANGUAGE_CODES else "en"


#: The query parameter that shows a reply's questions in another language.
CONTENT_PARAMETER = "content"


def content_language(
    request: HttpRequest, recipient: Recipient, own: str | None = None
) -> str:
    """The language a reply's questions and answers are shown in on a
    logged-in user's page: ``?content=xx`` if given, else the reply's own
    language (``own``), else the recipient's. The interface stays in the
    user's language whatever this is."""
    asked = request.GET.get(CONTENT_PARAMETER, "")
    for code in (asked, own, recipient.language):
        if code in LANGUAGE_CODES:
            return code
    return "en"


def _languages(
    request: HttpRequest, token: str | None, recipient: Recipient, own: str | None
) -> tuple[str, str]:
    """(interface, content) languages of a reply page. Through a link the page
    is the State's and both are its language; logged in, the interface is the
    user's and the content keeps the reply's own language."""
    if token:
        language = form_language(request, recipient)
        return language, language
    interface = translation.get_language() or settings.LANGUAGE_CODE
    return interface, content_language(request, recipient, own)


def _content_context(
    request: HttpRequest, token: str | None, content: str
) -> dict[str, Any]:
    """What the templates need to mark the reply's text with its language
    and, for a logged-in user, to show it in another one."""
    choices = []
    if not token:
        query = request.GET.copy()
        for code, name in settings.LANGUAGES:
            query[CONTENT_PARAMETER] = code
            choices.append((code, name, "?" + query.urlencode(), code == content))
    return {
        "content_language": content,
        "content_direction": "rtl" if content == "ar" else "ltr",
        "content_choices": choices,
    }


# --- The form ------------------------------------------------------------------


def _compiled(recipient: Recipient) -> CompiledQuestionnaire:
    return compile_questionnaire(recipient.campaign.questionnaire)


def _history(recipient: Recipient) -> list[dict[str, Any]]:
    return [
        {"version": v, "author": selectors.author_label(v)}
        for v in selectors.version_list(recipient)
    ]


def _reply_page(
    request: HttpRequest,
    recipient: Recipient,
    *,
    token: str | None,
) -> HttpResponse:
    latest = selectors.version_latest(recipient)
    interface, language = _languages(
        request, token, recipient, latest.language if latest else None
    )
    with translation.override(interface):
        compiled = _compiled(recipient)
        form = ReplyForm(
            compiled,
            language=language,
            answers=dict(latest.answers) if latest else {},
        )
        based_on = latest.number if latest else None
        problem = ""
        conflict_latest = None
        status = 200
        open_ = selectors.accepts_replies(recipient.campaign)
        submission_key = uuid.uuid4().hex
        if request.method == "POST":
            kind = (
                ResponseVersion.Kind.SUBMISSION
                if request.POST.get("action") == "submit"
                else ResponseVersion.Kind.DRAFT
            )
            form = ReplyForm(compiled, language=language, data=request.POST)
            answers = form.answers()
            raw_based_on = request.POST.get("based_on", "")
            posted_based_on = int(raw_based_on) if raw_based_on.isdigit() else None
            submission_key = request.POST.get("submission_key") or submission_key
            try:
                version, _created = services.response_save(
                    recipient=recipient,
                    answers=answers,
                    kind=kind,
                    submission_key=submission_key,
                    based_on=posted_based_on,
                    actor=request.user,
                    language=language,
                    channel=ResponseVersion.Channel.WEB,
                )
            except services.ResponseInvalid as exc:
                problem, status = exc.message, 400
                form = ReplyForm(
                    compiled,
                    language=language,
                    data=request.POST,
                    errors_by_question=exc.errors,
                )
                based_on = posted_based_on
            except services.ResponseConflict as exc:
                problem, status = exc.message, 409
                conflict_latest = exc.latest_version
                based_on = posted_based_on
            except services.ResponseClosed as exc:
                problem, status, open_ = exc.message, 410, False
            except ValidationError as exc:
                problem, status = " ".join(exc.messages), 400
            else:
                url = _version_url(recipient, version.number, token)
                if version.kind == ResponseVersion.Kind.SUBMISSION:
                    url += "?submitted=1"
                else:
                    url += "?saved=1"
                return redirect(url)
        context = {
            "recipient": recipient,
            "campaign": recipient.campaign,
            "language": language,
            "form": form,
            "sections": form.sections(),
            "latest": latest,
            "based_on": "" if based_on is None else based_on,
            "submission_key": submission_key,
            "open": open_,
            "problem": problem,
            "conflict_latest": conflict_latest,
            "reload_url": request.path,
            "history": _history(recipient),
            "token": token,
            "version_url": lambda n: _version_url(recipient, n, token),
            "may_enter": permissions.can(request.user, ENTER_REPLY, recipient),
            **_content_context(request, token, language),
        }
        response = render(request, "responses/reply_form.html", context, status=status)
    response["Cache-Control"] = "no-store"
    # same-origin: the link's token never leaves the site in a Referer header,
    # and the form's POST still carries a real Origin (no-referrer makes
    # browsers send "Origin: null", which CSRF protection rightly refuses).
    response["Referrer-Policy"] = "same-origin"
    return response


def _version_url(recipient: Recipient, number: int, token: str | None) -> str:
    if token:
        return reverse("responses:link-version", args=[token, number])
    return reverse("responses:version", args=[recipient.pk, number])


def _version_page(
    request: HttpRequest, recipient: Recipient, number: int, *, token: str | None
) -> HttpResponse:
    version = selectors.version_get(recipient, number)
    interface, language = _languages(request, token, recipient, version.language)
    with translation.override(interface):
        rows = []
        for section in _compiled(recipient).sections:
            for q in section.questions:
                if q.name in version.answers:
                    rows.append(
                        {
                            "section": section.label.get_text(language),
                            "label": q.label.get_text(language),
                            "value": q.display(version.answers[q.name], language),
                        }
                    )
        context = {
            "recipient": recipient,
            "campaign": recipient.campaign,
            "version": version,
            "author": selectors.author_label(version),
            "rows": rows,
            "submitted": request.GET.get("submitted") == "1",
            "saved": request.GET.get("saved") == "1",
            # A reply the secretariat entered: the confirmation is for them.
            "entered": request.GET.get("entered") == "1" and not token,
            "roster_url": reverse(
                "campaigns:detail", kwargs={"pk": recipient.campaign_id}
            ),
            "form_url": (
                reverse("responses:link", args=[token])
                if token
                else reverse("responses:reply", args=[recipient.pk])
            ),
            "attachment_url": (
                reverse("responses:attachment", args=[recipient.pk, version.number])
                if version.attachment and not token
                else ""
            ),
            "history": _history(recipient),
            "token": token,
            "version_url": lambda n: _version_url(recipient, n, token),
            "open": selectors.accepts_replies(recipient.campaign),
            **_content_context(request, token, language),
        }
        response = render(request, "responses/version.html", context)
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "same-origin"
    return response


def _link_refused(request: HttpRequest, exc: LinkError) -> HttpResponse:
    response = render(
        request,
        "responses/link_refused.html",
        {"message": exc.message, "code": exc.code},
        status=LINK_STATUS.get(exc.code, 403),
    )
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "same-origin"
    return response


# --- Views -----------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def link_form(request: HttpRequest, token: str) -> HttpResponse:
    """The reply form behind an access link: the link is the credential, and it
    opens exactly one State's reply."""
    try:
        recipient = recipient_for_token(token)
    except LinkError as exc:
        return _link_refused(request, exc)
    return _reply_page(request, recipient, token=token)


@never_cache
@require_http_methods(["GET"])
def link_version(request: HttpRequest, token: str, number: int) -> HttpResponse:
    try:
        recipient = recipient_for_token(token)
    except LinkError as exc:
        return _link_refused(request, exc)
    return _version_page(request, recipient, number, token=token)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def reply_form(request: HttpRequest, recipient_id: int) -> HttpResponse:
    """The same form for a focal point of the State, or the secretariat."""
    action = CHANGE_REPLY if request.method == "POST" else VIEW_REPLY
    recipient = selectors.recipient_get(
        user=request.user, recipient_id=recipient_id, action=action
    )
    return _reply_page(request, recipient, token=None)


@login_required
@never_cache
@require_http_methods(["GET"])
def version_detail(
    request: HttpRequest, recipient_id: int, number: int
) -> HttpResponse:
    recipient = selectors.recipient_get(user=request.user, recipient_id=recipient_id)
    return _version_page(request, recipient, number, token=None)


@login_required
@never_cache
@require_http_methods(["GET"])
def attachment(request: HttpRequest, recipient_id: int, number: int) -> HttpResponse:
    """The original document of a version, always as a download."""
    recipient = selectors.recipient_get(user=request.user, recipient_id=recipient_id)
    version = selectors.version_get(recipient, number)
    if not version.attachment:
        raise Http404("This version has no original document.")
    kind = next(
        (
            k
            for k, (_d, exts) in uploads.KINDS.items()
            if version.attachment.name.lower().endswith(exts)
        ),
        None,
    )
    response = FileResponse(
        version.attachment.open("rb"),
        as_attachment=True,
        filename=version.attachment_name or version.attachment.name.rsplit("/", 1)[-1],
        content_type=uploads.CONTENT_TYPES.get(kind or "", "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def enter_for_state(request: HttpRequest, recipient_id: int) -> HttpResponse:
    """The secretariat enters a reply received by fax, e-mail or post, with the
    original document attached."""
    recipient = selectors.recipient_get(
        user=request.user, recipient_id=recipient_id, action=ENTER_REPLY
    )
    compiled = _compiled(recipient)
    latest = selectors.version_latest(recipient)
    answers: dict[str, Any] = {}
    errors: dict[str, str] = {}
    problem = ""
    status = 200
    received_on = timezone.localdate().isoformat()
    reply_language = recipient.language
    submission_key = uuid.uuid4().hex
    if request.method == "POST":
        answers = ReplyForm(compiled, language="en", data=request.POST).answers()
        received_on = request.POST.get("received_on", "")
        reply_language = request.POST.get("reply_language") or recipient.language
        submission_key = request.POST.get("submission_key") or submission_key
        limit = uploads.max_upload_bytes()
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        try:
            if length > limit + 1024 * 1024:
                # Refuse before reading a body far over the limit.
                raise ValidationError(
                    {
                        "original_file": _(
                            "The file is larger than the limit of %(limit)s MB. Scan it "
                            "at a lower resolution or split it, then upload it again."
                        )
                        % {"limit": limit // (1024 * 1024)}
                    }
                )
            try:
                day = dt.date.fromisoformat(received_on)
            except ValueError as exc:
                raise ValidationError(
                    {
                        "received_on": _(
                            "Give the date the reply was received (YYYY-MM-DD)."
                        )
                    }
                ) from exc
            if reply_language not in LANGUAGE_CODES:
                reply_language = recipient.language
            version, _created = services.response_enter_for_state(
                actor=request.user,
                recipient=recipient,
                answers=answers,
                received_on=day,
                original_file=request.FILES.get("original_file"),
                language=reply_language,
                submission_key=submission_key,
            )
        except services.ResponseInvalid as exc:
            errors, problem, status = exc.errors, exc.message, 400
        except services.ReplyError as exc:
            problem, status = exc.message, exc.status
        except ValidationError as exc:
            status = 400
            if hasattr(exc, "error_dict"):
                for field, messages_ in exc.message_dict.items():
                    errors[field] = " ".join(messages_)
                problem = _("The reply was not saved; see the messages below.")
            else:
                problem = " ".join(exc.messages)
        else:
            return redirect(
                reverse("responses:version", args=[recipient.pk, version.number])
                + "?entered=1"
            )
    # The questions as the State read them: in the reply's language.
    language = content_language(request, recipient, reply_language)
    context = {
        "recipient": recipient,
        "campaign": recipient.campaign,
        "sections": ReplyForm(
            compiled,
            language=language,
            data=request.POST if request.method == "POST" else None,
            errors_by_question=errors,
        ).sections(),
        "errors": errors,
        "problem": problem,
        "latest": latest,
        "received_on": received_on,
        "reply_language": reply_language,
        "reply_languages": [(code, name) for code, name in settings.LANGUAGES],
        "submission_key": submission_key,
        "accept": uploads.ACCEPT_ATTRIBUTE,
        "limit_mb": uploads.max_upload_bytes() // (1024 * 1024),
        "open": selectors.accepts_replies(recipient.campaign),
        **_content_context(request, None, language),
    }
    return render(request, "responses/enter_for_state.html", context, status=status)

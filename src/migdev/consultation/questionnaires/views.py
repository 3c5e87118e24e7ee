"""Pages of the questionnaires (the secretariat's). Thin: reads through selectors,
writes through services, every object through the permission helper."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from migdev.consultation.questionnaires import selectors, services
from migdev.consultation.questionnaires.forms import XLSFormUploadForm
from migdev.consultation.questionnaires.models import Questionnaire
from migdev.consultation.questionnaires.xlsform import (
    YES_NO_LABELS,
    XLSFormError,
    max_xlsform_bytes,
)
from migdev.core.fields import LANGUAGE_LABELS
from migdev.core.i18n import LANGUAGE_CODES, UnknownLanguage, normalize_language
from migdev.registry import permissions

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _languages() -> list[tuple[str, str]]:
    return [(code, str(LANGUAGE_LABELS[code])) for code in LANGUAGE_CODES]


@login_required
def questionnaire_list(request: HttpRequest) -> HttpResponse:
    questionnaires = list(selectors.questionnaire_list(request.user))
    return render(
        request,
        "questionnaires/questionnaire_list.html",
        {"questionnaires": questionnaires},
    )


@login_required
def questionnaire_detail(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = selectors.questionnaire_get(request.user, pk)
    report = selectors.questionnaire_translation_report(questionnaire)
    return render(
        request,
        "questionnaires/questionnaire_detail.html",
        {
            "questionnaire": questionnaire,
            "blocks": selectors.questionnaire_structure(questionnaire),
            "choices": selectors.questionnaire_choices(questionnaire),
            "conditions": selectors.questionnaire_conditions_in_words(
                questionnaire, translation.get_language() or "en"
            ),
            "report": report,
            "q_languages": _languages(),
            "campaigns": list(
                questionnaire.campaigns.select_related("request").order_by(
                    "-request__opens_on"
                )
            ),
        },
    )


@login_required
def questionnaire_translations(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = selectors.questionnaire_get(request.user, pk)
    report = selectors.questionnaire_translation_report(questionnaire)
    show_all = request.GET.get("show") == "all"
    return render(
        request,
        "questionnaires/questionnaire_translations.html",
        {
            "questionnaire": questionnaire,
            "report": report,
            "rows": report.rows if show_all else report.incomplete_rows,
            "show_all": show_all,
            "q_languages": _languages(),
        },
    )


@login_required
def questionnaire_preview(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = selectors.questionnaire_get(request.user, pk)
    try:
        language = normalize_language(
            request.GET.get("lang") or questionnaire.default_language
        )
    except UnknownLanguage:
        language = questionnaire.default_language
    return render(
        request,
        "questionnaires/questionnaire_preview.html",
        {
            "questionnaire": questionnaire,
            "blocks": selectors.questionnaire_structure(questionnaire),
            "choices": selectors.questionnaire_choices(questionnaire),
            "conditions": selectors.questionnaire_conditions_in_words(
                questionnaire, language
            ),
            "language": language,
            "direction": "rtl" if language == "ar" else "ltr",
            "q_languages": _languages(),
            "yes_no_labels": [(value, YES_NO_LABELS[value]) for value in ("yes", "no")],
        },
    )


@login_required
def questionnaire_xlsform(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = selectors.questionnaire_get(request.user, pk)
    data = services.questionnaire_export_xlsform(questionnaire, actor=request.user)
    response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
    filename = f"{questionnaire.code}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def questionnaire_import(request: HttpRequest) -> HttpResponse:
    permissions.require(request.user, permissions.ADD, Questionnaire)
    problems = []
    if request.method == "POST":
        form = XLSFormUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                questionnaire = services.questionnaire_import_xlsform(
                    file=form.cleaned_data["file"],
                    actor=request.user,
                    replace=form.cleaned_data["replace"],
                )
            except XLSFormError as error:
                problems = error.problems
            else:
                messages.success(
                    request,
                    _("The questionnaire “%(title)s” was imported.")
                    % {"title": str(questionnaire)},
                )
                return redirect("questionnaires:detail", pk=questionnaire.pk)
    else:
        form = XLSFormUploadForm()
    return render(
        request,
        "questionnaires/questionnaire_import.html",
        {
            "form": form,
            "problems": problems,
            "max_megabytes": f"{max_xlsform_bytes() / (1024 * 1024):g}",
        },
        status=400 if problems else 200,
    )

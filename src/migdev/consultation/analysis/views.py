"""Pages of the analysis: the codebook, the coding screen, the tally, the exports.

Thin: reads through ``selectors``, writes through ``services``; every page
asks ``permissions`` first.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from migdev import languages
from migdev.consultation.analysis import (
    exports,
    rules,
    selectors,
    services,
    suppression,
    tallies,
)
from migdev.consultation.analysis.forms import ThemeForm
from migdev.consultation.analysis.models import Theme
from migdev.consultation.campaigns import rules as campaign_rules
from migdev.consultation.campaigns.models import Campaign
from migdev.consultation.questionnaires.models import Question
from migdev.core.audit import audit_history
from migdev.core.errors import onto_form
from migdev.core.fields import missing_languages
from migdev.core.i18n import (
    LANGUAGE_CODES,
    LANGUAGE_LABELS,
    UnknownLanguage,
    active_language,
    normalize_language,
)
from migdev.registry import permissions
from migdev.registry.selectors import country_name
from migdev.stats.quantifiers import describe


def _require(
    request: HttpRequest, action: str, campaign: Campaign
) -> HttpResponse | None:
    """None if allowed; a redirect to the login page for a visitor; else 403.
    A campaign the user may not even see (unpublished, not theirs) is not
    found, exactly as one that does not exist: its number reveals nothing."""
    if permissions.can(request.user, action, campaign):
        return None
    if not permissions.can(request.user, campaign_rules.VIEW, campaign):
        raise Http404(_("There is no campaign with this number."))
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


def _language(request: HttpRequest) -> str:
    raw = request.GET.get("lang") or translation.get_language() or "en"
    try:
        return normalize_language(raw)
    except UnknownLanguage as exc:
        raise Http404(str(exc)) from exc


def _base(request: HttpRequest) -> str:
    base = request.GET.get("base", "respondents")
    return base if base in tallies.BASES else "respondents"


def _open_question(campaign: Campaign, question_id: int) -> Question:
    question = selectors.question_get(question_id)
    if (
        question.questionnaire_id != campaign.questionnaire_id
        or question.type != Question.Type.TEXT
    ):
        raise Http404(_("This question is not an open question of the campaign."))
    return question


# --- Tally -------------------------------------------------------------------------


def _closed_rows(closed: tallies.ClosedQuestionTally, codes: list[str]) -> list:
    rows = [*closed.choices, closed.no_answer]
    return [
        {
            "label": row.label,
            "is_no_answer": row is closed.no_answer,
            "cells": [row.total, *(row.groups[c] for c in codes)],
        }
        for row in rows
    ]


def tally_page(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(pk)
    if (response := _require(request, rules.VIEW_TALLY, campaign)) is not None:
        return response
    language = translation.get_language() or "en"
    base = _base(request)
    result = tallies.tally_for_user(
        user=request.user, campaign=campaign, language=language, base=base
    )
    region_codes = [g.code for g in result.regions]
    development_codes = [g.code for g in result.development_groups]
    closed = [
        {
            "tally": c,
            "by_region": _closed_rows(c, region_codes),
            "by_development": _closed_rows(c, development_codes),
        }
        for c in result.closed
    ]
    return render(
        request,
        "analysis/tally.html",
        {
            "campaign": campaign,
            "tally": result,
            "closed": closed,
            "base": base,
            "may_code": permissions.can(request.user, rules.CODE_REPLIES, campaign),
            "may_export_replies": permissions.can(
                request.user, rules.EXPORT_REPLIES, campaign
            ),
            "export_languages": _language_choices(),
            "min_group_respondents": suppression.MIN_GROUP_RESPONDENTS,
            "small_group_respondents": suppression.SMALL_GROUP_RESPONDENTS,
            "quantifier_examples": _quantifier_examples(language),
        },
    )


def _quantifier_examples(language: str) -> str:
    """The examples of the help text, from the module that words the tally
    (A/63/265 ¶22: 61, 3 and 11 of 64), so that the two never disagree."""
    code = active_language(language)
    return languages.get(code).quoted_list(
        describe(count, 64, code) for count in (61, 3, 11)
    )


def _language_choices() -> list[tuple[str, str]]:
    from migdev.core.fields import LANGUAGE_LABELS

    return [(code, str(LANGUAGE_LABELS[code])) for code in LANGUAGE_CODES]


# --- Codebook ---------------------------------------------------------------------


def codebook(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(pk)
    if (response := _require(request, rules.CODE_REPLIES, campaign)) is not None:
        return response
    questions = selectors.open_questions(campaign)
    themes = list(
        Theme.objects.filter(question__in=[q.pk for q in questions]).order_by(
            "order", "code"
        )
    )
    counts = selectors.theme_counts(campaign)
    by_question: dict[int, list[Theme]] = {q.pk: [] for q in questions}
    for theme in themes:
        theme.tag_count = counts.get(theme.pk, 0)
        # The languages lacking a text, by name in the interface's language.
        theme.missing_names = [
            str(LANGUAGE_LABELS[code]) for code in missing_languages(theme)
        ]
        by_question[theme.question_id].append(theme)
    return render(
        request,
        "analysis/codebook.html",
        {
            "campaign": campaign,
            "questions": [(q, by_question[q.pk]) for q in questions],
        },
    )


def theme_add(request: HttpRequest, pk: int, question_id: int) -> HttpResponse:
    campaign = selectors.campaign_get(pk)
    if (response := _require(request, rules.CODE_REPLIES, campaign)) is not None:
        return response
    question = _open_question(campaign, question_id)
    form = ThemeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.theme_create(
                actor=request.user, question=question, **form.cleaned_data
            )
        except ValidationError as exc:
            onto_form(form, exc)
        else:
            messages.success(request, _("The theme was added."))
            return redirect("analysis:codebook", pk=campaign.pk)
    return render(
        request,
        "analysis/theme_form.html",
        {"campaign": campaign, "question": question, "form": form, "theme": None},
    )


def theme_edit(request: HttpRequest, pk: int, theme_id: int) -> HttpResponse:
    campaign = selectors.campaign_get(pk)
    if (response := _require(request, rules.CODE_REPLIES, campaign)) is not None:
        return response
    theme = selectors.theme_get(theme_id)
    question = _open_question(campaign, theme.question_id)
    form = ThemeForm.for_theme(theme, request.POST or None)
    if request.method == "POST":
        if "delete" in request.POST:
            removed = services.theme_delete(actor=request.user, theme=theme)
            messages.success(
                request,
                _("The theme was removed, with %(count)s tags.") % {"count": removed},
            )
            return redirect("analysis:codebook", pk=campaign.pk)
        if form.is_valid():
            try:
                services.theme_update(
                    actor=request.user, theme=theme, **form.cleaned_data
                )
            except ValidationError as exc:
                onto_form(form, exc)
            else:
                messages.success(request, _("The theme was saved."))
                return redirect("analysis:codebook", pk=campaign.pk)
    return render(
        request,
        "analysis/theme_form.html",
        {
            "campaign": campaign,
            "question": question,
            "form": form,
            "theme": theme,
            "tag_count": theme.codings.count(),
            "history": audit_history(theme)[:20],
        },
    )


# --- Coding ------------------------------------------------------------------------


def coding_list(request: HttpRequest, pk: int, question_id: int) -> HttpResponse:
    campaign = selectors.campaign_get(pk)
    if (response := _require(request, rules.CODE_REPLIES, campaign)) is not None:
        return response
    question = _open_question(campaign, question_id)
    language = translation.get_language() or "en"
    entries = selectors.coding_overview(campaign, question, language=language)
    only_uncoded = request.GET.get("uncoded") == "1"
    shown = [e for e in entries if not (only_uncoded and e.themes)]
    return render(
        request,
        "analysis/coding_list.html",
        {
            "campaign": campaign,
            "question": question,
            "entries": shown,
            "total": len(entries),
            "coded": sum(1 for e in entries if e.themes),
            "only_uncoded": only_uncoded,
            "themes": selectors.theme_list(question),
        },
    )


def coding_edit(
    request: HttpRequest, pk: int, question_id: int, iso3: str
) -> HttpResponse:
    campaign = selectors.campaign_get(pk)
    if (response := _require(request, rules.CODE_REPLIES, campaign)) is not None:
        return response
    question = _open_question(campaign, question_id)
    language = translation.get_language() or "en"
    entries = selectors.coding_overview(campaign, question, language=language)
    position = next(
        (i for i, e in enumerate(entries) if e.recipient.country.iso3 == iso3.upper()),
        None,
    )
    if position is None:
        raise Http404(_("This State has not replied to the campaign."))
    entry = entries[position]
    previous = entries[position - 1] if position > 0 else None
    following = entries[position + 1] if position + 1 < len(entries) else None
    themes = list(selectors.theme_list(question))
    current = {c.theme.code: c.quote for c in entry.codings}
    checked, quotes, errors = set(current), dict(current), []
    quote_errors: dict[str, list[str]] = {}
    if request.method == "POST":
        checked = set(request.POST.getlist("theme"))
        quotes = {
            t.code: request.POST.get(f"quote-{t.code}", "").strip() for t in themes
        }
        chosen = [t for t in themes if t.code in checked]
        try:
            services.coding_set(
                actor=request.user,
                recipient=entry.recipient,
                question=question,
                themes=chosen,
                quotes={code: quotes[code] for code in checked if quotes.get(code)},
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                quote_errors = {
                    k: [str(m) for m in v] for k, v in exc.message_dict.items()
                }
            else:
                errors = exc.messages
        else:
            messages.success(
                request,
                _("Coding saved: %(state)s.")
                % {
                    "state": country_name(
                        entry.recipient.country, campaign.opens_on, language
                    )
                },
            )
            target = following if "next" in request.POST and following else entry
            return redirect(
                "analysis:coding",
                pk=campaign.pk,
                question_id=question.pk,
                iso3=target.recipient.country.iso3,
            )
    return render(
        request,
        "analysis/coding.html",
        {
            "campaign": campaign,
            "question": question,
            "entry": entry,
            "position": position + 1,
            "total": len(entries),
            "previous": previous,
            "following": following,
            "rows": [
                {
                    "theme": t,
                    "checked": t.code in checked,
                    "quote": quotes.get(t.code, ""),
                    "errors": quote_errors.get(t.code, []),
                }
                for t in themes
            ],
            "errors": errors,
        },
    )


# --- Exports -------------------------------------------------------------------------


def replies_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    campaign = selectors.campaign_get(pk)
    if (response := _require(request, rules.EXPORT_REPLIES, campaign)) is not None:
        return response
    language = _language(request)
    table = selectors.answers_table(
        campaign,
        language=language,
        replied_only=request.GET.get("scope") != "all",
    )
    name = f"replies-{campaign.questionnaire.code}-{language}"
    if fmt == "csv":
        header = "names" if request.GET.get("header") == "names" else "labels"
        return exports.csv_response(
            exports.replies_csv(table, header=header), f"{name}.csv"
        )
    return exports.xlsx_response(
        exports.replies_xlsx(table, title=campaign.title.get_text(language)),
        f"{name}.xlsx",
    )


def tally_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    campaign = selectors.campaign_get(pk)
    if (response := _require(request, rules.VIEW_TALLY, campaign)) is not None:
        return response
    language = _language(request)
    result = tallies.tally_for_user(
        user=request.user, campaign=campaign, language=language, base=_base(request)
    )
    name = f"tally-{campaign.questionnaire.code}-{language}"
    if fmt == "csv":
        return exports.csv_response(exports.tally_csv(result), f"{name}.csv")
    return exports.xlsx_response(exports.tally_xlsx(result), f"{name}.xlsx")

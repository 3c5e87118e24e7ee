"""Pages of the registry. Thin: read through selectors, write through services."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from migdev.core.audit import audit_history
from migdev.core.dated import parse_day
from migdev.core.i18n import sort_key
from migdev.registry import permissions, selectors, services
from migdev.registry.forms import ContactForm
from migdev.registry.models import Contact, Country, Grouping, Organization


def _as_of(request: HttpRequest) -> dt.date:
    return parse_day(request.GET.get("as_of"))


def _grouping_or_404(code: str) -> Grouping:
    try:
        return selectors.grouping_get(code)
    except selectors.UnknownCode as exc:
        raise Http404(str(exc)) from exc


@require_safe
def country_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status") or None
    if status not in (None, *Country.Status.values):
        status = None
    group_code = request.GET.get("group") or None
    group = _grouping_or_404(group_code) if group_code else None
    day = _as_of(request)
    try:
        countries = selectors.sort_by_name(
            selectors.country_list(
                status=status, group=group, as_of=day, search=request.GET.get("q")
            ),
            day=day,
        )
        incomplete = None
    except selectors.HistoryIncomplete as exc:
        countries, incomplete = [], exc
    return render(
        request,
        "registry/country_list.html",
        {
            "incomplete": incomplete,
            "countries": countries,
            "status": status,
            "group": group,
            "as_of": day,
            "statuses": Country.Status.choices,
            "q": request.GET.get("q", ""),
            "groupings": selectors.grouping_list(),
        },
        status=400 if incomplete else 200,
    )


@require_safe
def country_detail(request: HttpRequest, code: str) -> HttpResponse:
    country = selectors.country_get_or_404(code)
    permissions.require(request.user, permissions.VIEW, country)
    day = _as_of(request)
    return render(
        request,
        "registry/country_detail.html",
        {
            "country": country,
            "names": selectors.name_on(country, day),
            "standing": selectors.standings_on([country.pk], day).get(
                country.pk, selectors.AREA
            ),
            "as_of": day,
            "groupings": selectors.country_groupings(country, as_of=day),
            "areas": country.areas.all(),
            "may_view_contacts": permissions.can(
                request.user, permissions.VIEW_CONTACTS, country
            ),
        },
    )


@require_safe
@login_required
def country_contacts(request: HttpRequest, code: str) -> HttpResponse:
    country = selectors.country_get_or_404(code)
    contacts = selectors.contact_list_for_country(user=request.user, country=country)
    return render(
        request,
        "registry/contact_list.html",
        {
            "party": country,
            "contacts": contacts,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def country_contact_edit(
    request: HttpRequest, code: str, pk: int | None = None
) -> HttpResponse:
    country = selectors.country_get_or_404(code)
    permissions.require(request.user, permissions.CHANGE_CONTACTS, country)
    contact: Contact | None = None
    if pk is not None:
        contact = selectors.contact_get(user=request.user, pk=pk, country=country)
        permissions.require(request.user, permissions.CHANGE, contact)
    form = ContactForm(
        request.POST if request.method == "POST" else None,
        instance=contact,
        party="country",
    )
    if request.method == "POST" and form.is_valid():
        if contact is None:
            services.contact_create(
                actor=request.user, country=country, **form.cleaned_data
            )
            messages.success(request, _("The contact was added."))
        else:
            services.contact_update(
                actor=request.user, contact=contact, **form.cleaned_data
            )
            messages.success(request, _("The contact was saved."))
        return redirect("registry:country-contacts", code=country.key)
    return render(
        request,
        "registry/contact_form.html",
        {
            "party": country,
            "form": form,
            "contact": contact,
            "history": audit_history(contact)[:20] if contact else [],
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def country_contact_delete(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    country = selectors.country_get_or_404(code)
    contact = selectors.contact_get(user=request.user, pk=pk, country=country)
    permissions.require(request.user, permissions.DELETE, contact)
    if request.method == "POST":
        services.contact_delete(actor=request.user, contact=contact)
        messages.success(request, _("The contact was removed."))
        return redirect("registry:country-contacts", code=country.key)
    return render(
        request,
        "registry/contact_confirm_delete.html",
        {"party": country, "contact": contact},
    )


@require_safe
def grouping_list(request: HttpRequest) -> HttpResponse:
    groupings = selectors.grouping_list()
    return render(
        request,
        "registry/grouping_list.html",
        {
            "groupings": groupings,
            "kinds": Grouping.Kind.choices,
        },
    )


@require_safe
def grouping_detail(request: HttpRequest, code: str) -> HttpResponse:
    grouping = _grouping_or_404(code)
    day = _as_of(request)
    try:
        members = selectors.sort_by_name(
            selectors.grouping_members(grouping, as_of=day), day=day
        )
        incomplete = None
    except selectors.HistoryIncomplete as exc:
        members, incomplete = [], exc
    return render(
        request,
        "registry/grouping_detail.html",
        {
            "incomplete": incomplete,
            "grouping": grouping,
            "members": members,
            "as_of": day,
            "children": grouping.children.all(),
        },
        status=400 if incomplete else 200,
    )


@require_safe
def organization_list(request: HttpRequest) -> HttpResponse:
    kind_order = {kind: i for i, kind in enumerate(Organization.Kind.values)}
    organizations = sorted(
        selectors.organization_list(),
        key=lambda o: (kind_order[o.kind], sort_key(str(o.name))),
    )
    kinds = dict(Organization.Kind.choices)
    grouped: dict[str, list[Organization]] = {}
    for org in organizations:
        grouped.setdefault(kinds[org.kind], []).append(org)
    return render(request, "registry/organization_list.html", {"grouped": grouped})


@require_safe
def organization_detail(request: HttpRequest, code: str) -> HttpResponse:
    try:
        organization = selectors.organization_get(code)
    except selectors.UnknownCode as exc:
        raise Http404(str(exc)) from exc
    permissions.require(request.user, permissions.VIEW, organization)
    day = _as_of(request)
    return render(
        request,
        "registry/organization_detail.html",
        {
            "organization": organization,
            "as_of": day,
            "groups": selectors.organization_groups(organization, as_of=day),
            "members": selectors.organization_members(organization, as_of=day),
            "units": organization.units.all(),
            "may_view_contacts": permissions.can(
                request.user, permissions.VIEW_CONTACTS, organization
            ),
            "contacts": (
                selectors.contact_list_for_organization(
                    user=request.user, organization=organization
                )
                if permissions.can(
                    request.user, permissions.VIEW_CONTACTS, organization
                )
                else []
            ),
        },
    )

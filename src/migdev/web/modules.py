"""How the shell draws the installed modules (:mod:`migdev.core.modules`) for
one request: which the user sees, and their addresses."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from migdev.core.modules import Module, installed_modules
from migdev.registry.permissions import roles_of


def role_names(request: HttpRequest) -> set[str]:
    """The user's roles as the names modules use (core.modules.ROLE_NAMES)."""
    roles = roles_of(getattr(request, "user", None))
    names = set()
    if roles.authenticated:
        names.add("authenticated")
    if roles.secretariat:
        names.add("secretariat")
    if roles.forum_support:
        names.add("forum_support")
    if roles.countries:
        names.add("focal_point")
    if roles.organizations:
        names.add("org_reporter")
    return names


def visible_modules(request: HttpRequest) -> list[Module]:
    names = role_names(request)
    return [m for m in installed_modules() if m.visible_to(names)]


def link_url(target: str) -> str:
    """A URL name, or a path as it is."""
    return target if target.startswith("/") else reverse(target)


def module_url(module: Module) -> str:
    if module.url:
        return link_url(module.url)
    return reverse("module", kwargs={"module": module.key})


def source_of(module: Module) -> str:
    """ "A/63/265, ¶21–24": the report and the paragraphs the module follows."""
    return ", ".join(("A/63/265", *module.references))

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from migdev.registry.permissions import roles_of


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The main navigation: one entry per module, and the user's roles."""
    items = [
        (
            "consultations",
            _("Consultations"),
            reverse("campaigns:list"),
        ),
        ("forum", _("Global Forum"), reverse("module", kwargs={"module": "forum"})),
        (
            "cooperation",
            _("Cooperation"),
            reverse("module", kwargs={"module": "cooperation"}),
        ),
        ("data", _("Data"), reverse("module", kwargs={"module": "data"})),
        ("reports", _("Reports"), reverse("module", kwargs={"module": "reports"})),
        ("states", _("States"), reverse("registry:countries")),
        ("organizations", _("Organizations"), reverse("registry:organizations")),
    ]
    path = request.path
    nav = [
        {"key": k, "label": label, "url": url, "current": path.startswith(url)}
        for k, label, url in items
    ]
    return {
        "nav_items": nav,
        "user_roles": roles_of(getattr(request, "user", None)),
        "language_neutral_path": _without_language_prefix(request.get_full_path()),
    }


def _without_language_prefix(path: str) -> str:
    """The path as the default language would have it. Django's set_language
    resolves ``next`` in the default language, so a prefixed path (/ar/…)
    would not be translated."""
    for code, _name in settings.LANGUAGES:
        prefix = f"/{code}/"
        if path.startswith(prefix):
            return "/" + path[len(prefix) :]
    return path

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from migdev.registry.permissions import roles_of
from migdev.web.modules import link_url, module_url, visible_modules


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The main navigation, drawn from the installed modules the user sees
    (each with its further entries), and the user's roles."""
    items: list[tuple[int, str, str, str]] = []
    for module in visible_modules(request):
        label = module.nav_label or module.title
        items.append((module.order, module.key, label, module_url(module)))
        for entry in module.nav:
            items.append((entry.order, entry.key, entry.label, link_url(entry.url)))
    items.sort(key=lambda item: item[0])
    path = request.path
    nav = [
        {"key": key, "label": label, "url": url, "current": path.startswith(url)}
        for _order, key, label, url in items
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

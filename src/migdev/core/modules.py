"""The platform's modules, as the installed apps declare them.

Each app that brings a module (consultations, the Global Forum, cooperation,
data, reports) declares it in its ``AppConfig`` as ``modules = (Module(...),)``:
its name, title and summary (``gettext_lazy``, so the six languages come from
the message catalogs), the paragraphs of A/63/265 it follows up, its start
page, its URLs, further navigation entries, and which roles see it. The web
shell draws the navigation, the home page's cards, the module pages and the
URLs from :func:`installed_modules`; adding an app adds its module, with no
edit to the shell.

A module not built yet may be declared ``planned`` (the shell does so for
those the report foresees); an installed app that declares the same key
takes its place.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps

__all__ = ["ROLE_NAMES", "Module", "NavEntry", "installed_modules", "module_get"]

# The names a module's ``roles`` may use (see registry.permissions.Roles).
ROLE_NAMES = frozenset(
    {"authenticated", "secretariat", "forum_support", "focal_point", "org_reporter"}
)


@dataclass(frozen=True, kw_only=True)
class NavEntry:
    """A navigation entry besides the module's own (e.g. "States")."""

    key: str
    label: str
    url: str  # a URL name ("registry:countries") or an absolute path ("/api/v1/docs")
    order: int = 100


@dataclass(frozen=True, kw_only=True)
class Module:
    key: str
    title: str
    summary: str
    references: tuple[str, ...] = ()
    nav_label: str | None = None
    url: str | None = None  # the start page's URL name; None: the shell's module page
    urls: str | None = None  # a URLconf the shell includes under ``prefix``
    prefix: str = ""
    links: tuple[tuple[str, str], ...] = ()  # (label, URL name or path) on its page
    nav: tuple[NavEntry, ...] = ()
    roles: frozenset[str] | None = None  # who sees it; None: everyone
    order: int = 100
    planned: bool = False

    def __post_init__(self) -> None:
        if self.roles is not None and not self.roles <= ROLE_NAMES:
            unknown = ", ".join(sorted(self.roles - ROLE_NAMES))
            raise ValueError(
                f"module {self.key!r}: unknown roles {unknown}; "
                f"use {', '.join(sorted(ROLE_NAMES))}"
            )
        if self.urls and self.prefix and not self.prefix.endswith("/"):
            raise ValueError(f"module {self.key!r}: prefix must end with '/'")

    def visible_to(self, roles: Iterable[str]) -> bool:
        """Whether a user with these role names sees the module."""
        return self.roles is None or bool(self.roles & set(roles))


def installed_modules() -> list[Module]:
    """The modules of the installed apps, in their order; an installed module
    replaces a planned one of the same key."""
    found: dict[str, Module] = {}
    for config in apps.get_app_configs():
        for module in getattr(config, "modules", ()):
            if not isinstance(module, Module):
                raise TypeError(
                    f"{config.name}: AppConfig.modules must hold Module objects"
                )
            earlier = found.get(module.key)
            if earlier is not None and not earlier.planned and not module.planned:
                raise ValueError(
                    f"module {module.key!r} is declared by two apps "
                    f"(the second is {config.name})"
                )
            if earlier is None or earlier.planned:
                found[module.key] = module
    return sorted(found.values(), key=lambda m: (m.order, m.key))


def module_get(key: str) -> Module | None:
    return next((m for m in installed_modules() if m.key == key), None)

"""API tokens for integrators, beside the session cookie of the site.

A token belongs to one user and acts with that user's roles; its scope is
``read`` (GET only) or ``write`` (every method). The secret is shown once, when
the token is made; the database keeps its SHA-256 digest only (the secret is
32 random bytes, so a slow password hash would add nothing), the first
characters to recognise it by, when it was last used, and when it was revoked.
Requests send it as ``Authorization: Bearer mdv_…``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from migdev.core.audit import AuditEntry, audit_record, audited_update

TOKEN_PREFIX = "mdv_"
#: Characters of the token kept in clear, to tell tokens apart in lists.
SHOWN = 12
#: Last-used times are written at most this often per token (one write per
#: request would make every read a write).
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


class ApiToken(models.Model):
    class Scope(models.TextChoices):
        READ = "read", _("read only")
        WRITE = "write", _("read and write")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
        help_text=_("The token acts with this user's roles."),
    )
    name = models.CharField(
        _("name"),
        max_length=100,
        help_text=_("What the token is for, e.g. the system that uses it."),
    )
    scope = models.CharField(
        _("scope"), max_length=10, choices=Scope.choices, default=Scope.READ
    )
    prefix = models.CharField(_("starts with"), max_length=SHOWN, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        app_label = "core"
        ordering = ["-created_at", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… {self.name} ({self.user})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def allows(self, method: str) -> bool:
        """Whether the scope covers an HTTP method."""
        return self.scope == self.Scope.WRITE or method in ("GET", "HEAD", "OPTIONS")


def new_secret() -> tuple[str, str, str]:
    """A fresh secret with the prefix and digest to keep of it."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    return raw, raw[:SHOWN], token_digest(raw)


def token_create(
    *, user: Any, name: str, scope: str = ApiToken.Scope.READ, actor: Any = None
) -> tuple[ApiToken, str]:
    """A new token for ``user``; returns it with its secret, which is not kept."""
    if scope not in ApiToken.Scope.values:
        raise ValueError(
            f"Unknown scope {scope!r}: use {' or '.join(ApiToken.Scope.values)}."
        )
    raw, prefix, digest = new_secret()
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name.strip()[:100],
            scope=scope,
            prefix=prefix,
            digest=digest,
        )
        audit_record(actor=actor, instance=token, action=AuditEntry.Action.CREATE)
    return token, raw


def token_revoke(*, token: ApiToken, actor: Any = None) -> ApiToken:
    """Revoke a token (idempotent); it is refused from the next request on."""
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is None:
            audited_update(
                actor=actor, instance=token, changes={"revoked_at": timezone.now()}
            )
    return token


def token_authenticate(raw: str) -> ApiToken | None:
    """The active token whose secret is ``raw``, its user active; else None.
    Records when it was used (to the minute)."""
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    try:
        token = ApiToken.objects.select_related("user").get(
            digest=token_digest(raw), revoked_at__isnull=True
        )
    except ApiToken.DoesNotExist:
        return None
    if not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token

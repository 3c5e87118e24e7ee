"""The audit trail: who changed what, and when, on records people edit.

Services call ``audit_record`` inside their transaction, with a snapshot of the
record taken before the change, so the entry and the change commit together
(``audited_update`` does the three steps for a plain change of fields).

Scheduled jobs (sending reminders, delivering the outbox) act as the **system
actor**: the user ``system`` (``SYSTEM_USERNAME``), created by the migration
``core.0003_system_user``, inactive and without a usable password, so that it
can never log in. It holds no role: what it does is decided by the job's code,
and the audit trail names it as the one who did it.
"""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("changed")
        DELETE = "delete", _("deleted")

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.CharField(max_length=64, db_index=True)
    object_repr = models.CharField(_("record"), max_length=200)
    changes = models.JSONField(
        _("changes"), default=dict, help_text=_("field: [old value, new value]")
    )

    class Meta:
        app_label = "core"
        ordering = ["-at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        indexes = [models.Index(fields=["content_type", "object_id", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.object_repr}"


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, dict):
        return dict(value)
    if isinstance(value, FieldFile):
        return value.name or ""
    return value


def snapshot(instance: models.Model) -> dict[str, Any]:
    """The concrete field values of ``instance``, JSON-ready."""
    data = {}
    for field in instance._meta.concrete_fields:
        if getattr(field, "auto_now", False):
            continue  # bookkeeping, not a change a person made
        data[field.attname] = _plain(getattr(instance, field.attname))
    return data


def audit_record(
    *,
    actor: Any,
    instance: models.Model,
    action: str,
    before: dict[str, Any] | None = None,
) -> AuditEntry | None:
    """Write the audit entry for a change to ``instance``; skip no-op updates."""
    after = {} if action == AuditEntry.Action.DELETE else snapshot(instance)
    before = before or {}
    keys = sorted(set(before) | set(after))
    changes = {
        k: [before.get(k), after.get(k)] for k in keys if before.get(k) != after.get(k)
    }
    if action == AuditEntry.Action.UPDATE and not changes:
        return None
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        content_type=ContentType.objects.get_for_model(
            instance, for_concrete_model=True
        ),
        object_id=str(instance.pk),
        object_repr=str(instance)[:200],
        changes=changes,
    )


SYSTEM_USERNAME = "system"


def system_actor() -> Any:
    """The user that scheduled jobs act as (created by migration; made here
    if a database was set up without it)."""
    from django.contrib.auth import get_user_model

    user, _created = get_user_model().objects.get_or_create(
        username=SYSTEM_USERNAME,
        defaults={"is_active": False, "password": "!system"},
    )
    return user


def audited_update(
    *,
    actor: Any,
    instance: models.Model,
    changes: dict[str, Any],
    full_clean: bool = False,
) -> models.Model:
    """Set ``changes`` on ``instance``, save those fields and record the audit
    entry (snapshot → save → audit_record), in the caller's transaction. With
    ``full_clean``, the model's validation runs before the save (a
    ``ValidationError`` saves nothing)."""
    before = snapshot(instance)
    for name, value in changes.items():
        setattr(instance, name, value)
    if full_clean:
        instance.full_clean()
    if changes:
        instance.save(update_fields=[instance._meta.get_field(n).name for n in changes])
    audit_record(
        actor=actor, instance=instance, action=AuditEntry.Action.UPDATE, before=before
    )
    return instance


def audit_history(instance: models.Model) -> models.QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(
            instance, for_concrete_model=True
        ),
        object_id=str(instance.pk),
    ).select_related("actor")

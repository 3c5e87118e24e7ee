"""Datasets, their versioned releases, indicators and the values of a release.

A *release* is an immutable, versioned set of values with its metadata
(source, method, reference dates, licence, publisher, the command and the
input files that produced it, with their checksums). Values are one tidy
table: indicator × area × period × sex × age × origin × counterpart, where
``area`` is an M49 code (countries and areas of the registry below 900, the
UN DESA aggregates 900 and above) and ``counterpart`` the other end of a
corridor (for remittances: ``area`` receives, ``counterpart`` sends).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from migdev.core.fields import LocalizedTextField
from migdev.core.i18n import LocalizedText
from migdev.registry.models import framework_tags_field

SEX_TOTAL = "_T"
AGE_TOTAL = "_T"
SEXES = {"both": "_T", "male": "M", "female": "F"}


class ReleaseImmutable(Exception):
    """A published release cannot change."""


class Dataset(models.Model):
    class Kind(models.TextChoices):
        STOCK = "stock", _("international migrant stock")
        FLOWS = "remittance_flows", _("remittance flows")
        COSTS = "remittance_costs", _("remittance costs")
        OTHER = "other", _("other")

    code = models.SlugField(_("code"), max_length=64, unique=True)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    name = LocalizedTextField(_("name"))

    class Meta:
        ordering = ["code"]
        verbose_name = _("dataset")
        verbose_name_plural = _("datasets")

    def __str__(self) -> str:
        return self.code


class Release(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        REVIEWED = "reviewed", _("reviewed")
        PUBLISHED = "published", _("published")

    dataset = models.ForeignKey(
        Dataset, on_delete=models.PROTECT, related_name="releases"
    )
    version = models.PositiveIntegerField(_("version"))
    identifier = models.SlugField(_("identifier"), max_length=80, unique=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    #: In the six languages; shown in the reader's language, else English.
    title = LocalizedTextField(_("title"))
    source = models.TextField(_("source"))
    method = models.TextField(_("method"))
    reference_dates = models.JSONField(_("reference dates"), default=list)
    licence = models.CharField(_("licence"), max_length=200)
    publisher = models.CharField(_("publisher"), max_length=200)
    illustrative = models.BooleanField(_("illustrative"), default=False)
    command = models.TextField(_("command"))
    inputs = models.JSONField(_("inputs"), default=list)
    checksum = models.CharField(_("checksum (SHA-256)"), max_length=64)
    value_count = models.PositiveIntegerField(_("values"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["dataset__code", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "version"], name="indicators_release_version"
            ),
            models.UniqueConstraint(
                fields=["dataset", "checksum"], name="indicators_release_checksum"
            ),
        ]
        indexes = [
            models.Index(
                fields=["dataset", "status", "-version"],
                name="indicators_release_latest",
            )
        ]
        verbose_name = _("release")
        verbose_name_plural = _("releases")

    def __str__(self) -> str:
        return self.identifier

    def save(self, *args, **kwargs) -> None:
        if isinstance(self.title, str):  # a title in one language is English
            self.title = LocalizedText({"en": self.title})
        if self.pk is not None:
            was = (
                Release.objects.filter(pk=self.pk)
                .values_list("status", flat=True)
                .first()
            )
            if was == self.Status.PUBLISHED:
                raise ReleaseImmutable(f"release {self.identifier} is published")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.status == self.Status.PUBLISHED:
            raise ReleaseImmutable(f"release {self.identifier} is published")
        return super().delete(*args, **kwargs)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class Indicator(models.Model):
    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = LocalizedTextField(_("name"))
    unit = models.CharField(_("unit"), max_length=40)
    #: The SDG targets and indicators (10.7, 10.c.1 …) and Global Compact
    #: objectives (1 on data, 20 on remittances) the indicator serves.
    tags = framework_tags_field()

    class Meta:
        ordering = ["code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.code


class Value(models.Model):
    """One number of a release. ``origin`` and ``counterpart`` are empty when
    the value is over all origins / not of a corridor."""

    release = models.ForeignKey(
        Release, on_delete=models.CASCADE, related_name="values", db_index=False
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    area = models.PositiveIntegerField(_("area (M49)"))
    period = models.CharField(_("period"), max_length=16)
    sex = models.CharField(_("sex"), max_length=2, default=SEX_TOTAL)
    age = models.CharField(_("age"), max_length=8, default=AGE_TOTAL)
    origin = models.PositiveIntegerField(_("origin (M49)"), null=True, blank=True)
    counterpart = models.PositiveIntegerField(
        _("counterpart (M49)"), null=True, blank=True
    )
    value = models.FloatField(_("value"), null=True)
    lower_80 = models.FloatField(null=True, blank=True)
    upper_80 = models.FloatField(null=True, blank=True)
    lower_95 = models.FloatField(null=True, blank=True)
    upper_95 = models.FloatField(null=True, blank=True)
    flag = models.CharField(_("flag"), max_length=16, blank=True)

    class Meta:
        indexes = [
            # A country's whole profile in one release: release + area.
            models.Index(
                fields=["release", "area", "indicator", "period"],
                name="indicators_value_profile",
            ),
            # Slices by indicator (and period, then area).
            models.Index(
                fields=["release", "indicator", "period", "area"],
                name="indicators_value_slice",
            ),
        ]
        verbose_name = _("value")
        verbose_name_plural = _("values")

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.area} {self.period} {self.sex}"

"""Model and form fields for ``LocalizedText``: a JSON object keyed by language."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from migdev import languages
from migdev.core.i18n import (
    LANGUAGE_CODES,
    LANGUAGE_LABELS,
    LocalizedText,
    UnknownLanguage,
)


class LocalizedTextWidget(forms.MultiWidget):
    template_name = "core/widgets/localized_text.html"

    def __init__(self, attrs: dict[str, Any] | None = None, textarea: bool = False):
        widget = forms.Textarea(attrs={"rows": 3}) if textarea else forms.TextInput()
        widgets = {
            code: type(widget)(attrs=dict(widget.attrs)) for code in LANGUAGE_CODES
        }
        for code, w in widgets.items():
            language = languages.get(code)
            w.attrs.update({"lang": language.bcp47, "dir": language.direction})
        super().__init__(widgets, attrs)

    def decompress(self, value: Any) -> list[str]:
        value = value or {}
        return [value.get(code, "") for code in LANGUAGE_CODES]

    def get_context(
        self, name: str, value: Any, attrs: dict[str, Any]
    ) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        for code, sub in zip(
            LANGUAGE_CODES, context["widget"]["subwidgets"], strict=True
        ):
            sub["language_label"] = LANGUAGE_LABELS[code]
            sub["language_code"] = code
        return context


class LocalizedTextFormField(forms.MultiValueField):
    def __init__(
        self,
        *,
        required: bool = True,
        required_languages: tuple[str, ...] = ("en",),
        textarea: bool = False,
        **kwargs: Any,
    ) -> None:
        self.required_languages = required_languages
        fields = [forms.CharField(required=False) for _code in LANGUAGE_CODES]
        kwargs.pop("max_length", None)
        kwargs.pop("encoder", None)
        kwargs.pop("decoder", None)
        super().__init__(
            fields=fields,
            widget=LocalizedTextWidget(textarea=textarea),
            require_all_fields=False,
            required=required,
            **kwargs,
        )

    def compress(self, data_list: list[str]) -> LocalizedText:
        return LocalizedText(dict(zip(LANGUAGE_CODES, data_list or [], strict=False)))

    def validate(self, value: Any) -> None:
        super().validate(value)
        if self.required:
            missing = [c for c in self.required_languages if not (value or {}).get(c)]
            if missing:
                raise ValidationError(
                    _("A text is required in: %(languages)s."),
                    code="required_language",
                    params={
                        "languages": ", ".join(str(LANGUAGE_LABELS[c]) for c in missing)
                    },
                )


class LocalizedTextField(models.JSONField):
    """A text in the six official languages, stored as a JSON object."""

    description = _("Text in the six official languages")

    def __init__(self, *args: Any, textarea: bool = False, **kwargs: Any) -> None:
        self.textarea = textarea
        kwargs.setdefault("default", dict)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        if self.textarea:
            kwargs["textarea"] = True
        return name, path, args, kwargs

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        value = super().from_db_value(value, expression, connection)
        return LocalizedText(value) if isinstance(value, dict) else value

    def to_python(self, value: Any) -> Any:
        if isinstance(value, dict):
            try:
                return LocalizedText(value)
            except UnknownLanguage as exc:
                raise ValidationError(str(exc), code="unknown_language") from exc
        return value

    def validate(self, value: Any, model_instance: Any) -> None:
        super().validate(value, model_instance)
        if not isinstance(value, dict):
            raise ValidationError(_("Expected a text per language."), code="invalid")
        try:
            LocalizedText(value)
        except UnknownLanguage as exc:
            raise ValidationError(str(exc), code="unknown_language") from exc

    def formfield(self, **kwargs: Any) -> Any:
        return LocalizedTextFormField(
            required=not self.blank,
            textarea=self.textarea,
            label=kwargs.get("label", self.verbose_name),
            help_text=kwargs.get("help_text", self.help_text),
        )


def missing_translations(
    instance: models.Model, codes: tuple[str, ...] | list[str] = LANGUAGE_CODES
) -> dict[str, list[str]]:
    """Every six-language field of ``instance`` that lacks a language: field
    name → the languages, of ``codes``, without a text.

    A field that may stay blank counts only once it has a text in some
    language (a theme without a definition lacks nothing; a definition in
    English and French lacks four languages).
    """
    gaps: dict[str, list[str]] = {}
    for f in instance._meta.get_fields():
        if not isinstance(f, LocalizedTextField):
            continue
        value = getattr(instance, f.attname)
        if f.blank and not value:
            continue
        text = value if isinstance(value, LocalizedText) else LocalizedText(value or {})
        missing = text.missing(codes)
        if missing:
            gaps[f.name] = missing
    return gaps


def missing_languages(instance: models.Model) -> list[str]:
    """The languages in which some six-language field of ``instance`` has no
    text, in the order of ``LANGUAGE_CODES``."""
    gaps = missing_translations(instance)
    return [code for code in LANGUAGE_CODES if any(code in m for m in gaps.values())]


#: A currency as a three-letter ISO 4217 code (EUR, USD…), for every module
#: that records money.
currency_code = RegexValidator(
    r"^[A-Z]{3}$", _("Give the currency as a three-letter ISO 4217 code (EUR, USD…).")
)

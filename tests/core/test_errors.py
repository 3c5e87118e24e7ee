"""A service's ValidationError onto the form that fed it (``onto_form``), and
as one flash message (``error_text``): the one helper forum, campaigns,
analysis, cooperation and the UN system's pages use."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation

from migdev.core.errors import error_text, onto_form


class _Form(forms.Form):
    title = forms.CharField(required=False)
    states = forms.CharField(required=False)
    key = forms.CharField(required=False, widget=forms.HiddenInput)


def _bound() -> _Form:
    form = _Form({"title": "x"})
    assert form.is_valid()
    return form


def test_each_error_goes_on_its_field_or_above_the_form() -> None:
    form = _bound()
    onto_form(
        form,
        ValidationError({"title": "Too short.", "deadline": "Too late."}),
    )
    assert form.errors["title"] == ["Too short."]
    assert form.non_field_errors() == ["Too late."]


def test_an_error_on_a_hidden_input_is_shown_above_the_form() -> None:
    form = _bound()
    onto_form(form, ValidationError({"key": "Sent twice."}))
    assert "key" not in form.errors
    assert form.non_field_errors() == ["Sent twice."]


def test_a_service_field_can_be_named_as_the_form_names_it() -> None:
    form = _bound()
    onto_form(
        form,
        ValidationError({"recipients": "Unknown State codes: XXX."}),
        fields={"recipients": "states"},
    )
    assert form.errors["states"] == ["Unknown State codes: XXX."]


def test_an_error_without_a_field_goes_above_the_form() -> None:
    form = _bound()
    onto_form(form, ValidationError(["One.", "Two."]))
    assert form.non_field_errors() == ["One.", "Two."]


def test_error_text_sets_sentences_as_the_language_does() -> None:
    exc = ValidationError(["One.", "Two."])
    assert error_text(exc) == "One. Two."
    with translation.override("zh-hans"):
        assert error_text(ValidationError(["已撤回。", "请说明原因。"])) == (
            "已撤回。请说明原因。"
        )

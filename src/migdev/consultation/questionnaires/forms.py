"""Forms of the questionnaire pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class XLSFormUploadForm(forms.Form):
    file = forms.FileField(
        label=_("XLSForm workbook (.xlsx)"),
        help_text=_(
            "The sheets survey, choices and settings, with one label column per "
            "language, e.g. label::English (en)."
        ),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument"
                ".spreadsheetml.sheet"
            }
        ),
    )
    replace = forms.BooleanField(
        label=_("Replace the questionnaire that has the same form_id"),
        help_text=_(
            "Questions are matched by name. Refused once a campaign using it has "
            "been sent."
        ),
        required=False,
    )

"""The secretariat's form of a release: its title in the six languages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from migdev.core.fields import LocalizedTextFormField


class ReleaseTitleForm(forms.Form):
    title = LocalizedTextFormField(
        label=_("Title"),
        help_text=_(
            "In the six languages; English is required, and a language left "
            "empty shows the English title."
        ),
    )

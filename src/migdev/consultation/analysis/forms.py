from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from migdev.consultation.analysis.models import Theme


class ThemeForm(forms.Form):
    code = forms.SlugField(
        label=_("Code"),
        max_length=60,
        help_text=_("A short, stable identifier used in exports, e.g. useful-outcome."),
    )
    label = Theme._meta.get_field("label").formfield()
    definition = Theme._meta.get_field("definition").formfield()
    order = forms.IntegerField(label=_("Order"), min_value=0, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["label"].label = _("Label")
        self.fields["label"].help_text = _(
            "How the theme reads in the tally, in the six languages."
        )
        self.fields["definition"].label = _("Definition")
        self.fields["definition"].help_text = _(
            "Which answers the theme covers, so that coders agree."
        )

    @classmethod
    def for_theme(cls, theme: Theme, data=None) -> ThemeForm:
        return cls(
            data,
            initial={
                "code": theme.code,
                "label": theme.label,
                "definition": theme.definition,
                "order": theme.order,
            },
        )

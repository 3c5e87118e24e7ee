from __future__ import annotations

from django import forms

from migdev.registry.models import Contact
from migdev.registry.services import CONTACT_EDITABLE


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = list(CONTACT_EDITABLE)
        widgets = {
            "start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "address": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, party: str = "country", **kwargs):
        super().__init__(*args, **kwargs)
        kinds = Contact.Kind
        allowed = (
            [kinds.REPORTING_OFFICER]
            if party == "organization"
            else [
                kinds.PERMANENT_MISSION,
                kinds.PERMANENT_REPRESENTATIVE,
                kinds.FOCAL_POINT,
            ]
        )
        self.fields["kind"].choices = [(k.value, k.label) for k in allowed]

"""Forms of the platform's request machinery that every module shows the
same way: the follow-up log's entry (a call, fax, e-mail, letter or note
about a recipient), recorded by the module's service into
``outreach.services.follow_up_record``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from migdev.outreach.models import FollowUp


class FollowUpForm(forms.Form):
    """A call, fax, e-mail, letter or note about a recipient of a request;
    "When" defaults to now, to the minute."""

    kind = forms.ChoiceField(label=_("Kind"), choices=FollowUp.Kind.choices)
    at = forms.DateTimeField(
        label=_("When"),
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
        ),
    )
    contact_name = forms.CharField(
        label=_("Spoke with"), required=False, max_length=200
    )
    outcome = forms.CharField(
        label=_("Outcome"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial", {"at": timezone.localtime().replace(second=0, microsecond=0)}
        )
        super().__init__(*args, **kwargs)

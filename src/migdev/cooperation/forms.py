"""The secretariat's forms of the cooperation module. Each one feeds a
service (atomic, audited, permission-checked), whose ValidationError comes
back onto the form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from migdev.cooperation.models import (
    Commitment,
    CommitmentUpdate,
    Flow,
    Participation,
    Project,
)
from migdev.core.fields import currency_code
from migdev.registry.models import Country, Organization

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CountryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Country) -> str:
        return f"{obj.name.get_text()} ({obj.key})"


class ParticipationForm(forms.Form):
    """A State or an organization joins (or joined, and left) a mechanism."""

    role = forms.ChoiceField(label=_("Role"), choices=Participation.Role.choices)
    country = CountryChoiceField(
        Country.objects.exclude(iso3=None).order_by("iso3"),
        label=_("State"),
        required=False,
    )
    organization = forms.ModelChoiceField(
        Organization.objects.order_by("code"),
        label=_("Organization (observers only)"),
        required=False,
    )
    start = forms.DateField(label=_("From"), required=False, widget=DATE)
    end = forms.DateField(
        label=_("Until (exclusive)"),
        required=False,
        widget=DATE,
        help_text=_("The first day on which the membership no longer holds."),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=200)
    illustrative = forms.BooleanField(label=_("Illustrative"), required=False)


class CommitmentUpdateForm(forms.Form):
    """How far a commitment is implemented, on a day, with its evidence."""

    commitment = forms.ModelChoiceField(
        Commitment.objects.none(), label=_("Commitment")
    )
    day = forms.DateField(label=_("Date"), widget=DATE)
    status = forms.ChoiceField(
        label=_("Status"), choices=CommitmentUpdate.Status.choices
    )
    evidence = forms.CharField(
        label=_("Evidence"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    evidence_url = forms.URLField(
        label=_("Link to the evidence"), required=False, assume_scheme="https"
    )

    def __init__(self, *args, instrument, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["commitment"]
        field.queryset = instrument.commitments.order_by("id")
        field.label_from_instance = lambda c: (
            f"{c.number} — {c.text.get_text()[:80]}"
            if c.number
            else c.text.get_text()[:80]
        )


class FlowForm(forms.Form):
    """A commitment or a disbursement of a fund, in the fund's currency."""

    kind = forms.ChoiceField(label=_("Kind"), choices=Flow.Kind.choices)
    day = forms.DateField(label=_("Date"), widget=DATE)
    amount = forms.DecimalField(label=_("Amount"), min_value=0, decimal_places=2)
    project = forms.ModelChoiceField(
        Project.objects.none(), label=_("Project"), required=False
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args, fund, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = fund.projects.all()
        self.fields["amount"].help_text = _("In %(currency)s, the fund's currency.") % {
            "currency": fund.currency
        }


class RateForm(forms.Form):
    """The secretariat's table of rates: US dollars per unit of a currency,
    for a year."""

    currency = forms.CharField(
        label=_("Currency"), max_length=3, validators=[currency_code]
    )
    year = forms.IntegerField(label=_("Year"), min_value=1945, max_value=2199)
    usd_per_unit = forms.DecimalField(
        label=_("US dollars per unit"), min_value=0, decimal_places=6
    )
    source = forms.CharField(label=_("Source"), required=False, max_length=200)

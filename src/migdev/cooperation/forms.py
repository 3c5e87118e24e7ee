"""The secretariat's forms of the cooperation module. Each one feeds a
service (atomic, audited, permission-checked), whose ValidationError comes
back onto the form."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from migdev.cooperation.models import (
    Assessment,
    AssessmentItem,
    Commitment,
    CommitmentUpdate,
    Flow,
    Instrument,
    Mechanism,
    Participation,
    Project,
    Theme,
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


class AssessmentForm(forms.Form):
    """A development-focus assessment of a mechanism for a period (¶57–63),
    from the checklist of themes: each theme's level with its evidence,
    then the group (the checklist's unless the assessor says otherwise,
    with a justification). The user who records it is its assessor; someone
    else reviews it and makes it public."""

    period_start = forms.DateField(label=_("Period from"), widget=DATE)
    period_end = forms.DateField(label=_("Period to"), widget=DATE)
    group = forms.TypedChoiceField(
        label=_("Group"),
        choices=[("", _("The group the checklist gives")), *Assessment.Group.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    justification = forms.CharField(
        label=_("Justification"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Required when the group differs from the one the checklist gives."
        ),
    )
    evidence = forms.CharField(
        label=_("Evidence (meetings, documents)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    instruments = forms.ModelMultipleChoiceField(
        Instrument.objects.none(),
        label=_("Instruments read"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    source = forms.CharField(label=_("Source"), required=False, max_length=100)

    #: The fields shown above the checklist; the rest come after it.
    HEAD = ("period_start", "period_end")

    def __init__(
        self, *args: Any, mechanism: Mechanism, themes: Iterable[Theme], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.themes = list(themes)
        field = self.fields["instruments"]
        field.queryset = mechanism.instruments.order_by("adopted", "code")
        field.label_from_instance = lambda i: f"{i} ({i.adopted.year})"
        for theme in self.themes:
            name = theme.name.get_text() or theme.code
            self.fields[f"level_{theme.code}"] = forms.TypedChoiceField(
                label=name,
                choices=AssessmentItem.Level.choices,
                coerce=int,
                initial=AssessmentItem.Level.NOT_ADDRESSED,
            )
            self.fields[f"evidence_{theme.code}"] = forms.CharField(
                label=_("Evidence: %(theme)s") % {"theme": name},
                required=False,
                max_length=300,
            )

    def checklist(self) -> list[tuple[Theme, forms.BoundField, forms.BoundField]]:
        """(theme, its level field, its evidence field), in checklist order."""
        return [
            (t, self[f"level_{t.code}"], self[f"evidence_{t.code}"])
            for t in self.themes
        ]

    def head(self) -> list[forms.BoundField]:
        return [self[n] for n in self.HEAD]

    def tail(self) -> list[forms.BoundField]:
        return [
            self[n]
            for n in ("group", "justification", "evidence", "instruments", "source")
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period ends before it starts."))
        return data

    def service_arguments(self) -> dict[str, Any]:
        """The keyword arguments of ``services.assessment_record``."""
        data = self.cleaned_data
        return {
            "period_start": data["period_start"],
            "period_end": data["period_end"],
            "levels": {
                t.code: (data[f"level_{t.code}"], data[f"evidence_{t.code}"].strip())
                for t in self.themes
            },
            "group": data["group"],
            "justification": data["justification"],
            "evidence": data["evidence"],
            "instruments": list(data["instruments"]),
            "source": data["source"],
        }

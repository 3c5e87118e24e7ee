from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from migdev.core import uploads
from migdev.registry.models import Country, FrameworkTarget, Organization


class DelegationForm(forms.Form):
    """A delegation's registration, for a State or an organization alike: the
    participant (among those the user may register for), the delegates, and
    the note verbale of the State's Permanent Mission or the organization's
    nomination letter."""

    party = forms.CharField(label=_("Delegation of"), widget=forms.Select)
    delegates = forms.CharField(
        label=_("Delegates"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One per line: name; title or function; e-mail; language of "
            "correspondence (ar, zh-hans, en, fr, ru or es; default: this page's)."
        ),
    )
    letter = forms.FileField(
        label=_("Note verbale of the Permanent Mission, or nomination letter"),
        widget=forms.FileInput(attrs={"accept": ".pdf,application/pdf"}),
        error_messages={
            "required": _(
                "Attach the note verbale of the Permanent Mission (a State) or "
                "the nomination letter (an organization), as a PDF."
            )
        },
    )

    def __init__(
        self,
        *args: Any,
        countries: list[Country],
        organizations: list[Organization],
        language: str = "en",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.language = language
        # The list offers the user's own States and organizations; which one
        # it may register for is the service's check (another's is refused).
        self.fields["party"].widget.choices = [
            *((f"state:{c.pk}", c.name.get_text()) for c in countries),
            *((f"organization:{o.pk}", o.name.get_text()) for o in organizations),
        ]
        self.fields["letter"].help_text = _("A PDF of up to %(limit)s.") % {
            "limit": filesizeformat(uploads.max_upload_bytes())
        }

    def clean_party(self) -> Country | Organization:
        kind, _sep, pk = self.cleaned_data["party"].partition(":")
        model = {"state": Country, "organization": Organization}.get(kind)
        party = (
            model.objects.filter(pk=int(pk)).first()
            if model is not None and pk.isdigit()
            else None
        )
        if party is None:
            raise ValidationError(_("Choose the State or organization to register."))
        return party

    def clean_delegates(self) -> list[dict[str, str]]:
        return delegate_lines(self.cleaned_data["delegates"], self.language)


def delegate_lines(text: str, language: str) -> list[dict[str, str]]:
    """``name; function; e-mail; language`` per line, each line checked."""
    rows = []
    codes = {code for code, _name in settings.LANGUAGES}
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split(";")]
        parts += [""] * (4 - len(parts))
        lang = parts[3].lower() or language
        if lang not in codes:
            raise ValidationError(
                _("Line %(n)s: %(code)s is not one of ar, zh-hans, en, fr, ru, es.")
                % {"n": n, "code": parts[3]}
            )
        rows.append(
            {
                "name": parts[0],
                "function": parts[1],
                "email": parts[2],
                "language": lang,
            }
        )
    if not rows:
        raise ValidationError(_("Name at least one delegate."))
    return rows


class DelegatesForm(forms.Form):
    """A delegation's delegates, changed: a line whose name is a delegate's
    changes that delegate, a new name adds one, a name left out leaves."""

    delegates = forms.CharField(
        label=_("Delegates"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=DelegationForm.base_fields["delegates"].help_text,
    )

    def __init__(self, *args: Any, language: str = "en", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.language = language

    def clean_delegates(self) -> list[dict[str, str]]:
        return delegate_lines(self.cleaned_data["delegates"], self.language)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)


class BroadcastForm(forms.Form):
    #: One-time key: a new one each time the form is opened; the service
    #: sends one message per key (``services.broadcast_send``).
    submission_key = forms.CharField(
        widget=forms.HiddenInput, max_length=64, required=False
    )
    states = forms.CharField(
        label=_("States"),
        required=False,
        help_text=_(
            "ISO alpha-3 codes separated by spaces or commas; leave empty to "
            "write to every national focal point."
        ),
    )
    language = forms.ChoiceField(
        label=_("Language of the message"), choices=settings.LANGUAGES
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    text = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 8}))

    def clean_states(self) -> list[str]:
        return _codes(self.cleaned_data["states"])


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("accredit", _("Accredit")), ("reject", _("Reject"))]
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)


class PracticeForm(forms.Form):
    country = forms.ModelChoiceField(
        label=_("State"), queryset=Country.objects.none(), empty_label=None
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 6})
    )
    themes = forms.MultipleChoiceField(
        label=_("Themes"), widget=forms.CheckboxSelectMultiple
    )
    period = forms.CharField(label=_("Period"), max_length=100, required=False)
    partners = forms.CharField(
        label=_("Partners"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    results = forms.CharField(
        label=_("Results"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    links = forms.CharField(
        label=_("Links"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("One per line."),
    )
    tags = forms.ModelMultipleChoiceField(
        FrameworkTarget.objects.filter(
            level__in=[FrameworkTarget.Level.OBJECTIVE, FrameworkTarget.Level.TARGET]
        ),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Global Compact objectives and SDG targets"),
    )

    def __init__(
        self, *args: Any, countries: list[Country], themes: list[Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["country"]
        field.queryset = Country.objects.exclude(status=Country.Status.AREA)  # type: ignore[attr-defined]
        field.widget.choices = [(c.pk, c.name.get_text()) for c in countries]
        self.fields["themes"].choices = [(t.code, t.name.get_text()) for t in themes]  # type: ignore[attr-defined]


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("publish", _("Publish")), ("return", _("Return to the State"))]
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


def _codes(value: str) -> list[str]:
    return [c for c in value.replace(",", " ").replace(";", " ").split() if c]


class ChairForm(forms.Form):
    state = forms.CharField(
        label=_("State (ISO code)"), max_length=3, help_text=_("E.g. GRC.")
    )
    start = forms.DateField(
        label=_("From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("Until (exclusive)"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The first day on which the next chair is in office."),
    )
    meeting = forms.IntegerField(
        label=_("Edition of the meeting hosted"), required=False, min_value=1
    )


class FriendsMeetingForm(forms.Form):
    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    place = forms.CharField(
        label=_("Place"), required=False, help_text=_("Empty: Geneva.")
    )
    agenda = forms.CharField(
        label=_("Agenda"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    minutes = forms.CharField(
        label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    states = forms.CharField(
        label=_("States attending"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("ISO alpha-3 codes, separated by spaces or commas."),
    )
    organizations = forms.CharField(
        label=_("Organizations attending"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Codes of the registry's organizations (e.g. iom, desa)."),
    )

    def clean_states(self) -> list[str]:
        return _codes(self.cleaned_data["states"])

    def clean_organizations(self) -> list[str]:
        return _codes(self.cleaned_data["organizations"])


class ReportForm(forms.Form):
    transmitted_on = forms.DateField(
        label=_("Transmitted on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    symbol = forms.CharField(label=_("Document symbol"), max_length=60)

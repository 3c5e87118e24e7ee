from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from migdev.cooperation.models import Theme
from migdev.core.fields import LocalizedTextFormField
from migdev.registry.models import FrameworkTarget, Organization
from migdev.unsystem.models import REPORTING_KINDS, Activity
from migdev.unsystem.services import REMINDER_OFFSETS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ActivityForm(forms.ModelForm):
    themes = forms.ModelMultipleChoiceField(
        Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Themes"),
    )
    tags = forms.ModelMultipleChoiceField(
        FrameworkTarget.objects.filter(level__in=["objective", "target"]),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Global Compact objectives and SDG targets"),
    )

    class Meta:
        model = Activity
        fields = [
            "title",
            "description",
            "language",
            "period_start",
            "period_end",
            "partners",
            "funding",
            "links",
            "themes",
            "tags",
        ]
        widgets = {
            "period_start": forms.DateInput(attrs={"type": "date"}),
            "period_end": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 6}),
            "links": forms.Textarea(attrs={"rows": 2}),
        }


class ReviewForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 6})
    )
    note = forms.CharField(
        label=_("Note of the review"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class EntityChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Organization) -> str:
        return str(obj)


class CycleForm(forms.Form):
    """The secretariat opens a reporting cycle (``services.cycle_open``)."""

    title = LocalizedTextFormField(label=_("Title"))
    letter = LocalizedTextFormField(
        label=_("Covering letter"),
        textarea=True,
        required=False,
        help_text=_(
            "Optional. The period, the link and the deadline are added under it."
        ),
    )
    sender = forms.CharField(
        label=_("Sent on behalf of"), required=False, max_length=200
    )
    period_start = forms.DateField(label=_("Activities from"), widget=DATE)
    period_end = forms.DateField(label=_("Activities to"), widget=DATE)
    opens_on = forms.DateField(label=_("Opens on"), widget=DATE)
    deadline = forms.DateField(label=_("Deadline"), widget=DATE)
    reminder_offsets = forms.CharField(
        label=_("Reminders (days from the deadline)"),
        initial=", ".join(str(o) for o in REMINDER_OFFSETS),
        required=False,
        help_text=_(
            "Comma-separated; negative before the deadline. Default: one week "
            "before and one week after."
        ),
    )
    organizations = EntityChoiceField(
        Organization.objects.filter(kind__in=REPORTING_KINDS).order_by("code"),
        label=_("Entities asked"),
        widget=forms.CheckboxSelectMultiple,
    )

    def clean_reminder_offsets(self) -> list[int]:
        raw = self.cleaned_data.get("reminder_offsets") or ""
        try:
            return [
                int(p)
                for p in raw.replace(";", ",")
                .replace("،", ",")
                .replace("؛", ",")
                .split(",")
                if p.strip()
            ]
        except ValueError as exc:
            raise ValidationError(
                _("Write whole numbers of days separated by commas, e.g. -7, 7.")
            ) from exc


class OrganizationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organization) -> str:
        return str(obj)


class ChairForm(forms.Form):
    """A term as chair of the Global Migration Group
    (``services.chair_add``: the chair is a member of the group on the first
    day, and terms do not overlap)."""

    chair = OrganizationChoiceField(Organization.objects.none(), label=_("Chair"))
    start = forms.DateField(label=_("From"), widget=DATE)
    end = forms.DateField(
        label=_("Until (exclusive)"),
        widget=DATE,
        help_text=_(
            "The first day of the next term: the rotation is every six months."
        ),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)
    source = forms.CharField(label=_("Source"), required=False, max_length=300)

    def __init__(self, *args, group: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        # Every organization that was ever a member; the service checks the day.
        self.fields["chair"].queryset = (
            Organization.objects.filter(group_links__group=group)
            .distinct()
            .order_by("code")
        )

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end <= start:
            self.add_error("end", _("The term ends before (or on the day) it starts."))
        return data

from django import forms
from django.utils.translation import gettext_lazy as _

from migdev.cooperation.models import Theme
from migdev.registry.models import FrameworkTarget
from migdev.unsystem.models import Activity


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

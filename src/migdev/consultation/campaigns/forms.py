"""Forms of the campaign pages. They validate input; services do the writing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from migdev.consultation.questionnaires.models import Questionnaire
from migdev.core.dated import as_of_q
from migdev.core.fields import LocalizedTextFormField
from migdev.core.i18n import LocalizedText, sort_key, un_date
from migdev.registry import selectors as registry_selectors
from migdev.registry.groupings import REGIONS, UN_MEMBERS, UN_OBSERVERS
from migdev.registry.models import Country, Grouping, GroupMembership

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SELECTABLE_GROUP_KINDS = ("region", "subregion", "development_group")
#: How far from the deadline a reminder may be, in days.
MAX_REMINDER_OFFSET = 365


class QuestionnaireChoiceField(forms.ModelChoiceField):
    """Questionnaires named so that two with the same title can be told
    apart: title, code, version and the day it was created."""

    def label_from_instance(self, obj: Questionnaire) -> str:
        return _("%(title)s — %(code)s, version %(version)s, created %(day)s") % {
            "title": LocalizedText(obj.title or {}).get_text(),
            "code": obj.code,
            "version": obj.version or "—",
            "day": un_date(obj.created_at),
        }


@dataclass
class StateBox:
    iso3: str
    name: str
    checked: bool


@dataclass
class RegionBoxes:
    code: str
    name: str
    states: list[StateBox]

    @property
    def all_checked(self) -> bool:
        return bool(self.states) and all(s.checked for s in self.states)


class CampaignForm(forms.Form):
    RECIPIENTS_ALL = "all"
    RECIPIENTS_CHOSEN = "chosen"

    questionnaire = QuestionnaireChoiceField(
        label=_("Questionnaire"),
        queryset=Questionnaire.objects.order_by("code", "-created_at", "-pk"),
    )
    title = LocalizedTextFormField(label=_("Title"))
    letter = LocalizedTextFormField(
        label=_("Covering letter"),
        textarea=True,
        help_text=_(
            "Paragraphs (<p>), line breaks, <strong>bold</strong>, <em>italics</em>, "
            "lists and links (http, https, mailto). Anything else is removed. The "
            "reply link and the deadline are added under the letter."
        ),
    )
    sender = forms.CharField(
        label=_("Sent on behalf of"), required=False, max_length=200
    )
    opens_on = forms.DateField(label=_("Opens on"), widget=DATE)
    deadline = forms.DateField(label=_("Deadline"), widget=DATE)
    closes_on = forms.DateField(
        label=_("Closes on"),
        required=False,
        widget=DATE,
        help_text=_("Last day on which replies may be entered or changed; optional."),
    )
    reminder_offsets = forms.CharField(
        label=_("Reminders (days from the deadline)"),
        initial="-7, 7",
        required=False,
        help_text=_(
            "Comma-separated; negative before the deadline. Default: one week "
            "before and one week after."
        ),
    )
    recipients_mode = forms.ChoiceField(
        label=_("Recipients"),
        choices=[
            (RECIPIENTS_ALL, _("All Member States and the two observer States")),
            (RECIPIENTS_CHOSEN, _("The States chosen below")),
        ],
        initial=RECIPIENTS_ALL,
        widget=forms.RadioSelect,
    )
    groupings = forms.ModelMultipleChoiceField(
        label=_("Regions and groups"),
        queryset=Grouping.objects.filter(kind__in=SELECTABLE_GROUP_KINDS),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "The States that belonged to a group checked here on the opening date "
            "are added to those checked below."
        ),
    )
    states = forms.MultipleChoiceField(
        label=_("States, by region"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, draft: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.day = self._opening_day()
        try:
            states = registry_selectors.states_on(self.day)
        except registry_selectors.HistoryIncomplete:
            # Before the registry's membership history: today's list.
            states = list(
                Country.objects.filter(
                    status__in=[Country.Status.MEMBER, Country.Status.OBSERVER]
                )
            )
        states = registry_selectors.with_former_names(
            Country.objects.filter(pk__in=[c.pk for c in states])
        )
        self.fields["states"].choices = sorted(
            (
                (c.iso3, registry_selectors.name_on(c, self.day).get_text())
                for c in states
            ),
            key=lambda p: sort_key(p[1]),
        )
        self._country_ids = {c.iso3: c.pk for c in states}
        self.draft = draft
        if not draft:
            for name in ("questionnaire", "recipients_mode", "groupings", "states"):
                self.fields[name].disabled = True
                self.fields[name].required = False

    def _opening_day(self) -> dt.date:
        """The opening date the form is for: the States are listed, named and
        grouped as they were that day (today for a new campaign)."""
        raw = (
            self.data.get("opens_on") if self.is_bound else self.initial.get("opens_on")
        )
        if isinstance(raw, dt.date):
            return raw
        try:
            return dt.date.fromisoformat(str(raw or "").strip())
        except ValueError:
            return timezone.localdate()

    def state_groups(self) -> list[RegionBoxes]:
        """The States' checkboxes under their M49 region, regions in the
        order of :data:`REGIONS`, States in the language's alphabetical order."""
        if self.is_bound:
            chosen = set(self.data.getlist("states"))
        else:
            chosen = set(self.initial.get("states") or [])
        region_of = registry_selectors.group_codes_by_country(
            self._country_ids.values(), as_of=self.day, codes=REGIONS
        )
        names = {
            g.code: LocalizedText(g.name or {}).get_text()
            for g in Grouping.objects.filter(code__in=REGIONS)
        }
        groups = {
            code: RegionBoxes(code, names.get(code, code), []) for code in REGIONS
        }
        other = RegionBoxes("other", str(_("Other")), [])
        for iso3, name in self.fields["states"].choices:
            codes = region_of.get(self._country_ids[iso3], set())
            box = next((groups[c] for c in REGIONS if c in codes), other)
            box.states.append(StateBox(iso3, name, iso3 in chosen))
        return [g for g in [*groups.values(), other] if g.states]

    def clean_reminder_offsets(self) -> list[int]:
        raw = self.cleaned_data.get("reminder_offsets") or ""
        try:
            offsets = sorted(
                {int(p) for p in raw.replace(";", ",").split(",") if p.strip()}
            )
        except ValueError as exc:
            raise ValidationError(
                _("Write whole numbers of days separated by commas, e.g. -7, 7.")
            ) from exc
        if any(abs(o) > MAX_REMINDER_OFFSET for o in offsets):
            raise ValidationError(
                _(
                    "A reminder must fall within a year of the deadline: use days "
                    "between -365 and 365."
                )
            )
        return offsets

    def recipients(self) -> list[str] | None:
        """ISO alpha-3 codes chosen, or None for the default roster."""
        data = self.cleaned_data
        if data.get("recipients_mode") != self.RECIPIENTS_CHOSEN:
            return None
        codes = set(data.get("states") or [])
        day = data.get("opens_on") or timezone.localdate()
        groupings = list(data.get("groupings") or [])
        if groupings:
            # The members of the groups that were Member States or observers
            # on the opening date.
            states = GroupMembership.objects.filter(
                as_of_q(day),
                grouping__code__in=[
                    UN_MEMBERS,
                    UN_OBSERVERS,
                ],
            ).values("country_id")
            codes |= set(
                GroupMembership.objects.filter(
                    as_of_q(day), grouping__in=groupings, country_id__in=states
                ).values_list("country__iso3", flat=True)
            )
        return sorted(c for c in codes if c)

    def clean(self) -> dict[str, Any]:
        """Checks that involve several fields, made here so that every error
        shows at once (the services check them again)."""
        data = super().clean()
        if self.draft and data.get("recipients_mode") == self.RECIPIENTS_CHOSEN:
            if not data.get("states") and not data.get("groupings"):
                self.add_error(
                    "states", _("Choose States or groups, or send to all States.")
                )
        opens_on, deadline = data.get("opens_on"), data.get("deadline")
        closes_on = data.get("closes_on")
        if opens_on and deadline and deadline < opens_on:
            self.add_error(
                "deadline", _("The deadline must be on or after the opening date.")
            )
        if deadline and closes_on and closes_on < deadline:
            self.add_error(
                "closes_on",
                _("The closing date must be on or after the deadline, or left empty."),
            )
        return data

"""Forms of the presentation schedule pages: they parse what was typed; ``slots`` checks the rules."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import schedule
from .choices import SlotMode

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def forum_days(first: dt.date, count: int, *, weekends: bool) -> tuple[dt.date, ...]:
    """``count`` days from ``first``, skipping Saturdays and Sundays unless ``weekends``."""
    out: list[dt.date] = []
    day = first
    while len(out) < count:
        if weekends or day.weekday() < 5:
            out.append(day)
        day += dt.timedelta(days=1)
    return tuple(out)


class ScheduleGenerateForm(forms.Form):
    first_day = forms.DateField(label=_("First day"), widget=DATE)
    days = forms.IntegerField(label=_("Number of days"), min_value=1, max_value=schedule.MAX_DAYS, initial=4)
    weekends = forms.BooleanField(label=_("Include Saturdays and Sundays"), required=False)
    day_start = forms.TimeField(label=_("Each day starts at"), initial=dt.time(8, 0), widget=TIME)
    day_end = forms.TimeField(label=_("Each day ends at"), initial=dt.time(17, 0), widget=TIME)
    slot_minutes = forms.IntegerField(
        label=_("Presentation length (minutes)"),
        min_value=schedule.MIN_SLOT_MINUTES,
        max_value=600,
        initial=60,
    )
    break_minutes = forms.IntegerField(
        label=_("Break between presentations in a room (minutes)"), min_value=0, max_value=600, initial=15
    )
    rooms = forms.IntegerField(
        label=_("Parallel rooms"), min_value=1, max_value=schedule.MAX_ROOMS, initial=9
    )
    mode = forms.ChoiceField(label=_("Mode"), choices=SlotMode.choices, initial=SlotMode.ONLINE)
    places = forms.CharField(
        label=_("Rooms or meeting links"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line, room 1 first; a room without one is called Room 1, Room 2..."),
    )

    def settings(self) -> schedule.Settings:
        d = self.cleaned_data
        return schedule.Settings(
            days=forum_days(d["first_day"], d["days"], weekends=d["weekends"]),
            day_start=d["day_start"],
            day_end=d["day_end"],
            slot_minutes=d["slot_minutes"],
            break_minutes=d["break_minutes"],
            rooms=d["rooms"],
        )

    def place_list(self) -> list[str]:
        return [line.strip() for line in (self.cleaned_data.get("places") or "").splitlines()]


class SlotForm(forms.Form):
    """One presentation's day, times, mode and place."""

    day = forms.DateField(label=_("Day"), widget=DATE)
    starts = forms.TimeField(label=_("Starts at"), widget=TIME)
    ends = forms.TimeField(label=_("Ends at"), widget=TIME)
    mode = forms.ChoiceField(label=_("Mode"), choices=SlotMode.choices)
    place = forms.CharField(label=_("Room or meeting link"), required=False, max_length=300)

    def times(self) -> tuple[dt.datetime, dt.datetime]:
        d = self.cleaned_data
        return (
            timezone.make_aware(dt.datetime.combine(d["day"], d["starts"])),
            timezone.make_aware(dt.datetime.combine(d["day"], d["ends"])),
        )

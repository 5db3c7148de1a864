"""Forms of the assessor pages: they parse what was typed (a person, a region by name or code);
the services in ``assessors`` check the rules and say what is wrong."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kotacerdas.accounts.models import User
from kotacerdas.regions.forms import RegionSearchInput
from kotacerdas.regions.models import Region
from kotacerdas.regions.selectors import region_find

from .assessor_selectors import expertise_choices
from .assignment import DEFAULT_PER_REGION
from .choices import AssessorCategory

REGION_HELP = _("Type a name or a Kemendagri code and pick from the list, e.g. Sumbawa or 52.04.")
ACTIVE_CHOICES = [("", _("All")), ("1", _("Active")), ("0", _("Inactive"))]


def _region(text: str, *, required: bool = True) -> Region | None:
    if not text.strip():
        if required:
            raise forms.ValidationError(_("Choose a region."))
        return None
    region = region_find(text=text)
    if region is None:
        raise forms.ValidationError(
            _("No region has this name or code: pick one from the list, or type its Kemendagri code.")
        )
    return region


class AssessorFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    category = forms.ChoiceField(label=_("Category"), required=False)
    province = forms.ChoiceField(label=_("Home province"), required=False)
    expertise = forms.ChoiceField(label=_("Expertise"), required=False)
    active = forms.ChoiceField(label=_("Status"), required=False, choices=ACTIVE_CHOICES)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choices("category", AssessorCategory.choices)
        self._choices(
            "province", list(Region.objects.provinces().order_by("code").values_list("code", "name"))
        )
        self._choices("expertise", expertise_choices())

    def _choices(self, name: str, choices: Sequence[tuple[str, Any]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("All")), *choices]

    def filters(self) -> dict[str, Any]:
        """What to filter by (an invalid value filters nothing and shows its error)."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        active = {"1": True, "0": False}.get(data.get("active") or "")
        return {
            "query": data.get("q") or "",
            "category": data.get("category") or "",
            "province": data.get("province") or "",
            "expertise": data.get("expertise") or "",
            "active": active,
        }


class AssessorProfileForm(forms.Form):
    """The profile the ministry keeps of an assessor (create and edit)."""

    category = forms.ChoiceField(label=_("Category"), choices=AssessorCategory.choices)
    institution = forms.CharField(
        label=_("Institution"),
        required=False,
        max_length=200,
        help_text=_(
            "A university, a firm, an agency: people of a region's partner institution conflict with it."
        ),
    )
    home_province = forms.ChoiceField(label=_("Home province"), required=False)
    home_region = forms.CharField(
        label=_("Home region"),
        required=False,
        max_length=200,
        widget=RegionSearchInput(kabupaten_kota_only=True),
        help_text=_(
            "The kabupaten or kota where the assessor lives or works, if any: type a name or a "
            "Kemendagri code and pick from the list."
        ),
    )
    expertise = forms.MultipleChoiceField(
        label=_("Expertise"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The evaluation dimensions the assessor knows best: automatic assignment covers them."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        province = self.fields["home_province"]
        assert isinstance(province, forms.ChoiceField)
        province.choices = [
            ("", "—"),
            *Region.objects.provinces().order_by("code").values_list("code", "name"),
        ]
        expertise = self.fields["expertise"]
        assert isinstance(expertise, forms.MultipleChoiceField)
        expertise.choices = expertise_choices()

    def clean_home_province(self) -> Region | None:
        code = self.cleaned_data.get("home_province") or ""
        return Region.objects.provinces().filter(code=code).first() if code else None

    def clean_home_region(self) -> Region | None:
        return _region(self.cleaned_data.get("home_region") or "", required=False)

    def profile(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "category": data["category"],
            "institution": data.get("institution") or "",
            "home_province": data.get("home_province"),
            "home_region": data.get("home_region"),
            "expertise": list(data.get("expertise") or []),
        }


class AssessorCreateForm(AssessorProfileForm):
    username = forms.CharField(
        label=_("Person (username)"),
        max_length=150,
        help_text=_("The person's account: create it first on the People page if they have none."),
    )
    field_order = ["username", "category", "institution", "home_province", "home_region", "expertise"]

    def clean_username(self) -> User:
        username = (self.cleaned_data.get("username") or "").strip()
        user = User.objects.filter(username__iexact=username).first()
        if user is None:
            raise forms.ValidationError(_("No account has this username."))
        return user


class AssessorEditForm(AssessorProfileForm):
    row_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ConflictForm(forms.Form):
    """A conflict of interest with a region, and why."""

    region = forms.CharField(
        label=_("Region"),
        max_length=200,
        widget=RegionSearchInput(kabupaten_kota_only=True),
        help_text=REGION_HELP,
    )
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_region(self) -> Region | None:
        return _region(self.cleaned_data.get("region") or "")


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class PartnerForm(forms.Form):
    region = forms.CharField(
        label=_("Region"),
        max_length=200,
        widget=RegionSearchInput(kabupaten_kota_only=True),
        help_text=REGION_HELP,
    )
    institution = forms.CharField(label=_("Institution"), max_length=200)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def clean_region(self) -> Region | None:
        return _region(self.cleaned_data.get("region") or "")


class PartnerFilterForm(forms.Form):
    region = forms.CharField(label=_("Region"), required=False, max_length=200)

    def chosen_region(self) -> Region | None:
        if not self.is_valid():
            return None
        return region_find(text=self.cleaned_data.get("region") or "")


class GenerateForm(forms.Form):
    per_region = forms.IntegerField(
        label=_("Assessors per region"), min_value=1, max_value=10, initial=DEFAULT_PER_REGION
    )


class AssignmentFilterForm(forms.Form):
    q = forms.CharField(label=_("Region"), required=False, max_length=100)
    show = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("", _("All regions")),
            ("short", _("Regions short of assessors")),
            ("conflict", _("Regions with a conflict")),
        ],
    )
    assessor = forms.CharField(label=_("Assessor code"), required=False, max_length=20)


class OverrideForm(forms.Form):
    """The ministry's change to one region's assessors."""

    remove = forms.ChoiceField(label=_("Remove"), required=False)
    add = forms.ChoiceField(label=_("Add"), required=False)
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(
        self,
        *args: Any,
        assigned: Sequence[tuple[str, str]],
        candidates: Sequence[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        remove = self.fields["remove"]
        assert isinstance(remove, forms.ChoiceField)
        remove.choices = [("", "—"), *assigned]
        add = self.fields["add"]
        assert isinstance(add, forms.ChoiceField)
        add.choices = [("", "—"), *candidates]

"""Forms of the self-assessment pages. They only shape the input; the rules (the scale, the
links, the pokja, the survey) are the services' (``self_assessment``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import AnswerKind
from .models import MethodVersion, Question
from .self_selectors import LinkOption, level_text


def evidence_help() -> str:
    return str(_("PDF, PNG, JPEG, Excel (.xlsx) or Word (.docx); each file is checked by its content."))


def link_choices(options: dict[str, list[LinkOption]]) -> list[tuple[str, Any]]:
    """The links picker's choices, grouped: plan items, quick wins, approved progress reports."""
    groups = [
        (_("Master-plan items"), options.get("plan_item", [])),
        (_("Quick wins"), options.get("quick_win", [])),
        (_("Approved progress reports"), options.get("report", [])),
    ]
    return [(str(title), [(o.value, o.label) for o in items]) for title, items in groups if items]


class AnswerForm(forms.Form):
    """One question's answer: a level (a survey mean for a survey question), a justification, links."""

    level = forms.CharField(label=_("Proposed level"), required=False, max_length=20)
    justification = forms.CharField(
        label=_("Justification"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    links = forms.MultipleChoiceField(label=_("Linked to"), required=False)
    row_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(
        self,
        *args: Any,
        question: Question,
        method: MethodVersion,
        options: dict[str, list[LinkOption]] | None = None,
        selected: list[dict[str, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.question = question
        choices = link_choices(options or {})
        # links saved before stay choosable even if the item left the picker (a newer plan)
        known = {value for _title, group in choices for value, _label in group}
        kept = [
            (f"{link['kind']}:{link['ref']}", link.get("label", ""))
            for link in selected or []
            if f"{link['kind']}:{link['ref']}" not in known
        ]
        if kept:
            choices.append((str(_("Linked before")), kept))
        links = self.fields["links"]
        assert isinstance(links, forms.MultipleChoiceField)
        links.choices = choices
        links.widget.attrs["size"] = "5"
        level = self.fields["level"]
        if question.answer == AnswerKind.SURVEY:
            level.label = _("Mean rating of the survey")
            level.help_text = _("Between %(min)s and %(max)s, e.g. 3.42") % {
                "min": level_text(method.scale_min),
                "max": level_text(method.scale_max),
            }
            level.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})
        else:
            descriptors = question.descriptors or {}
            options_ = [("", "—")]
            for raw in method.levels:
                text = level_text(Decimal(str(raw))) or str(raw)
                described = descriptors.get(text) or descriptors.get(str(raw)) or ""
                options_.append((text, f"{text} · {described}" if described else text))
            level.widget = forms.Select(choices=options_)


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("Add an evidence file"))


class DocumentForm(forms.Form):
    file = forms.FileField(label=_("File"))
    note = forms.CharField(label=_("Note"), required=False, max_length=500)
    row_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)


class SurveyForm(forms.Form):
    """The survey of one smart dimension's quick-win service: one mean rating per question."""

    service = forms.CharField(label=_("Service surveyed"), max_length=200)
    quick_win = forms.ChoiceField(label=_("Quick win"), required=False)
    respondents = forms.IntegerField(label=_("Respondents"), min_value=0)
    file = forms.FileField(label=_("Survey file (its answers)"), required=False)
    row_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)

    def __init__(
        self,
        *args: Any,
        questions: list[Question],
        quick_wins: list[Any],
        method: MethodVersion,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        quick_win = self.fields["quick_win"]
        assert isinstance(quick_win, forms.ChoiceField)
        quick_win.choices = [("", "—"), *[(str(q.uid), f"{q.code} {q}") for q in quick_wins]]
        hint = _("Between %(min)s and %(max)s") % {
            "min": level_text(method.scale_min),
            "max": level_text(method.scale_max),
        }
        for q in questions:
            self.fields[self.rating_field(q)] = forms.CharField(
                label=f"{q.number} {q.text}",
                max_length=20,
                help_text=hint,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
            )
        self.questions = questions

    @staticmethod
    def rating_field(question: Question) -> str:
        return f"rating_{question.pk}"

    def ratings(self) -> dict[str, str]:
        return {q.key: self.cleaned_data.get(self.rating_field(q), "") for q in self.questions}

    def rating_fields(self) -> list[forms.BoundField]:
        return [self[self.rating_field(q)] for q in self.questions]

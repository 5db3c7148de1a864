"""Evaluation: the method as versioned data, rounds, their inputs and immutable index snapshots.

A ``MethodVersion`` holds the scale, the rules that combine scores, the region groups with
their dimension weights, and the questionnaire (dimension → indicator → sub-indicator →
question). A version used by a closed round is frozen (``frozen_at``); changing a method
means importing a new version. A ``Round`` evaluates regions (``RoundRegion``, each in one
group of the round's method). Its inputs are assessors' scores (later) or, for a historical
round, the dimension scores printed in its letters (``DimensionInput``). Every computation
of the index is an ``IndexSnapshot``: its inputs and every intermediate stage, never edited;
``RegionResult`` rows copy a snapshot's published figures for lists and rankings.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from kotacerdas.core.files import RandomUploadTo
from kotacerdas.core.models import PublicIdModel, TimeStampedModel, VersionedModel

from .choices import (
    AnswerKind,
    AssessorCategory,
    Combine,
    ConflictKind,
    DimensionRule,
    DocumentKind,
    FindingKind,
    Phase,
    Rounding,
    SelfAssessmentStatus,
    SlotMode,
    Stage,
)


class MethodVersion(TimeStampedModel):
    """One version of the evaluation method (``code`` names the method, ``version`` counts its edits)."""

    code = models.SlugField(_("method code"), max_length=40)
    version = models.PositiveIntegerField(_("version"), default=1)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    # The scale: the whole levels an assessor may give, and the range a survey mean lies in.
    levels = models.JSONField(_("levels"), default=list, help_text=_("Whole levels as decimal strings"))
    scale_min = models.DecimalField(_("scale minimum"), max_digits=6, decimal_places=2)
    scale_max = models.DecimalField(_("scale maximum"), max_digits=6, decimal_places=2)
    combine = models.CharField(_("assessors combined by"), max_length=10, choices=Combine.choices)
    dimension_rule = models.CharField(
        _("dimension score"), max_length=10, choices=DimensionRule.choices, default=DimensionRule.MEAN
    )
    decimals = models.PositiveSmallIntegerField(_("published decimals"), default=2)
    rounding = models.CharField(
        _("rounding"), max_length=10, choices=Rounding.choices, default=Rounding.HALF_UP
    )
    disagreement_levels = models.DecimalField(
        _("disagreement threshold (levels)"), max_digits=4, decimal_places=2, default=2
    )
    calibrated_official = models.BooleanField(
        _("official index uses calibrated scores"),
        default=False,
        help_text=_(
            "Calibration puts each assessor's levels on one footing (z-scores); by default the "
            "calibrated index is only shown beside the official one"
        ),
    )
    # Predicate bands, highest first: [{"min": "3.50", "label": "Sangat Baik"}, ...].
    bands = models.JSONField(_("predicate bands"), default=list, blank=True)
    digest = models.CharField(_("content digest"), max_length=64, db_index=True)
    frozen_at = models.DateTimeField(_("frozen at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["code", "-version"]
        verbose_name = _("method version")
        verbose_name_plural = _("method versions")
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="evaluation_method_code_version"),
            models.CheckConstraint(
                condition=models.Q(scale_min__lt=models.F("scale_max")), name="method_scale_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    @property
    def label(self) -> str:
        return f"{self.code} v{self.version}"


class MethodDimension(models.Model):
    """An evaluation dimension of a method version (Baseline, Output, ... Kolaborasi)."""

    method = models.ForeignKey(MethodVersion, on_delete=models.CASCADE, related_name="dimensions")
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["method", "position", "code"]
        verbose_name = _("evaluation dimension")
        verbose_name_plural = _("evaluation dimensions")
        constraints = [models.UniqueConstraint(fields=["method", "code"], name="evaluation_dimension_code")]

    def __str__(self) -> str:
        return self.name


class Indicator(models.Model):
    dimension = models.ForeignKey(MethodDimension, on_delete=models.CASCADE, related_name="indicators")
    number = models.CharField(_("number"), max_length=10)
    name = models.CharField(_("name"), max_length=300)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["dimension", "position"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class SubIndicator(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="subindicators")
    number = models.CharField(_("number"), max_length=12)
    name = models.CharField(_("name"), max_length=300)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["indicator", "position"]
        verbose_name = _("sub-indicator")
        verbose_name_plural = _("sub-indicators")

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


class Question(models.Model):
    """A question; ``key`` (dimension-indicator-number, e.g. ``OUTCOME-1-3.1.1``) is unique in its method."""

    method = models.ForeignKey(MethodVersion, on_delete=models.CASCADE, related_name="questions")
    subindicator = models.ForeignKey(SubIndicator, on_delete=models.CASCADE, related_name="questions")
    dimension = models.ForeignKey(MethodDimension, on_delete=models.CASCADE, related_name="questions")
    key = models.CharField(_("key"), max_length=40)
    number = models.CharField(_("number"), max_length=16)
    text = models.TextField(_("question"))
    guidance = models.TextField(_("guidance"), blank=True)
    evidence_expected = models.TextField(_("evidence expected"), blank=True)
    # One descriptor per level: {"0": "...", "1": "...", ...}; may be empty.
    descriptors = models.JSONField(_("level descriptors"), default=dict, blank=True)
    answer = models.CharField(
        _("answer"), max_length=10, choices=AnswerKind.choices, default=AnswerKind.LEVEL
    )
    smart_dimension = models.ForeignKey(
        "programme.Dimension",
        verbose_name=_("smart dimension"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["method", "position"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [models.UniqueConstraint(fields=["method", "key"], name="evaluation_question_key")]

    def __str__(self) -> str:
        return f"{self.number} {self.text[:60]}"


class MethodGroup(models.Model):
    """A group of regions scored with its own dimensions and weights (regular, kawasan, ...)."""

    method = models.ForeignKey(MethodVersion, on_delete=models.CASCADE, related_name="groups")
    code = models.SlugField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["method", "position", "code"]
        verbose_name = _("region group")
        verbose_name_plural = _("region groups")
        constraints = [models.UniqueConstraint(fields=["method", "code"], name="evaluation_group_code")]

    def __str__(self) -> str:
        return self.name


class GroupWeight(models.Model):
    """A dimension's weight (percent) in a group; a group's weights sum to 100."""

    group = models.ForeignKey(MethodGroup, on_delete=models.CASCADE, related_name="weights")
    dimension = models.ForeignKey(MethodDimension, on_delete=models.CASCADE, related_name="weights")
    weight = models.DecimalField(_("weight (%)"), max_digits=5, decimal_places=2)

    class Meta:
        ordering = ["group", "dimension__position"]
        verbose_name = _("dimension weight")
        verbose_name_plural = _("dimension weights")
        constraints = [models.UniqueConstraint(fields=["group", "dimension"], name="evaluation_weight_once")]

    def __str__(self) -> str:
        return f"{self.group_id}:{self.dimension_id} {self.weight} %"


class Round(PublicIdModel):
    """An evaluation round: a year and stage, one method version, the regions it evaluates."""

    code = models.SlugField(_("code"), max_length=30, unique=True, help_text=_("For example 2023-2"))
    year = models.PositiveSmallIntegerField(_("year"))
    stage = models.CharField(_("stage"), max_length=2, choices=Stage.choices, default=Stage.II)
    name = models.CharField(_("name"), max_length=200)
    method = models.ForeignKey(
        MethodVersion, verbose_name=_("method"), on_delete=models.PROTECT, related_name="rounds"
    )
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices, default=Phase.DRAFT)
    historical = models.BooleanField(
        _("historical"), default=False, help_text=_("Results loaded from the published letters")
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("previous round"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The round the improvement index is measured against"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    snapshot = models.ForeignKey(
        "IndexSnapshot",
        verbose_name=_("current computation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-year", "-stage"]
        verbose_name = _("evaluation round")
        verbose_name_plural = _("evaluation rounds")

    def __str__(self) -> str:
        return self.name

    @property
    def is_published(self) -> bool:
        return self.phase == Phase.PUBLISHED


class RoundRegion(models.Model):
    """A region evaluated in a round, in one group of the round's method."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="regions")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="evaluation_rounds")
    group = models.ForeignKey(
        MethodGroup, verbose_name=_("group"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["round", "region__code"]
        verbose_name = _("region in a round")
        verbose_name_plural = _("regions in a round")
        constraints = [
            models.UniqueConstraint(fields=["round", "region"], name="evaluation_round_region_once")
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.region}"


class DimensionInput(models.Model):
    """A dimension score as printed in a published letter (the input of a historical round)."""

    entry = models.ForeignKey(RoundRegion, on_delete=models.CASCADE, related_name="dimension_inputs")
    dimension = models.ForeignKey(MethodDimension, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(_("score"), max_digits=8, decimal_places=4)

    class Meta:
        ordering = ["entry", "dimension__position"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "dimension"], name="evaluation_dimension_input_once")
        ]

    def __str__(self) -> str:
        return f"{self.entry_id}:{self.dimension_id} {self.score}"


class Assessor(PublicIdModel):
    """A member of the assessors' pool: who they are, where from, what they know."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="assessor"
    )
    code = models.CharField(
        _("code"), max_length=20, unique=True, help_text=_("Short public code, e.g. ASR-001")
    )
    category = models.CharField(_("category"), max_length=20, choices=AssessorCategory.choices)
    institution = models.CharField(_("institution"), max_length=200, blank=True)
    home_province = models.ForeignKey(
        "regions.Region",
        verbose_name=_("home province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    home_region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("home region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Evaluation dimension codes the assessor is expert in (BASELINE, OUTPUT, ...).
    expertise = models.JSONField(_("expertise"), default=list, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("assessor")
        verbose_name_plural = _("assessors")

    def __str__(self) -> str:
        return self.code


class Assignment(PublicIdModel):
    """An assessor assigned to a region of a round; their scores count once submitted."""

    entry = models.ForeignKey(RoundRegion, on_delete=models.CASCADE, related_name="assignments")
    assessor = models.ForeignKey(Assessor, on_delete=models.PROTECT, related_name="assignments")
    no_conflict_declared_at = models.DateTimeField(_("no conflict declared at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        ordering = ["entry", "assessor__code"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(fields=["entry", "assessor"], name="evaluation_assignment_once")
        ]

    def __str__(self) -> str:
        return f"{self.entry} · {self.assessor}"


class Score(VersionedModel):
    """An assessor's level for one question of one region (a survey mean for survey questions)."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="scores")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    level = models.DecimalField(_("level"), max_digits=6, decimal_places=4)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["assignment", "question__position"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "question"], name="evaluation_score_once")
        ]

    def __str__(self) -> str:
        return f"{self.assignment_id}:{self.question_id} {self.level}"


class RoundPhase(models.Model):
    """A phase of a round with its dates; a locked phase refuses writes that belong to it."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="phases")
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    opens_on = models.DateField(_("opens on"), null=True, blank=True)
    closes_on = models.DateField(_("closes on"), null=True, blank=True)
    locked = models.BooleanField(_("locked"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["round", "opens_on", "id"]
        verbose_name = _("round phase")
        verbose_name_plural = _("round phases")
        constraints = [models.UniqueConstraint(fields=["round", "phase"], name="evaluation_round_phase_once")]

    def __str__(self) -> str:
        return f"{self.round_id}:{self.phase}"


class RegionPartner(models.Model):
    """An institution that partners a region (a university, a consultant): a conflict for its people."""

    region = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="evaluation_partners")
    institution = models.CharField(_("institution"), max_length=200)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["region", "institution"]
        verbose_name = _("region partner")
        verbose_name_plural = _("region partners")
        constraints = [
            models.UniqueConstraint(fields=["region", "institution"], name="evaluation_partner_once")
        ]

    def __str__(self) -> str:
        return self.institution


class Conflict(TimeStampedModel):
    """A declared conflict of interest between an assessor and a region (detected ones are computed)."""

    assessor = models.ForeignKey(Assessor, on_delete=models.CASCADE, related_name="conflicts")
    region = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(
        _("kind"), max_length=20, choices=ConflictKind.choices, default=ConflictKind.DECLARED
    )
    reason = models.CharField(_("reason"), max_length=500)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["assessor", "region"]
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.UniqueConstraint(fields=["assessor", "region"], name="evaluation_conflict_once")
        ]

    def __str__(self) -> str:
        return f"{self.assessor_id}:{self.region_id}"


class Slot(models.Model):
    """A region's presentation in the interview phase (the Forum Evaluasi), with its assessors."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="slots")
    entry = models.OneToOneField(RoundRegion, on_delete=models.CASCADE, related_name="slot")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    mode = models.CharField(_("mode"), max_length=10, choices=SlotMode.choices, default=SlotMode.ONLINE)
    place = models.CharField(_("room or meeting link"), max_length=300, blank=True)

    class Meta:
        ordering = ["round", "starts_at", "entry__region__code"]
        verbose_name = _("presentation slot")
        verbose_name_plural = _("presentation slots")
        constraints = [
            models.CheckConstraint(condition=models.Q(starts_at__lt=models.F("ends_at")), name="slot_order")
        ]

    def __str__(self) -> str:
        return f"{self.entry_id} {self.starts_at:%Y-%m-%d %H:%M}"


class SelfAssessment(VersionedModel):
    """A region's self-assessment in a round; each submission freezes a numbered version."""

    entry = models.OneToOneField(RoundRegion, on_delete=models.CASCADE, related_name="self_assessment")
    status = models.CharField(
        _("status"), max_length=10, choices=SelfAssessmentStatus.choices, default=SelfAssessmentStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")

    def __str__(self) -> str:
        return f"{self.entry}"


class SelfAnswer(VersionedModel):
    """The region's answer to one question: a proposed level, a justification, links to its data."""

    self_assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    level = models.DecimalField(_("proposed level"), max_digits=6, decimal_places=4, null=True, blank=True)
    justification = models.TextField(_("justification"), blank=True)
    # [{"kind": "plan_item" | "quick_win" | "report" | "url", "ref": uid or URL, "label": "..."}]
    links = models.JSONField(_("links"), default=list, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["self_assessment", "question__position"]
        verbose_name = _("self-assessment answer")
        verbose_name_plural = _("self-assessment answers")
        constraints = [
            models.UniqueConstraint(fields=["self_assessment", "question"], name="evaluation_answer_once")
        ]

    def __str__(self) -> str:
        return f"{self.self_assessment_id}:{self.question_id}"


class SelfEvidence(PublicIdModel):
    """A supporting file of a self-assessment answer (the product's one file check), random name."""

    answer = models.ForeignKey(SelfAnswer, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to=RandomUploadTo("evaluation"), max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    kind = models.CharField(_("type"), max_length=10)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["answer", "created_at", "id"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return self.name


class DocumentCheck(VersionedModel):
    """One line of the document checklist: present or not, from the region's data or uploaded."""

    self_assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("document"), max_length=30, choices=DocumentKind.choices)
    present = models.BooleanField(_("present"), default=False)
    source = models.CharField(_("found in"), max_length=300, blank=True)
    file = models.FileField(_("file"), upload_to=RandomUploadTo("evaluation"), max_length=200, blank=True)
    name = models.CharField(_("file name"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["self_assessment", "kind"]
        verbose_name = _("document check")
        verbose_name_plural = _("document checks")
        constraints = [
            models.UniqueConstraint(fields=["self_assessment", "kind"], name="evaluation_document_once")
        ]

    def __str__(self) -> str:
        return f"{self.self_assessment_id}:{self.kind}"


class SurveySummary(VersionedModel):
    """The Impact survey of one smart dimension's quick-win service: respondents and mean ratings."""

    self_assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="surveys")
    smart_dimension = models.ForeignKey("programme.Dimension", on_delete=models.PROTECT, related_name="+")
    service = models.CharField(_("service surveyed"), max_length=200)
    quick_win = models.ForeignKey(
        "masterplans.QuickWin", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    respondents = models.PositiveIntegerField(_("respondents"))
    # question key → mean rating as a decimal string ("3.42")
    ratings = models.JSONField(_("mean ratings"), default=dict)
    file = models.FileField(
        _("survey file"), upload_to=RandomUploadTo("evaluation"), max_length=200, blank=True
    )
    name = models.CharField(_("file name"), max_length=200, blank=True)

    class Meta:
        ordering = ["self_assessment", "smart_dimension__position"]
        verbose_name = _("survey summary")
        verbose_name_plural = _("survey summaries")
        constraints = [
            models.UniqueConstraint(
                fields=["self_assessment", "smart_dimension"], name="evaluation_survey_once"
            )
        ]

    def __str__(self) -> str:
        return self.service


class SelfAssessmentVersion(TimeStampedModel):
    """A submitted self-assessment, frozen: assessors read exactly this."""

    self_assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("number"))
    content = models.JSONField(_("content"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["self_assessment", "-number"]
        verbose_name = _("submitted self-assessment")
        verbose_name_plural = _("submitted self-assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["self_assessment", "number"], name="evaluation_self_version_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.self_assessment_id} v{self.number}"


class PanelDecision(TimeStampedModel):
    """The panel on one question of one region: a flag resolved, and perhaps an overriding score."""

    entry = models.ForeignKey(RoundRegion, on_delete=models.CASCADE, related_name="panel_decisions")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(
        _("score set by the panel"), max_digits=8, decimal_places=4, null=True, blank=True
    )
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["entry", "question__position"]
        verbose_name = _("panel decision")
        verbose_name_plural = _("panel decisions")
        constraints = [models.UniqueConstraint(fields=["entry", "question"], name="evaluation_panel_once")]

    def __str__(self) -> str:
        return f"{self.entry_id}:{self.question_id}"


class Finding(PublicIdModel):
    """A strength, weakness or recommendation for a region; published findings become follow-ups."""

    entry = models.ForeignKey(RoundRegion, on_delete=models.CASCADE, related_name="findings")
    assignment = models.ForeignKey(
        Assignment, null=True, blank=True, on_delete=models.CASCADE, related_name="findings"
    )  # None: the panel's
    kind = models.CharField(_("kind"), max_length=20, choices=FindingKind.choices)
    text = models.TextField(_("finding"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    response = models.TextField(_("the region's follow-up"), blank=True)
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["entry", "kind", "position", "id"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")

    def __str__(self) -> str:
        return self.text[:80]


class ImmutableError(Exception):
    """A snapshot is written once and never changed."""


class IndexSnapshot(TimeStampedModel):
    """One computation of a round's index: its inputs and every stage, exactly as computed.

    ``inputs`` and ``result`` hold decimals as strings, stored as canonical JSON text;
    ``digest`` is the SHA-256 of that text, so a recomputation that matches bit for bit has the
    same digest.
    """

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="snapshots")
    number = models.PositiveIntegerField(_("number"))
    method = models.ForeignKey(MethodVersion, on_delete=models.PROTECT, related_name="+")
    engine = models.CharField(_("engine version"), max_length=20)
    # Canonical JSON text (sorted keys, no spaces), hashed as stored: read them as ``inputs``/``result``.
    inputs_json = models.TextField(_("inputs"))
    result_json = models.TextField(_("result"))
    digest = models.CharField(_("digest"), max_length=64)
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["round", "-number"]
        verbose_name = _("index computation")
        verbose_name_plural = _("index computations")
        constraints = [models.UniqueConstraint(fields=["round", "number"], name="evaluation_snapshot_number")]

    def __str__(self) -> str:
        return f"{self.round} #{self.number}"

    @cached_property
    def inputs(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.inputs_json)
        return data

    @cached_property
    def result(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.result_json)
        return data

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise ImmutableError("an index snapshot is never changed")
        super().save(*args, **kwargs)


class RegionResult(models.Model):
    """A region's published figures from one snapshot (a copy for lists; the snapshot is the truth)."""

    snapshot = models.ForeignKey(IndexSnapshot, on_delete=models.CASCADE, related_name="region_results")
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="evaluation_results")
    group = models.CharField(_("group"), max_length=30)
    index = models.DecimalField(_("achievement index"), max_digits=8, decimal_places=4)
    improvement = models.DecimalField(
        _("improvement index"), max_digits=8, decimal_places=4, null=True, blank=True
    )
    rank_national = models.PositiveIntegerField(_("national rank"))
    rank_province = models.PositiveIntegerField(_("rank in province"))
    predicate = models.CharField(_("predicate"), max_length=60, blank=True)
    # {"level": 3, "cohort": 1, "kawasan": null} and the per smart dimension ranks {"GOV": 2, ...}.
    ranks = models.JSONField(_("peer ranks"), default=dict)
    dimensions = models.JSONField(_("dimension scores"), default=dict)
    smart = models.JSONField(_("smart dimension scores"), default=dict)

    class Meta:
        ordering = ["snapshot", "rank_national", "region__code"]
        verbose_name = _("region result")
        verbose_name_plural = _("region results")
        constraints = [models.UniqueConstraint(fields=["snapshot", "region"], name="evaluation_result_once")]
        indexes = [models.Index(fields=["region", "round"], name="evaluation_result_region")]

    def __str__(self) -> str:
        return f"{self.region_id} {self.index}"

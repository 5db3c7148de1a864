"""Choices of the evaluation app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Combine(models.TextChoices):
    """How the assessors' levels for one question become the question's score."""

    MEAN = "mean", _("Mean of the assessors' levels")
    MEDIAN = "median", _("Median of the assessors' levels")


class DimensionRule(models.TextChoices):
    """How a dimension's score is formed from its questions' scores."""

    MEAN = "mean", _("Plain mean of its questions")


class Rounding(models.TextChoices):
    """How published figures are rounded (intermediate figures never are)."""

    HALF_UP = "half_up", _("Half up")


class AnswerKind(models.TextChoices):
    """What an assessor gives for a question."""

    LEVEL = "level", _("A level of the scale")
    SURVEY = "survey", _("A survey mean within the scale")


class Stage(models.TextChoices):
    I = "1", _("Stage I")  # noqa: E741
    II = "2", _("Stage II")


class Phase(models.TextChoices):
    """A round's phases, in order; a historical round is published from its letters."""

    DRAFT = "draft", _("Preparation")
    SELF_ASSESSMENT = "self_assessment", _("Self-assessment")
    DOCUMENT_REVIEW = "document_review", _("Document review")
    INTERVIEW = "interview", _("Interview / field review")
    PANEL = "panel", _("Panel")
    PUBLISHED = "published", _("Published")


class AssessorCategory(models.TextChoices):
    ACADEMIC = "academic", _("Academic")
    IT_CONSULTANT = "it_consultant", _("IT consultant")
    PRACTITIONER = "practitioner", _("Practitioner")
    GOVERNMENT = "government", _("Government")

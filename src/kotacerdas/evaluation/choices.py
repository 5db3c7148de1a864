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


class SlotMode(models.TextChoices):
    ONLINE = "online", _("Online")
    IN_PERSON = "in_person", _("In person")


class SelfAssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class DocumentKind(models.TextChoices):
    """The documents an evaluation demands of a region (DOMAIN.md §4)."""

    MASTER_PLAN = "master_plan", _("Master plan and its Perbup")
    SK_DEWAN = "sk_dewan", _("SK of the Dewan Smart City")
    SK_TIM = "sk_tim_pelaksana", _("SK of the Tim Pelaksana")
    BUDGET = "budget", _("Budget evidence")
    FORUM = "forum_minutes", _("Forum minutes")
    PEOPLE = "people_development", _("People-development plan")
    RISK = "risk_management", _("Risk management")
    QUICK_WIN = "quick_win_evidence", _("Quick-win evidence")


class ConflictKind(models.TextChoices):
    HOME_PROVINCE = "home_province", _("Home province")
    HOME_REGION = "home_region", _("Home region")
    INSTITUTION = "institution", _("Same institution as a partner of the region")
    DECLARED = "declared", _("Declared by the assessor or the ministry")


class FindingKind(models.TextChoices):
    STRENGTH = "strength", _("Strength (kekuatan)")
    WEAKNESS = "weakness", _("Weakness (kelemahan)")
    RECOMMENDATION = "recommendation", _("Recommendation (rekomendasi)")

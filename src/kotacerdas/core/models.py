"""Shared building blocks: timestamped base models, the audit trail and background-job rows."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Adds creation and last-change times."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class VersionedModel(TimeStampedModel):
    """A row edited by people: ``row_version`` grows with each change (optimistic locking)."""

    row_version = models.PositiveIntegerField(_("row version"), default=1, editable=False)

    class Meta:
        abstract = True


class AuditAction(models.TextChoices):
    CREATE = "create", _("Created")
    UPDATE = "update", _("Updated")
    DELETE = "delete", _("Deleted")
    TRANSITION = "transition", _("Status changed")
    IMPORT = "import", _("Imported")
    LOGIN = "login", _("Logged in")
    LOGIN_FAILED = "login_failed", _("Failed login")


class AuditEvent(models.Model):
    """One change: who, when, what, and the before/after values of the fields it touched."""

    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("actor name"), max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=AuditAction.choices)
    object_type = models.CharField(_("object type"), max_length=100)
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=300)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    message = models.CharField(_("message"), max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        # Every list of the trail is newest first, paged by keyset on (created_at, id): each
        # filter has an index that yields its rows in that order, so a page reads ~50 entries
        # whatever the size of the table.
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="audit_time_idx"),
            models.Index(fields=["object_type", "object_id", "-created_at"]),
            models.Index(fields=["object_type", "-created_at", "-id"], name="audit_type_time_idx"),
            models.Index(fields=["region", "-created_at"]),
            models.Index(fields=["actor", "-created_at", "-id"], name="audit_actor_time_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


# A job in these states still has work ahead (``dedupe_key`` is unique among them).
JOB_UNFINISHED = (JobStatus.QUEUED.value, JobStatus.RUNNING.value)


class Job(TimeStampedModel):
    """A background job's status row: the page shows it as a progress bar."""

    code = models.UUIDField(_("code"), default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=60)
    status = models.CharField(_("status"), max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    # Shown to the user: progress steps, the outcome, or a safe message when it failed.
    message = models.CharField(_("message"), max_length=500, blank=True)
    # For operators only (ministry admins, the Django admin): the traceback of a failure.
    detail = models.TextField(_("detail for operators"), blank=True)
    # Jobs sharing a key (e.g. one roll-up per round) are not queued twice while one is unfinished.
    dedupe_key = models.CharField(_("deduplication key"), max_length=200, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    region = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="job_progress_max_100"),
            models.UniqueConstraint(
                fields=["dedupe_key"],
                condition=models.Q(status__in=JOB_UNFINISHED) & ~models.Q(dedupe_key=""),
                name="job_dedupe_key_unfinished",
            ),
        ]
        indexes = [models.Index(fields=["updated_at"], name="job_updated_at")]

    def __str__(self) -> str:
        return f"{self.kind} {self.code} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in {JobStatus.SUCCEEDED, JobStatus.FAILED}


class PublicIdModel(VersionedModel):
    """A row addressed in URLs by an opaque ``uid`` rather than its sequential id."""

    uid = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        abstract = True


class StagedUpload(TimeStampedModel):
    """An upload waiting for its creator's confirmation (an import's preview, then apply).

    ``content`` holds what was read from the file (not the file itself), ``preview`` what
    applying it would do; ``token`` is the public handle. Only ``created_by`` may apply it,
    once, before ``expires_at``. ``kind`` says which import it belongs to (e.g. a master-plan
    worksheet); ``target`` which region, plan or version it goes into.
    """

    token = models.UUIDField(_("token"), default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=60)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    region = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    target = models.JSONField(_("target"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    content = models.JSONField(_("content"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    preview = models.JSONField(_("preview"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    expires_at = models.DateTimeField(_("expires at"))
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("staged upload")
        verbose_name_plural = _("staged uploads")
        indexes = [models.Index(fields=["expires_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.token}"

"""Where a document's bytes come from: a frozen version's stored file, or a fresh render; and
whether a fresh render is quick enough to make inside the request.

A submitted, ratified or superseded version does not change, so its file is rendered once and
kept in storage, keyed by the version, its row version and the region organisation's last
change (the governance chapter shows it). A draft changes, so it is rendered on every request.

A document expected to take more than ``INLINE_SECONDS`` is made by a background job (see
``tasks.document_work``); the estimate is a per-row cost measured with ``make bench``
(``documents.plan_document``) on the 2-core reference machine, plus the render's fixed cost.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Max

from kotacerdas.core.ratelimit import rate_hit

from ..choices import VersionStatus
from ..models import ActionPlan, PlanVersion, Programme

INLINE_SECONDS = 1.0
# Seconds per programme or action row, and fixed seconds per document (context queries, a
# cold compiler), measured on Sumbawa's plan (74 programmes, 142 actions): see docs/dev/decisions.md.
SECONDS_PER_ROW = {"pdf": 0.0012, "docx": 0.0045}
FIXED_SECONDS = {"pdf": 0.35, "docx": 0.15}


def document_filename(version: PlanVersion, extension: str) -> str:
    """``rencana-induk-52.04-v1.pdf``."""
    return f"rencana-induk-{version.plan.region.code}-v{version.number}.{extension}"


def document_rows(version: PlanVersion) -> int:
    """The programmes and actions of ``version``: what a document's cost grows with."""
    return (
        Programme.objects.filter(version=version).count() + ActionPlan.objects.filter(version=version).count()
    )


def _per_row(extension: str) -> float:
    configured = getattr(settings, "DOCUMENTS_SECONDS_PER_ROW", None)
    if configured:
        return float(configured)
    measured = cache.get(f"documents:per-row:{extension}")
    return float(measured) if measured else SECONDS_PER_ROW[extension]


def expected_seconds(version: PlanVersion, extension: str, rows: int | None = None) -> float:
    """How long rendering ``version`` is expected to take here.

    The cost per row is, in order: ``settings.DOCUMENTS_SECONDS_PER_ROW`` (an operator's
    figure for a slow server), what this process measured on its recent renders
    (``record_render``), else the reference figure ``SECONDS_PER_ROW``."""
    rows = document_rows(version) if rows is None else rows
    return FIXED_SECONDS[extension] + rows * _per_row(extension)


def record_render(extension: str, rows: int, seconds: float) -> None:
    """Learn from a render of ``rows`` rows that took ``seconds`` (a moving average)."""
    if rows < 20:  # the fixed cost dominates: says nothing about the cost per row
        return
    sample = max(seconds - FIXED_SECONDS[extension], 0.0) / rows
    key = f"documents:per-row:{extension}"
    previous = cache.get(key)
    cache.set(key, sample if previous is None else 0.7 * float(previous) + 0.3 * sample, timeout=None)


def _organisation_stamp(region_id: int) -> str:
    from kotacerdas.organisation.models import Agency, BodyMember, Decree, ForumMeeting, WorkingGroup

    stamps = [
        model.objects.filter(region_id=region_id).aggregate(m=Max("updated_at"))["m"]
        for model in (Agency, BodyMember, Decree, ForumMeeting, WorkingGroup)
    ]
    return max((s.isoformat() for s in stamps if s is not None), default="-")


def _stored_path(version: PlanVersion, extension: str) -> str | None:
    """Where a frozen version's file is kept (``None`` for a draft: never kept)."""
    if version.status == VersionStatus.DRAFT:
        return None
    key = hashlib.sha256(
        f"{version.uid}|{version.row_version}|id|{_organisation_stamp(version.plan.region_id)}".encode()
    ).hexdigest()[:32]
    return f"documents/{version.uid}/{key}.{extension}"


def cached_document(version: PlanVersion, extension: str) -> bytes | None:
    """A frozen version's stored file, if it was rendered before."""
    path = _stored_path(version, extension)
    if path is None or not default_storage.exists(path):
        return None
    with default_storage.open(path, "rb") as handle:
        return bytes(handle.read())


def store_document(version: PlanVersion, extension: str, content: bytes) -> None:
    """Keep a frozen version's file (a draft's is not kept)."""
    path = _stored_path(version, extension)
    if path is not None and not default_storage.exists(path):
        default_storage.save(path, ContentFile(content))


def document_bytes(version: PlanVersion, render: Callable[[PlanVersion], bytes], extension: str) -> bytes:
    """The document of ``version``: the stored file of a frozen version, else ``render``'s."""
    content = cached_document(version, extension)
    if content is None:
        content = render(version)
        store_document(version, extension, content)
    return content


def generation_retry_after(user_id: int) -> int:
    """Count one fresh render for ``user_id`` against ``settings.DOCUMENT_RATE`` (a stored file is
    served without counting): 0 while allowed, else the seconds to wait."""
    return rate_hit(scope="documents", ident=f"user:{user_id}", rate=settings.DOCUMENT_RATE)

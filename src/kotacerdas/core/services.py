"""Writes shared by every domain app: the audit trail and optimistic, audited updates.

Every change to an important object goes through ``object_update`` / ``object_create`` /
``object_delete`` (or a domain service that calls ``audit_record`` itself) so that the audit
event is written in the same transaction as the change.
"""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from django.db import models, transaction
from django.utils.translation import gettext as _

from .errors import ConflictError
from .models import AuditAction, AuditEvent, VersionedModel

M = TypeVar("M", bound=models.Model)
# A signed-in user, an anonymous one, or None for the system itself.
UserLike = Any


def json_value(value: Any) -> Any:
    """A JSON-safe rendering of a field value for the audit trail."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, list | tuple):
        return [json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in value.items()}
    if hasattr(value, "name"):  # FieldFile
        return value.name or ""
    return str(value)


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The current values of ``fields`` on ``obj``, JSON-safe."""
    return {name: json_value(getattr(obj, name)) for name in fields}


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """``{field: [before, after]}`` for every field whose value changed."""
    keys = list(before) + [k for k in after if k not in before]
    return {k: [before.get(k), after.get(k)] for k in keys if before.get(k) != after.get(k)}


def _region_id_of(obj: models.Model) -> int | None:
    for attr in ("audit_region_id", "region_id"):
        value = getattr(obj, attr, None)
        if value is not None:
            return int(value)
    return None


def audit_event(
    *,
    actor: UserLike,
    action: str,
    obj: models.Model,
    changes: Mapping[str, Any] | None = None,
    region_id: int | None = None,
    message: str = "",
) -> AuditEvent:
    """One audit event, not saved yet (``audit_record`` saves one, ``audit_record_many`` many)."""
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    label = ""
    if user is not None:
        label = getattr(user, "display_name", "") or user.get_username()
    return AuditEvent(
        actor=user,
        actor_label=label or _("system"),
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        region_id=region_id if region_id is not None else _region_id_of(obj),
        changes=json_value(dict(changes or {})),
        message=message[:500],
    )


def audit_record(
    *,
    actor: UserLike,
    action: str,
    obj: models.Model,
    changes: Mapping[str, Any] | None = None,
    region_id: int | None = None,
    message: str = "",
) -> AuditEvent:
    """Write one audit event. Call inside the transaction that makes the change."""
    event = audit_event(
        actor=actor, action=action, obj=obj, changes=changes, region_id=region_id, message=message
    )
    event.save(force_insert=True)
    return event


def audit_record_many(events: Iterable[AuditEvent]) -> list[AuditEvent]:
    """Write many audit events (from ``audit_event``) in one insert, inside the transaction of
    the changes they record (a batch of changes, e.g. a bulk upload)."""
    return AuditEvent.objects.bulk_create(list(events))


def object_create[M: models.Model](*, actor: UserLike, obj: M, fields: Iterable[str], message: str = "") -> M:
    """Validate and save a new object, with its audit event."""
    field_list = list(fields)
    with transaction.atomic():
        obj.full_clean()
        obj.save()
        after = snapshot(obj, field_list)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=obj,
            changes={k: [None, v] for k, v in after.items()},
            message=message,
        )
    return obj


def object_update[M: models.Model](
    *,
    actor: UserLike,
    obj: M,
    data: Mapping[str, Any],
    expected_version: int | None,
    message: str = "",
) -> M:
    """Apply ``data`` to ``obj`` if nobody changed it since ``expected_version``.

    The row is locked while it is checked and written; a stale version raises
    ``ConflictError`` carrying the values the other writer saved, and nothing is written.
    """
    model = type(obj)
    fields = list(data)
    with transaction.atomic():
        current = model._default_manager.select_for_update().get(pk=obj.pk)
        if (
            isinstance(current, VersionedModel)
            and expected_version is not None
            and current.row_version != expected_version
        ):
            raise ConflictError(
                _(
                    "Someone else changed this data after you opened it. Their values are shown; nothing was saved."
                ),
                current=snapshot(current, fields),
                row_version=current.row_version,
            )
        before = snapshot(current, fields)
        for name, value in data.items():
            setattr(current, name, value)
        current.full_clean()
        changes = diff(before, snapshot(current, fields))
        if not changes:
            return current
        if isinstance(current, VersionedModel):
            current.row_version += 1
        current.save()
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=current, changes=changes, message=message)
    # the caller's instance shows the saved state too
    for name in fields:
        setattr(obj, name, getattr(current, name))
    if isinstance(obj, VersionedModel) and isinstance(current, VersionedModel):
        obj.row_version = current.row_version
    return current


def object_delete(*, actor: UserLike, obj: models.Model, fields: Iterable[str], message: str = "") -> None:
    """Delete ``obj`` and record what it held."""
    with transaction.atomic():
        before = snapshot(obj, list(fields))
        audit_record(
            actor=actor,
            action=AuditAction.DELETE,
            obj=obj,
            changes={k: [v, None] for k, v in before.items()},
            message=message,
        )
        obj.delete()

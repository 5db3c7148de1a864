"""Form helpers shared by every app."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from .errors import ConflictError


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's ``ValidationError`` on the form: field messages beside their fields."""
    if hasattr(exc, "error_dict"):
        for field, messages in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, exc.messages)


def rebind_row_version(form: forms.Form, model: type[models.Model], pk: object) -> bool:
    """After a conflict, carry the row's current version so that saving again is a knowing overwrite.
    Returns whether the row still exists."""
    current = model._default_manager.filter(pk=pk).values_list("row_version", flat=True).first()
    if current is not None and form.is_bound:
        data: Any = copy.copy(form.data)  # a QueryDict copy is mutable
        data["row_version"] = str(current)
        form.data = data
    return current is not None


@dataclass(frozen=True)
class EditOutcome:
    """What became of an edit: saved, refused (the errors are on the form) or in conflict."""

    saved: bool
    conflict: ConflictError | None = None
    data: dict[str, Any] = field(default_factory=dict)  # what the editor sent, without row_version
    gone: bool = False  # the row was deleted meanwhile: nothing left to edit

    @property
    def status(self) -> int:
        """The status of the answer that shows the form again."""
        return 409 if self.conflict else 400


def save_edit(
    form: forms.Form, model: type[models.Model], pk: object, save: Callable[[dict[str, Any], int], object]
) -> EditOutcome:
    """Validate an edit form and save it with optimistic locking: ``save(data, row_version)`` gets the
    cleaned data without ``row_version``. A service's ``ValidationError`` goes on the form; after a
    ``ConflictError`` the form keeps the editor's values with the row's current ``row_version``."""
    if not form.is_valid():
        return EditOutcome(saved=False)
    data = dict(form.cleaned_data)
    row_version = data.pop("row_version")
    try:
        save(data, row_version)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return EditOutcome(saved=False, data=data)
    except ConflictError as exc:
        gone = not rebind_row_version(form, model, pk)
        return EditOutcome(saved=False, conflict=exc, data=data, gone=gone)
    return EditOutcome(saved=True, data=data)

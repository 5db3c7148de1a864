"""Form helpers shared by every app."""

from __future__ import annotations

import copy
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's ``ValidationError`` on the form: field messages beside their fields."""
    if hasattr(exc, "error_dict"):
        for field, messages in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, exc.messages)


def rebind_row_version(form: forms.Form, model: type[models.Model], pk: object) -> None:
    """After a conflict, carry the row's current version so that saving again is a knowing overwrite."""
    current = model._default_manager.filter(pk=pk).values_list("row_version", flat=True).first()
    if current is not None and form.is_bound:
        data: Any = copy.copy(form.data)  # a QueryDict copy is mutable
        data["row_version"] = str(current)
        form.data = data

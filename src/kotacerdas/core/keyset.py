"""Keyset (cursor) paging: a page is "the next N rows after this one" in a fixed order.

Unlike numbered pages, a keyset page costs the same on page 1 and page 10,000 and needs no
``COUNT(*)``: the query is ``WHERE (k1, k2, …) < (the last row's keys) ORDER BY k1, k2, … LIMIT
N + 1``, which an index on the keys answers by reading N + 1 entries. The ordering must end in a
unique, non-null key (the primary key) so that every row has exactly one place.

The cursor is an opaque URL-safe string holding the keys of the row the page starts after (or
before, for the way back). It positions within whatever queryset it is applied to, which is
already scoped to the reader, so a forged cursor shows nothing the reader may not see.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import decimal
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Field, Model, Q, QuerySet


class InvalidCursor(ValueError):
    """The cursor was not made by this paginator for this ordering."""


@dataclass(frozen=True)
class KeysetPage:
    """One page of rows and the cursors of the pages around it (``""`` when there is none)."""

    items: list[Any]
    next_cursor: str
    previous_cursor: str

    def __iter__(self) -> Any:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    @property
    def has_other_pages(self) -> bool:
        return bool(self.next_cursor or self.previous_cursor)


def _field(model: type[Model], path: str) -> Field[Any, Any]:
    """The model field at the end of a ``a__b__c`` path (``pk`` for the primary key)."""
    names = path.split("__")
    field: Any = None
    for i, name in enumerate(names):
        field = model._meta.pk if name == "pk" else model._meta.get_field(name)
        if i < len(names) - 1:
            if field.related_model is None:
                raise FieldDoesNotExist(path)
            model = field.related_model
    return field


def _encode_value(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    return value


def _encode(direction: str, values: Sequence[Any]) -> str:
    raw = json.dumps([direction, [_encode_value(v) for v in values]], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


class Keyset:
    """Pages a queryset in the order ``ordering`` (field paths, ``-`` for descending, ending in
    a unique key such as ``-id``)."""

    def __init__(self, model: type[Model], ordering: Sequence[str]) -> None:
        if not ordering:
            raise ValueError("a keyset needs an ordering")
        self.model = model
        self.ordering = list(ordering)
        self.paths = [o.lstrip("-") for o in ordering]
        self.descending = [o.startswith("-") for o in ordering]
        self.fields = [_field(model, p) for p in self.paths]

    def decode(self, cursor: str) -> tuple[str, list[Any]]:
        """The direction (``"after"`` or ``"before"``) and key values of a cursor."""
        try:
            raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
            direction, values = json.loads(raw)
        except (binascii.Error, ValueError, TypeError, UnicodeDecodeError) as exc:
            raise InvalidCursor(cursor) from exc
        if direction not in {"after", "before"} or not isinstance(values, list):
            raise InvalidCursor(cursor)
        if len(values) != len(self.fields):
            raise InvalidCursor(cursor)
        try:
            return direction, [f.to_python(v) for f, v in zip(self.fields, values, strict=True)]
        except (ValidationError, TypeError, ValueError) as exc:
            raise InvalidCursor(cursor) from exc

    def _beyond(self, values: Sequence[Any], *, forward: bool) -> Q:
        """Rows strictly past ``values`` in the page order (``forward``) or before them.

        ``k1 <= v1 AND (k1 < v1 OR (k1 = v1 AND (k2 < v2 OR …)))`` for descending keys: the
        leading range condition lets the database walk an index from the cursor on."""
        condition: Q | None = None
        for path, desc, value in reversed(list(zip(self.paths, self.descending, values, strict=True))):
            op = "lt" if desc == forward else "gt"
            strict = Q(**{f"{path}__{op}": value})
            condition = strict if condition is None else strict | (Q(**{path: value}) & condition)
        assert condition is not None
        first_op = "lte" if self.descending[0] == forward else "gte"
        return Q(**{f"{self.paths[0]}__{first_op}": values[0]}) & condition

    def _keys(self, row: Any) -> list[Any]:
        keys = []
        for path in self.paths:
            value: Any = row
            for name in path.split("__"):
                value = getattr(value, "pk" if name == "pk" else name)
            keys.append(value)
        return keys

    def page(self, qs: QuerySet[Any], *, cursor: str = "", size: int = 50) -> KeysetPage:
        """The page of ``qs`` that ``cursor`` points at (the first page without one).

        Runs one query (``size + 1`` rows, to know whether more follow). A bad cursor raises
        ``InvalidCursor``."""
        direction, values = self.decode(cursor) if cursor else ("after", [])
        forward = direction == "after"
        order = self.ordering if forward else [o[1:] if o.startswith("-") else f"-{o}" for o in self.ordering]
        query = qs.order_by(*order)
        if values:
            query = query.filter(self._beyond(values, forward=forward))
        rows = list(query[: size + 1])
        more = len(rows) > size
        rows = rows[:size]
        if not forward:
            rows.reverse()
        if not rows:
            return KeysetPage([], "", "")
        first, last = self._keys(rows[0]), self._keys(rows[-1])
        if forward:
            next_cursor = _encode("after", last) if more else ""
            previous_cursor = _encode("before", first) if values else ""
        else:
            next_cursor = _encode("after", last)
            previous_cursor = _encode("before", first) if more else ""
        return KeysetPage(rows, next_cursor, previous_cursor)

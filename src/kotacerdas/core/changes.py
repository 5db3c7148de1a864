"""How a change reads to people: a field's label and its values, taken from the model's ``_meta``.

One module for the audit trail and for the comparison of two master-plan versions. A field
shows its verbose name; a value with choices its label; decimals, dates and yes/no the active
language's way; an object kind its model's verbose name. Apps register what ``_meta`` cannot
know: keys that are not fields (a budget table, the missions), how to show them, and the page
of an object (``register_key``, ``register_resolver``, ``register_url``).
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.utils.translation import gettext as _

EMPTY = "—"

Display = Callable[[Any], str]
# ``key -> (label, display)`` for keys built at run time (e.g. ``readiness.nature.score``)
Resolver = Callable[[str], tuple[str, Display] | None]
# object ids (as the audit trail stores them) -> the URL of each object that has a page
UrlFinder = Callable[[Sequence[str]], dict[str, str]]

_keys: dict[tuple[str, str], tuple[Any, Display | None]] = {}
_resolvers: dict[str, Resolver] = {}
_urls: dict[str, UrlFinder] = {}


@dataclass(frozen=True)
class ChangeRow:
    """One changed field, ready to show: its label and both values (text or safe HTML)."""

    key: str
    label: str
    before: str
    after: str


# ---------------------------------------------------------------- registry


def register_key(model_label: str, key: str, *, label: Any = None, display: Display | None = None) -> None:
    """Say how ``key`` of ``model_label`` (``app.model``) is labelled (lazy text) and shown."""
    _keys[(model_label.lower(), key)] = (label, display)


def register_resolver(model_label: str, resolver: Resolver) -> None:
    """Label and show keys of ``model_label`` that are made at run time (``resolver(key)``)."""
    _resolvers[model_label.lower()] = resolver


def register_url(model_label: str, finder: UrlFinder) -> None:
    """``finder(ids)`` gives the page of each object of ``model_label`` (one query for many)."""
    _urls[model_label.lower()] = finder


# ---------------------------------------------------------------- values


def number(value: Any, *, money: bool = False) -> str:
    """A decimal the active language's way, without trailing zeros (12,5; 3); money shows no
    cents when whole, else two places (12.500.000,50)."""
    try:
        d = decimal.Decimal(str(value))
    except (decimal.InvalidOperation, ValueError):
        return str(value)
    if d == d.to_integral_value():
        places = 0
    else:
        places = 2 if money else max(0, -int(d.normalize().as_tuple().exponent))
    return formats.number_format(d, decimal_pos=places, use_l10n=True, force_grouping=True)


def rupiah(value: Any) -> str:
    """``Rp 340.000.000`` (Indonesian) or ``Rp 340,000,000`` (English)."""
    if value is None or value == "":
        return EMPTY
    return f"Rp {number(value, money=True)}"


def _date(value: Any, with_time: bool) -> str:
    try:
        parsed: dt.date = (dt.datetime if with_time else dt.date).fromisoformat(str(value))
    except ValueError:
        return str(value)
    return formats.date_format(parsed, "DATETIME_FORMAT" if with_time else "DATE_FORMAT")


def field_value(field: models.Field[Any, Any] | None, value: Any) -> str:
    """A stored value (as the audit trail keeps it: JSON) shown for people."""
    if value is None or value == "" or value == []:
        return EMPTY
    if field is not None:
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
        if isinstance(field, models.BooleanField):
            return _("yes") if value else _("no")
        if isinstance(field, models.DecimalField | models.IntegerField | models.FloatField):
            if isinstance(field, models.PositiveSmallIntegerField) and str(value).isdigit():
                return str(value)  # years stay 2024, not 2.024
            return number(value)
        if isinstance(field, models.DateTimeField):
            return _date(value, True)
        if isinstance(field, models.DateField):
            return _date(value, False)
    if isinstance(value, list | tuple):
        return "; ".join(field_value(None, v) for v in value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, decimal.Decimal | float):
        return number(value)
    return str(value)


def year_source_table(rows: Iterable[Sequence[Any]], source_labels: Mapping[str, Any]) -> str:
    """``[(year, source, amount), ...]`` as a small table: a row per source, a column per year."""
    cells: dict[tuple[str, int], Any] = {}
    for year, source, amount in rows:
        cells[(str(source), int(year))] = amount
    if not cells:
        return EMPTY
    years = sorted({year for _source, year in cells})
    sources = [s for s in source_labels if any((s, y) in cells for y in years)]
    sources += sorted({s for s, _y in cells} - set(sources))
    head = format_html_join("", "<th scope='col'>{}</th>", ((y,) for y in years))
    body = format_html_join(
        "",
        "<tr><th scope='row'>{}</th>{}</tr>",
        (
            (
                source_labels.get(s, s),
                format_html_join(
                    "",
                    "<td class='num'>{}</td>",
                    ((rupiah(cells[(s, y)]) if (s, y) in cells else EMPTY,) for y in years),
                ),
            )
            for s in sources
        ),
    )
    return format_html(
        "<table class='change-table'><thead><tr><th></th>{}</tr></thead><tbody>{}</tbody></table>", head, body
    )


def year_value_list(rows: Iterable[Sequence[Any]]) -> str:
    """``[(year, value), ...]`` as ``2024: 12,5 · 2025: 20``."""
    shown = [f"{year}: {number(value)}" for year, value in sorted(rows, key=lambda r: int(r[0]))]
    return " · ".join(shown) if shown else EMPTY


# ---------------------------------------------------------------- models, labels, rows


def model_for(model_or_label: type[models.Model] | str) -> type[models.Model] | None:
    if not isinstance(model_or_label, str):
        return model_or_label
    try:
        return apps.get_model(model_or_label)
    except (LookupError, ValueError):
        return None


def object_kind(object_type: str) -> str:
    """``masterplans.roadmapitem`` -> ``Road map item`` (the model's verbose name)."""
    model = model_for(object_type)
    return capfirst(str(model._meta.verbose_name)) if model is not None else object_type


def _field(model: type[models.Model] | None, key: str) -> models.Field[Any, Any] | None:
    if model is None:
        return None
    for name in (key, key.removesuffix("_id")):
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if isinstance(field, models.Field):
            return field
    return None


def _label_and_display(model: type[models.Model] | None, key: str) -> tuple[str, Display]:
    label_of = model._meta.label_lower if model is not None else ""
    if (label_of, key) in _keys:
        label, display = _keys[(label_of, key)]
        field = _field(model, key)
        return (
            capfirst(str(label)) if label is not None else _field_label(field, key),
            display or (lambda v: field_value(field, v)),
        )
    resolver = _resolvers.get(label_of)
    resolved = resolver(key) if resolver is not None else None
    if resolved is not None:
        return capfirst(str(resolved[0])), resolved[1]
    field = _field(model, key)
    return _field_label(field, key), lambda v: field_value(field, v)


def _field_label(field: models.Field[Any, Any] | None, key: str) -> str:
    if field is not None:
        return capfirst(str(field.verbose_name))
    return capfirst(key.replace("_", " "))


def field_label(model: type[models.Model] | str | None, key: str) -> str:
    """The label of ``key`` of a model (its verbose name, or what an app registered)."""
    return _label_and_display(model_for(model) if model is not None else None, key)[0]


def value_display(model: type[models.Model] | str | None, key: str, value: Any) -> str:
    """``value`` of ``key`` shown for people (a choice's label, a Rupiah table, a date...)."""
    return _label_and_display(model_for(model) if model is not None else None, key)[1](value)


def change_rows(model: type[models.Model] | str | None, changes: Mapping[str, Any]) -> list[ChangeRow]:
    """``{key: [before, after]}`` (an audit event's, or a diff's) as rows for people."""
    resolved = model_for(model) if model is not None else None
    rows = []
    for key, pair in changes.items():
        before, after = [*pair, None, None][:2] if isinstance(pair, list | tuple) else (None, pair)
        label, display = _label_and_display(resolved, key)
        rows.append(ChangeRow(key=key, label=label, before=display(before), after=display(after)))
    return rows


def object_urls(pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """The page of each ``(object_type, object_id)`` that has one: one query per object type."""
    by_type: dict[str, list[str]] = {}
    for object_type, object_id in pairs:
        if object_type in _urls:
            by_type.setdefault(object_type, []).append(object_id)
    found: dict[tuple[str, str], str] = {}
    for object_type, ids in by_type.items():
        for object_id, url in _urls[object_type](list(dict.fromkeys(ids))).items():
            found[(object_type, object_id)] = url
    return found


def is_html(value: str) -> bool:
    return isinstance(value, SafeString)

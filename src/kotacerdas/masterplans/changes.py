"""How master-plan changes read to people: the keys the audit trail and the version
comparison use that are not plain fields (budgets, targets, missions, readiness), and the
page of each kind of plan object. Registered with ``core.changes`` when the app is ready."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kotacerdas.core import changes
from kotacerdas.core.changes import Display

from .choices import BudgetSource, ReadinessElement
from .models import ActionPlan, MasterPlan, PlanVersion, Programme, QuickWin, Readiness


def budgets_display(value: Any) -> str:
    return changes.year_source_table(value or [], dict(BudgetSource.choices))


def _lines(value: Any) -> str:
    if not value:
        return changes.EMPTY
    return " · ".join(str(v) for v in value) if isinstance(value, list | tuple) else str(value)


def _readiness_key(key: str) -> tuple[str, Display] | None:
    """``readiness.<element>.<field>`` -> ``Readiness of Nature: score (1-5)``."""
    parts = key.split(".")
    if len(parts) != 3 or parts[0] != "readiness" or parts[1] not in ReadinessElement.values:
        return None
    field = next((f for f in Readiness._meta.fields if f.name == parts[2]), None)
    label = _("Readiness of %(element)s: %(field)s") % {
        "element": ReadinessElement(parts[1]).label,
        "field": field.verbose_name if field is not None else parts[2],
    }
    return str(label), lambda v: changes.field_value(field, v)


def _plan_url(code: str, number: int | None = None, name: str = "masterplans:plan_detail") -> str:
    url = reverse(name, args=[code])
    return f"{url}?versi={number}" if number is not None else url


def _ids(ids: Sequence[str]) -> list[int]:
    return [int(i) for i in ids if i.isdigit()]


def _programme_urls(ids: Sequence[str]) -> dict[str, str]:
    rows = Programme.objects.filter(pk__in=_ids(ids)).values_list(
        "pk", "uid", "version__number", "version__plan__region__code"
    )
    return {str(pk): f"{_plan_url(code, n)}#p-{uid}" for pk, uid, n, code in rows}


def _action_urls(ids: Sequence[str]) -> dict[str, str]:
    rows = ActionPlan.objects.filter(pk__in=_ids(ids)).values_list(
        "pk", "programme__uid", "version__number", "version__plan__region__code"
    )
    return {str(pk): f"{_plan_url(code, n)}#p-{uid}" for pk, uid, n, code in rows}


def _quick_win_urls(ids: Sequence[str]) -> dict[str, str]:
    rows = QuickWin.objects.filter(pk__in=_ids(ids)).values_list(
        "pk", "version__number", "version__plan__region__code"
    )
    return {str(pk): _plan_url(code, n, "masterplans:quick_wins") for pk, n, code in rows}


def _version_urls(ids: Sequence[str]) -> dict[str, str]:
    rows = PlanVersion.objects.filter(pk__in=_ids(ids)).values_list("pk", "number", "plan__region__code")
    return {str(pk): _plan_url(code, n) for pk, n, code in rows}


def _plan_urls(ids: Sequence[str]) -> dict[str, str]:
    rows = MasterPlan.objects.filter(pk__in=_ids(ids)).values_list("pk", "region__code")
    return {str(pk): _plan_url(code) for pk, code in rows}


def register() -> None:
    action = ActionPlan._meta.label_lower
    changes.register_key(action, "budgets", label=_("budget (Rp)"), display=budgets_display)
    changes.register_key(action, "targets", label=_("targets"), display=changes.year_value_list)
    changes.register_key("masterplans.actionbudget", "amount", display=changes.rupiah)
    version = PlanVersion._meta.label_lower
    changes.register_key(version, "missions", label=_("missions"), display=_lines)
    changes.register_key(version, "ratification", label=_("ratification"))
    changes.register_key(version, "programme_order", label=_("order of the programmes"), display=_lines)
    changes.register_key(
        Programme._meta.label_lower, "action_order", label=_("order of the actions"), display=_lines
    )
    changes.register_resolver(version, _readiness_key)
    changes.register_url(Programme._meta.label_lower, _programme_urls)
    changes.register_url(action, _action_urls)
    changes.register_url(QuickWin._meta.label_lower, _quick_win_urls)
    changes.register_url(version, _version_urls)
    changes.register_url(MasterPlan._meta.label_lower, _plan_urls)


# ---------------------------------------------------------------- the version comparison


def _names(region_id: int) -> dict[str, dict[Any, str]]:
    from kotacerdas.organisation.models import Agency
    from kotacerdas.programme.models import Dimension, SubDimension

    return {
        "agency": dict(Agency.objects.filter(region_id=region_id).values_list("pk", "acronym")),
        "subdimension": {s.pk: f"{s.code} {s.label}" for s in SubDimension.objects.all()},
        "dimension": {d.pk: d.label for d in Dimension.objects.all()},
    }


def _named(row: dict[str, Any], names: dict[str, dict[Any, str]]) -> dict[str, Any]:
    """``agency_id: 3`` -> ``agency: "Diskominfo"`` (ids never reach people)."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        base = key.removesuffix("_id")
        if key.endswith("_id") and base in names:
            out[base] = names[base].get(value, value) if value is not None else None
        else:
            out[key] = value
    return out


def _named_pairs(pairs: dict[str, Any], names: dict[str, dict[Any, str]]) -> dict[str, list[Any]]:
    before = _named({k: v[0] for k, v in pairs.items()}, names)
    after = _named({k: v[1] for k, v in pairs.items()}, names)
    return {k: [before[k], after[k]] for k in before}


def _item(part: str, row: dict[str, Any], names: dict[str, dict[Any, str]]) -> dict[str, Any]:
    """What names an item in the comparison: ``code`` and ``name`` columns."""
    row = _named(row, names)
    if part == "readiness":
        return {"code": "", "name": ReadinessElement(row["element"]).label}
    if part == "swot":
        from .choices import SwotKind

        label = f"{ReadinessElement(row['element']).label} · {SwotKind(row['kind']).label}"
        return {"code": label, "name": row["text"]}
    if part == "roadmap":
        return {"code": f"{row['year']} · {row['dimension']}", "name": row["milestone"]}
    return row


def version_diff_display(diff: dict[str, Any], *, region_id: int) -> dict[str, Any]:
    """``selectors.version_diff`` for people: labels, names and formatted values (one module,
    ``core.changes``, as in the audit trail)."""
    from .models import SwotItem

    names = _names(region_id)
    models: dict[str, Any] = {
        "programmes": (Programme, _("Programmes")),
        "actions": (ActionPlan, _("Action plans")),
        "quick_wins": (QuickWin, _("Quick wins")),
        "readiness": (Readiness, _("Readiness")),
        "swot": (SwotItem, _("SWOT")),
        "roadmap": (None, _("Road map")),
    }
    parts = []
    for part, (model, title) in models.items():
        data = diff[part]
        parts.append(
            {
                "key": part,
                "title": title,
                "added": [_item(part, r, names) for r in data["added"]],
                "removed": [_item(part, r, names) for r in data["removed"]],
                "changed": [
                    {
                        "item": _item(part, c["item"], names),
                        "rows": changes.change_rows(model, _named_pairs(c["changes"], names)),
                    }
                    for c in data["changed"]
                ],
            }
        )
    return {
        "header": changes.change_rows(PlanVersion, diff["header"]),
        "parts": parts,
        "total_changes": diff["total_changes"],
    }

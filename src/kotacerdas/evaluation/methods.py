"""The evaluation method as versioned data: check, import, export, and the shipped methods.

A method file (YAML, see ``method_yaml`` and docs/users/evaluation-method.md) describes one
version of a method. Importing it is all or nothing and never changes a stored version: the
same content again (the same digest) is the version already there; anything else becomes
the next version of the method's code. Exporting a version gives data that imports back to
the same digest.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kotacerdas.core.models import AuditAction
from kotacerdas.core.permissions import require
from kotacerdas.core.services import audit_record
from kotacerdas.programme.models import Dimension

from .method_yaml import Problem, decimal_text, method_digest, method_read, method_yaml_load, question_key
from .models import (
    GroupWeight,
    Indicator,
    MethodDimension,
    MethodGroup,
    MethodVersion,
    Question,
    SubIndicator,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
# The methods shipped with the product, oldest first (each file one version).
SHIPPED = ("gerakan-smart-city-2022.yaml", "gerakan-smart-city-2023.yaml")


def _smart_dimensions() -> dict[str, int]:
    return dict(Dimension.objects.values_list("code", "id"))


def problems_error(problems: Iterable[Problem]) -> ValidationError:
    """One ``ValidationError`` holding every problem under its path (``{path: [messages]}``)."""
    by_path: dict[str, list[str]] = {}
    for p in problems:
        by_path.setdefault(p.path or "file", []).append(p.message)
    return ValidationError(by_path)


def method_validate(data: Any) -> list[Problem]:
    """Every problem of a parsed method file, each naming its path; empty when it can be imported."""
    return method_read(data, _smart_dimensions())[1]


def _version_row(canonical: dict[str, Any], *, version: int, digest: str, actor: Any) -> MethodVersion:
    scale = canonical["scale"]
    return MethodVersion.objects.create(
        code=canonical["code"],
        version=version,
        name=canonical["name"],
        description=canonical["description"],
        levels=scale["levels"],
        scale_min=Decimal(scale["min"]),
        scale_max=Decimal(scale["max"]),
        combine=canonical["combine"],
        dimension_rule=canonical["dimension_rule"],
        decimals=canonical["decimals"],
        rounding=canonical["rounding"],
        disagreement_levels=Decimal(canonical["disagreement_levels"]),
        calibrated_official=bool(canonical.get("calibrated_official", False)),
        bands=canonical["bands"],
        digest=digest,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )


def _tree_create(method: MethodVersion, canonical: dict[str, Any], smart: dict[str, int]) -> int:
    """Insert the questionnaire and the groups: one bulk insert per level. The number of questions."""
    dims = canonical["dimensions"]
    dim_rows = MethodDimension.objects.bulk_create(
        MethodDimension(method=method, code=d["code"], name=d["name"], position=n)
        for n, d in enumerate(dims, start=1)
    )
    ind_rows = Indicator.objects.bulk_create(
        Indicator(dimension=dim_row, number=i["number"], name=i["name"], position=n)
        for dim_row, d in zip(dim_rows, dims, strict=True)
        for n, i in enumerate(d["indicators"], start=1)
    )
    indicators = [
        (dim_row, d["code"], i) for dim_row, d in zip(dim_rows, dims, strict=True) for i in d["indicators"]
    ]
    sub_rows = SubIndicator.objects.bulk_create(
        SubIndicator(indicator=ind_row, number=s["number"], name=s["name"], position=n)
        for ind_row, (_dim, _code, i) in zip(ind_rows, indicators, strict=True)
        for n, s in enumerate(i["subindicators"], start=1)
    )
    subs = [(dim_row, code, i, s) for dim_row, code, i in indicators for s in i["subindicators"]]
    questions = [
        Question(
            method=method,
            subindicator=sub_row,
            dimension=dim_row,
            key=question_key(code, i["number"], q["number"]),
            number=q["number"],
            text=q["text"],
            guidance=q["guidance"],
            evidence_expected=q["evidence_expected"],
            descriptors=q["descriptors"],
            answer=q["answer"],
            smart_dimension_id=smart[q["smart_dimension"]] if q["smart_dimension"] else None,
        )
        for sub_row, (dim_row, code, i, s) in zip(sub_rows, subs, strict=True)
        for q in s["questions"]
    ]
    for position, question in enumerate(questions, start=1):
        question.position = position
    Question.objects.bulk_create(questions)
    group_rows = MethodGroup.objects.bulk_create(
        MethodGroup(method=method, code=g["code"], name=g["name"], position=n)
        for n, g in enumerate(canonical["groups"], start=1)
    )
    dim_by_code = {row.code: row for row in dim_rows}
    GroupWeight.objects.bulk_create(
        GroupWeight(group=group_row, dimension=dim_by_code[code], weight=Decimal(weight))
        for group_row, g in zip(group_rows, canonical["groups"], strict=True)
        for code, weight in g["weights"].items()
    )
    return len(questions)


def method_import(
    *, actor: Any, data: Any, source: str = "", system: bool = False
) -> tuple[MethodVersion, bool]:
    """Import a parsed method file as a new version of its method: ``(version, created)``.

    Needs ``evaluation.manage``; ``system=True`` is the system itself (bootstrap, the command
    line) and skips the check. All or nothing: ``ValidationError`` with every problem under its
    path, nothing written. The same content as a stored version of the code (the same digest)
    returns that version, unchanged (``created`` False); otherwise the version after the code's
    last one is created: a stored version is never changed.
    """
    if not system:
        require(actor, "evaluation.manage")
    smart = _smart_dimensions()
    canonical, problems = method_read(data, smart)
    if canonical is None:
        raise problems_error(problems)
    digest = method_digest(canonical)
    with transaction.atomic():
        stored = list(
            MethodVersion.objects.select_for_update()
            .filter(code=canonical["code"])
            .order_by("version")
            .values_list("version", "digest")
        )
        same = next((v for v, d in stored if d == digest), None)
        if same is not None:
            return MethodVersion.objects.get(code=canonical["code"], version=same), False
        last = stored[-1][0] if stored else 0
        method = _version_row(canonical, version=last + 1, digest=digest, actor=actor)
        count = _tree_create(method, canonical, smart)
        audit_record(
            actor=actor,
            action=AuditAction.IMPORT,
            obj=method,
            changes={
                "code": method.code,
                "version": method.version,
                "digest": digest,
                "questions": count,
                "source": source,
            },
            message=_("Evaluation method %(method)s imported (%(count)s questions)")
            % {"method": method.label, "count": count},
        )
    return method, True


def method_export(method: MethodVersion) -> dict[str, Any]:
    """A stored version as method data (the canonical form): it imports back to the same digest.

    Six queries whatever the size of the questionnaire.
    """
    dims = list(MethodDimension.objects.filter(method=method).order_by("position", "id"))
    indicators: dict[int, list[Indicator]] = {}
    for row in Indicator.objects.filter(dimension__method=method).order_by("position", "id"):
        indicators.setdefault(row.dimension_id, []).append(row)
    subs: dict[int, list[SubIndicator]] = {}
    for sub in SubIndicator.objects.filter(indicator__dimension__method=method).order_by("position", "id"):
        subs.setdefault(sub.indicator_id, []).append(sub)
    questions: dict[int, list[dict[str, Any]]] = {}
    for q in (
        Question.objects.filter(method=method).select_related("smart_dimension").order_by("position", "id")
    ):
        questions.setdefault(q.subindicator_id, []).append(
            {
                "number": q.number,
                "text": q.text,
                "guidance": q.guidance,
                "evidence_expected": q.evidence_expected,
                "descriptors": dict(q.descriptors),
                "answer": q.answer,
                "smart_dimension": q.smart_dimension.code if q.smart_dimension else "",
            }
        )
    weights: dict[int, dict[str, str]] = {}
    for w in (
        GroupWeight.objects.filter(group__method=method)
        .select_related("dimension")
        .order_by("dimension__position", "dimension_id")
    ):
        weights.setdefault(w.group_id, {})[w.dimension.code] = decimal_text(w.weight)
    groups = list(MethodGroup.objects.filter(method=method).order_by("position", "id"))
    out = {
        "code": method.code,
        "name": method.name,
        "description": method.description,
        "scale": {
            "levels": list(method.levels),
            "min": decimal_text(method.scale_min),
            "max": decimal_text(method.scale_max),
        },
        "combine": method.combine,
        "dimension_rule": method.dimension_rule,
        "decimals": method.decimals,
        "rounding": method.rounding,
        "disagreement_levels": decimal_text(Decimal(method.disagreement_levels)),
        "bands": [dict(b) for b in method.bands],
        "dimensions": [
            {
                "code": d.code,
                "name": d.name,
                "indicators": [
                    {
                        "number": i.number,
                        "name": i.name,
                        "subindicators": [
                            {"number": s.number, "name": s.name, "questions": questions.get(s.id, [])}
                            for s in subs.get(i.id, [])
                        ],
                    }
                    for i in indicators.get(d.id, [])
                ],
            }
            for d in dims
        ],
        "groups": [{"code": g.code, "name": g.name, "weights": weights.get(g.id, {})} for g in groups],
    }
    if method.calibrated_official:
        out["calibrated_official"] = True
    return out


def methods_shipped_load(*, actor: Any = None) -> list[MethodVersion]:
    """Import the methods shipped with the product (``data/``), oldest first; again is a no-op.

    ``actor=None`` is the system (bootstrap on first start) and needs no permission; anyone
    else needs ``evaluation.manage``.
    """
    if actor is not None:
        require(actor, "evaluation.manage")
    versions = []
    for name in SHIPPED:
        data = method_yaml_load((DATA_DIR / name).read_text(encoding="utf-8"))
        version, _created = method_import(actor=actor, data=data, source=name, system=actor is None)
        versions.append(version)
    return versions

"""Writes of the evaluation app: computing a round's index as an immutable snapshot."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kotacerdas.core.models import AuditAction
from kotacerdas.core.permissions import require
from kotacerdas.core.services import audit_record

from . import calibration, scoring
from .models import IndexSnapshot, RegionResult, Round
from .selectors import method_spec, round_inputs


def canonical_json(data: Any) -> str:
    """``data`` as canonical JSON text: sorted keys, no spaces, UTF-8 characters kept."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def canonical_digest(inputs_json: str, result_json: str) -> str:
    """SHA-256 of a snapshot's canonical inputs and result texts."""
    digest = hashlib.sha256(inputs_json.encode())
    digest.update(b"\n")
    digest.update(result_json.encode())
    return digest.hexdigest()


def snapshot_recompute(snapshot: IndexSnapshot) -> tuple[dict[str, Any], str]:
    """Run the engine again on a snapshot's stored inputs: the result and its digest.

    A snapshot is sound when the digest equals ``snapshot.digest`` (bit for bit).
    """
    spec = scoring.spec_from_json(snapshot.inputs["method"])
    inputs = scoring.inputs_from_json(snapshot.inputs["regions"])
    result = scoring.compute_round(spec, inputs)
    return result, canonical_digest(snapshot.inputs_json, canonical_json(result))


def _results_rows(
    snapshot: IndexSnapshot, result: dict[str, Any], region_ids: dict[str, int]
) -> list[RegionResult]:
    rows = []
    for code, r in result["regions"].items():
        ranks = r["ranks"]
        improvement = r["improvement_published"]
        rows.append(
            RegionResult(
                snapshot=snapshot,
                round_id=snapshot.round_id,
                region_id=region_ids[code],
                group=r["group"],
                index=Decimal(r["index_published"]),
                improvement=None if improvement is None else Decimal(improvement),
                rank_national=ranks["national"],
                rank_province=ranks["province"],
                predicate=r["predicate"],
                ranks={k: v for k, v in ranks.items() if k not in ("national", "province")},
                dimensions={c: d["published"] for c, d in r["dimensions"].items()},
                smart={c: {"score": s["published"], "rank": s["rank"]} for c, s in r["smart"].items()},
            )
        )
    return rows


def index_compute(*, actor: Any, round_: Round) -> IndexSnapshot:
    """Compute ``round_``'s index from its current inputs as a new snapshot and make it current.

    Raises ``ValidationError`` naming what the engine could not score; nothing is written then.
    """
    require(actor, "evaluation.manage")
    with transaction.atomic():
        locked = Round.objects.select_for_update().select_related("method").get(pk=round_.pk)
        spec = method_spec(locked.method)
        inputs = round_inputs(locked)
        if not inputs:
            raise ValidationError({"round": _("The round has no regions to compute.")})
        calibrated = locked.method.calibrated_official and not locked.historical
        if calibrated:  # the method computes the official index from calibrated scores
            spec, inputs, _calibration = calibration.calibrate_round(spec, inputs)
        try:
            result = scoring.compute_round(spec, inputs)
        except scoring.ScoringError as exc:
            raise ValidationError(
                {"round": _("The index cannot be computed: %(why)s") % {"why": exc}}
            ) from exc
        stored_inputs: dict[str, Any] = {
            "method": scoring.spec_to_json(spec),
            "method_version": locked.method.label,
            "regions": scoring.inputs_to_json(inputs),
        }
        if calibrated:
            stored_inputs["calibrated"] = True
        number = (
            IndexSnapshot.objects.filter(round=locked)
            .order_by("-number")
            .values_list("number", flat=True)
            .first()
            or 0
        ) + 1
        inputs_json, result_json = canonical_json(stored_inputs), canonical_json(result)
        snapshot = IndexSnapshot.objects.create(
            round=locked,
            number=number,
            method=locked.method,
            engine=scoring.ENGINE_VERSION,
            inputs_json=inputs_json,
            result_json=result_json,
            digest=canonical_digest(inputs_json, result_json),
            computed_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        region_ids = dict(locked.regions.values_list("region__code", "region_id"))
        RegionResult.objects.bulk_create(_results_rows(snapshot, result, region_ids))
        Round.objects.filter(pk=locked.pk).update(snapshot=snapshot)
        round_.snapshot = snapshot
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=snapshot,
            changes={"regions": result["count"], "digest": snapshot.digest},
            message=_("Index computed for %(round)s (%(count)s regions)")
            % {"round": locked, "count": result["count"]},
        )
    return snapshot

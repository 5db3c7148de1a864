"""Writes of evaluation rounds: create a round, publish it (its method frozen with it).

Rounds move through their phases (preparation → self-assessment → ... → published). This
module holds what a historical round needs: its creation and its publication. A historical
round is created in preparation, takes its letters' results (``results_import``), is
computed (``services.index_compute``) and is published here. The phases of a live round and
their locks come with the assessors.

It also finds a method version and a round by the names people type (``method_find``,
``round_find``), for the commands.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kotacerdas.core.models import AuditAction
from kotacerdas.core.permissions import require
from kotacerdas.core.services import audit_record, json_value
from kotacerdas.regions.models import Region

from . import scoring
from .choices import Phase, Stage
from .models import MethodVersion, Round
from .selectors import method_spec, round_inputs

FIRST_YEAR = 2015  # before the national smart-city programme: a typing slip
CODE_RE = re.compile(r"^[-a-zA-Z0-9_]+$")
CODE_MAX = 30
NAME_MAX = 200
ROUND_FIELDS = ("code", "year", "stage", "name", "method", "historical", "previous", "phase")


# Fixed words of the /evaluasi/ addresses that a round's code would shadow.
RESERVED_CODES = frozenset(
    {"metode", "asesor", "mitra-daerah", "penilaian-saya", "unduh", "hitung", "putaran-baru"}
)


def method_find(label: str) -> MethodVersion | None:
    """The method version that ``label`` names: "CODE:VERSION", or "CODE" for its latest version."""
    code, _sep, version = label.strip().partition(":")
    qs = MethodVersion.objects.filter(code=code.strip())
    if version:
        if not version.strip().isdigit():
            return None
        return qs.filter(version=int(version)).first()
    return qs.order_by("-version").first()


def round_find(code: str) -> Round | None:
    """The round with ``code`` (e.g. "2023-2"), with its method and current computation."""
    return Round.objects.select_related("method", "snapshot", "previous").filter(code=code.strip()).first()


def _default_name(year: int, stage: str) -> str:
    """The round's name in the site's language (stored data, whoever creates it)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("Evaluation %(year)s, %(stage)s") % {"year": year, "stage": Stage(stage).label}


def round_create(
    *,
    actor: Any,
    code: str,
    year: int,
    stage: str,
    method: MethodVersion,
    name: str = "",
    historical: bool = False,
    previous: Round | None = None,
) -> Round:
    """Create a round in preparation (phase "draft"), with its audit event.

    ``previous`` is the round the improvement index is measured against: it must come before
    this one (an earlier year, or stage I of the same year before stage II). Raises
    ``ValidationError`` with a message per field; nothing is written then.
    """
    require(actor, "evaluation.manage")
    code = (code or "").strip()
    name = " ".join((name or "").split())
    stage = str(stage).strip()
    errors: dict[str, str] = {}
    if not code:
        errors["code"] = _("Give the round a code, e.g. 2023-2.")
    elif len(code) > CODE_MAX or not CODE_RE.match(code):
        errors["code"] = _(
            "The code %(code)s is not allowed: use at most %(max)s letters, digits, hyphens or "
            "underscores, e.g. 2023-2."
        ) % {"code": code[:40], "max": CODE_MAX}
    elif code.lower() in RESERVED_CODES:
        errors["code"] = _(
            "The code %(code)s is a word of the evaluation pages' addresses: choose another."
        ) % {"code": code}
    elif Round.objects.filter(code=code).exists():
        errors["code"] = _("A round with the code %(code)s already exists.") % {"code": code}
    last_year = timezone.localdate().year + (0 if historical else 1)
    if not isinstance(year, int) or isinstance(year, bool) or not FIRST_YEAR <= year <= last_year:
        errors["year"] = (
            _("A historical round's year is between %(first)s and this year (%(last)s).")
            if historical
            else _("The year must be between %(first)s and %(last)s.")
        ) % {"first": FIRST_YEAR, "last": last_year}
    if stage not in Stage.values:
        errors["stage"] = _("The stage is %(stages)s.") % {
            "stages": " / ".join(f"{value} ({label})" for value, label in Stage.choices)
        }
    if len(name) > NAME_MAX:
        errors["name"] = _("The name is too long (at most %(max)s characters).") % {"max": NAME_MAX}
    comparable = previous is not None and "year" not in errors and "stage" not in errors
    if previous is not None and comparable and (previous.year, int(previous.stage)) >= (year, int(stage)):
        errors["previous"] = _(
            "The previous round %(previous)s (%(previous_year)s, stage %(previous_stage)s) does not "
            "come before this one (%(year)s, stage %(stage)s)."
        ) % {
            "previous": previous.code,
            "previous_year": previous.year,
            "previous_stage": previous.stage,
            "year": year,
            "stage": stage,
        }
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        round_ = Round.objects.create(
            code=code,
            year=year,
            stage=stage,
            name=name or _default_name(year, stage),
            method=method,
            phase=Phase.DRAFT,
            historical=historical,
            previous=previous,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=round_,
            changes={f: [None, json_value(getattr(round_, f))] for f in ROUND_FIELDS},
            message=_("Evaluation round %(code)s created") % {"code": code},
        )
    return round_


def snapshot_is_current(round_: Round) -> bool:
    """Was the round's current computation made from its inputs as they are now (the method, the
    regions and their scores, the previous round's indices)?"""
    snapshot = round_.snapshot
    if snapshot is None or snapshot.method_id != round_.method_id:
        return False
    stored = snapshot.inputs
    return bool(
        stored.get("method") == scoring.spec_to_json(method_spec(round_.method))
        and stored.get("regions") == scoring.inputs_to_json(round_inputs(round_))
    )


def round_publish(*, actor: Any, round_: Round) -> Round:
    """Publish ``round_``: phase "published", ``published_at`` now, its method frozen for good.

    A historical round is published from any phase, a live round only from its panel. The
    round's current computation must have been made from its inputs as they are now (compute
    the index again after any change). Raises ``ValidationError``; nothing is written then.
    """
    require(actor, "evaluation.manage")
    with transaction.atomic():
        locked = (
            Round.objects.select_for_update(of=("self",))
            .select_related("method", "snapshot")
            .get(pk=round_.pk)
        )
        if locked.phase == Phase.PUBLISHED:
            raise ValidationError({"round": _("%(round)s is already published.") % {"round": locked.code}})
        if not locked.historical and locked.phase != Phase.PANEL:
            raise ValidationError(
                {"round": _("%(round)s is published after its panel.") % {"round": locked.code}}
            )
        if locked.snapshot is None:
            raise ValidationError(
                {"round": _("%(round)s has no computed index: compute it first.") % {"round": locked.code}}
            )
        if not snapshot_is_current(locked):
            raise ValidationError(
                {
                    "round": _(
                        "The inputs of %(round)s changed after its index was computed: compute it again, "
                        "then publish."
                    )
                    % {"round": locked.code}
                }
            )
        now = timezone.now()
        before = locked.phase
        locked.phase = Phase.PUBLISHED
        locked.published_at = now
        locked.row_version += 1
        locked.save(update_fields=["phase", "published_at", "row_version", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.TRANSITION,
            obj=locked,
            changes={
                "phase": [before, Phase.PUBLISHED.value],
                "published_at": [None, now.isoformat()],
                "snapshot": locked.snapshot.number,
                "digest": locked.snapshot.digest,
            },
            message=_("Evaluation round %(code)s published") % {"code": locked.code},
        )
        _method_freeze(actor=actor, method=locked.method, on=now, round_code=locked.code)
    for name in ("phase", "published_at", "row_version"):
        setattr(round_, name, getattr(locked, name))
    return locked


def _method_freeze(*, actor: Any, method: MethodVersion, on: dt.datetime, round_code: str) -> None:
    """Freeze ``method`` (once): a method used by a published round never changes."""
    if MethodVersion.objects.filter(pk=method.pk, frozen_at__isnull=True).update(frozen_at=on):
        method.frozen_at = on
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=method,
            changes={"frozen_at": [None, on.isoformat()]},
            message=_("Method %(method)s frozen: used by the published round %(round)s")
            % {"method": method.label, "round": round_code},
        )


def region_index_report(*, round_: Round, region: Region) -> dict[str, Any] | None:
    """``region``'s part of ``round_``'s current computation, with what identifies it: the round,
    the method version, the computation's number, engine and digest. None when the round has no
    computation or the region is not in it. The caller decides who may read it (a published
    round's results are public)."""
    snapshot = round_.snapshot
    if snapshot is None:
        return None
    result = snapshot.result["regions"].get(region.code)
    if result is None:
        return None
    method = round_.method
    regions = snapshot.result["regions"]
    province = result["province"]
    peers = result["peers"]
    return {
        "round": {
            "code": round_.code,
            "name": round_.name,
            "year": round_.year,
            "stage": round_.stage,
            "phase": round_.phase,
            "historical": round_.historical,
            "published_at": round_.published_at.isoformat() if round_.published_at else None,
            "previous": round_.previous.code if round_.previous else None,
        },
        "method": {
            "code": method.code,
            "version": method.version,
            "name": method.name,
            "decimals": method.decimals,
            "rounding": method.rounding,
        },
        "computation": {
            "number": snapshot.number,
            "engine": snapshot.engine,
            "digest": snapshot.digest,
            "computed_at": snapshot.created_at.isoformat(),
        },
        "region": {"code": region.code, "name": region.name, "level": region.level},
        # How many regions each rank is out of (national, the province, each peer group).
        "out_of": {
            "national": len(regions),
            "province": sum(1 for r in regions.values() if r["province"] == province),
            **{
                kind: sum(1 for r in regions.values() if r["peers"].get(kind) == peers[kind])
                for kind in sorted(peers)
            },
        },
        "result": result,
    }

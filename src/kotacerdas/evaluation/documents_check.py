"""The document checklist of a self-assessment, filled from what the region already holds.

``documents_found`` reads the region's data for each document an evaluation demands: the master
plan in force and its ratifying regulation (masterplans), the SK of the Dewan and of the Tim
Pelaksana (organisation decrees), Forum minutes (organisation forum meetings), quick-win evidence
(evidence files of approved quick-win progress reports). Budget evidence, the people-development
plan and risk management are not held anywhere else: the region uploads them.

``checklist_fill`` writes the checklist's lines from that, keeping uploaded files; the services
(``self_assessment.documents_refresh``, the start and the submission) call it inside their
transaction, after their own permission and phase checks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Q
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kotacerdas.core.models import AuditAction
from kotacerdas.core.services import audit_event, audit_record_many
from kotacerdas.monitoring.choices import ReportState
from kotacerdas.monitoring.models import Evidence
from kotacerdas.monitoring.selectors import version_in_force_for_region
from kotacerdas.organisation.choices import DecreeKind
from kotacerdas.organisation.models import Decree, ForumMeeting

from .choices import DocumentKind
from .models import DocumentCheck, SelfAssessment

# Documents only the region's upload can supply.
UPLOAD_ONLY = frozenset({DocumentKind.BUDGET, DocumentKind.PEOPLE, DocumentKind.RISK})
SOURCE_CHARS = 300  # DocumentCheck.source


@dataclass(frozen=True)
class Found:
    """Whether the region's data holds a document, and where ("found in ...")."""

    present: bool = False
    source: str = ""


def _date(value: Any) -> str:
    return f"{value:%d-%m-%Y}" if value else ""


def _master_plan(region_id: int) -> Found:
    version = version_in_force_for_region(region_id)
    if version is None:
        return Found()
    return Found(
        True,
        _("Master plan %(plan)s, version %(number)s, ratified by %(kind)s no. %(regulation)s of %(date)s")
        % {
            "plan": version.plan.title,
            "number": version.number,
            "kind": version.get_ratification_kind_display() or _("regulation"),
            "regulation": version.ratification_number or "—",
            "date": _date(version.ratification_date) or "—",
        },
    )


def _decrees(region_id: int) -> dict[str, Found]:
    latest: dict[str, Decree] = {}
    for decree in Decree.objects.filter(
        region_id=region_id, kind__in=[DecreeKind.DEWAN, DecreeKind.TIM_PELAKSANA]
    ).order_by("-date", "-id"):
        latest.setdefault(decree.kind, decree)
    out = {}
    for kind, doc_kind in (
        (DecreeKind.DEWAN, DocumentKind.SK_DEWAN),
        (DecreeKind.TIM_PELAKSANA, DocumentKind.SK_TIM),
    ):
        held = latest.get(kind)
        if held is not None:
            out[doc_kind.value] = Found(
                True,
                _("Decree %(number)s of %(date)s: %(title)s (the region's organisation)")
                % {"number": held.number, "date": _date(held.date), "title": held.title},
            )
    return out


def _forum(region_id: int) -> Found:
    meetings = list(
        ForumMeeting.objects.filter(region_id=region_id)
        .filter(~Q(minutes="") | ~Q(minutes_file=""))
        .order_by("-date", "-id")
        .only("date", "title")
    )
    if not meetings:
        return Found()
    latest = meetings[0]
    return Found(
        True,
        ngettext(
            "Minutes of the Forum meeting of %(date)s: %(title)s",
            "Minutes of %(count)s Forum meetings, the latest of %(date)s: %(title)s",
            len(meetings),
        )
        % {"count": len(meetings), "date": _date(latest.date), "title": latest.title},
    )


def _quick_win_evidence(region_id: int) -> Found:
    held = Evidence.objects.filter(
        report__region_id=region_id, report__state=ReportState.APPROVED, report__kind="quick_win"
    ).aggregate(files=Count("pk"), reports=Count("report", distinct=True))
    if not held["files"]:
        return Found()
    return Found(
        True,
        ngettext(
            "%(files)s evidence file on approved quick-win progress reports",
            "%(files)s evidence files on %(reports)s approved quick-win progress reports",
            held["files"],
        )
        % held,
    )


def documents_found(region_id: int) -> dict[str, Found]:
    """For each document kind, whether the region's data holds it and where (six queries).

    The "where" is stored, so it is written in the product's default language whatever the
    language of the request that refreshed it: a refresh in another language changes nothing."""
    found = {kind.value: Found() for kind in DocumentKind}
    with translation.override(settings.LANGUAGE_CODE):
        found[DocumentKind.MASTER_PLAN] = _master_plan(region_id)
        found.update(_decrees(region_id))
        found[DocumentKind.FORUM] = _forum(region_id)
        found[DocumentKind.QUICK_WIN] = _quick_win_evidence(region_id)
    return {k: Found(v.present, v.source[:SOURCE_CHARS]) for k, v in found.items()}


def checklist_fill(
    *, actor: Any, self_assessment: SelfAssessment, region_id: int, found: Mapping[str, Found]
) -> list[str]:
    """Write every line of the checklist from ``found``: a line is present when the region's data
    holds the document or a file was uploaded for it. Returns the kinds whose line changed, each
    with its audit event. Call inside the caller's transaction, after its checks."""
    rows = {
        d.kind: d for d in DocumentCheck.objects.select_for_update().filter(self_assessment=self_assessment)
    }
    changed: list[str] = []
    events = []
    for kind in DocumentKind:
        f = found.get(kind.value, Found())
        row = rows.get(kind.value)
        if row is None:
            row = DocumentCheck(
                self_assessment=self_assessment, kind=kind.value, present=f.present, source=f.source
            )
            row.save()
            events.append(
                audit_event(
                    actor=actor,
                    action=AuditAction.CREATE,
                    obj=row,
                    changes={"present": [None, row.present], "source": [None, row.source]},
                    region_id=region_id,
                )
            )
            changed.append(kind.value)
            continue
        present = bool(row.file) or f.present
        if (row.present, row.source) == (present, f.source):
            continue
        before = {"present": row.present, "source": row.source}
        row.present, row.source = present, f.source
        row.row_version += 1
        row.save(update_fields=["present", "source", "row_version", "updated_at"])
        events.append(
            audit_event(
                actor=actor,
                action=AuditAction.UPDATE,
                obj=row,
                changes={k: [v, getattr(row, k)] for k, v in before.items() if v != getattr(row, k)},
                region_id=region_id,
            )
        )
        changed.append(kind.value)
    audit_record_many(events)
    return changed

"""The demo's 2024 self-assessments, written through the services as a coordinator would:
Kabupaten Sumbawa's is submitted (the version its assessors read), Kabupaten Buleleng's is a
draft with half of its questions answered."""

from __future__ import annotations

import random
from decimal import Decimal

from kotacerdas.accounts.models import User
from kotacerdas.evaluation import self_assessment as services
from kotacerdas.evaluation.choices import AnswerKind
from kotacerdas.evaluation.models import Question, RoundRegion
from kotacerdas.evaluation.self_selectors import group_questions
from kotacerdas.masterplans.models import QuickWin
from kotacerdas.monitoring.selectors import version_in_force_for_region

# What a region writes to justify its level, by evaluation dimension.
JUSTIFICATIONS = {
    "BASELINE": "Dokumen tersedia dan disahkan; salinan diunggah pada daftar dokumen.",
    "OUTPUT": "Program berjalan sesuai rencana aksi; capaian tercatat pada laporan progres triwulan.",
    "OUTCOME": "Layanan digunakan warga; data pemanfaatan dari dinas pengampu terlampir.",
    "IMPACT": "Hasil survei kepuasan pengguna layanan quick win (sekitar 50 responden).",
    "QUICKWIN": "Quick win sudah beroperasi; bukti foto dan tangkapan layar pada laporan progres.",
    "KOLABORASI": "Kerja sama antardaerah dalam kawasan dituangkan dalam perjanjian kerja sama.",
}


def _level(rng: random.Random, question: Question, levels: list[Decimal]) -> Decimal:
    if question.answer == AnswerKind.SURVEY:
        return Decimal(rng.randint(300, 380)) / 100
    return rng.choice([v for v in levels if v >= 2] or levels)


def _answer(coordinator: User, entry: RoundRegion, questions: list[Question], rng: random.Random) -> None:
    sa = services.self_assessment_get_or_start(entry, actor=coordinator)
    levels = [Decimal(str(v)) for v in entry.round.method.levels]
    version = version_in_force_for_region(entry.region_id)
    quick_wins: dict[int, QuickWin] = {}
    if version is not None:
        for qw in QuickWin.objects.filter(version=version).order_by("code"):
            quick_wins.setdefault(qw.dimension_id, qw)
    for question in questions:
        held = quick_wins.get(question.smart_dimension_id or 0)
        services.answer_save(
            actor=coordinator,
            self_assessment=sa,
            question=question,
            level=_level(rng, question, levels),
            justification=JUSTIFICATIONS.get(question.dimension.code, JUSTIFICATIONS["OUTPUT"]),
            links=[{"kind": "quick_win", "ref": str(held.uid)}] if held is not None else [],
        )


def self_assessments_build(*, entries: list[RoundRegion], rng: random.Random) -> None:
    """Call while the round is in its self-assessment phase (unlocked)."""
    by_code = {e.region.code: e for e in entries}
    people = {
        u.username: u
        for u in User.objects.filter(username__in=["koordinator.sumbawa", "koordinator.buleleng"])
    }
    sumbawa, buleleng = by_code.get("52.04"), by_code.get("51.08")
    if sumbawa is not None and "koordinator.sumbawa" in people:
        coordinator = people["koordinator.sumbawa"]
        _answer(coordinator, sumbawa, group_questions(sumbawa), rng)
        services.self_assessment_submit(actor=coordinator, self_assessment=sumbawa.self_assessment)
    if buleleng is not None and "koordinator.buleleng" in people:
        questions = group_questions(buleleng)
        _answer(people["koordinator.buleleng"], buleleng, questions[: len(questions) // 2], rng)

"""The region home lists the evaluation rounds the region is in: published results for everyone,
the self-assessment (its status, its closing date and a due item) for the region's readers."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from kotacerdas.evaluation import self_assessment as services
from kotacerdas.evaluation.models import SelfAssessment
from kotacerdas.evaluation.self_selectors import region_rounds
from kotacerdas.site.region_home import region_home

from .evaluation_results_data import published_round
from .evaluation_self_data import answer_all, self_round

pytestmark = pytest.mark.django_db

PAGE = "/wilayah/52.04/"


def _html(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_everyone_sees_the_published_result_and_only_readers_the_round_under_way(world):
    published_round(world)  # 2023-2, regions A and B
    self_round(world)  # 2024-2 in its self-assessment phase
    public = _html(world.client_for("anonymous").get(PAGE))
    assert 'data-round="2023-2"' in public and "/evaluasi/2023-2/52.04/" in public
    assert 'data-round="2024-2"' not in public and "data-self-link" not in public
    other = _html(world.client_for("coordinator_b").get(PAGE))
    assert 'data-round="2024-2"' not in other
    own = _html(world.client_for("coordinator_a").get(PAGE))
    assert 'data-round="2024-2"' in own and "/evaluasi/2024-2/52.04/mandiri/" in own
    # a historical round has no self-assessment to open
    assert own.count("data-self-link") == 1


def test_an_open_self_assessment_is_due_until_submitted(world):
    sr = self_round(world, questions=1)
    with translation.override("en"):
        home = region_home(
            region=world.region_a,
            actor=world.users["coordinator_a"],
            evaluation_rounds=region_rounds(actor=world.users["coordinator_a"], region_id=world.region_a.pk),
        )
    assert "Fill and submit the self-assessment of Evaluasi 2024-2 by 30 June 2024." in home["due"]
    (row,) = region_rounds(actor=world.users["coordinator_a"], region_id=world.region_a.pk)
    assert (row.self_status, row.may_fill_self) == ("", True)
    sa = answer_all(world, sr)
    services.self_assessment_submit(actor=world.users["coordinator_a"], self_assessment=sa)
    (row,) = region_rounds(actor=world.users["coordinator_a"], region_id=world.region_a.pk)
    assert row.self_status == "submitted"
    with translation.override("en"):
        home = region_home(region=world.region_a, actor=world.users["coordinator_a"], evaluation_rounds=[row])
    assert not [d for d in home["due"] if "self-assessment" in d]


def test_nothing_is_due_in_another_phase_or_for_a_reader_who_cannot_fill(world):
    sr = self_round(world, phase="document_review")
    (row,) = region_rounds(actor=world.users["coordinator_a"], region_id=world.region_a.pk)
    assert not row.may_open_self and not row.may_fill_self  # never started: nothing to open
    SelfAssessment.objects.create(entry=sr.entry)
    (row,) = region_rounds(actor=world.users["coordinator_a"], region_id=world.region_a.pk)
    assert row.may_open_self and not row.may_fill_self
    assert region_rounds(actor=world.users["pendamping"], region_id=world.region_a.pk) == []


def test_the_list_costs_the_same_queries_for_one_round_or_many(world):
    published_round(world)
    self_round(world)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            region_rounds(actor=world.users["coordinator_a"], region_id=world.region_a.pk)
        return len(ctx.captured_queries)

    count()  # the actor's memberships are read once, then kept on the user
    few = count()
    for n in range(3):
        self_round(world, code=f"2025-{n + 1}")
    assert count() == few == 2


@pytest.mark.parametrize(
    "role,mine,pool",
    [
        ("assessor", True, False),
        ("ministry_admin", False, True),
        ("coordinator_a", False, False),
        ("anonymous", False, False),
    ],
)
def test_the_menu_leads_assessors_to_their_assessments_and_the_ministry_to_the_pool(world, role, mine, pool):
    html = _html(world.client_for(role).get("/wilayah/"))
    menu = html.split('id="mainnav"', 1)[1].split("</nav>", 1)[0]
    assert ('href="/evaluasi/penilaian-saya/"' in menu) is mine
    assert ('href="/evaluasi/asesor/"' in menu) is pool

"""The pure plan rules: no database."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from kotacerdas.masterplans import rules

CTX = rules.Context(
    start_year=2024, end_year=2028, agency_keys=frozenset({"1", "2"}), dimension_codes=("GOV", "BRD")
)


def codes(problems):
    return [p.code for p in problems]


def test_valid_action_has_no_problem():
    a = rules.ActionFacts(
        "GOV-01.01", "GOV-01", "1", 2024, 2025, [(2024, "APBD", Decimal("1000"))], [(2024, Decimal(10))]
    )
    assert rules.check_action(a, CTX) == []


def test_action_rules():
    a = rules.ActionFacts(
        "", "GOV-01", "9", 2023, 2022, [(2030, "APBD", Decimal("-1")), (2030, "APBD", Decimal(1))]
    )
    found = codes(rules.check_action(a, CTX))
    assert "code_missing" in found
    assert "agency_not_in_region" in found
    assert "years_reversed" in found
    assert "year_outside_plan" in found
    assert "budget_negative" in found
    assert "budget_duplicate" in found
    assert "budget_year_outside_action" in found


def test_duplicate_codes_across_programmes_and_actions_case_insensitive():
    facts = rules.PlanFacts(
        context=CTX,
        programmes=[rules.ProgrammeFacts("GOV-01", "GOV", "1", 2024, 2028)],
        actions=[
            rules.ActionFacts("gov-01", "GOV-01", "1", 2024, 2024),
            rules.ActionFacts("GOV-01.02", "GOV-XX", "1", 2024, 2024),
        ],
    )
    found = codes(rules.check_plan(facts))
    assert found.count("code_duplicate") == 1
    assert "programme_unknown" in found


def test_completeness_needs_quick_win_per_dimension():
    facts = rules.PlanFacts(
        context=CTX,
        programmes=[
            rules.ProgrammeFacts("GOV-01", "GOV", "1", 2024, 2028),
            rules.ProgrammeFacts("BRD-01", "BRD", "1", 2024, 2028),
        ],
        actions=[
            rules.ActionFacts(
                code,
                programme,
                "1",
                2024,
                2024,
                budgets=[(2024, "APBD", Decimal(1))],
                targets=[(2024, Decimal(1))],
                indicator="Jumlah layanan",
            )
            for code, programme in (("GOV-01.01", "GOV-01"), ("BRD-01.01", "BRD-01"))
        ],
        quick_wins=[rules.QuickWinFacts("QW-GOV", "GOV", "1", 2024)],
        vision="Sumbawa Gemilang",
        mission_count=3,
    )
    problems = rules.check_completeness(facts)
    assert [(p.code, p.values.get("dimension")) for p in problems] == [("dimension_without_quick_win", "BRD")]


def test_quick_win_must_be_early():
    late = rules.QuickWinFacts("QW", "GOV", "1", 2027)
    assert codes(rules.check_quick_win(late, CTX)) == ["quick_win_too_late"]
    assert rules.check_quick_win(rules.QuickWinFacts("QW", "GOV", "1", 2025), CTX) == []


@given(st.lists(st.tuples(st.sampled_from(["GOV", "BRD"]), st.integers(0, 5)), max_size=30))
def test_counts_per_dimension_add_up(spec):
    programmes = []
    actions = []
    for i, (dim, n_actions) in enumerate(spec):
        programmes.append(rules.ProgrammeFacts(f"P{i}", dim, "1", 2024, 2025))
        actions += [rules.ActionFacts(f"P{i}.{j}", f"P{i}", "1", 2024, 2024) for j in range(n_actions)]
    counts = rules.counts_per_dimension(rules.PlanFacts(context=CTX, programmes=programmes, actions=actions))
    assert sum(p for p, _ in counts.values()) == len(programmes)
    assert sum(a for _, a in counts.values()) == len(actions)
    assert list(counts) == ["GOV", "BRD"]

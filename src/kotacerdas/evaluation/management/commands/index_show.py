import json
from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kotacerdas.evaluation.rounds import region_index_report, round_find
from kotacerdas.regions.selectors import AMBIGUOUS, region_resolve_many

PEER_LABELS = {"level": "among {value}", "cohort": "in cohort {value}", "kawasan": "in kawasan {value}"}


def _signed(value: str) -> str:
    return value if value.startswith("-") else f"+{value}"


def _rank(rank: int | None, out_of: int | None) -> str:
    return "-" if rank is None else f"{rank} of {out_of}"


class Command(BaseCommand):
    help = (
        "Show a region's index in a round's current computation: as JSON (the computation's part "
        "for the region, with the round, method and digest), or as text explaining it (each "
        "dimension's score × weight = contribution, the index, the published figure, the "
        "improvement over the previous round, the ranks)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--round", required=True, help="the round's code, e.g. 2023-2")
        parser.add_argument(
            "--region", required=True, help="the region's Kemendagri code (52.04) or its name as printed"
        )
        parser.add_argument("--format", choices=("text", "json"), default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        round_ = round_find(options["round"])
        if round_ is None:
            raise CommandError(f"No round {options['round']!r}.")
        match = region_resolve_many([options["region"]])[options["region"]]
        if match.region is None:
            if match.problem == AMBIGUOUS:
                names = ", ".join(f"{r.name} ({r.code})" for r in match.candidates)
                raise CommandError(f"{options['region']!r} could be {names}: give the code.")
            raise CommandError(f"No region {options['region']!r}.")
        if round_.snapshot is None:
            raise CommandError(
                f"{round_.code} has no computed index yet: run kotacerdas compute_index --round {round_.code}."
            )
        report = region_index_report(round_=round_, region=match.region)
        if report is None:
            raise CommandError(f"{match.region.name} ({match.region.code}) is not in round {round_.code}.")
        if options["format"] == "json":
            self.stdout.write(json.dumps(report, indent=2, ensure_ascii=False))
            return
        for line in explanation(report):
            self.stdout.write(line)


def explanation(report: dict[str, Any]) -> list[str]:
    """The report as sentences a person can check by hand."""
    rnd, method, comp, region, result = (
        report["round"],
        report["method"],
        report["computation"],
        report["region"],
        report["result"],
    )
    status = f"published {rnd['published_at'][:10]}" if rnd["published_at"] else f"phase {rnd['phase']}"
    lines = [
        f"{region['name']} ({region['code']}), group {result['group']}",
        f"Round {rnd['code']}: {rnd['name']} ({rnd['year']}, stage {rnd['stage']}), {status}",
        f"Method {method['code']} v{method['version']}; computation #{comp['number']} "
        f"(engine {comp['engine']}, {comp['computed_at'][:19]}), digest {comp['digest']}",
        "",
        f"{'Dimension':<14} {'score':>8}   {'weight':>8}   {'contribution':<12}",
    ]
    for code, d in result["dimensions"].items():
        score = d["published"]
        if Decimal(d["score"]) != Decimal(d["published"]):
            score = f"{d['score']} (printed {d['published']})"
        lines.append(f"{code:<14} {score:>8} × {d['weight'] + ' %':>8} = {d['contribution']}")
    decimals = method["decimals"]
    lines += [
        "",
        f"Index (Indeks Pencapaian) = sum of the contributions = {result['index']}",
        f"Published: {result['index_published']} ({decimals} decimals, rounded half up from the "
        f"unrounded index; the contributions are never rounded)",
    ]
    if result["previous"] is None:
        lines.append("Improvement (Indeks Peningkatan): none (no index in the previous round)")
    else:
        lines.append(
            f"Improvement (Indeks Peningkatan) = {result['index']} - {result['previous']} (previous "
            f"round {rnd['previous']}, unrounded) = {_signed(result['improvement'])}, published "
            f"{_signed(result['improvement_published'])}"
        )
    if result["predicate"]:
        lines.append(f"Predicate: {result['predicate']}")
    ranks, out_of = result["ranks"], report["out_of"]
    parts = [
        f"national {_rank(ranks['national'], out_of['national'])}",
        f"province {_rank(ranks['province'], out_of['province'])}",
    ]
    for kind, label in PEER_LABELS.items():
        value = result["peers"].get(kind)
        if value and ranks.get(kind) is not None:
            parts.append(f"{label.format(value=value)} {_rank(ranks[kind], out_of.get(kind))}")
    lines.append("Ranks: " + ", ".join(parts) + " (ties share a rank)")
    if result["smart"]:
        lines.append(
            "Smart dimensions: "
            + ", ".join(f"{code} {s['published']} (rank {s['rank']})" for code, s in result["smart"].items())
        )
    return lines

"""The benchmark harness runs (``python -m bench --quick``) and writes its results."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow_once  # runs the harness in a subprocess on its own scratch SQLite file

ROOT = Path(__file__).resolve().parent.parent


def _bench(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bench", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


def test_bench_lists_its_benchmarks():
    done = _bench("--list")
    assert done.returncode == 0, done.stderr
    assert "worksheets.import_142" in done.stdout and "worksheets.national_import" in done.stdout
    assert "audit.page_at_scale" in done.stdout
    assert "documents.plan_document" in done.stdout
    assert "monitoring.scales" in done.stdout
    assert "evaluation.national_compute" in done.stdout
    assert "evaluation.board" in done.stdout


def test_bench_quick_writes_the_worksheet_ratios(tmp_path):
    output = tmp_path / "results.json"
    done = _bench(
        "--quick",
        "--only",
        "worksheets.import_142",
        "--only",
        "worksheets.national_import",
        "-o",
        str(output),
    )
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(output.read_text())
    assert report["quick"] is True
    results = {r["name"]: r for r in report["results"]}
    for name in ("worksheets.import_142.ratio", "worksheets.national_import.ratio"):
        assert results[name]["value"] > 0 and results[name]["target"] == 3.0
        assert results[name]["unit"]
    assert results["worksheets.national_import.ratio"]["details"]["plans"] == 20
    assert results["worksheets.import_142.ratio"]["details"]["actions"] == 142
    assert "worksheets.import_142.ratio" in done.stdout  # the table


def test_bench_quick_writes_the_document_ratio(tmp_path):
    output = tmp_path / "results.json"
    done = _bench("--quick", "--only", "documents.plan_document", "-o", str(output))
    assert done.returncode == 0, done.stdout + done.stderr
    results = {r["name"]: r for r in json.loads(output.read_text())["results"]}
    ratio = results["documents.plan_document.ratio"]
    assert ratio["value"] > 0 and ratio["unit"] == "x API plan tree"
    assert ratio["details"]["pages"] > 5 and ratio["details"]["plan_tree_seconds"] > 0
    assert results["documents.docx_seconds"]["value"] > 0


def test_bench_quick_builds_both_monitoring_scales(tmp_path):
    output = tmp_path / "results.json"
    done = _bench("--quick", "--only", "monitoring.scales", "-o", str(output))
    assert done.returncode == 0, done.stdout + done.stderr
    results = {r["name"]: r for r in json.loads(output.read_text())["results"]}
    build = results["monitoring.national_build.seconds"]
    assert build["value"] > 0 and build["details"]["regions"] == 5 and build["details"]["small_regions"] == 2
    assert build["details"]["rollups"] == 5 * 4  # four quarters of every region
    for name in (
        "monitoring.national_dashboard.scale_ratio",
        "monitoring.region_dashboard.scale_ratio",
        "monitoring.dashboards.queries_added",
        "monitoring.approve_vs_save",
        "monitoring.bulk_upload.ratio",
    ):
        figure = results[name]
        # measured, or skipped with the reason while that part of monitoring is not built yet
        assert (figure["value"] is not None and figure["value"] >= 0) or figure["skipped"].startswith(
            "not available"
        ), figure
    queries = results["monitoring.dashboards.queries_added"]
    if queries["value"] is not None:
        assert queries["details"]["national_small"] == queries["details"]["national_national"]
    assert "monitoring.national_build.seconds" in done.stdout

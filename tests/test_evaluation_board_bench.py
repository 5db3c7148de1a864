"""The board benchmark runs (``python -m bench --quick --only evaluation.board``) and reports the
time per region at both sizes with the same number of queries."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow_once  # a subprocess on its own scratch SQLite file

ROOT = Path(__file__).resolve().parent.parent


def test_bench_quick_writes_the_board_ratio(tmp_path):
    output = tmp_path / "results.json"
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--only", "evaluation.board", "-o", str(output)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    results = {r["name"]: r for r in json.loads(output.read_text())["results"]}
    ratio = results["evaluation.board.scale_ratio"]
    assert ratio["value"] > 0 and ratio["target"] == 1.5
    details = ratio["details"]
    assert (details["regions_small"], details["regions_national"]) == (2, 5)
    assert details["queries_small"] == details["queries_national"]

"""The letters benchmark runs (``python -m bench --quick --only evaluation.letters``) and reports
the time per letter and the letters job's peak memory for both round sizes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow_once  # a subprocess on its own scratch SQLite file

ROOT = Path(__file__).resolve().parent.parent


def test_bench_quick_writes_the_letters_figures(tmp_path):
    output = tmp_path / "results.json"
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--only", "evaluation.letters", "-o", str(output)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    results = {r["name"]: r for r in json.loads(output.read_text())["results"]}
    assert results["evaluation.letters.seconds_per_letter"]["value"] > 0
    ratio = results["evaluation.letters.per_letter_ratio"]
    assert (ratio["value"] is not None and ratio["value"] > 0) or ratio["skipped"].startswith("not available")
    memory = results["evaluation.letters.peak_memory_ratio"]
    assert memory["value"] > 0 and memory["target"] == 1.25
    assert (memory["details"]["letters_small"], memory["details"]["letters_large"]) == (5, 20)
    assert results["evaluation.letters.peak_memory_5"]["value"] > 0
    assert results["evaluation.letters.peak_memory_20"]["value"] > 0

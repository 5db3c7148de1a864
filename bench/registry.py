"""The benchmark registry: each benchmark is a function registered with ``@benchmark(name)``.

A benchmark takes the run's ``Options`` and returns one result, or a list of them, each a dict
``{"name", "value", "unit", "target"}`` (``target`` may be ``None`` for a figure that is only
reported) plus optional ``"details"`` (a dict of supporting numbers) and ``"higher_is_better"``
(default ``False``: a value at or below the target passes). A figure the build cannot measure yet
is ``skipped(name, reason)``: its value is ``None`` and it neither passes nor fails.

To add benchmarks, create ``bench/bench_<area>.py`` and decorate functions in it; ``python -m
bench`` imports every ``bench_*`` module, runs every registered benchmark (or those named with
``--only``) on a scratch database and writes ``var/bench/results.json``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Result = dict[str, Any]
BenchFunction = Callable[["Options"], Result | list[Result]]


@dataclass(frozen=True)
class Options:
    quick: bool = False  # a smaller run (the smoke test uses it)
    workdir: str = ""  # a scratch directory the benchmark may write files to


@dataclass(frozen=True)
class Benchmark:
    name: str
    function: BenchFunction
    description: str


BENCHMARKS: dict[str, Benchmark] = {}


def benchmark(name: str) -> Callable[[BenchFunction], BenchFunction]:
    """Register ``function`` under ``name`` (names are unique; use ``area.what``)."""

    def register(function: BenchFunction) -> BenchFunction:
        if name in BENCHMARKS:
            raise ValueError(f"benchmark {name!r} is registered twice")
        doc = (function.__doc__ or "").strip().splitlines()
        BENCHMARKS[name] = Benchmark(name=name, function=function, description=doc[0] if doc else "")
        return function

    return register


def result(
    name: str,
    value: float,
    unit: str,
    target: float | None,
    *,
    details: dict[str, Any] | None = None,
    higher_is_better: bool = False,
) -> Result:
    """A result dict in the shape ``results.json`` uses."""
    out: Result = {"name": name, "value": round(value, 4), "unit": unit, "target": target}
    if higher_is_better:
        out["higher_is_better"] = True
    if details:
        out["details"] = details
    return out


def skipped(name: str, reason: str, *, target: float | None = None) -> Result:
    """A figure this build cannot measure (a part not built yet), with the reason; it neither
    passes nor fails (``value`` is ``None``)."""
    return {"name": name, "value": None, "unit": "", "target": target, "skipped": reason}


def passed(r: Result) -> bool | None:
    """Whether a result meets its target (``None`` when it has none)."""
    target = r.get("target")
    if target is None or r.get("skipped"):
        return None
    return r["value"] >= target if r.get("higher_is_better") else r["value"] <= target

"""``python -m bench`` (``make bench``): run the benchmarks on a scratch database.

The scratch database is a fresh SQLite file in a temporary directory (migrated first), so a
run never touches ``var/kotacerdas.sqlite3``. Results go to ``var/bench/results.json`` and a
table is printed. ``--quick`` makes every benchmark smaller (the smoke test uses it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import os
import pkgutil
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "var" / "bench" / "results.json"


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller runs (a smoke test)")
    parser.add_argument("--only", action="append", default=[], metavar="NAME", help="run only these")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    parser.add_argument("--output", "-o", default=str(DEFAULT_OUTPUT), help="where to write the JSON")
    parser.add_argument("--keep", action="store_true", help="keep the scratch directory")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    return parser.parse_args(argv)


def _scratch_django(workdir: Path) -> None:
    """Point the settings at a scratch directory and database, set Django up, migrate."""
    os.environ["KOTACERDAS_VAR_DIR"] = str(workdir / "var")
    os.environ["KOTACERDAS_MEDIA_ROOT"] = str(workdir / "var" / "media")
    os.environ["KOTACERDAS_ENV"] = "development"
    os.environ["DEBUG"] = "0"  # as in production: no query log
    os.environ.pop("DATABASE_URL", None)  # always the scratch SQLite file
    os.environ["DJANGO_SETTINGS_MODULE"] = "kotacerdas.settings"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def _load_modules() -> None:
    package = Path(__file__).resolve().parent
    for module in pkgutil.iter_modules([str(package)]):
        if module.name.startswith("bench_"):
            importlib.import_module(f"bench.{module.name}")


def _table(results: list[dict]) -> str:
    from bench.registry import passed

    rows = [("benchmark", "value", "unit", "target", "ok")]
    for r in results:
        ok = passed(r)
        rows.append(
            (
                r["name"],
                f"{r['value']:.3f}" if isinstance(r.get("value"), float | int) else str(r.get("value")),
                r.get("unit", ""),
                "" if r.get("target") is None else str(r["target"]),
                "skipped" if r.get("skipped") else "" if ok is None else ("yes" if ok else "NO"),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines += [f"skipped {r['name']}: {r['skipped']}" for r in results if r.get("skipped")]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="kotacerdas-bench-"))
    try:
        _scratch_django(workdir)
        _load_modules()
        from bench.registry import BENCHMARKS, Options, passed

        if args.list:
            for name, b in BENCHMARKS.items():
                print(f"{name:<36} {b.description}")
            return 0
        unknown = [n for n in args.only if n not in BENCHMARKS]
        if unknown:
            print(f"unknown benchmarks: {', '.join(unknown)}", file=sys.stderr)
            return 2
        selected = [BENCHMARKS[n] for n in (args.only or list(BENCHMARKS))]
        options = Options(quick=args.quick, workdir=str(workdir))
        results: list[dict] = []
        started = time.perf_counter()
        for b in selected:
            print(f"running {b.name}{' (quick)' if args.quick else ''} …", flush=True)
            t0 = time.perf_counter()
            out = b.function(options)
            for r in out if isinstance(out, list) else [out]:
                r.setdefault("benchmark", b.name)
                results.append(r)
            print(f"  done in {time.perf_counter() - t0:.1f} s", flush=True)
        report = {
            "generated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "quick": args.quick,
            "seconds": round(time.perf_counter() - started, 1),
            "python": platform.python_version(),
            "machine": platform.machine(),
            "database": "sqlite (scratch)",
            "results": results,
        }
        output = Path(args.output)
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print()
        print(_table(results))
        print(f"\nwritten to {output}")
        missed = [r for r in results if passed(r) is False]
        return 1 if args.strict and missed else 0
    finally:
        if args.keep:
            print(f"scratch directory kept: {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

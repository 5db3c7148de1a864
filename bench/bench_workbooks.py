"""Bounded workbooks: the check every workbook passes before it is parsed (``core.workbooks``).

Peak memory (tracemalloc) of the bounds check on a 400 MB shared-string workbook (target: under
100 MB; the check reads only the zip's directory), and the time to refuse a 1,000,000-row sheet
by counting its rows while streaming (limits wide enough that the row count is what refuses).
"""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

from bench.registry import Options, Result, benchmark, result

TARGET_MB = 100.0


@benchmark("workbooks.bounds_bomb_memory")
def bounds_bomb_memory(options: Options) -> list[Result]:
    """Peak memory of the bounds check on a workbook holding a 400 MB shared string."""
    from tests.worksheet_data import bomb_workbook, many_rows_workbook

    from kotacerdas.core.workbooks import Limits, WorkbookRefused, workbook_check_bounds

    folder = Path(options.workdir) / "workbooks"
    folder.mkdir(parents=True, exist_ok=True)
    megabytes = 100 if options.quick else 400
    bomb = bomb_workbook(folder / "bomb.xlsx", megabytes=megabytes)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        workbook_check_bounds(bomb)
        refused = False
    except WorkbookRefused:
        refused = True
    seconds = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rows = 200_000 if options.quick else 1_000_000
    sheet = many_rows_workbook(folder / "rows.xlsx", rows=rows, dimension=False)
    wide = Limits(
        max_file_bytes=10**9,
        max_uncompressed_bytes=10**10,
        max_part_bytes=10**10,
        max_rows=100_000,
        time_budget_seconds=600,
    )
    tracemalloc.start()
    started = time.perf_counter()
    try:
        workbook_check_bounds(sheet, wide)
        rows_refused = False
    except WorkbookRefused:
        rows_refused = True
    rows_seconds = time.perf_counter() - started
    _current, rows_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return [
        result(
            "workbooks.bounds_bomb_memory.peak",
            peak / 1024 / 1024,
            "MB",
            TARGET_MB,
            details={
                "refused": refused,
                "file_bytes": bomb.stat().st_size,
                "unpacked_mb": megabytes,
                "check_ms": round(seconds * 1000, 1),
            },
        ),
        result(
            "workbooks.bounds_rows.time",
            rows_seconds * 1000,
            "ms",
            None,
            details={
                "refused": rows_refused,
                "rows": rows,
                "file_bytes": sheet.stat().st_size,
                "peak_mb": round(rows_peak / 1024 / 1024, 1),
            },
        ),
    ]

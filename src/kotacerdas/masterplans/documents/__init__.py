"""The master-plan document, generated from the data: the annex (lampiran) of the regulation
that ratifies the plan, as PDF (Typst) and DOCX (python-docx).

``context`` builds one JSON-safe context per version (Indonesian, full month names, amounts with
dots); ``pdf`` lays it out with Typst, ``word`` writes the Word file; ``files`` keeps a frozen
version's files, decides whether a document is made in the request or in a background job, and
names the downloads. The road-map chart is an SVG drawn by ``chart.roadmap_svg`` (pure).

The caller has checked that the actor may read the version (``masterplan.view`` on its region).
"""

from __future__ import annotations

from typing import Any

from ..models import PlanVersion
from .chart import PALETTE, RoadmapCell, roadmap_svg
from .context import build_context, chapters, regent_name
from .files import (
    INLINE_SECONDS,
    cached_document,
    document_bytes,
    document_filename,
    document_rows,
    expected_seconds,
    generation_retry_after,
    record_render,
    store_document,
)
from .pdf import PDF_CONTENT_TYPE, compile_pdf
from .word import DOCX_CONTENT_TYPE, render_docx_from_context


def render_pdf(version: PlanVersion, context: dict[str, Any] | None = None) -> bytes:
    """The master-plan document of ``version`` as PDF bytes."""
    return compile_pdf(context if context is not None else build_context(version))


def render_docx(version: PlanVersion, context: dict[str, Any] | None = None) -> bytes:
    """The same chapters as the PDF as an editable Word document."""
    return render_docx_from_context(context if context is not None else build_context(version))


RENDERERS = {"pdf": render_pdf, "docx": render_docx}


def render_timed(version: PlanVersion, extension: str, context: dict[str, Any] | None = None) -> bytes:
    """Render ``version`` and let the estimate learn how long it took (``record_render``)."""
    import time

    started = time.perf_counter()
    content = RENDERERS[extension](version, context)
    record_render(extension, document_rows(version), time.perf_counter() - started)
    return content


CONTENT_TYPES = {"pdf": PDF_CONTENT_TYPE, "docx": DOCX_CONTENT_TYPE}

__all__ = [
    "CONTENT_TYPES",
    "DOCX_CONTENT_TYPE",
    "INLINE_SECONDS",
    "PALETTE",
    "PDF_CONTENT_TYPE",
    "RENDERERS",
    "RoadmapCell",
    "build_context",
    "cached_document",
    "chapters",
    "document_bytes",
    "document_filename",
    "document_rows",
    "expected_seconds",
    "generation_retry_after",
    "record_render",
    "regent_name",
    "render_docx",
    "render_pdf",
    "render_timed",
    "roadmap_svg",
    "store_document",
]

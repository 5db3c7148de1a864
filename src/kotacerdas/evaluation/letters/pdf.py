"""A result letter as PDF: the letter's template laid out by the product's one Typst renderer
(``masterplans.documents.pdf.typst_pdf``), which reads the context as data through
``sys.inputs`` (names and findings are never Typst source, whatever characters they hold)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kotacerdas.masterplans.documents.pdf import PDF_CONTENT_TYPE, typst_pdf

TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "evaluation" / "letters" / "letter.typ"

__all__ = ["PDF_CONTENT_TYPE", "TEMPLATE", "letter_pdf"]


def letter_pdf(context: dict[str, Any]) -> bytes:
    """The letter of ``context`` (``context.letter_context``'s) as PDF bytes."""
    return typst_pdf(TEMPLATE, context)

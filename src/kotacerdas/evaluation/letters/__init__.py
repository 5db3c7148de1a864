"""The result letter of an evaluation round (*surat hasil evaluasi*), per region, as PDF.

- ``data``: the reads: a round's shared facts once (``round_facts``), one region's figures and
  findings (``letter_facts``), or every region's in batches (``letter_facts_batches``), from the
  round's current computation (its ``RegionResult`` rows, never the snapshot's JSON);
- ``context``: pure: the letter as the JSON its template reads, figures written the Indonesian
  way (``3,48``, ``+0,25``, ``13 dari 191``);
- ``pdf``: the letter laid out by the product's one Typst renderer
  (``masterplans.documents.pdf.typst_pdf``) from ``templates/evaluation/letters/letter.typ``;
- ``archive``: every letter of a round into one zip file, letter by letter (the background job
  ``tasks.letters_work`` calls it), written by ``zipstream.ZipStream`` (its directory spooled to
  disk, so memory stays flat in the number of letters);
- ``selectors``: who may read a letter and a region's findings, and the follow-up of the
  previous round's findings (``findings_to_follow_up``, shown by the include
  ``evaluation/letters/_follow_up.html`` in the next self-assessment); ``forms``: the findings
  page's forms. The writes of findings are ``evaluation.findings``.
"""

from __future__ import annotations

import datetime as dt

from ..models import RoundRegion
from .context import letter_context, letter_filename
from .data import letter_facts, round_facts
from .pdf import PDF_CONTENT_TYPE, letter_pdf


def letter_bytes(entry: RoundRegion, *, today: dt.date) -> bytes | None:
    """The letter of ``entry``'s region in its round's current computation (``None``: not computed)."""
    facts = letter_facts(entry.round, entry.region_id)
    if facts is None:
        return None
    return letter_pdf(letter_context(round_facts(entry.round), facts, today=today))


def entry_letter_filename(entry: RoundRegion) -> str:
    return letter_filename(entry.round.code, entry.region.code, entry.region.name)


__all__ = [
    "PDF_CONTENT_TYPE",
    "entry_letter_filename",
    "letter_bytes",
    "letter_context",
    "letter_filename",
    "letter_pdf",
]

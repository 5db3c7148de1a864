"""Every letter of a round in one zip file, written letter by letter.

Each PDF is laid out, written into the zip (a file on disk, not memory) and dropped before the
next one is made; regions are read in batches (``data.letter_facts_batches``), and the zip's
directory is spooled to disk as it grows (``zipstream.ZipStream``). What the job holds at once
is one batch of figures and one letter, whatever the number of letters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import IO

from ..models import Round
from .context import letter_context, letter_filename
from .data import letter_count, letter_facts_batches, round_facts
from .pdf import letter_pdf
from .zipstream import ZipStream

Progress = Callable[[int, int], None]


def letters_zip_write(
    round_: Round, target: IO[bytes], *, today: dt.date, progress: Progress | None = None
) -> int:
    """Write the letter of every region of ``round_``'s current computation into ``target`` (a
    binary file opened for writing) as a zip; returns how many letters it holds. ``progress(done,
    total)`` is called after each letter."""
    facts = round_facts(round_)
    total = letter_count(round_)
    moment = dt.datetime.combine(today, dt.time())
    with ZipStream(target, moment) as archive:
        for letter in letter_facts_batches(round_):
            content = letter_pdf(letter_context(facts, letter, today=today))
            archive.add(letter_filename(round_.code, letter.region_code, letter.region_name), content)
            del content
            if progress is not None:
                progress(archive.entries, total)
        return archive.entries

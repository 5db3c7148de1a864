"""How a table sheet's columns are described: the reader finds them by header, any order."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Col:
    """One column of a table sheet.

    ``key`` is the field name the row's value is read into; ``header`` the title in row 1
    (matched case- and space-insensitively); ``kind`` how the cell is read (``text``, ``int``
    or ``decimal``); ``optional`` columns may be absent from the sheet; ``choices`` names the
    dropdown list a builder attaches; ``note`` is for an instructions sheet; ``hidden``
    columns are written hidden.
    """

    key: str
    header: str
    kind: str = "text"  # text | int | decimal
    width: int = 14
    required: bool = False
    max_length: int | None = None
    choices: str = ""
    optional: bool = False
    note: str = ""
    hidden: bool = False  # a builder hides the column (an identity the user should not edit)

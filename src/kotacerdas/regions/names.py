"""Region names as people print them, read into one comparable form (no Django).

The ministry's result letters, spreadsheets and minutes name a kabupaten/kota in many ways:
"KAB. BANJAR", "Kabupaten Banjar", "Kab Banjar", "KOTA KEDIRI", "Kota  Kediri ", "PEMKOT
KEDIRI", "KAB. TOLITOLI" for the stored "Kabupaten Toli-Toli", "KOTA BAUBAU" for "Kota Bau
Bau", "KAB. KEP. SELAYAR" for "Kabupaten Kepulauan Selayar". ``name_parse`` reads any of them
into a ``PrintedName``: the level the prefix says (kabupaten, kota, or none), the name's
words, and a ``key`` that ignores case, accents, punctuation, spaces and hyphens, so that
the printed and the stored forms of one region have the same key.

DKI Jakarta's administrative cities and regency ("Kota Administrasi Jakarta Pusat", "Kota
Adm. Jakarta Utara", "Kab. Adm. Kepulauan Seribu") are not autonomous regions: their parse
says ``administrative`` and a resolver leaves them unresolved.

``code_parse`` reads a Kemendagri code as typed or as a spreadsheet turned it into a number:
"35.71", "35,71" (decimal comma), "52.1" (52.10 with its last zero dropped). Four digits
without a dot ("3571") are not accepted: they may be a BPS code, which differs.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

KABUPATEN = "kabupaten"
KOTA = "kota"

# Word sequences that open a printed name, longest first: (words, level, administrative).
PREFIXES: tuple[tuple[tuple[str, ...], str, bool], ...] = (
    (("pemerintah", "kabupaten", "administrasi"), KABUPATEN, True),
    (("pemerintah", "kota", "administrasi"), KOTA, True),
    (("kabupaten", "administrasi"), KABUPATEN, True),
    (("kabupaten", "adm"), KABUPATEN, True),
    (("kab", "administrasi"), KABUPATEN, True),
    (("kab", "adm"), KABUPATEN, True),
    (("kota", "administrasi"), KOTA, True),
    (("kota", "administratif"), KOTA, True),
    (("kota", "adm"), KOTA, True),
    (("pemerintah", "kabupaten"), KABUPATEN, False),
    (("pemerintah", "kota"), KOTA, False),
    (("pemkab",), KABUPATEN, False),
    (("pemkot",), KOTA, False),
    (("kabupaten",), KABUPATEN, False),
    (("kab",), KABUPATEN, False),
    (("kota",), KOTA, False),
)

# Abbreviated words inside a name, written out (the stored names use both forms).
ABBREVIATIONS = {"kep": "kepulauan"}
# Words a key leaves out: "Pangkajene dan Kepulauan" is also printed "Pangkajene Kepulauan".
KEY_SKIPS = frozenset({"dan"})

_WORD = re.compile(r"[0-9a-z]+")
_CODE = re.compile(r"^(\d{2})[.,](\d{1,2})$")


@dataclass(frozen=True)
class PrintedName:
    """A printed region name, read: the level its prefix gives and the name's words."""

    level: str | None  # KABUPATEN, KOTA, or None when the text has no prefix
    words: tuple[str, ...]
    administrative: bool = False

    @property
    def name(self) -> str:
        """The name without its prefix, lower case, words separated by one space."""
        return " ".join(self.words)

    @property
    def key(self) -> str:
        """What two printings of one name share: the words run together ("toli toli" → "tolitoli"),
        without "dan"."""
        return "".join(w for w in self.words if w not in KEY_SKIPS)


def fold(text: str) -> str:
    """Lower case without accents (NFKD, combining marks dropped)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def words(text: str) -> list[str]:
    """The words of ``text``: letters and digits only, abbreviations written out."""
    return [ABBREVIATIONS.get(w, w) for w in _WORD.findall(fold(text))]


def name_parse(text: str) -> PrintedName:
    """Read a printed name: "KAB. BANJAR" → (kabupaten, "banjar"), "Kota  Kediri" → (kota, "kediri"),
    "BANJAR" → (None, "banjar"), "Kota Adm. Jakarta Pusat" → administrative."""
    found = words(text)
    for prefix, level, administrative in PREFIXES:
        if tuple(found[: len(prefix)]) == prefix:
            return PrintedName(level, tuple(found[len(prefix) :]), administrative)
    return PrintedName(None, tuple(found))


def code_parse(text: str) -> str | None:
    """A kabupaten/kota's Kemendagri code in its stored form ("35.71"), or None if ``text`` is not one.

    "35,71" (decimal comma) and "52.1" (a number that lost its last zero, i.e. 52.10) are read too.
    """
    match = _CODE.match(" ".join(text.split()))
    if match is None:
        return None
    province, regency = match.groups()
    if len(regency) == 1:
        regency += "0"
    return f"{province}.{regency}"

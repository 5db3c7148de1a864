"""The Indonesian catalogue: complete, compiled, up to date with the code, and used by default.

`make messages` (makemessages + compilemessages) refreshes the catalogues; these tests fail
when a string was added to the code without a translation, or the .mo was not recompiled.
The up-to-date check runs Django's makemessages (GNU gettext's xgettext) on a copy of the
source tree, so the committed files are never touched.
"""

from __future__ import annotations

import ast
import gettext
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

import kotacerdas

PACKAGE_DIR = Path(kotacerdas.__file__).resolve().parent
PO_ID = PACKAGE_DIR / "locale" / "id" / "LC_MESSAGES" / "django.po"
MO_ID = PO_ID.with_suffix(".mo")

# %(name)s and %s style placeholders, {{ var }} of blocktranslate, HTML entities
PLACEHOLDER = re.compile(r"%\([^)]+\)[sdif]|%[sdif%]|\{\{[^}]*\}\}|&[a-z]+;|&#\d+;")

type Key = tuple[str | None, str, str | None]  # (msgctxt, msgid, msgid_plural)


class Entry:
    def __init__(self) -> None:
        self.flags: set[str] = set()
        self.ctxt: str | None = None
        self.msgid: str | None = None
        self.plural: str | None = None
        self.msgstr: dict[int, str] = {}

    @property
    def key(self) -> Key:
        assert self.msgid is not None
        return (self.ctxt, self.msgid, self.plural)


def parse_po(path: Path) -> list[Entry]:
    """The live entries of a .po file (obsolete `#~` entries and the header are left out)."""
    entries: list[Entry] = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        entry, field = Entry(), ""
        for line in block.splitlines():
            if line.startswith("#~") or not line.strip():
                continue
            if line.startswith("#,"):
                entry.flags |= {flag.strip() for flag in line[2:].split(",")}
                continue
            if line.startswith("#"):
                continue
            match = re.match(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(\".*\")$", line)
            if match:
                field, text = match.group(1), ast.literal_eval(match.group(2))
                if field == "msgctxt":
                    entry.ctxt = text
                elif field == "msgid":
                    entry.msgid = text
                elif field == "msgid_plural":
                    entry.plural = text
                else:
                    entry.msgstr[int(field[7:-1]) if "[" in field else 0] = text
                continue
            assert line.startswith('"'), f"{path}: unexpected line {line!r}"
            text = ast.literal_eval(line)
            if field == "msgctxt":
                entry.ctxt = (entry.ctxt or "") + text
            elif field == "msgid":
                entry.msgid = (entry.msgid or "") + text
            elif field == "msgid_plural":
                entry.plural = (entry.plural or "") + text
            else:
                index = int(field[7:-1]) if "[" in field else 0
                entry.msgstr[index] += text
        if entry.msgid:  # the header has an empty msgid
            entries.append(entry)
    return entries


def po_header(path: Path) -> str:
    match = re.search(r'msgid ""\nmsgstr ""\n((?:".*"\n)+)', path.read_text(encoding="utf-8"))
    assert match, f"{path} has no header"
    return "".join(ast.literal_eval(line) for line in match.group(1).splitlines())


def test_indonesian_header_is_utf8_with_one_plural_form() -> None:
    header = po_header(PO_ID)
    assert "Content-Type: text/plain; charset=UTF-8\n" in header
    assert "Language: id\n" in header
    assert "Plural-Forms: nplurals=1; plural=0;\n" in header


def test_every_indonesian_string_is_translated_and_checked() -> None:
    entries = parse_po(PO_ID)
    assert len(entries) > 500
    untranslated = [e.msgid for e in entries if not e.msgstr or not all(s.strip() for s in e.msgstr.values())]
    fuzzy = [e.msgid for e in entries if "fuzzy" in e.flags]
    assert not untranslated, f"untranslated in {PO_ID}: {untranslated}"
    assert not fuzzy, f"fuzzy (unchecked) in {PO_ID}: {fuzzy}"
    # one plural form in Indonesian: every plural entry has exactly msgstr[0]
    wrong_plurals = [e.msgid for e in entries if e.plural is not None and set(e.msgstr) != {0}]
    assert not wrong_plurals, wrong_plurals
    # the same placeholders, entities and surrounding whitespace as the English msgid
    broken = []
    for e in entries:
        assert e.msgid is not None
        for text in e.msgstr.values():
            source = e.plural if e.plural is not None else e.msgid
            if sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(source)):
                broken.append((e.msgid, text))
            lead, trail = len(e.msgid) - len(e.msgid.lstrip()), len(e.msgid) - len(e.msgid.rstrip())
            if (text[:lead], text[len(text) - trail :]) != (e.msgid[:lead], e.msgid[len(e.msgid) - trail :]):
                broken.append((e.msgid, text))
    assert not broken, f"placeholders or whitespace differ: {broken}"


def test_msgfmt_accepts_the_indonesian_catalogue() -> None:
    done = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(PO_ID)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "untranslated" not in done.stderr and "fuzzy" not in done.stderr, done.stderr


def test_compiled_catalogue_matches_the_po_file() -> None:
    """The .mo read at run time holds exactly the translations of the .po (compilemessages ran)."""
    with MO_ID.open("rb") as handle:
        compiled: dict[Any, str] = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    stale = []
    for e in parse_po(PO_ID):
        msgid = e.msgid if e.ctxt is None else f"{e.ctxt}\x04{e.msgid}"
        if e.plural is None:
            if compiled.get(msgid) != e.msgstr[0]:
                stale.append(e.msgid)
        elif compiled.get((msgid, 0)) != e.msgstr[0]:
            stale.append(e.msgid)
    assert not stale, f"{MO_ID} is older than the .po; run make messages. Differs: {stale}"
    with translation.override("id"):
        assert translation.gettext("Save") == "Simpan"
        assert translation.ngettext("%(n)s region", "%(n)s regions", 2) % {"n": 2} == "2 daerah"


def _copy_sources(target: Path) -> None:
    def ignore(directory: str, names: list[str]) -> set[str]:
        skipped = {n for n in names if n == "__pycache__" or n.endswith((".pyc", ".mo"))}
        if Path(directory).name == "static":
            skipped |= {"vendor"} & set(names)
        return skipped

    shutil.copytree(PACKAGE_DIR, target, ignore=ignore)


def test_catalogue_is_up_to_date_with_the_code(tmp_path: Path, settings: Any, monkeypatch: Any) -> None:
    """makemessages on a copy of the sources finds no msgid the committed catalogue lacks (nor a stale one)."""
    copy = tmp_path / "kotacerdas"
    _copy_sources(copy)
    settings.LOCALE_PATHS = [copy / "locale"]
    monkeypatch.chdir(copy)
    call_command(
        "makemessages", locale=["id"], no_obsolete=True, ignore_patterns=["static/vendor/*"], verbosity=0
    )
    committed = {e.key for e in parse_po(PO_ID)}
    extracted = {e.key for e in parse_po(copy / "locale" / "id" / "LC_MESSAGES" / "django.po")}
    new = sorted(extracted - committed, key=str)
    stale = sorted(committed - extracted, key=str)
    hint = "run `make messages` and translate the new entries in locale/id"
    assert not new, f"strings in the code missing from {PO_ID} ({hint}): {new}"
    assert not stale, f"strings in {PO_ID} the code no longer uses ({hint}): {stale}"


@pytest.mark.django_db
def test_home_page_is_indonesian_by_default() -> None:
    response = Client().get(reverse("site:home"))
    assert response.status_code == 200
    assert response["Content-Language"] == "id"
    html = response.content.decode()
    assert '<html lang="id">' in html
    assert ">Beranda</a>" in html and ">Home</a>" not in html
    assert ">Daerah</a>" in html and ">Masuk</a>" in html


@pytest.mark.django_db
def test_home_page_is_english_with_the_language_cookie(settings: Any) -> None:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("site:home"))
    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert ">Home</a>" in html and ">Beranda</a>" not in html
    assert ">Regions</a>" in html and ">Log in</a>" in html

"""Region names as printed in letters: read without a database (``regions.names``), then resolved
to the kabupaten/kota in force in one query (``regions.selectors.region_resolve_many``)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kotacerdas.regions.names import KABUPATEN, KOTA, code_parse, name_parse
from kotacerdas.regions.selectors import ADMINISTRATIVE, AMBIGUOUS, UNKNOWN, region_resolve_many

from .factories import RegionFactory

# ---------------------------------------------------------------- pure: the printed forms


@pytest.mark.parametrize(
    ("text", "level", "key"),
    [
        ("KAB. BANJAR", KABUPATEN, "banjar"),
        ("KABUPATEN BANJAR", KABUPATEN, "banjar"),
        ("Kab Banjar", KABUPATEN, "banjar"),
        ("kab.banjar", KABUPATEN, "banjar"),
        ("  Kab.   Banjar  ", KABUPATEN, "banjar"),
        ("Pemerintah Kabupaten Banjar", KABUPATEN, "banjar"),
        ("PEMKAB BANJAR", KABUPATEN, "banjar"),
        ("Kabupaten Banjar", KABUPATEN, "banjar"),
        ("KOTA KEDIRI", KOTA, "kediri"),
        ("Kota  Kediri.", KOTA, "kediri"),
        ("PEMKOT KEDIRI", KOTA, "kediri"),
        ("BANJAR", None, "banjar"),
        ("Kediri", None, "kediri"),
        ("KAB. TOLITOLI", KABUPATEN, "tolitoli"),
        ("Kabupaten Toli-Toli", KABUPATEN, "tolitoli"),
        ("KOTA BAUBAU", KOTA, "baubau"),
        ("Kota Bau Bau", KOTA, "baubau"),
        ("KOTA PEMATANG SIANTAR", KOTA, "pematangsiantar"),
        ("KAB. KEP. SELAYAR", KABUPATEN, "kepulauanselayar"),
        ("Kabupaten Kepulauan Selayar", KABUPATEN, "kepulauanselayar"),
        ("Kabupaten Kep. Siau Tagulandang Biaro", KABUPATEN, "kepulauansiautagulandangbiaro"),
        ("KAB. PANGKAJENE KEPULAUAN", KABUPATEN, "pangkajenekepulauan"),
        ("Kabupaten Pangkajene dan Kepulauan", KABUPATEN, "pangkajenekepulauan"),
        ("KAB. KOTABARU", KABUPATEN, "kotabaru"),
        ("Kotamobagu", None, "kotamobagu"),
        ("KAB. BÉNER MERIAH", KABUPATEN, "benermeriah"),
        ("KAB.", KABUPATEN, ""),
        ("", None, ""),
    ],
)
def test_printed_forms(text, level, key):
    parsed = name_parse(text)
    assert (parsed.level, parsed.key) == (level, key)
    assert not parsed.administrative


@pytest.mark.parametrize(
    "text",
    [
        "Kota Administrasi Jakarta Pusat",
        "KOTA ADM. JAKARTA UTARA",
        "Kota Adm Jakarta Barat",
        "Kabupaten Administrasi Kepulauan Seribu",
        "KAB. ADM. KEP. SERIBU",
    ],
)
def test_dki_administrative_cities_are_marked(text):
    assert name_parse(text).administrative


def test_the_name_keeps_its_words():
    assert name_parse("KAB.  TANJUNG JABUNG   BARAT").name == "tanjung jabung barat"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("35.71", "35.71"),
        (" 35.71 ", "35.71"),
        ("35,71", "35.71"),  # decimal comma
        ("52.1", "52.10"),  # 52.10 typed as a number, its last zero dropped
        ("3571", None),  # may be a BPS code
        ("52", None),  # a province
        ("35.711", None),
        ("KOTA KEDIRI", None),
        ("", None),
    ],
)
def test_codes(text, code):
    assert code_parse(text) == code


_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=10).filter(
    lambda w: (
        w
        not in {
            "kab",
            "kabupaten",
            "kota",
            "kep",
            "dan",
            "adm",
            "administrasi",
            "administratif",
            "pemkab",
            "pemkot",
        }
    )
)
_PREFIXES = {
    KABUPATEN: ["KAB.", "KAB", "Kab.", "Kab", "KABUPATEN", "Kabupaten", "kabupaten", "PEMKAB", "Kab.\u00a0"],
    KOTA: ["KOTA", "Kota", "kota", "KOTA.", "PEMKOT", "Pemerintah Kota"],
}


@given(
    words=st.lists(_WORD, min_size=1, max_size=4),
    level=st.sampled_from([KABUPATEN, KOTA]),
    prefix_index=st.integers(min_value=0, max_value=8),
    case=st.sampled_from(["upper", "lower", "title", "keep"]),
    gap=st.sampled_from([" ", "  ", "\t", " - ", ". "]),
    edge=st.sampled_from(["", " ", "  ", "."]),
)
def test_any_printing_reads_as_the_stored_name(words, level, prefix_index, case, gap, edge):
    """The stored "Kabupaten X Y" and any printing of it (prefix form, case, spaces, punctuation)
    give the same level and key; the same words without a prefix give the key and no level."""
    stored = f"{'Kabupaten' if level == KABUPATEN else 'Kota'} {' '.join(w.title() for w in words)}"
    prefixes = _PREFIXES[level]
    name = gap.join(words)
    name = {"upper": name.upper(), "lower": name.lower(), "title": name.title(), "keep": name}[case]
    printed = f"{edge}{prefixes[prefix_index % len(prefixes)]} {name}{edge}"
    expected = name_parse(stored)
    assert expected.level == level
    got = name_parse(printed)
    assert (got.level, got.key) == (level, expected.key)
    bare = name_parse(name)
    assert (bare.level, bare.key) == (None, expected.key)


@given(st.text(max_size=40))
def test_any_text_parses_and_keys_hold_only_letters_and_digits(text):
    parsed = name_parse(text)
    assert parsed.key == "" or parsed.key.isalnum()
    assert parsed.key == parsed.key.lower()


# ---------------------------------------------------------------- resolving against the regions


@pytest.fixture
def regions(db):
    made = {
        code: RegionFactory(code=code, name=name)
        for code, name in [
            ("63.03", "Kabupaten Banjar"),
            ("32.79", "Kota Banjar"),
            ("35.71", "Kota Kediri"),
            ("35.06", "Kabupaten Kediri"),
            ("15.71", "Kota Jambi"),
            ("72.04", "Kabupaten Toli-Toli"),
            ("74.72", "Kota Bau Bau"),
            ("31.71", "Kota Administrasi Jakarta Pusat"),
            ("93.01", "Kabupaten Merauke"),
        ]
    }
    # 91.01 was Merauke's code before Papua Selatan was split from Papua (2022).
    made["91.01"] = RegionFactory(
        code="91.01",
        name="Kabupaten Merauke",
        valid_until=dt.date(2022, 7, 24),
        replaced_by=made["93.01"],
    )
    return made


def test_printed_names_and_codes_resolve(regions):
    texts = [
        "KAB. BANJAR",
        "KOTA BANJAR",
        "KOTA KEDIRI",
        "Kabupaten  Kediri",
        "kota jambi",
        "KAB. TOLITOLI",
        "KOTA BAUBAU",
        "35.71",
        "35,71",
        "JAMBI",
        "91.01",
        "KAB. MERAUKE",
    ]
    found = region_resolve_many(texts)
    assert {text: m.region.code for text, m in found.items()} == {
        "KAB. BANJAR": "63.03",
        "KOTA BANJAR": "32.79",
        "KOTA KEDIRI": "35.71",
        "Kabupaten  Kediri": "35.06",
        "kota jambi": "15.71",
        "KAB. TOLITOLI": "72.04",
        "KOTA BAUBAU": "74.72",
        "35.71": "35.71",
        "35,71": "35.71",
        "JAMBI": "15.71",  # one region has that name: no prefix needed
        "91.01": "93.01",  # a retired code resolves to the code that replaced it
        "KAB. MERAUKE": "93.01",  # the name matches the region in force only
    }
    assert all(m.problem == "" for m in found.values())


def test_a_name_shared_by_a_kabupaten_and_a_kota_is_ambiguous(regions):
    found = region_resolve_many(["BANJAR", "Kediri"])
    assert found["BANJAR"].region is None
    assert found["BANJAR"].problem == AMBIGUOUS
    assert {r.code for r in found["BANJAR"].candidates} == {"63.03", "32.79"}
    assert {r.code for r in found["Kediri"].candidates} == {"35.71", "35.06"}


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("KOTA ADM. JAKARTA PUSAT", ADMINISTRATIVE),
        ("Kota Administrasi Jakarta Pusat", ADMINISTRATIVE),
        ("JAKARTA PUSAT", ADMINISTRATIVE),
        ("KOTA JAKARTA PUSAT", ADMINISTRATIVE),
        ("KAB. JAMBI", UNKNOWN),  # Jambi is a kota: the prefix must agree
        ("KOTA ATLANTIS", UNKNOWN),
        ("KAB.", UNKNOWN),
        ("99.99", UNKNOWN),
        ("35", UNKNOWN),  # a province's code is not a kabupaten/kota
        ("", UNKNOWN),
    ],
)
def test_what_does_not_resolve_says_why(regions, text, problem):
    found = region_resolve_many([text])[text]
    assert (found.region, found.problem) == (None, problem)


def test_results_keep_the_texts_as_given(regions):
    texts = ["  KOTA KEDIRI ", "KOTA KEDIRI"]
    found = region_resolve_many(texts)
    assert list(found) == texts
    assert found["  KOTA KEDIRI "].region == found["KOTA KEDIRI"].region


def test_one_query_whatever_the_number_of_texts(regions, django_assert_num_queries):
    few = ["KOTA KEDIRI", "35.06"]
    many = few + [f"KAB. NAMA {i}" for i in range(50)] + [f"35.{i:02d}" for i in range(1, 50)]
    with django_assert_num_queries(1):
        region_resolve_many(few)
    with django_assert_num_queries(1):
        found = region_resolve_many(many)
    assert found["KOTA KEDIRI"].region.code == "35.71"
    with django_assert_num_queries(0):
        assert region_resolve_many([]) == {}

"""Numbers as Indonesians (and English readers) write them: parsing and formatting (pure)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kotacerdas.core.numbers import NumberError, format_number, parse_number


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("408.000.000", "id", Decimal(408_000_000)),
        ("408000000", "id", Decimal(408_000_000)),
        ("12,5", "id", Decimal("12.5")),
        ("1.234,75", "id", Decimal("1234.75")),
        (" -2.500 ", "id", Decimal(-2500)),
        ("0,25", "id", Decimal("0.25")),
        (",5", "id", Decimal("0.5")),
        ("408,000,000", "en", Decimal(408_000_000)),
        ("12.5", "en", Decimal("12.5")),
        ("1,234.75", "en", Decimal("1234.75")),
        ("250000000", "en", Decimal(250_000_000)),
        ("1 000 000", "id", Decimal(1_000_000)),
        ("", "id", None),
        ("   ", "en", None),
    ],
)
def test_parse_accepts_the_language_style(text, language, expected):
    assert parse_number(text, language) == expected


@pytest.mark.parametrize(
    ("text", "language", "code"),
    [
        ("12,5,3", "id", "decimal"),
        ("12,5,3", "en", "grouping"),
        ("12.5.3", "en", "decimal"),
        ("abc", "id", "characters"),
        ("12a", "en", "characters"),
        ("Rp 5", "id", "characters"),
        ("12.5", "id", "grouping"),  # a dot groups thousands in Indonesian: ambiguous, refused
        ("1,5", "en", "grouping"),
        ("1.0000", "id", "grouping"),
        ("1.000,5.0", "id", "grouping"),
        ("12,", "id", "decimal"),
        ("-", "id", "characters"),
        ("1e5", "en", "characters"),
    ],
)
def test_parse_refuses_bad_input_with_a_reason(text, language, code):
    with pytest.raises(NumberError) as refused:
        parse_number(text, language)
    assert refused.value.code == code


@pytest.mark.parametrize(
    ("value", "language", "expected"),
    [
        (Decimal("408000000.00"), "id", "408.000.000"),
        (Decimal("408000000.00"), "en", "408,000,000"),
        (Decimal("12.50"), "id", "12,5"),
        (Decimal("12.50"), "en", "12.5"),
        (Decimal("3.00"), "id", "3"),
        (Decimal("-1234.5"), "id", "-1.234,5"),
        (Decimal("999"), "id", "999"),
        (Decimal("0.00"), "en", "0"),
        (Decimal("1E+3"), "id", "1.000"),
        (1500, "en-us", "1,500"),
        (None, "id", ""),
    ],
)
def test_format_in_the_language_style_without_trailing_zeros(value, language, expected):
    assert format_number(value, language) == expected


def test_format_with_fixed_places_rounds_half_up():
    assert format_number(Decimal("1234.565"), "id", places=2) == "1.234,57"
    assert format_number(Decimal("1234.4"), "en", places=0) == "1,234"
    assert format_number(Decimal("-0.4"), "en", places=0) == "0"


amounts = st.decimals(
    min_value=Decimal("-999999999999999.99"),
    max_value=Decimal("999999999999999.99"),
    places=2,
    allow_nan=False,
    allow_infinity=False,
)


@given(value=amounts, language=st.sampled_from(["id", "en"]))
def test_what_is_shown_reads_back_as_the_same_number(value, language):
    assert parse_number(format_number(value, language), language) == value


@given(value=amounts)
def test_the_two_styles_only_swap_the_separators(value):
    swapped = format_number(value, "id").translate(str.maketrans(".,", ",."))
    assert swapped == format_number(value, "en")


@given(text=st.text(max_size=12))
def test_any_text_is_a_number_or_a_clear_refusal(text):
    for language in ("id", "en"):
        try:
            parsed = parse_number(text, language)
        except NumberError as refused:
            assert refused.code in {"characters", "decimal", "grouping"}
        else:
            assert parsed is None or parsed.is_finite()

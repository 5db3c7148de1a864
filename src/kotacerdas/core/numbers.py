"""Numbers as people write them: ``408.000.000`` and ``12,5`` in Indonesian, ``408,000,000`` and
``12.5`` in English. Pure functions (no Django): the forms, the templates and the documents use
them, so a number is read and shown one way everywhere.

``parse_number`` refuses what is ambiguous instead of guessing: in Indonesian ``12.5`` is
neither a thousands group nor a decimal (a group after a dot has three digits), so it is
refused with a message that shows the expected form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation


@dataclass(frozen=True)
class NumberStyle:
    """The separators of one language."""

    group: str  # thousands separator
    decimal: str  # decimal separator


INDONESIAN = NumberStyle(group=".", decimal=",")
ENGLISH = NumberStyle(group=",", decimal=".")


def style_for(language: str | None) -> NumberStyle:
    """The style of a language code (``id``, ``id-ID``, ``en``, ``en-us``); Indonesian by default."""
    return ENGLISH if (language or "").lower().startswith("en") else INDONESIAN


class NumberError(ValueError):
    """Input that is not a number in the expected style. ``code`` names the reason."""

    def __init__(self, code: str, text: str) -> None:
        super().__init__(f"{code}: {text!r}")
        self.code = code
        self.text = text


_SPACES = re.compile(r"[\s\u00a0\u202f]+")


def parse_number(text: str, language: str | None = None) -> Decimal | None:
    """The number written in ``text`` in the style of ``language``; ``None`` for an empty input.

    Accepted: an optional sign, digits with or without the thousands separator (groups of
    three), and at most one decimal separator followed by digits. Spaces are ignored.
    Raises ``NumberError`` with ``code``:
    ``characters`` (letters or other signs), ``decimal`` (more than one decimal separator),
    ``grouping`` (a thousands separator in the wrong place, e.g. ``12.5`` in Indonesian).
    """
    style = style_for(language)
    cleaned = _SPACES.sub("", text or "")
    if not cleaned:
        return None
    sign = ""
    if cleaned[0] in "+-":
        sign, cleaned = ("-" if cleaned[0] == "-" else ""), cleaned[1:]
    allowed = set("0123456789") | {style.group, style.decimal}
    if not cleaned or any(ch not in allowed for ch in cleaned):
        raise NumberError("characters", text)
    if cleaned.count(style.decimal) > 1:
        raise NumberError("decimal", text)
    whole, _sep, fraction = cleaned.partition(style.decimal)
    if style.group in fraction:
        raise NumberError("grouping", text)
    if _sep and not fraction:
        raise NumberError("decimal", text)
    if style.group in whole:
        groups = whole.split(style.group)
        if not (1 <= len(groups[0]) <= 3) or any(len(g) != 3 for g in groups[1:]):
            raise NumberError("grouping", text)
        whole = "".join(groups)
    if not whole:
        if not fraction:
            raise NumberError("characters", text)
        whole = "0"
    try:
        value = Decimal(f"{sign}{whole}.{fraction}" if fraction else f"{sign}{whole}")
    except InvalidOperation as exc:  # pragma: no cover - the checks above leave only digits
        raise NumberError("characters", text) from exc
    return value


def format_number(
    value: Decimal | int | float | None, language: str | None = None, places: int | None = None
) -> str:
    """``value`` in the style of ``language``: thousands grouped, no trailing zeros after the
    decimal separator (``12.50`` -> ``12,5``; ``3.00`` -> ``3``), or exactly ``places`` decimals
    (rounded half up) when given. ``None`` gives an empty string."""
    if value is None:
        return ""
    style = style_for(language)
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    if places is not None:
        number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    elif number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    else:
        number = number.normalize()
    text = f"{number:,f}"  # 1,234.5 whatever the locale; then the separators of the language
    if text.startswith("-") and not text.strip("-0.,"):
        text = text[1:]  # no "-0"
    if style is ENGLISH:
        return text
    return text.translate(_TO_INDONESIAN)


_TO_INDONESIAN = str.maketrans({",": ".", ".": ","})


def example(language: str | None = None) -> str:
    """A short example of the style, for messages and placeholders: ``408.000.000 atau 12,5``."""
    return f"{format_number(Decimal(408_000_000), language)} / {format_number(Decimal('12.5'), language)}"

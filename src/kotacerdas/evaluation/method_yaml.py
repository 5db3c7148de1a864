"""The file format of an evaluation method version: YAML in, checked canonical data, YAML out.

``method_yaml_load`` parses a file (no anchors or aliases, no repeated keys);
``method_read(data, smart_codes)`` checks the parsed data and returns its **canonical form**
and every problem found, each naming its path (``dimensions[OUTCOME].indicators[1].name``);
``method_digest`` is the SHA-256 of the canonical form; ``method_yaml_dump`` writes the
canonical form back as YAML. Nothing here touches the database: the services in
``methods.py`` pass the known smart-dimension codes in and store what comes out.

The canonical form has every key (optional ones filled with their defaults), decimals as
strings without trailing zeros (``"3.5"``, ``"10"``), bands highest first and descriptors in
the order of the scale's levels, so two files that say the same thing have the same digest.
Decimals are read from strings (or whole numbers), never from binary floats: ``3.50``
without quotes is refused with a message asking for quotes.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import partial
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .choices import AnswerKind, Combine, DimensionRule, Rounding

# Field limits of the models the canonical form is stored in.
CODE_MAX = 40
NAME_MAX = 200
DIMENSION_CODE_MAX = 20
INDICATOR_NUMBER_MAX = 10
INDICATOR_NAME_MAX = 300
SUBINDICATOR_NUMBER_MAX = 12
QUESTION_NUMBER_MAX = 16
KEY_MAX = 40
GROUP_CODE_MAX = 30
BAND_LABEL_MAX = 60
DECIMAL_PLACES = 2
SCALE_DIGITS = 6  # scale bounds, levels, band minimums: DecimalField(6, 2)
DISAGREEMENT_DIGITS = 4
WEIGHT_DIGITS = 5
MAX_DECIMALS = 4  # published decimals (results are stored with four)
MAX_QUESTIONS = 5000
HUNDRED = Decimal(100)

SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
DIMENSION_CODE = re.compile(r"^[A-Z][A-Z0-9_]*$")
NUMBER = re.compile(r"^[0-9A-Za-z]+(?:\.[0-9A-Za-z]+)*$")

TOP_KEYS = (
    "code",
    "name",
    "description",
    "scale",
    "combine",
    "dimension_rule",
    "decimals",
    "rounding",
    "disagreement_levels",
    "calibrated_official",
    "bands",
    "dimensions",
    "groups",
)
QUESTION_KEYS = (
    "number",
    "text",
    "guidance",
    "evidence_expected",
    "descriptors",
    "answer",
    "smart_dimension",
)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a method file: where (a path into the data) and what."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


def question_key(dimension: str, indicator: str, question: str) -> str:
    """A question's key in its method: ``<DIM>-<indicator number>-<question number>``."""
    return f"{dimension}-{indicator}-{question}"


def decimal_text(value: Decimal) -> str:
    """The canonical text of a decimal: fixed point, no trailing zeros (``3.50`` → ``"3.5"``)."""
    if value == 0:
        return "0"
    return format(value.normalize(), "f")


def method_digest(canonical: Mapping[str, Any]) -> str:
    """SHA-256 of a method's canonical form (canonical JSON: sorted keys, no spaces)."""
    text = json.dumps(canonical, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


# ---------------------------------------------------------------- YAML in and out


class _Loader(yaml.SafeLoader):
    """Safe loading without anchors and aliases (a method file needs none) or repeated keys."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "anchors and aliases (*name) are not accepted", event.start_mark
            )
        return super().compose_node(parent, index)

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        seen: set[Any] = set()
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                repeated = key in seen
            except TypeError:  # a key that cannot be hashed: the base class reports it
                break
            if repeated:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key {key!r} appears twice in one mapping", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def method_yaml_load(text: str | bytes) -> Any:
    """Parse a method file; ``ValidationError({"file": ...})`` naming the line when it is not YAML."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            raise ValidationError({"file": [_("The file is not UTF-8 text.")]}) from None
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 (a SafeLoader subclass)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = _("line %(line)s, column %(column)s") % {
            "line": mark.line + 1 if mark else "?",
            "column": mark.column + 1 if mark else "?",
        }
        raise ValidationError(
            {
                "file": [
                    _("The file is not valid YAML (%(where)s): %(why)s")
                    % {"where": where, "why": exc.problem}
                ]
            }
        ) from None
    except yaml.YAMLError as exc:
        raise ValidationError({"file": [_("The file is not valid YAML: %(why)s") % {"why": exc}]}) from None


class _Flow(list[Any]):
    """A list written on one line (``[a, b]``)."""


class _FlowMap(dict[str, Any]):
    """A mapping written on one line (``{a: b}``)."""


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)  # lists indented under their key


def _str_representer(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    # YAML folds the other line breaks (CR, NEL, LS, PS) of plain or single-quoted text into
    # spaces: only double quotes keep them (escaped)
    style: str | None = None
    if any(c in value for c in "\r\x85\u2028\u2029"):
        style = '"'
    elif "\n" in value:
        style = "|"
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_representer)
_Dumper.add_representer(_Flow, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))
_Dumper.add_representer(
    _FlowMap, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v.items(), flow_style=True)
)


def _question_out(q: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"number": q["number"], "text": q["text"]}
    for key in ("guidance", "evidence_expected", "descriptors"):
        if q[key]:
            out[key] = q[key]
    out["answer"] = q["answer"]
    if q["smart_dimension"]:
        out["smart_dimension"] = q["smart_dimension"]
    return out


def method_yaml_dump(canonical: Mapping[str, Any]) -> str:
    """A method's canonical form as YAML (empty optional question fields left out)."""
    data = dict(canonical)
    data["scale"] = {**canonical["scale"], "levels": _Flow(canonical["scale"]["levels"])}
    data["bands"] = [_FlowMap(b) for b in canonical["bands"]]
    data["dimensions"] = [
        {
            **d,
            "indicators": [
                {
                    **i,
                    "subindicators": [
                        {**s, "questions": [_question_out(q) for q in s["questions"]]}
                        for s in i["subindicators"]
                    ],
                }
                for i in d["indicators"]
            ],
        }
        for d in canonical["dimensions"]
    ]
    data["groups"] = [{**g, "weights": _FlowMap(g["weights"])} for g in canonical["groups"]]
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


# ---------------------------------------------------------------- checking


class _TooBig(Exception):
    pass


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return _("true/false")
    if isinstance(value, int | float):
        return _("a number")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, dict):
        return _("a mapping")
    return _("a value of another kind")


class _Reader:
    """Walks the parsed data once, collecting problems and building the canonical form."""

    def __init__(self, smart_codes: Collection[str]) -> None:
        self.smart_codes = frozenset(smart_codes)
        self.problems: list[Problem] = []
        self.questions = 0

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    # -- shapes

    def mapping(
        self, value: Any, path: str, required: tuple[str, ...], allowed: tuple[str, ...] = ()
    ) -> dict[str, Any] | None:
        """``value`` as a mapping with the ``required`` keys and no keys but ``allowed`` (default:
        the required ones); problems for what is not so."""
        if not isinstance(value, dict):
            self.add(
                path, _("must be a mapping (key: value lines), not %(kind)s") % {"kind": _type_name(value)}
            )
            return None
        allowed = allowed or required
        for key in value:
            if key not in allowed:
                self.add(
                    _join(path, str(key)),
                    _("unknown key (expected one of: %(keys)s)") % {"keys": ", ".join(allowed)},
                )
        for key in required:
            if key not in value:
                self.add(_join(path, key), _("is missing"))
        return value

    def items(self, obj: Mapping[str, Any], key: str, path: str, what: str) -> list[Any]:
        """The list under ``key`` (a missing key is reported by ``mapping``)."""
        if key not in obj:
            return []
        value = obj[key]
        if value is None or value == []:
            self.add(path, _("needs at least one %(what)s") % {"what": what})
            return []
        if not isinstance(value, list):
            self.add(
                path, _("must be a list (lines starting with -), not %(kind)s") % {"kind": _type_name(value)}
            )
            return []
        return value

    # -- scalars

    def text(
        self, obj: Mapping[str, Any], key: str, path: str, *, limit: int | None = None, blank: bool = False
    ) -> str:
        """The text under ``key`` (a missing required key is reported by ``mapping``)."""
        if key not in obj:
            return ""
        return self.text_value(obj[key], _join(path, key), limit=limit, blank=blank)

    def text_value(self, value: Any, at: str, *, limit: int | None = None, blank: bool = False) -> str:
        if value is None:
            if not blank:
                self.add(at, _("must not be empty"))
            return ""
        if not isinstance(value, str):
            self.add(at, _("must be text, not %(kind)s: put it in quotes") % {"kind": _type_name(value)})
            return ""
        if not blank and not value.strip():
            self.add(at, _("must not be empty"))
        if "\x00" in value:
            self.add(at, _("contains a NUL character"))
        if limit is not None and len(value) > limit:
            self.add(at, _("is longer than %(limit)s characters") % {"limit": limit})
        return value

    def number(self, obj: Mapping[str, Any], key: str, path: str, limit: int) -> str:
        """A printed number such as ``1``, ``3.2`` or ``3.2.1`` (kept as text)."""
        value = obj.get(key)
        at = _join(path, key)
        if value is None:
            if key in obj:
                self.add(at, _("must not be empty"))
            return ""
        if isinstance(value, float):
            self.add(
                at, _('is read as a decimal number: write it in quotes ("%(value)s")') % {"value": value}
            )
            return ""
        if isinstance(value, bool) or not isinstance(value, int | str):
            self.add(at, _("must be a number such as 3.2.1, in quotes"))
            return ""
        text = str(value)
        if not NUMBER.match(text):
            self.add(
                at,
                _("“%(value)s” is not a number such as 3.2.1 (digits, letters and dots)") % {"value": text},
            )
        elif len(text) > limit:
            self.add(at, _("is longer than %(limit)s characters") % {"limit": limit})
        return text

    def decimal(self, value: Any, at: str, *, digits: int) -> Decimal | None:
        """A decimal from a string (or a whole number), at most two decimals, never a float."""
        if isinstance(value, float):
            self.add(
                at,
                _(
                    'is read as a binary floating-point number: write it in quotes ("%(value)s") so it is read exactly'
                )
                % {"value": value},
            )
            return None
        if isinstance(value, bool) or not isinstance(value, int | str):
            self.add(at, _('must be a decimal number in quotes, e.g. "3.50"'))
            return None
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            self.add(at, _("“%(value)s” is not a decimal number") % {"value": value})
            return None
        exponent = number.normalize().as_tuple().exponent
        if isinstance(exponent, int) and exponent < -DECIMAL_PLACES:
            self.add(at, _("has more than %(places)s decimals") % {"places": DECIMAL_PLACES})
            return None
        if abs(number) >= Decimal(10) ** (digits - DECIMAL_PLACES):
            self.add(at, _("is too large"))
            return None
        return number

    def choice(
        self, obj: Mapping[str, Any], key: str, path: str, choices: Collection[str], default: str
    ) -> str:
        value = obj.get(key, default)
        if value not in choices:
            self.add(
                _join(path, key),
                _("“%(value)s” is not one of: %(choices)s") % {"value": value, "choices": ", ".join(choices)},
            )
            return default
        return str(value)

    # -- the method

    def method(self, data: Any) -> dict[str, Any] | None:
        top = self.mapping(data, "", ("code", "name", "scale", "combine", "dimensions", "groups"), TOP_KEYS)
        if top is None:
            return None
        code = self.text(top, "code", "", limit=CODE_MAX)
        if code and not SLUG.match(code):
            self.add("code", _("must be lower-case letters, digits and hyphens, e.g. evaluasi-kota-cerdas"))
        name = self.text(top, "name", "", limit=NAME_MAX)
        description = self.text(top, "description", "", blank=True)
        scale = self.scale(top["scale"]) if "scale" in top else None
        combine = self.choice(top, "combine", "", Combine.values, Combine.MEAN)
        dimension_rule = self.choice(top, "dimension_rule", "", DimensionRule.values, DimensionRule.MEAN)
        decimals = top.get("decimals", 2)
        if isinstance(decimals, bool) or not isinstance(decimals, int) or not 0 <= decimals <= MAX_DECIMALS:
            self.add("decimals", _("must be a whole number from 0 to %(max)s") % {"max": MAX_DECIMALS})
            decimals = 2
        rounding = self.choice(top, "rounding", "", Rounding.values, Rounding.HALF_UP)
        disagreement = self.decimal(
            top.get("disagreement_levels", "2"), "disagreement_levels", digits=DISAGREEMENT_DIGITS
        )
        if disagreement is not None and disagreement <= 0:
            self.add("disagreement_levels", _("must be more than 0"))
        calibrated = top.get("calibrated_official", False)
        if not isinstance(calibrated, bool):
            self.add("calibrated_official", _("must be true or false"))
            calibrated = False
        bands = self.bands(top.get("bands"), scale)
        dimensions = self.dimensions(top, scale["levels"] if scale else None)
        groups = self.groups(top, dimensions)
        out = {
            "code": code,
            "name": name,
            "description": description,
            "scale": scale,
            "combine": combine,
            "dimension_rule": dimension_rule,
            "decimals": decimals,
            "rounding": rounding,
            "disagreement_levels": decimal_text(disagreement) if disagreement is not None else "",
            "bands": bands,
            "dimensions": dimensions,
            "groups": groups,
        }
        if calibrated:  # only when set: the digests of methods without it stay as they were
            out["calibrated_official"] = True
        return out

    def scale(self, value: Any) -> dict[str, Any] | None:
        scale = self.mapping(value, "scale", ("levels", "min", "max"))
        if scale is None:
            return None
        low = self.decimal(scale.get("min"), "scale.min", digits=SCALE_DIGITS) if "min" in scale else None
        high = self.decimal(scale.get("max"), "scale.max", digits=SCALE_DIGITS) if "max" in scale else None
        if low is not None and high is not None and low >= high:
            self.add("scale.max", _("must be more than the minimum (%(min)s)") % {"min": decimal_text(low)})
            low = high = None
        levels: list[Decimal] = []
        for n, raw in enumerate(self.items(scale, "levels", "scale.levels", _("level")), start=1):
            at = f"scale.levels[#{n}]"
            level = self.decimal(raw, at, digits=SCALE_DIGITS)
            if level is None:
                continue
            if levels and level <= levels[-1]:
                self.add(at, _("levels must be in ascending order, each once"))
            elif low is not None and high is not None and not low <= level <= high:
                self.add(
                    at,
                    _("%(level)s is outside the scale (%(min)s to %(max)s)")
                    % {"level": decimal_text(level), "min": decimal_text(low), "max": decimal_text(high)},
                )
            levels.append(level)
        if low is None or high is None:
            return None
        return {
            "levels": [decimal_text(v) for v in levels],
            "min": decimal_text(low),
            "max": decimal_text(high),
        }

    def bands(self, value: Any, scale: Mapping[str, Any] | None) -> list[dict[str, str]]:
        if value is None or value == []:
            return []
        if not isinstance(value, list):
            self.add(
                "bands",
                _("must be a list (lines starting with -), not %(kind)s") % {"kind": _type_name(value)},
            )
            return []
        out: list[tuple[Decimal, str]] = []
        for n, raw in enumerate(value, start=1):
            at = f"bands[#{n}]"
            band = self.mapping(raw, at, ("min", "label"))
            if band is None:
                continue
            label = self.text(band, "label", at, limit=BAND_LABEL_MAX)
            minimum = (
                self.decimal(band.get("min"), _join(at, "min"), digits=SCALE_DIGITS)
                if "min" in band
                else None
            )
            if minimum is None:
                continue
            if scale is not None and not Decimal(scale["min"]) <= minimum <= Decimal(scale["max"]):
                self.add(
                    _join(at, "min"),
                    _("%(value)s is outside the scale (%(min)s to %(max)s)")
                    % {"value": decimal_text(minimum), "min": scale["min"], "max": scale["max"]},
                )
            if any(m == minimum for m, _label in out):
                self.add(
                    _join(at, "min"), _("another band starts at %(value)s") % {"value": decimal_text(minimum)}
                )
            out.append((minimum, label))
        out.sort(key=lambda b: b[0], reverse=True)
        return [{"min": decimal_text(m), "label": label} for m, label in out]

    def dimensions(self, top: Mapping[str, Any], levels: list[str] | None) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        codes: set[str] = set()
        keys: dict[str, str] = {}
        for n, raw in enumerate(self.items(top, "dimensions", "dimensions", _("dimension")), start=1):
            at = _item("dimensions", raw, "code", n)
            dim = self.mapping(raw, at, ("code", "name", "indicators"))
            if dim is None:
                continue
            code = self.text(dim, "code", at, limit=DIMENSION_CODE_MAX)
            if code and not DIMENSION_CODE.match(code):
                self.add(
                    _join(at, "code"), _("must be capital letters, digits and underscores, e.g. QUICK_WIN")
                )
            elif code in codes:
                self.add(_join(at, "code"), _("dimension %(code)s appears twice") % {"code": code})
            codes.add(code)
            name = self.text(dim, "name", at, limit=NAME_MAX)
            indicator = partial(self.indicator, dimension=code, levels=levels, keys=keys)
            indicators = self.list_of(dim, "indicators", at, _("indicator"), indicator)
            out.append({"code": code, "name": name, "indicators": indicators})
        return out

    def list_of(
        self,
        obj: Mapping[str, Any],
        key: str,
        path: str,
        what: str,
        read: Callable[[Any, str], dict[str, Any] | None],
        *,
        unique: bool = True,
    ) -> list[dict[str, Any]]:
        """A numbered list (indicators, sub-indicators, questions) under ``key``; with ``unique``
        each number once (a question's number is checked as part of its key instead)."""
        out: list[dict[str, Any]] = []
        numbers: set[str] = set()
        at_list = _join(path, key)
        for n, raw in enumerate(self.items(obj, key, at_list, what), start=1):
            at = _item(at_list, raw, "number", n)
            item = read(raw, at)
            if item is None:
                continue
            if unique and item["number"] and item["number"] in numbers:
                self.add(
                    _join(at, "number"),
                    _("number %(number)s appears twice here") % {"number": item["number"]},
                )
            numbers.add(item["number"])
            out.append(item)
        return out

    def indicator(
        self, raw: Any, at: str, *, dimension: str, levels: list[str] | None, keys: dict[str, str]
    ) -> dict[str, Any] | None:
        indicator = self.mapping(raw, at, ("number", "name", "subindicators"))
        if indicator is None:
            return None
        number = self.number(indicator, "number", at, INDICATOR_NUMBER_MAX)
        name = self.text(indicator, "name", at, limit=INDICATOR_NAME_MAX)
        question = partial(self.question, key_prefix=(dimension, number), levels=levels, keys=keys)

        def subindicator(raw_s: Any, at_s: str) -> dict[str, Any] | None:
            sub = self.mapping(raw_s, at_s, ("number", "name", "questions"))
            if sub is None:
                return None
            return {
                "number": self.number(sub, "number", at_s, SUBINDICATOR_NUMBER_MAX),
                "name": self.text(sub, "name", at_s, limit=INDICATOR_NAME_MAX),
                "questions": self.list_of(sub, "questions", at_s, _("question"), question, unique=False),
            }

        subindicators = self.list_of(indicator, "subindicators", at, _("sub-indicator"), subindicator)
        return {"number": number, "name": name, "subindicators": subindicators}

    def question(
        self,
        raw: Any,
        at: str,
        *,
        key_prefix: tuple[str, str],
        levels: list[str] | None,
        keys: dict[str, str],
    ) -> dict[str, Any] | None:
        self.questions += 1
        if self.questions > MAX_QUESTIONS:
            raise _TooBig
        q = self.mapping(raw, at, ("number", "text"), QUESTION_KEYS)
        if q is None:
            return None
        number = self.number(q, "number", at, QUESTION_NUMBER_MAX)
        dimension, indicator = key_prefix
        if number and indicator and dimension:
            key = question_key(dimension, indicator, number)
            if len(key) > KEY_MAX:
                self.add(
                    _join(at, "number"),
                    _("the question's key %(key)s is longer than %(limit)s characters")
                    % {"key": key, "limit": KEY_MAX},
                )
            elif key in keys:
                self.add(
                    _join(at, "number"),
                    _("the question key %(key)s is already used at %(other)s")
                    % {"key": key, "other": keys[key]},
                )
            else:
                keys[key] = at
        smart = q.get("smart_dimension") or ""
        if smart and smart not in self.smart_codes:
            self.add(
                _join(at, "smart_dimension"),
                _("unknown smart dimension “%(code)s” (known: %(codes)s)")
                % {"code": smart, "codes": ", ".join(sorted(self.smart_codes))},
            )
            smart = ""
        return {
            "number": number,
            "text": self.text(q, "text", at),
            "guidance": self.text(q, "guidance", at, blank=True),
            "evidence_expected": self.text(q, "evidence_expected", at, blank=True),
            "descriptors": self.descriptors(q.get("descriptors"), _join(at, "descriptors"), levels),
            "answer": self.choice(q, "answer", at, AnswerKind.values, AnswerKind.LEVEL),
            "smart_dimension": str(smart),
        }

    def descriptors(self, value: Any, at: str, levels: list[str] | None) -> dict[str, str]:
        if value is None or value == {}:
            return {}
        if not isinstance(value, dict):
            self.add(at, _("must be a mapping of level: text, not %(kind)s") % {"kind": _type_name(value)})
            return {}
        found: dict[str, str] = {}
        for raw_level, raw_text in value.items():
            level_at = f"{at}[{raw_level}]"
            level = self.decimal(raw_level, level_at, digits=SCALE_DIGITS)
            if level is None:
                continue
            text = self.text_value(raw_text, level_at)
            if levels is not None and decimal_text(level) not in levels:
                self.add(
                    level_at, _("%(level)s is not a level of the scale") % {"level": decimal_text(level)}
                )
            elif decimal_text(level) in found:
                self.add(level_at, _("level %(level)s is described twice") % {"level": decimal_text(level)})
            found[decimal_text(level)] = text
        order = {v: n for n, v in enumerate(levels or [])}
        return {k: found[k] for k in sorted(found, key=lambda k: order.get(k, len(order)))}

    def groups(self, top: Mapping[str, Any], dimensions: list[dict[str, Any]]) -> list[dict[str, Any]]:
        known = [d["code"] for d in dimensions]
        out: list[dict[str, Any]] = []
        codes: set[str] = set()
        weighted: set[str] = set()
        for n, raw in enumerate(self.items(top, "groups", "groups", _("group")), start=1):
            at = _item("groups", raw, "code", n)
            group = self.mapping(raw, at, ("code", "name", "weights"))
            if group is None:
                continue
            code = self.text(group, "code", at, limit=GROUP_CODE_MAX)
            if code and not SLUG.match(code):
                self.add(_join(at, "code"), _("must be lower-case letters, digits and hyphens, e.g. kawasan"))
            elif code in codes:
                self.add(_join(at, "code"), _("group %(code)s appears twice") % {"code": code})
            codes.add(code)
            name = self.text(group, "name", at, limit=NAME_MAX)
            weights = self.weights(group, at, known) if "weights" in group else {}
            weighted.update(weights)
            out.append({"code": code, "name": name, "weights": weights})
        if out:
            for n, d in enumerate(dimensions, start=1):
                if d["code"] and d["code"] not in weighted:
                    self.add(_item("dimensions", d, "code", n), _("is weighted in no group"))
        return out

    def weights(self, group: Mapping[str, Any], path: str, known: list[str]) -> dict[str, str]:
        value = group["weights"]
        at = _join(path, "weights")
        if value is None or value == {}:
            self.add(at, _("the group has no weights"))
            return {}
        if not isinstance(value, dict):
            self.add(
                at, _("must be a mapping of dimension: percent, not %(kind)s") % {"kind": _type_name(value)}
            )
            return {}
        found: dict[str, Decimal] = {}
        complete = True
        for code, raw in value.items():
            weight_at = f"{at}[{code}]"
            if known and code not in known:  # (no dimensions read: their problems are reported)
                self.add(
                    weight_at,
                    _("unknown dimension “%(code)s” (the method's: %(codes)s)")
                    % {"code": code, "codes": ", ".join(known)},
                )
                complete = False
                continue
            weight = self.decimal(raw, weight_at, digits=WEIGHT_DIGITS)
            if weight is None:
                complete = False
            elif weight <= 0:
                self.add(weight_at, _("must be more than 0 (leave the dimension out instead)"))
                complete = False
            else:
                found[code] = weight
        total = sum(found.values(), Decimal(0))
        if complete and total != HUNDRED:
            self.add(at, _("the weights sum to %(total)s %%, not 100 %%") % {"total": decimal_text(total)})
        order = {code: n for n, code in enumerate(known)}
        return {code: decimal_text(found[code]) for code in sorted(found, key=lambda c: order.get(c, 0))}


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _item(path: str, raw: Any, id_key: str, n: int) -> str:
    """``path[identifier]`` (a dimension's code, an item's number), else ``path[#n]`` (1-based)."""
    ident = raw.get(id_key) if isinstance(raw, dict) else None
    if isinstance(ident, str | int) and not isinstance(ident, bool) and str(ident).strip():
        return f"{path}[{ident}]"
    return f"{path}[#{n}]"


def method_read(data: Any, smart_codes: Collection[str]) -> tuple[dict[str, Any] | None, list[Problem]]:
    """Check a parsed method file: its canonical form (``None`` when anything is wrong) and the problems.

    ``smart_codes`` are the smart dimensions a question may name (GOV, BRD, ...).
    """
    reader = _Reader(smart_codes)
    try:
        canonical = reader.method(data)
    except _TooBig:
        return None, [Problem("dimensions", _("has more than %(max)s questions") % {"max": MAX_QUESTIONS})]
    if reader.problems or canonical is None:
        return None, reader.problems
    return canonical, []

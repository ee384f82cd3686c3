"""Parse and format Korean amount phrases such as "약 60억 원", "1천 명 남짓", "1조 2천억".

Korean sources count in 4-digit groups (만 10^4, 억 10^8, 조 10^12) and wrap the
number in hedges ("약", "여", "남짓", "뿐") that matter for accountability: "about
6 billion" and "only 2 per day" are different claims. Existing packages misread
inputs like "60억 원", so this is a small, strict, exact (Decimal) parser.

Numbers are read literally: "1억 5천" is 100,005,000 (not the colloquial 1.5억).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal, Inexact, localcontext
from enum import StrEnum

__all__ = [
    "AmountQualifier",
    "KoreanAmountError",
    "ParsedAmount",
    "format_english_amount",
    "format_korean_amount",
    "parse_korean_amount",
]

_SMALL = {"십": 10, "백": 100, "천": 1000}
_BIG = {"만": 10**4, "억": 10**8, "조": 10**12}
_GROUP = 10**4  # each big unit is 10^4 times the previous one
_NUMERAL = re.compile(r"-?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?")
_TOKEN = re.compile(r"\s*(?:(?P<num>-?[0-9][-0-9.,]*|-+[-0-9.,]*)|(?P<unit>[십백천만억조])|(?P<yeo>여))")
_COUNTER = re.compile(r"%|[A-Za-z]+|[가-힣]+")
_MAX_DIGITS = 40


class KoreanAmountError(ValueError):
    """Raised for text that is not a single Korean amount phrase."""


class AmountQualifier(StrEnum):
    EXACT = "exact"
    APPROXIMATE = "approximate"
    AT_LEAST = "at_least"
    UP_TO = "up_to"


@dataclass(frozen=True, slots=True)
class ParsedAmount:
    """``value`` is an int when whole, else a Decimal; ``unit`` is the bare counter word."""

    value: int | Decimal
    qualifier: AmountQualifier
    unit: str | None
    text: str


Q = AmountQualifier
_PREFIXES = {"약": Q.APPROXIMATE, "대략": Q.APPROXIMATE, "거의": Q.APPROXIMATE,
             "최대": Q.UP_TO, "최소": Q.AT_LEAST, "불과": Q.EXACT}
# Checked in order at the end of the text, so longer phrases come first.
_SUFFIXES = [(re.compile(p + r"$"), q) for p, q in [
    (r"(?:\s*에)?\s*불과(?:한|하다|했다)?", Q.EXACT), (r"\s*뿐", Q.EXACT),
    (r"\s*(?:남짓|이상|넘게|넘는|넘어|여)", Q.AT_LEAST), (r"\s*(?:이하|미만|까지|이내)", Q.UP_TO),
]]
_PARTICLES = ("으로", "의", "을", "를", "이", "가", "은", "는", "인", "에", "로")
# Counters that end in a particle-like syllable and must not be trimmed.
_KNOWN_UNITS = {"원", "명", "건", "개", "회", "%", "달러", "유로", "킬로", "프로", "인", "가구", "곳", "대", "번"}


def _fail(text: str, reason: str) -> KoreanAmountError:
    return KoreanAmountError(f"cannot read {text!r} as a Korean amount: {reason}")


def _numeral(text: str, token: str) -> Decimal:
    if not _NUMERAL.fullmatch(token):
        raise _fail(text, f"malformed number {token!r} (use 1,000 or 1000 or 1.5)")
    if len(token) > _MAX_DIGITS:
        raise _fail(text, "number is too long")
    return Decimal(token.replace(",", ""))


def _read_number(text: str, pos: int) -> tuple[Decimal, bool, int]:
    """Read digits and 십/백/천/만/억/조/여 from ``pos``: (value, has 여, end position)."""
    total, group, pending = Decimal(0), None, None
    last_small = last_big = None
    yeo = seen_digits = negative = False
    start = pos
    while match := _TOKEN.match(text, pos):
        pos, kind, token = match.end(), match.lastgroup, match[match.lastgroup]
        if yeo and token not in _BIG:
            raise _fail(text, "'여' can only be followed by 만, 억 or 조")
        if kind == "num":
            if pending is not None:
                raise _fail(text, "two numbers in a row")
            if token.startswith("-") and match.start("num") != start:
                raise _fail(text, "a minus sign may only start the amount")
            pending = _numeral(text, token)
            negative, pending = negative or pending < 0, abs(pending)
            if last_small and pending >= last_small:
                raise _fail(text, f"{token} cannot follow a {last_small:,} unit")
            seen_digits = True
        elif kind == "yeo":
            if not seen_digits and group is None:
                raise _fail(text, "'여' needs a number before it")
            yeo = True
        elif token in _SMALL:
            size = _SMALL[token]
            if last_small and size >= last_small:
                raise _fail(text, f"units out of order: {token} after a larger or equal unit")
            if pending is not None and not 0 < pending < 10:
                raise _fail(text, f"{pending} before {token} must be between 1 and 9")
            group = (group or 0) + (pending if pending is not None else 1) * size
            pending, last_small, seen_digits = None, size, True
        else:
            size = _BIG[token]
            if last_big and size >= last_big:
                raise _fail(text, f"units out of order: {token} after a smaller or equal unit")
            if group is None and pending is None:
                raise _fail(text, f"{token} needs a number before it")
            value = (group or 0) + (pending or 0)
            if token != "조" and value >= _GROUP:
                raise _fail(text, f"{value:,}{token} should be written with a larger unit")
            total += value * size
            group, pending, last_small, last_big = None, None, None, size
    tail = (group or 0) + (pending or 0)
    if last_big and tail >= _GROUP:
        raise _fail(text, f"{tail:,} after {last_big:,} should use 만")
    if not seen_digits and group is None:
        raise _fail(text, "no number found (expected digits or 십/백/천 before any 만/억/조)")
    return -(total + tail) if negative else total + tail, yeo, pos


def _read_counter(text: str, rest: str) -> tuple[str | None, list[AmountQualifier]]:
    """Split trailing text into the counter word and any qualifier words, dropping particles."""
    found: list[AmountQualifier] = []
    while rest and rest not in _KNOWN_UNITS:
        for pattern, qualifier in _SUFFIXES:
            if match := pattern.search(rest):
                found.append(qualifier)
                rest = rest[: match.start()].rstrip()
                break
        else:
            particle = next((p for p in _PARTICLES if rest.endswith(p)), None)
            if particle is None:
                break
            rest = rest[: -len(particle)].rstrip()
    if rest and not _COUNTER.fullmatch(rest):
        raise _fail(text, f"unexpected text {rest!r} after the number")
    return rest or None, found


def parse_korean_amount(text: str) -> ParsedAmount:
    """Parse one amount phrase ("약 60억 원", "2건에 불과", "1조 2천억") into value, hedge and counter.

    An "약" with a bound ("약 1천 명 이상") keeps the bound; two different bounds are an error.
    """
    if not isinstance(text, str):
        raise TypeError(f"amount must be a str, not {type(text).__name__}")
    qualifiers: list[AmountQualifier] = []
    pos, stripped = 0, text.strip()
    while prefix := next((p for p in _PREFIXES if stripped.startswith(p, pos)), None):
        qualifiers.append(_PREFIXES[prefix])
        pos = len(stripped) - len(stripped[pos + len(prefix):].lstrip())
    try:
        with localcontext(Context(prec=2 * _MAX_DIGITS, traps=[Inexact])):
            value, yeo, pos = _read_number(stripped, pos)
    except Inexact:
        raise _fail(text, "number is too long") from None
    unit, suffixes = _read_counter(text, stripped[pos:].strip())
    qualifiers += suffixes + ([Q.AT_LEAST] if yeo else [])
    bounds = set(qualifiers) - {Q.APPROXIMATE}
    if len(bounds) > 1:
        raise _fail(text, "conflicting qualifiers " + " and ".join(sorted(bounds)))
    qualifier = bounds.pop() if bounds else (Q.APPROXIMATE if qualifiers else Q.EXACT)
    whole = value == value.to_integral_value()
    return ParsedAmount(int(value) if whole else value.normalize(), qualifier, unit, text)


def _as_decimal(value: int | Decimal) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise TypeError(f"amount must be int or Decimal, not {type(value).__name__}")
    if isinstance(value, Decimal) and not value.is_finite():
        raise ValueError(f"amount must be finite, not {value}")
    return Decimal(value)


def format_korean_amount(value: int | Decimal, unit: str | None = "원") -> str:
    """Korean press style with digits: "60억 원", "1조 2,000억 원", "1만 2,345 원", "0 원".

    Each 4-digit group gets thousands separators and its 조/억/만 unit; empty groups
    are omitted; the unit always follows one space; fractions stay exact ("1.5 건").
    The output parses back to the same value with parse_korean_amount.
    """
    number = _as_decimal(value)
    sign, number = ("-" if number < 0 else ""), abs(number)
    whole = int(number)
    with localcontext(Context(prec=2 * _MAX_DIGITS)):
        fraction = format(number - whole, "f").lstrip("0").rstrip("0").rstrip(".") if number != whole else ""
    parts = []
    for name, size in (("조", 10**12), ("억", 10**8), ("만", 10**4)):
        count, whole = divmod(whole, size)
        if count:
            parts.append(f"{count:,}{name}")
    if whole or fraction or not parts:
        parts.append(f"{whole:,}{fraction}")
    text = sign + " ".join(parts)
    return f"{text} {unit}" if unit else text


_SCALES = [(Decimal(1), ""), (Decimal(10**6), " million"), (Decimal(10**9), " billion"), (Decimal(10**12), " trillion")]


def format_english_amount(value: int | Decimal, currency: str | None = "KRW") -> str:
    """English short scale: "KRW 6 billion", "KRW 1.2 trillion", "KRW 950", "KRW -2.5 million".

    Exact Decimal arithmetic, rounded half-up to at most three decimal places of
    the chosen scale, trailing zeros trimmed; below a million the full number is
    written with thousands separators. The sign sits on the number, after the currency.
    """
    number = _as_decimal(value)
    magnitude = abs(number)
    index = max(i for i, (size, _) in enumerate(_SCALES) if i == 0 or magnitude >= size)
    with localcontext(Context(prec=2 * _MAX_DIGITS)):
        while True:
            size, word = _SCALES[index]
            rounded = (magnitude / size).quantize(Decimal("0.001"), ROUND_HALF_UP)
            if index + 1 < len(_SCALES) and rounded * size >= _SCALES[index + 1][0]:
                index += 1
                continue
            break
    sign = "-" if number < 0 and rounded else ""
    text = f"{sign}{format(rounded.normalize(), ',f')}{word}"
    return f"{currency} {text}" if currency else text

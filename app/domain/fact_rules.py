"""The rules a fact must meet whoever writes it: the API, the bulk import or the seed.

A figure must be what its source's wording says ("약 10억 원" is approximately
1,000,000,000, never an exact 100,000,000), a dated fact's date must be the one
its wording names when the wording names one, and money is never negative. Each
rule is stated once here and judged on the record as it will be stored (for a
PATCH: the stored record with the patch applied); the write path refuses the
record with every violation, each naming its field.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from app.domain.korean_amounts import KoreanAmountError, ParsedAmount, parse_korean_amount
from app.domain.partial_dates import parse_partial_date, read_date_wording
from app.source_checking.page_text import normalize_text

__all__ = ["Violation", "excerpt_stands_in", "violations"]

# Wording of a rate: "하루 평균 1만 건" states 1만 per day; the metric's unit says "per day".
RATE_PREFIXES = ("하루 평균", "일 평균", "일평균", "월 평균", "월평균", "연 평균", "연평균", "하루")
# Currencies whose minor unit is not 1/100 (ISO 4217): the stored amount is in minor units.
ZERO_DECIMAL_CURRENCIES = frozenset("BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX VND VUV XAF XOF XPF".split())
THREE_DECIMAL_CURRENCIES = frozenset("BHD IQD JOD KWD LYD OMR TND".split())
# Counter words of money in Korean wording, and the currency they name.
MONEY_WORDS = {"원": "KRW", "달러": "USD", "유로": "EUR", "엔": "JPY", "위안": "CNY"}
# Budget kinds whose amount may be negative (none: a cut is a revised amount, not a negative one).
SIGNED_BUDGET_KINDS: frozenset[str] = frozenset()
# Metric units whose value may be negative (a change in percent).
SIGNED_METRIC_UNITS = frozenset({"percent"})


@dataclass(frozen=True, slots=True)
class Violation:
    """One broken rule: the field to name, what is wrong, and a machine-readable type."""

    field: str
    message: str
    type: str


def minor_unit_exponent(currency: str) -> int:
    """Decimal places of the currency's minor unit: KRW 0, USD 2, KWD 3."""
    if currency in ZERO_DECIMAL_CURRENCIES:
        return 0
    return 3 if currency in THREE_DECIMAL_CURRENCIES else 2


def _read_wording(text: str, field: str) -> ParsedAmount | Violation:
    stripped = text.strip()
    for prefix in RATE_PREFIXES:
        if stripped.startswith(prefix):
            stripped = stripped.removeprefix(prefix).strip()
            break
    try:
        return parse_korean_amount(stripped)
    except KoreanAmountError as error:
        return Violation(field, f"{text!r} is not an amount as a source words it ({error})", "unreadable_wording")


def _figure_and_wording(stated: Decimal, qualifier: str, parsed: ParsedAmount, number_field: str,
                        scale: int = 0) -> list[Violation]:
    """The stated figure and qualifier must be the wording's; `scale` turns the wording into minor units."""
    found = []
    worded = Decimal(parsed.value).scaleb(scale)
    if stated != worded:
        found.append(Violation(number_field, f"{number_field} {stated} does not match its wording "
                               f"{parsed.text!r} ({worded})", "wording_mismatch"))
    if qualifier != parsed.qualifier:
        found.append(Violation("qualifier", f"qualifier {str(qualifier)!r} does not match the wording {parsed.text!r} "
                               f"({parsed.qualifier.value!r})", "wording_mismatch"))
    return found


def _budget(values: Mapping[str, Any]) -> list[Violation]:
    found = []
    amount, currency, kind = values.get("amount"), values.get("currency"), values.get("kind")
    if amount is not None and amount < 0 and kind not in SIGNED_BUDGET_KINDS:
        found.append(Violation("amount", f"a {kind} amount cannot be negative", "negative"))
    text = values.get("amount_text")
    if text is None or amount is None or currency is None:
        return found
    parsed = _read_wording(text, "amount_text")
    if isinstance(parsed, Violation):
        return [*found, parsed]
    named = MONEY_WORDS.get(parsed.unit or "")
    if parsed.unit is not None and named is None:
        return [*found, Violation("amount_text", f"{text!r} does not count money (counter {parsed.unit!r})",
                                  "wording_mismatch")]
    if named is not None and named != currency:
        return [*found, Violation("currency", f"currency {currency} does not match the wording {text!r} "
                                  f"({named})", "wording_mismatch")]
    scale = minor_unit_exponent(currency)
    return found + _figure_and_wording(Decimal(amount), values.get("qualifier", "exact"), parsed, "amount", scale)


def _metric(values: Mapping[str, Any]) -> list[Violation]:
    found = []
    value, unit = values.get("value"), values.get("unit")
    if value is not None and Decimal(value) < 0 and unit not in SIGNED_METRIC_UNITS:
        found.append(Violation("value", f"a value in {unit} cannot be negative", "negative"))
    text = values.get("value_text")
    if text is None or value is None:
        return found
    parsed = _read_wording(text, "value_text")
    if isinstance(parsed, Violation):
        return [*found, parsed]
    return found + _figure_and_wording(Decimal(value), values.get("qualifier", "exact"), parsed, "value")


def _dates(values: Mapping[str, Any], names: Iterable[str]) -> list[Violation]:
    """A partial date must be the one its wording names ("2026년까지" is 2026), where the wording names one."""
    found = []
    for name in names:
        date = values.get(name)
        if not isinstance(date, Mapping) or not date.get("text"):
            continue
        worded = read_date_wording(date["text"])
        if worded is None:  # relative ("지난해 1월") or no date in it: nothing to compare
            continue
        stated, span = parse_partial_date(date["value"]), worded.span
        if worded.exact and stated != span:
            found.append(Violation(name, f"{name} {stated.value} is not the date its wording {date['text']!r} "
                                   f"names ({span.value})", "wording_mismatch"))
        elif not worded.exact and not (span.earliest <= stated.earliest and stated.latest <= span.latest):
            found.append(Violation(name, f"{name} {stated.value} lies outside the date its wording "
                                   f"{date['text']!r} names ({span.value})", "wording_mismatch"))
    return found


_BY_KIND: dict[str, Callable[[Mapping[str, Any]], list[Violation]]] = {"budgets": _budget, "metrics": _metric}


def violations(kind: str, values: Mapping[str, Any], partial_dates: Iterable[str] = ()) -> list[Violation]:
    """Every rule `values` (a record of resource `kind`, as its create body) breaks; empty when it is sound."""
    rule = _BY_KIND.get(kind)
    return (rule(values) if rule else []) + _dates(values, partial_dates)


def excerpt_stands_in(excerpt: str, text: str) -> bool:
    """Whether the excerpt is in the text, compared as the source checker compares (Unicode and
    whitespace normalised, quotes unified, case ignored), so a write and a check agree."""
    needle = normalize_text(excerpt).casefold()
    return bool(needle) and needle in normalize_text(text).casefold()

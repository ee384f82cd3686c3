"""Amounts in text as one token, whichever way they are written: 60억, 60억 원, 6,000,000,000 -> 6000000000.

A number with Korean units (만, 억, 조 and 십, 백, 천) or with thousands separators
is read with app.domain.korean_amounts and indexed as its whole value in digits,
beside the text's ordinary tokens. A query's amount requires that one token, so
"60억" finds "6,000,000,000원", and "6000000000" (an ordinary word token) finds
"약 60억 원". Fractions that stay fractional (1.5 without a unit) are left alone.
"""

import re
from collections.abc import Iterator
from typing import NamedTuple

from app.domain.korean_amounts import KoreanAmountError, parse_korean_amount

_NUMBER = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?"
_UNITS = r"[십백천만억조]+"
# A number, then optionally units and further "number units" groups: 60억, 1조 2,000억, 1억 5천만, 2,000.
# Not part of a word: covid19 and 19th stay words; Hangul may touch it (2건, 총60억).
_NOT_IN_WORD = r"[^\W가-힣]"
AMOUNT = re.compile(rf"(?<![.,])(?<!{_NOT_IN_WORD}){_NUMBER}(?:\s?{_UNITS}(?:\s?{_NUMBER}\s?{_UNITS})*)?(?!{_NOT_IN_WORD})")


class Amount(NamedTuple):
    start: int
    end: int
    value: int
    token: str  # what is indexed: the value in digits, or a plain number as written (007 stays 007)


def amounts(normalized: str) -> Iterator[Amount]:
    """Whole-number amounts in normalized text, in order."""
    for match in AMOUNT.finditer(normalized):
        written = match.group()
        try:
            value = parse_korean_amount(written).value
        except KoreanAmountError:
            continue
        if isinstance(value, int):
            plain = written.isdigit()
            yield Amount(match.start(), match.end(), value, written if plain else str(value))


def amount_tokens(normalized: str) -> list[str]:
    """The tokens that amounts add to a text's tokens: only those written with units or separators."""
    return [amount.token for amount in amounts(normalized) if amount.token != normalized[amount.start : amount.end]]

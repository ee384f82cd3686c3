"""Partial calendar dates ("2023", "2024-Q4", "2023-01", "2023-01-15").

Sources rarely give exact days ("January 2023", "end of 2024"), so we keep each
date at the precision the source states and derive the earliest/latest calendar
days it covers for range filtering. A day is never invented: "2023-01" stays a
month, and filters compare against its bounds instead.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Literal

__all__ = [
    "DatePrecision",
    "PartialDate",
    "PartialDateError",
    "parse_partial_date",
    "partial_date_bound",
    "read_date_wording",
]

EXPECTED_FORMS = "YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD (e.g. 2023, 2024-Q4, 2023-01, 2023-01-15)"

# re.ASCII: \d must not match non-ASCII digits such as "２".
_PATTERN = re.compile(
    r"(?P<year>\d{4})(?:-(?:[Qq](?P<quarter>\d)|(?P<month>\d{2})(?:-(?P<day>\d{2}))?))?",
    re.ASCII,
)


class PartialDateError(ValueError):
    """Raised for text that is not a supported partial date; the message names the valid forms."""


class DatePrecision(StrEnum):
    YEAR = "year"
    QUARTER = "quarter"
    MONTH = "month"
    DAY = "day"


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _fields(value: str) -> tuple[str, DatePrecision, date, date]:
    """Canonical value, precision and bounds for ``value``; raises PartialDateError."""
    text = value.strip()
    match = _PATTERN.fullmatch(text)
    if match is None:
        raise PartialDateError(f"invalid partial date {value!r}: expected {EXPECTED_FORMS}")
    year = int(match["year"])
    if year < 1:
        raise PartialDateError(f"invalid partial date {value!r}: year must be 0001..9999")
    if match["quarter"] is not None:
        quarter = int(match["quarter"])
        if not 1 <= quarter <= 4:
            raise PartialDateError(f"invalid partial date {value!r}: quarter must be Q1..Q4")
        first_month = 3 * quarter - 2
        return (
            f"{year:04d}-Q{quarter}",
            DatePrecision.QUARTER,
            date(year, first_month, 1),
            _month_end(year, first_month + 2),
        )
    if match["month"] is None:
        return f"{year:04d}", DatePrecision.YEAR, date(year, 1, 1), date(year, 12, 31)
    month = int(match["month"])
    if not 1 <= month <= 12:
        raise PartialDateError(f"invalid partial date {value!r}: month must be 01..12")
    if match["day"] is None:
        return text, DatePrecision.MONTH, date(year, month, 1), _month_end(year, month)
    try:
        day = date(year, month, int(match["day"]))
    except ValueError:
        raise PartialDateError(
            f"invalid partial date {value!r}: {year:04d}-{month:02d} has no day {match['day']}"
        ) from None
    return text, DatePrecision.DAY, day, day


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date known only to ``precision``; ``earliest``..``latest`` are the days it may mean.

    Construct with :func:`parse_partial_date`; direct construction is checked so
    the four fields can never disagree.
    """

    value: str
    precision: DatePrecision
    earliest: date
    latest: date

    def __post_init__(self) -> None:
        if not isinstance(self.value, str) or _fields(self.value) != (
            self.value,
            self.precision,
            self.earliest,
            self.latest,
        ):
            raise PartialDateError(
                f"inconsistent PartialDate {self.value!r}: use parse_partial_date()"
            )

    def __str__(self) -> str:
        return self.value

    def contains(self, day: date) -> bool:
        """True if ``day`` is one of the calendar days this partial date may refer to."""
        return self.earliest <= day <= self.latest

    @classmethod
    def from_bounds(cls, earliest: date, latest: date) -> PartialDate:
        """Rebuild the partial date whose bounds are exactly ``earliest``..``latest``.

        Lets stored bound columns round-trip; raises PartialDateError for a span
        that is not a whole day, month, quarter or year.
        """
        year = earliest.year
        candidates = [
            earliest.isoformat(),
            f"{year:04d}-{earliest.month:02d}",
            f"{year:04d}-Q{(earliest.month + 2) // 3}",
            f"{year:04d}",
        ]
        for candidate in candidates:
            parsed = parse_partial_date(candidate)
            if (parsed.earliest, parsed.latest) == (earliest, latest):
                return parsed
        raise PartialDateError(
            f"{earliest.isoformat()}..{latest.isoformat()} is not a whole day, month, quarter or year"
        )


def parse_partial_date(value: str) -> PartialDate:
    """Parse ``value`` (surrounding whitespace ignored; "q" accepted for "Q") to a PartialDate."""
    if not isinstance(value, str):
        raise TypeError(f"partial date must be a str, not {type(value).__name__}")
    canonical, precision, earliest, latest = _fields(value)
    return PartialDate(canonical, precision, earliest, latest)


def precision_of(canonical: str) -> DatePrecision:
    """Precision of a stored canonical value, read from its shape: every read does this, so no parsing."""
    if len(canonical) == 4:
        return DatePrecision.YEAR
    if canonical[5:6] == "Q":
        return DatePrecision.QUARTER
    return DatePrecision.MONTH if len(canonical) == 7 else DatePrecision.DAY


def partial_date_bound(value: str, end: Literal["earliest", "latest"]) -> date:
    """Earliest or latest day covered by ``value``, for filters such as ``started__gte=2023``."""
    parsed = parse_partial_date(value)
    if end == "earliest":
        return parsed.earliest
    if end == "latest":
        return parsed.latest
    raise ValueError(f"end must be 'earliest' or 'latest', not {end!r}")


# A date in Korean or ISO wording: "2023년 1월 15일", "2024년 4분기", "2023년", "2023-01", "2023.1.15".
_WORDED = re.compile(
    r"(?<!\d)(?P<year>\d{4})(?!\d)\s*(?:년\s*(?:(?P<quarter>[1-4])\s*분기|(?P<month>\d{1,2})\s*월(?:\s*(?P<day>\d{1,2})\s*일)?)?"
    r"|[-.]\s*(?P<imonth>\d{1,2})(?:\s*[-.]\s*(?P<iday>\d{1,2}))?)?",
    re.ASCII,
)
# Words that place the date inside the named span ("2024년 말": some time late in 2024).
_WITHIN = ("초순", "중순", "하순", "상반기", "하반기", "초", "중", "말")
# Words that make the wording too loose to hold a value to ("2023년께": around 2023, maybe December 2022).
_LOOSE = ("께", "경", "무렵", "쯤", "전후", "이전", "이후", "전", "후", "~", "∼", "부터")


@dataclass(frozen=True, slots=True)
class WordedDate:
    """The date a wording names; `exact` False when the wording places the date inside `span`."""

    span: PartialDate
    exact: bool


def read_date_wording(text: str) -> WordedDate | None:
    """The one absolute date named by a source's wording, or None when it names none, several, or
    only a relative one ("지난해 1월") or a loose one ("2023년께"). "2026년까지" names 2026."""
    matches = list(_WORDED.finditer(text))
    if len(matches) != 1 or any(word in text for word in _LOOSE):
        return None
    match = matches[0]
    month, day = match["month"] or match["imonth"], match["day"] or match["iday"]
    if match["quarter"]:
        value = f"{match['year']}-Q{match['quarter']}"
    elif month:
        value = f"{match['year']}-{int(month):02d}" + (f"-{int(day):02d}" if day else "")
    else:
        value = match["year"]
    try:
        span = parse_partial_date(value)
    except PartialDateError:
        return None
    rest = text[match.end():]
    return WordedDate(span, exact=not any(rest.lstrip().startswith(word) for word in _WITHIN))

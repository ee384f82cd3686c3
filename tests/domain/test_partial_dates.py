from dataclasses import FrozenInstanceError
from datetime import date

import pytest

from app.domain.partial_dates import (
    DatePrecision,
    PartialDate,
    PartialDateError,
    parse_partial_date,
    partial_date_bound,
    precision_of,
)

Y, Q, M, D = DatePrecision.YEAR, DatePrecision.QUARTER, DatePrecision.MONTH, DatePrecision.DAY


@pytest.mark.parametrize(
    ("text", "value", "precision", "earliest", "latest"),
    [
        ("2023", "2023", Y, date(2023, 1, 1), date(2023, 12, 31)),
        ("2024", "2024", Y, date(2024, 1, 1), date(2024, 12, 31)),
        ("0001", "0001", Y, date(1, 1, 1), date(1, 12, 31)),
        ("9999", "9999", Y, date(9999, 1, 1), date(9999, 12, 31)),
        ("2024-Q1", "2024-Q1", Q, date(2024, 1, 1), date(2024, 3, 31)),
        ("2024-Q2", "2024-Q2", Q, date(2024, 4, 1), date(2024, 6, 30)),
        ("2024-Q3", "2024-Q3", Q, date(2024, 7, 1), date(2024, 9, 30)),
        ("2024-Q4", "2024-Q4", Q, date(2024, 10, 1), date(2024, 12, 31)),
        ("2024-q4", "2024-Q4", Q, date(2024, 10, 1), date(2024, 12, 31)),
        ("2023-01", "2023-01", M, date(2023, 1, 1), date(2023, 1, 31)),
        ("2023-04", "2023-04", M, date(2023, 4, 1), date(2023, 4, 30)),
        ("2023-12", "2023-12", M, date(2023, 12, 1), date(2023, 12, 31)),
        ("2023-02", "2023-02", M, date(2023, 2, 1), date(2023, 2, 28)),
        ("2024-02", "2024-02", M, date(2024, 2, 1), date(2024, 2, 29)),  # leap year
        ("2000-02", "2000-02", M, date(2000, 2, 1), date(2000, 2, 29)),  # divisible by 400
        ("1900-02", "1900-02", M, date(1900, 2, 1), date(1900, 2, 28)),  # century, not leap
        ("2023-01-15", "2023-01-15", D, date(2023, 1, 15), date(2023, 1, 15)),
        ("2024-02-29", "2024-02-29", D, date(2024, 2, 29), date(2024, 2, 29)),
        ("2024-12-31", "2024-12-31", D, date(2024, 12, 31), date(2024, 12, 31)),
        ("  2023-01 ", "2023-01", M, date(2023, 1, 1), date(2023, 1, 31)),
        ("\t2024-q1\n", "2024-Q1", Q, date(2024, 1, 1), date(2024, 3, 31)),
    ],
)
def test_parse_valid(text, value, precision, earliest, latest):
    parsed = parse_partial_date(text)
    assert parsed == PartialDate(value, precision, earliest, latest)
    assert str(parsed) == value
    assert parsed.precision.value == precision  # StrEnum: serialises as the plain word
    assert precision_of(parsed.value) == precision  # the read path's shortcut agrees with the parser


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "expected YYYY"),
        ("   ", "expected YYYY"),
        ("abc", "expected YYYY"),
        ("23-01", "expected YYYY"),
        ("2023-1", "expected YYYY"),
        ("2023-01-5", "expected YYYY"),
        ("202", "expected YYYY"),
        ("20231", "expected YYYY"),
        ("2023/01", "expected YYYY"),
        ("2023-01-15T00:00", "expected YYYY"),
        ("2024-Q", "expected YYYY"),
        ("2024-Q12", "expected YYYY"),
        ("Q4-2024", "expected YYYY"),
        ("-2023", "expected YYYY"),
        ("１９９９", "expected YYYY"),  # full-width digits are not ISO
        ("0000", "year must be"),
        ("2023-13", "month must be"),
        ("2023-00", "month must be"),
        ("2023-02-30", "has no day 30"),
        ("2023-02-29", "has no day 29"),  # not a leap year
        ("2023-04-31", "has no day 31"),
        ("2023-01-00", "has no day 00"),
        ("2023-Q5", "quarter must be"),
        ("2023-Q0", "quarter must be"),
    ],
)
def test_parse_invalid(text, reason):
    with pytest.raises(PartialDateError, match=reason) as excinfo:
        parse_partial_date(text)
    assert isinstance(excinfo.value, ValueError)  # callers/pydantic may catch ValueError
    assert repr(text) in str(excinfo.value)


def test_error_message_names_every_accepted_form():
    with pytest.raises(PartialDateError) as excinfo:
        parse_partial_date("January 2023")
    message = str(excinfo.value)
    for form in ("YYYY", "YYYY-Qn", "YYYY-MM", "YYYY-MM-DD"):
        assert form in message


def test_non_string_is_a_type_error():
    with pytest.raises(TypeError):
        parse_partial_date(2023)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "inside", "outside"),
    [
        ("2023", [date(2023, 1, 1), date(2023, 7, 4), date(2023, 12, 31)],
         [date(2022, 12, 31), date(2024, 1, 1)]),
        ("2024-Q4", [date(2024, 10, 1), date(2024, 12, 31)],
         [date(2024, 9, 30), date(2025, 1, 1)]),
        ("2024-02", [date(2024, 2, 29)], [date(2024, 1, 31), date(2024, 3, 1)]),
        ("2023-01-15", [date(2023, 1, 15)], [date(2023, 1, 14), date(2023, 1, 16)]),
    ],
)
def test_contains(text, inside, outside):
    parsed = parse_partial_date(text)
    assert all(parsed.contains(day) for day in inside)
    assert not any(parsed.contains(day) for day in outside)


@pytest.mark.parametrize(
    ("text", "earliest", "latest"),
    [
        ("2023", date(2023, 1, 1), date(2023, 12, 31)),
        ("2024-Q1", date(2024, 1, 1), date(2024, 3, 31)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        (" 2026-06-30 ", date(2026, 6, 30), date(2026, 6, 30)),
    ],
)
def test_partial_date_bound(text, earliest, latest):
    assert partial_date_bound(text, "earliest") == earliest
    assert partial_date_bound(text, "latest") == latest


def test_partial_date_bound_rejects_bad_input():
    with pytest.raises(PartialDateError):
        partial_date_bound("2023-13", "earliest")
    with pytest.raises(ValueError, match="'earliest' or 'latest'"):
        partial_date_bound("2023", "middle")  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["2023", "2024-Q1", "2024-Q4", "2024-02", "2023-01-31", "2024-03"])
def test_from_bounds_round_trips(text):
    parsed = parse_partial_date(text)
    assert PartialDate.from_bounds(parsed.earliest, parsed.latest) == parsed


@pytest.mark.parametrize(
    ("earliest", "latest"),
    [
        (date(2023, 1, 2), date(2023, 1, 31)),  # not a whole month
        (date(2023, 1, 1), date(2023, 2, 28)),  # two months
        (date(2023, 2, 1), date(2023, 4, 30)),  # three months, but not a quarter
        (date(2023, 1, 1), date(2024, 12, 31)),  # two years
        (date(2023, 1, 31), date(2023, 1, 1)),  # reversed
    ],
)
def test_from_bounds_rejects_other_spans(earliest, latest):
    with pytest.raises(PartialDateError, match="not a whole"):
        PartialDate.from_bounds(earliest, latest)


@pytest.mark.parametrize(
    "fields",
    [
        ("2023-01", DatePrecision.MONTH, date(2023, 1, 1), date(2023, 1, 15)),  # invented latest day
        ("2023-01", DatePrecision.DAY, date(2023, 1, 1), date(2023, 1, 31)),  # wrong precision
        ("2024-q4", DatePrecision.QUARTER, date(2024, 10, 1), date(2024, 12, 31)),  # not canonical
        (" 2023", DatePrecision.YEAR, date(2023, 1, 1), date(2023, 12, 31)),  # not canonical
    ],
)
def test_direct_construction_must_be_consistent(fields):
    with pytest.raises(PartialDateError, match="inconsistent"):
        PartialDate(*fields)


def test_partial_date_is_immutable_and_hashable():
    parsed = parse_partial_date("2024-Q4")
    with pytest.raises(FrozenInstanceError):
        parsed.value = "2025"  # type: ignore[misc]
    assert {parsed, parse_partial_date("2024-q4")} == {parsed}

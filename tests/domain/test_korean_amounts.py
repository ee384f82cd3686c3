from dataclasses import FrozenInstanceError
from decimal import Decimal

import pytest

from app.domain.korean_amounts import (
    AmountQualifier,
    KoreanAmountError,
    ParsedAmount,
    format_english_amount,
    format_korean_amount,
    parse_korean_amount,
)

EXACT, APPROX = AmountQualifier.EXACT, AmountQualifier.APPROXIMATE
AT_LEAST, UP_TO = AmountQualifier.AT_LEAST, AmountQualifier.UP_TO


@pytest.mark.parametrize(
    ("text", "value", "qualifier", "unit"),
    [
        # Phrases from the Metaverse Seoul article.
        ("약 60억 원", 6_000_000_000, APPROX, "원"),
        ("60억", 6_000_000_000, EXACT, None),
        ("400억", 40_000_000_000, EXACT, None),
        ("1천 명 남짓", 1_000, AT_LEAST, "명"),
        ("2천 명뿐", 2_000, EXACT, "명"),
        ("2건에 불과", 2, EXACT, "건"),
        ("1만 건", 10_000, EXACT, "건"),
        ("1만 건인", 10_000, EXACT, "건"),
        # Unit combinations.
        ("1조 2천억", 1_200_000_000_000, EXACT, None),
        ("1조2천억원", 1_200_000_000_000, EXACT, "원"),
        ("3조 4,500억 원", 3_450_000_000_000, EXACT, "원"),
        ("2천5백만 원", 25_000_000, EXACT, "원"),
        ("1억 5천만", 150_000_000, EXACT, None),
        ("1억 5천", 100_005_000, EXACT, None),  # literal reading, not colloquial 1.5억
        ("1만 2,345 원", 12_345, EXACT, "원"),
        ("1만2345", 12_345, EXACT, None),
        ("천 명", 1_000, EXACT, "명"),
        ("천억", 100_000_000_000, EXACT, None),
        ("백 개", 100, EXACT, "개"),
        ("3십", 30, EXACT, None),
        ("10,000조", 10**16, EXACT, None),  # 조 is the largest unit, so it may exceed 9,999
        # Digits, commas, decimals, sign, spacing.
        ("10,000", 10_000, EXACT, None),
        ("1,234,567원", 1_234_567, EXACT, "원"),
        ("1,000억", 100_000_000_000, EXACT, None),
        ("1.5억", 150_000_000, EXACT, None),
        ("2.5조", 2_500_000_000_000, EXACT, None),
        ("0.5건", Decimal("0.5"), EXACT, "건"),
        ("2.5%", Decimal("2.5"), EXACT, "%"),
        ("0원", 0, EXACT, "원"),
        ("-60억 원", -6_000_000_000, EXACT, "원"),
        ("-2천5백", -2_500, EXACT, None),
        ("  60 억   원 ", 6_000_000_000, EXACT, "원"),
        # Qualifiers.
        ("약60억", 6_000_000_000, APPROX, None),
        ("대략 400억 원", 40_000_000_000, APPROX, "원"),
        ("거의 2천 명", 2_000, APPROX, "명"),
        ("60여억 원", 6_000_000_000, AT_LEAST, "원"),
        ("60억여 원", 6_000_000_000, AT_LEAST, "원"),
        ("1천여 명", 1_000, AT_LEAST, "명"),
        ("10여 건", 10, AT_LEAST, "건"),
        ("60억 원 남짓", 6_000_000_000, AT_LEAST, "원"),
        ("100명 이상", 100, AT_LEAST, "명"),
        ("1만 명 넘게", 10_000, AT_LEAST, "명"),
        ("1만 명이 넘는", 10_000, AT_LEAST, "명"),
        ("최소 5건", 5, AT_LEAST, "건"),
        ("400억 원 이하", 40_000_000_000, UP_TO, "원"),
        ("400억 원까지", 40_000_000_000, UP_TO, "원"),
        ("최대 400억 원", 40_000_000_000, UP_TO, "원"),
        ("불과 2건", 2, EXACT, "건"),
        ("2건에 불과한", 2, EXACT, "건"),
        ("약 1천 명 이상", 1_000, AT_LEAST, "명"),  # a stated bound outranks "about"
        ("약 60여억 원", 6_000_000_000, AT_LEAST, "원"),
        # Particles are stripped from the counter word.
        ("60억 원의", 6_000_000_000, EXACT, "원"),
        ("60억 원을", 6_000_000_000, EXACT, "원"),
        ("2건인", 2, EXACT, "건"),
        ("3개가", 3, EXACT, "개"),
        ("5회로", 5, EXACT, "회"),
        ("400억 원 이상의", 40_000_000_000, AT_LEAST, "원"),
        ("2천 명뿐인", 2_000, EXACT, "명"),
        # Counters that look like they end in a particle are kept whole.
        ("100유로", 100, EXACT, "유로"),
        ("100유로로", 100, EXACT, "유로"),
        ("4인", 4, EXACT, "인"),
        ("3가구", 3, EXACT, "가구"),
        ("5 USD", 5, EXACT, "USD"),
    ],
)
def test_parse(text, value, qualifier, unit):
    parsed = parse_korean_amount(text)
    assert parsed == ParsedAmount(value, qualifier, unit, text)
    assert type(parsed.value) is type(value)  # int when whole, Decimal only for fractions


def test_parse_keeps_original_text_and_is_frozen():
    parsed = parse_korean_amount("  약 60억 원 ")
    assert parsed.text == "  약 60억 원 "
    with pytest.raises(FrozenInstanceError):
        parsed.value = 1  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "no number"),
        ("   ", "no number"),
        ("abc", "no number"),
        ("원", "no number"),
        ("약", "no number"),
        ("하루 2건", "no number"),  # callers must pass the amount phrase only
        ("수천 명", "no number"),  # vague counts are not amounts
        ("억", "억 needs a number"),
        ("조", "조 needs a number"),
        ("만 명", "만 needs a number"),
        ("1조 억", "억 needs a number"),
        ("60억억", "out of order"),
        ("3만 2조", "out of order"),
        ("5백2천", "out of order"),
        ("1,00억", "malformed number '1,00'"),
        ("1,0000", "malformed number"),
        ("--5", "malformed number '--5'"),
        ("1..5억", "malformed number '1..5'"),
        ("-", "malformed number"),
        ("5-3", "malformed number"),
        ("1 0억", "two numbers in a row"),
        ("60억 -5", "minus sign may only start"),
        ("12천", "between 1 and 9"),
        ("2천 5000", "cannot follow"),
        ("10000억", "larger unit"),
        ("1만 12,345", "should use 만"),
        ("여 60", "'여' needs a number"),
        ("60여억 2천만", "'여' can only be followed"),
        ("60억 원 abc", "unexpected text '원 abc'"),
        ("60억 원, 400억 원", "unexpected text"),
        ("1억 이상 이하", "conflicting qualifiers at_least and up_to"),
        ("최대 2건뿐", "conflicting qualifiers"),
        ("1" * 41, "too long"),
    ],
)
def test_parse_invalid(text, reason):
    with pytest.raises(KoreanAmountError, match=reason) as excinfo:
        parse_korean_amount(text)
    assert isinstance(excinfo.value, ValueError)
    assert "cannot read" in str(excinfo.value)


def test_parse_rejects_non_string():
    with pytest.raises(TypeError):
        parse_korean_amount(6_000_000_000)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (6_000_000_000, "원", "60억 원"),
        (40_000_000_000, "원", "400억 원"),
        (1_200_000_000_000, "원", "1조 2,000억 원"),
        (12_345, "원", "1만 2,345 원"),
        (0, "원", "0 원"),
        (950, "원", "950 원"),
        (10_000, "건", "1만 건"),
        (1_000, "명", "1,000 명"),
        (100_010_000, "원", "1억 1만 원"),  # empty groups are left out
        (1_000_000_000_001, "원", "1조 1 원"),
        (987_654_321_012_345, "원", "987조 6,543억 2,101만 2,345 원"),
        (10**16 + 5, "원", "10,000조 5 원"),
        (-6_000_000_000, "원", "-60억 원"),
        (6_000_000_000, None, "60억"),
        (0, None, "0"),
        (Decimal("1.5"), "건", "1.5 건"),
        (Decimal("10000.25"), "%", "1만 0.25 %"),
        (Decimal("150000000.00"), "원", "1억 5,000만 원"),
        (Decimal("-0"), "원", "0 원"),
    ],
)
def test_format_korean(value, unit, expected):
    assert format_korean_amount(value, unit) == expected


def test_format_korean_defaults_to_won():
    assert format_korean_amount(6_000_000_000) == "60억 원"


@pytest.mark.parametrize(
    ("value", "currency", "expected"),
    [
        (6_000_000_000, "KRW", "KRW 6 billion"),
        (40_000_000_000, "KRW", "KRW 40 billion"),
        (1_200_000_000_000, "KRW", "KRW 1.2 trillion"),
        (2_500_000, "KRW", "KRW 2.5 million"),
        (950, "KRW", "KRW 950"),
        (12_345, "KRW", "KRW 12,345"),
        (0, "KRW", "KRW 0"),
        (1_000_000, "KRW", "KRW 1 million"),
        (1_234_567, "KRW", "KRW 1.235 million"),  # rounded half-up to 3 decimals
        (1_234_500, "KRW", "KRW 1.235 million"),
        (999_499_999, "KRW", "KRW 999.5 million"),
        (999_999_999, "KRW", "KRW 1 billion"),  # rounding up moves to the next scale
        (Decimal("999999.9996"), "KRW", "KRW 1 million"),
        (5 * 10**15, "KRW", "KRW 5,000 trillion"),
        (-2_500_000, "KRW", "KRW -2.5 million"),
        (Decimal("-0.0001"), "KRW", "KRW 0"),  # no "-0"
        (Decimal("0.5"), "KRW", "KRW 0.5"),
        (6_000_000_000, None, "6 billion"),
        (6_000_000_000, "USD", "USD 6 billion"),
    ],
)
def test_format_english(value, currency, expected):
    assert format_english_amount(value, currency) == expected


def test_format_english_defaults_to_krw():
    assert format_english_amount(40_000_000_000) == "KRW 40 billion"


@pytest.mark.parametrize("formatter", [format_korean_amount, format_english_amount])
@pytest.mark.parametrize("bad", [1.5, True, "60억", None])
def test_formatters_reject_inexact_or_non_numeric_input(formatter, bad):
    with pytest.raises(TypeError):
        formatter(bad)


@pytest.mark.parametrize("formatter", [format_korean_amount, format_english_amount])
@pytest.mark.parametrize("bad", [Decimal("NaN"), Decimal("Infinity")])
def test_formatters_reject_non_finite(formatter, bad):
    with pytest.raises(ValueError, match="finite"):
        formatter(bad)


ROUND_TRIP_VALUES = [
    0, 1, 9, 10, 999, 1_000, 9_999, 10_000, 10_001, 12_345, 99_999_999, 100_000_000,
    100_010_000, 6_000_000_000, 40_000_000_000, 1_000_000_000_001, 1_200_000_000_000,
    987_654_321_012_345, 10**16 + 5, -1, -6_000_000_000, -1_200_000_000_000,
    Decimal("0.5"), Decimal("1.25"), Decimal("10000.5"), Decimal("-123456789.125"),
]


@pytest.mark.parametrize("value", ROUND_TRIP_VALUES)
@pytest.mark.parametrize("unit", ["원", "건", None])
def test_format_then_parse_round_trips(value, unit):
    parsed = parse_korean_amount(format_korean_amount(value, unit))
    assert parsed.value == value
    assert parsed.unit == unit
    assert parsed.qualifier is EXACT


def test_round_trip_over_a_dense_range_of_group_boundaries():
    values = [base * 10**shift + offset for base in (1, 7, 9999) for shift in (0, 4, 8, 12)
              for offset in (0, 1, 999, 10_000)]
    for value in values:
        assert parse_korean_amount(format_korean_amount(value)).value == value, value

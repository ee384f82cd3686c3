"""Units, bounds and rounding of derived figures: no database needed."""

from decimal import Decimal
from fractions import Fraction

import pytest

from app.scorecard.quantity import Quantity, Refused
from app.scorecard.rounding import round_figure, round_fraction
from app.scorecard.units import Unit, mismatch_reason

KRW, RATE, DAY, RATIO = Unit.parse("KRW"), Unit.parse("count/day"), Unit.parse("day"), Unit()


@pytest.mark.parametrize("text", ["KRW", "count/day", "KRW/day", "KRW·day/count", "ratio", "1/day", "¤/count"])
def test_unit_text_round_trips(text: str) -> None:
    assert str(Unit.parse(text)) == text


def test_a_rate_divided_by_a_rate_is_dimensionless() -> None:
    assert (Quantity.of(2, RATE) / Quantity.of(10000, RATE)).unit == RATIO


def test_money_divided_by_a_rate_is_not_money_per_item() -> None:
    result = Quantity.of(6_000_000_000, KRW) / Quantity.of(2, RATE)
    assert str(result.unit) == "KRW·day/count"
    assert not result.unit.matches(Unit.parse("¤/count"))
    assert "needs a period" in mismatch_reason(result.unit, Unit.parse("¤/count"))


def test_money_divided_by_a_rate_times_a_period_is_money_per_item() -> None:
    result = Quantity.of(6_000_000_000, KRW) / (Quantity.of(2, RATE) * Quantity.of(731, DAY))
    assert result.unit.matches(Unit.parse("¤/count")) and result.value == Fraction(6_000_000_000, 1462)


def test_different_currencies_do_not_make_a_ratio() -> None:
    result = Quantity.of(5, "USD") / Quantity.of(40, "KRW")
    assert not result.unit.matches(RATIO)
    assert "different currencies" in mismatch_reason(result.unit, RATIO)


def test_the_declared_currency_placeholder_takes_any_one_currency() -> None:
    assert Unit.parse("USD/day").matches(Unit.parse("¤/day"))
    assert not Unit.parse("USD/day").matches(Unit.parse("¤/count"))


def test_exact_inputs_give_an_exact_result_without_float_noise() -> None:
    ratio = Quantity.of(6_000_000_000, KRW) / Quantity.of(40_000_000_000, KRW)
    assert (ratio.value, ratio.qualifier) == (Fraction(3, 20), "exact")
    assert round_figure(ratio.value, money=False) == Decimal("0.15")
    assert str(round_figure(Fraction(1, 10) + Fraction(2, 10), money=False)) == "0.3"


def test_floats_are_refused() -> None:
    with pytest.raises(TypeError):
        Quantity.of(0.1, RATIO)


def test_an_approximate_input_makes_an_approximate_result() -> None:
    ratio = Quantity.of(6_000_000_000, KRW, "approximate") / Quantity.of(40_000_000_000, KRW)
    assert ratio.qualifier == "approximate" and ratio.value == Fraction(3, 20)


def test_a_lower_bound_divided_stays_a_lower_bound() -> None:
    result = Quantity.of(1000, "people", "at_least") / Quantity.of(4, RATIO)
    assert (result.qualifier, result.headline) == ("at_least", 250)


def test_dividing_by_a_lower_bound_gives_an_upper_bound() -> None:
    result = Quantity.of(6_000_000, KRW) / Quantity.of(1000, "people", "at_least")
    assert (result.qualifier, result.headline) == ("up_to", 6000)


def test_dividing_by_an_upper_bound_gives_a_lower_bound() -> None:
    result = Quantity.of(6_000_000, KRW) / Quantity.of(1000, "people", "up_to")
    assert (result.qualifier, result.headline) == ("at_least", 6000)


def test_a_lower_bound_over_a_lower_bound_is_refused() -> None:
    with pytest.raises(Refused, match="no bound can be stated"):
        Quantity.of(10, "people", "at_least") / Quantity.of(2, "people", "at_least")


def test_a_range_divides_into_a_range_the_other_way_round() -> None:
    days = Quantity.reading(731, 671, 731, DAY)
    result = Quantity.of(6_000_000_000, KRW) / days
    assert (result.value, result.lower, result.upper) == (Fraction(6_000_000_000, 731), Fraction(6_000_000_000, 731),
                                                          Fraction(6_000_000_000, 671))
    assert result.qualifier == "approximate" and result.is_range


def test_zero_and_negative_divisors_are_refused() -> None:
    with pytest.raises(Refused, match="positive"):
        Quantity.of(1, KRW) / Quantity.of(0, KRW)
    with pytest.raises(Refused, match="positive"):
        Quantity.of(-1, KRW) / Quantity.of(5, KRW)


@pytest.mark.parametrize(("value", "money", "direction", "expected"), [
    (Fraction(1234565, 10**7), False, "nearest", Decimal("0.123456")),  # half to even: 6 stays
    (Fraction(1234575, 10**7), False, "nearest", Decimal("0.123458")),  # half to even: 7 goes up
    (Fraction(2, 3), False, "nearest", Decimal("0.666667")),
    (Fraction(24, 37), False, "up", Decimal("0.648649")),
    (Fraction(24, 37), False, "down", Decimal("0.648648")),
    (Fraction(5, 2), True, "nearest", 2),
    (Fraction(7, 2), True, "nearest", 4),
    (Fraction(12349, 10), True, "down", 1234),  # a lower bound rounds down
    (Fraction(12341, 10), True, "up", 1235),  # an upper bound rounds up
    (Fraction(6_000_000_000, 731), True, "nearest", 8_207_934),
    (Fraction(1, 5000), False, "nearest", Decimal("0.0002")),
    (Fraction(9999995, 10**6), False, "nearest", Decimal("10")),
])
def test_rounding_is_stated_and_exact(value: Fraction, money: bool, direction: str, expected) -> None:
    assert round_figure(value, money, direction) == expected
    assert type(round_figure(value, money, direction)) is (int if money else Decimal)


def test_round_fraction_to_places() -> None:
    assert round_fraction(Fraction(3, 20), places=9) == Decimal("0.15")
    assert round_fraction(Fraction(1, 3), places=9, direction="up") == Decimal("0.333333334")

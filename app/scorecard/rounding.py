"""Turning an exact fraction into a printed number, with rounding stated and bounds kept true.

Values round half to even (ROUND_HALF_EVEN); money to whole minor units, every
other figure to 6 significant digits. A bound rounds outward (a lower bound down,
an upper bound up), so "at least X" is still true after rounding.
"""

from decimal import Decimal
from fractions import Fraction
from math import ceil, floor
from typing import Literal

SIGNIFICANT_DIGITS = 6
Direction = Literal["nearest", "down", "up"]
METHOD = {
    "money": "whole minor units (KRW has none), ROUND_HALF_EVEN",
    "other": f"{SIGNIFICANT_DIGITS} significant digits, ROUND_HALF_EVEN",
    "bounds": "a lower bound rounds down and an upper bound up, so that it stays a bound",
}


def _round_integer(x: Fraction, direction: Direction) -> int:
    if direction == "down":
        return floor(x)
    if direction == "up":
        return ceil(x)
    return round(x)  # Fraction.__round__ rounds half to even


def decimal_exponent(x: Fraction) -> int:
    """floor(log10(|x|)) computed exactly, for x != 0."""
    x = abs(x)
    exponent = len(str(x.numerator)) - len(str(x.denominator))
    while Fraction(10) ** exponent > x:
        exponent -= 1
    while Fraction(10) ** (exponent + 1) <= x:
        exponent += 1
    return exponent


def round_fraction(x: Fraction, *, places: int | None = None, significant: int | None = None,
                   direction: Direction = "nearest") -> Decimal:
    """`x` rounded to `places` decimal places or to `significant` digits, exactly."""
    if (places is None) == (significant is None):
        raise ValueError("give either places or significant")
    if x == 0:
        return Decimal(0)
    quantum = -places if places is not None else decimal_exponent(x) - significant + 1
    digits = _round_integer(x / Fraction(10) ** quantum, direction)
    return Decimal(f"{digits}E{quantum}").normalize()


def round_figure(x: Fraction, money: bool, direction: Direction = "nearest") -> int | Decimal:
    """Money as an int of minor units; anything else as a Decimal of 6 significant digits."""
    if money:
        return int(round_fraction(x, places=0, direction=direction))
    return round_fraction(x, significant=SIGNIFICANT_DIGITS, direction=direction)


def fraction_text(x: Fraction) -> str:
    """The exact value as a reader can check it: "3/20", or "731" for a whole number."""
    return str(x.numerator) if x.denominator == 1 else f"{x.numerator}/{x.denominator}"

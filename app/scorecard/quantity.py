"""Exact quantities with units, qualifiers and bounds: the arithmetic of derived figures.

A value is a Fraction (never a float). Besides the value a quantity keeps what is
known about the truth: `lower`/`upper` bounds (None when there is none) and an
`approximate` flag. Arithmetic carries them along, so a lower bound stays a bound
in the right direction (dividing BY a lower bound gives an upper bound), a range
from a partial date stays a range, and an approximate input makes an approximate
result. Quantities are positive; anything else is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from app.scorecard.units import Unit

QUALIFIERS = ("exact", "approximate", "at_least", "up_to")


class Refused(ValueError):
    """A figure cannot honestly be computed; the message says why."""


def exact(value: int | Decimal | Fraction) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, int | Decimal | Fraction):
        raise TypeError(f"exact arithmetic takes int, Decimal or Fraction, not {type(value).__name__}")
    return Fraction(value)


@dataclass(frozen=True)
class Quantity:
    value: Fraction
    unit: Unit
    lower: Fraction | None
    upper: Fraction | None
    approximate: bool = False

    @classmethod
    def of(cls, value: int | Decimal | Fraction, unit: Unit | str, qualifier: str = "exact") -> Quantity:
        """A stated figure: `at_least` is a lower bound, `up_to` an upper one, `approximate` is flagged."""
        number, unit = exact(value), Unit.parse(unit) if isinstance(unit, str) else unit
        if qualifier not in QUALIFIERS:
            raise ValueError(f"unknown qualifier {qualifier!r}")
        lower = None if qualifier == "up_to" else number
        upper = None if qualifier == "at_least" else number
        return cls(number, unit, lower, upper, qualifier == "approximate")

    @classmethod
    def reading(cls, value: int, low: int, high: int, unit: Unit | str) -> Quantity:
        """A count whose true value lies in low..high (e.g. days between two partial dates)."""
        unit = Unit.parse(unit) if isinstance(unit, str) else unit
        return cls(exact(value), unit, exact(low), exact(high))

    def _check_positive(self, role: str) -> None:
        if self.value < 0 or (role == "divisor" and self.value == 0):
            raise Refused(f"cannot use {self.value} {self.unit} as a {role}: derived figures need positive quantities")

    def __truediv__(self, other: Quantity) -> Quantity:
        self._check_positive("dividend")
        other._check_positive("divisor")
        lower = self.lower / other.upper if self.lower is not None and other.upper is not None else None
        upper = self.upper / other.lower if self.upper is not None and other.lower else None
        return self._result(self.value / other.value, self.unit / other.unit, lower, upper, other)

    def __mul__(self, other: Quantity) -> Quantity:
        self._check_positive("factor")
        other._check_positive("factor")
        lower = self.lower * other.lower if self.lower is not None and other.lower is not None else None
        upper = self.upper * other.upper if self.upper is not None and other.upper is not None else None
        return self._result(self.value * other.value, self.unit * other.unit, lower, upper, other)

    def _result(self, value: Fraction, unit: Unit, lower, upper, other: Quantity) -> Quantity:
        if lower is None and upper is None:
            raise Refused(
                f"no bound can be stated: combining {self.describe()} with {other.describe()} "
                "leaves the result open on both sides"
            )
        return Quantity(value, unit, lower, upper, self.approximate or other.approximate)

    @property
    def qualifier(self) -> str:
        if self.upper is None:
            return "at_least"
        if self.lower is None:
            return "up_to"
        return "approximate" if self.approximate or self.lower != self.upper else "exact"

    @property
    def headline(self) -> Fraction:
        """What to print: the bound itself for a bound, otherwise the value."""
        return {"at_least": self.lower, "up_to": self.upper}.get(self.qualifier, self.value)

    @property
    def is_range(self) -> bool:
        return self.lower is not None and self.upper is not None and self.lower != self.upper

    def describe(self) -> str:
        words = {"at_least": "a lower bound", "up_to": "an upper bound", "approximate": "an approximate value"}
        return f"{self.value} {self.unit} ({words.get(self.qualifier, 'exact')})"

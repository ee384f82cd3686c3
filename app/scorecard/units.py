"""Units of derived figures: products of base units with integer exponents.

Checking units is what stops a formula from dividing money by a daily rate and
calling the result money per complaint: a figure's result must have the unit
its declaration states, or it is refused with the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ANY_CURRENCY = "¤"  # in a declared unit: "some one currency", e.g. "¤/day"
DIMENSIONLESS = "ratio"
_CURRENCY = re.compile(r"[A-Z]{3}|¤")
_BASE = re.compile(r"[A-Za-z¤]+")


@dataclass(frozen=True)
class Unit:
    """`exponents` is sorted and has no zero entries, so equal units compare equal."""

    exponents: tuple[tuple[str, int], ...] = ()

    @classmethod
    def of(cls, exponents: dict[str, int]) -> Unit:
        return cls(tuple(sorted((base, power) for base, power in exponents.items() if power)))

    @classmethod
    def parse(cls, text: str) -> Unit:
        """"KRW", "count/day", "KRW·day/count", "¤/day", "ratio"."""
        if text in (DIMENSIONLESS, "1"):
            return cls()
        top, _, bottom = text.partition("/")
        exponents: dict[str, int] = {}
        for part, sign in ((top, 1), (bottom, -1)):
            for base in filter(None, part.split("·")):
                if base == "1":
                    continue
                if not _BASE.fullmatch(base):
                    raise ValueError(f"not a unit: {text!r}")
                exponents[base] = exponents.get(base, 0) + sign
        return cls.of(exponents)

    def __mul__(self, other: Unit) -> Unit:
        merged = dict(self.exponents)
        for base, power in other.exponents:
            merged[base] = merged.get(base, 0) + power
        return Unit.of(merged)

    def __truediv__(self, other: Unit) -> Unit:
        return self * Unit(tuple((base, -power) for base, power in other.exponents))

    def __str__(self) -> str:
        def side(sign: int) -> str:
            return "·".join(base if abs(p) == 1 else f"{base}^{abs(p)}" for base, p in self.exponents if p * sign > 0)

        top, bottom = side(1), side(-1)
        if not top and not bottom:
            return DIMENSIONLESS
        return f"{top or '1'}/{bottom}" if bottom else top

    @property
    def currencies(self) -> tuple[str, ...]:
        return tuple(base for base, _ in self.exponents if _CURRENCY.fullmatch(base))

    @property
    def is_money(self) -> bool:
        """Money, or money per something: a currency to the first power in the numerator."""
        return any(_CURRENCY.fullmatch(base) and power == 1 for base, power in self.exponents)

    def matches(self, declared: Unit) -> bool:
        """Equal, reading the declaration's ¤ as this unit's one currency."""
        if ANY_CURRENCY not in dict(declared.exponents):
            return self == declared
        currencies = self.currencies
        if len(currencies) != 1:
            return False
        concrete = {(currencies[0] if base == ANY_CURRENCY else base): p for base, p in declared.exponents}
        return self == Unit.of(concrete)


def mismatch_reason(got: Unit, declared: Unit) -> str:
    """Why a result in `got` cannot be a figure in `declared`, in words a reader can act on."""
    reason = f"the formula gives {got}, not the declared {declared}"
    powers = dict(got.exponents)
    if len(got.currencies) > 1:
        currencies = ", ".join(got.currencies)
        return f"{reason}: the amounts are in different currencies ({currencies}) and no exchange rate is applied"
    if powers.get("day", 0) > 0 and got.is_money:
        return f"{reason}: money divided by a per-day rate needs a period (multiply the rate by days of service first)"
    return reason


# The dataset's metric units as (unit, factor to apply to the stored value).
METRIC_UNITS: dict[str, tuple[Unit, int]] = {
    "count": (Unit.parse("count"), 1),
    "count/day": (Unit.parse("count/day"), 1),
    "people": (Unit.parse("people"), 1),
    "KRW": (Unit.parse("KRW"), 1),
    "percent": (Unit(), 100),  # stored 15 means 15/100
    "days": (Unit.parse("day"), 1),
}

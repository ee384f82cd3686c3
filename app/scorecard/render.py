"""Figures for people: Korean units (60억 원), English short scale (KRW 6 billion), percentages, "one in N".

The exact integer is always printed beside these; they are for reading, not for computing.
"""

from decimal import Decimal
from fractions import Fraction

from app.domain.korean_amounts import format_english_amount, format_korean_amount

KOREAN_CURRENCY_WORDS = {"KRW": "원", "USD": "달러", "EUR": "유로", "JPY": "엔"}
HEDGES = {  # qualifier: (Korean prefix, Korean suffix, English prefix)
    "exact": ("", "", ""), "approximate": ("약 ", "", "about "),
    "at_least": ("", " 이상", "at least "), "up_to": ("", " 이하", "at most "),
}


def money(amount: int, currency: str, qualifier: str = "exact") -> dict[str, str]:
    ko_prefix, ko_suffix, en_prefix = HEDGES[qualifier]
    korean = format_korean_amount(amount, KOREAN_CURRENCY_WORDS.get(currency, currency))
    return {"ko": f"{ko_prefix}{korean}{ko_suffix}", "en": f"{en_prefix}{format_english_amount(amount, currency)}"}


def percent(ratio: Decimal, qualifier: str = "exact") -> dict[str, str]:
    ko_prefix, ko_suffix, en_prefix = HEDGES[qualifier]
    number = format((ratio * 100).normalize(), ",f")
    return {"ko": f"{ko_prefix}{number}%{ko_suffix}", "en": f"{en_prefix}{number} %"}


def one_in(ratio: Fraction) -> dict[str, str] | None:
    """"one in 5,000" for a ratio of 1/5000; "about one in 3" when 1/ratio is not whole."""
    if not 0 < ratio < 1:
        return None
    inverse = 1 / ratio
    n = round(inverse)
    about = ("", "") if inverse == n else ("약 ", "about ")
    return {"ko": f"{about[0]}{n:,}분의 1", "en": f"{about[1]}one in {n:,}"}


def with_template(rendered: dict[str, str], template: tuple[str, str] | None) -> dict[str, str]:
    """Wrap rendered amounts in a figure's wording, e.g. ("하루 {}", "{} per day")."""
    if template is None:
        return rendered
    return {"ko": template[0].format(rendered["ko"]), "en": template[1].format(rendered["en"])}

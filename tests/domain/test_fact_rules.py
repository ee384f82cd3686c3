"""The fact rules on their own: a figure against its wording, a date against its wording, no negative money."""

import unicodedata
from decimal import Decimal

import pytest

from app.domain.fact_rules import excerpt_stands_in, violations
from app.domain.partial_dates import read_date_wording

DATED = ("period_start", "period_end", "as_of")


def budget(amount: int, text: str | None, qualifier: str = "exact", currency: str = "KRW", **more) -> dict:
    return {"kind": "spent", "amount": amount, "currency": currency, "qualifier": qualifier, "amount_text": text, **more}


def metric(value: str, text: str | None, qualifier: str = "exact", unit: str = "count", **more) -> dict:
    return {"value": Decimal(value), "unit": unit, "qualifier": qualifier, "value_text": text, **more}


def fields(kind: str, values: dict) -> list[str]:
    return [violation.field for violation in violations(kind, values, DATED)]


@pytest.mark.parametrize(("values", "kind"), [
    (budget(6_000_000_000, "약 60억 원", "approximate"), "budgets"),  # the article's figures
    (budget(40_000_000_000, "400억"), "budgets"),
    (budget(1_000_000_000, "10억 원 이상", "at_least"), "budgets"),
    (budget(1_000_000, "100만 원 미만", "up_to"), "budgets"),
    (budget(12_345, "123.45달러", currency="USD"), "budgets"),  # cents
    (budget(7, None), "budgets"),  # no wording: nothing to compare
    (metric("10000", "하루 평균 1만 건", unit="count/day"), "metrics"),
    (metric("2", "하루 2건에 불과", unit="count/day"), "metrics"),
    (metric("1000", "1천 명 남짓", "at_least", unit="people"), "metrics"),
    (metric("2000", "2천 명뿐", unit="people"), "metrics"),
    (metric("-2.5", "-2.5%", unit="percent"), "metrics"),  # a change in percent may be negative
])
def test_figures_that_say_what_their_wording_says_pass(values: dict, kind: str) -> None:
    assert fields(kind, values) == []


@pytest.mark.parametrize(("values", "named"), [
    (budget(100_000_000, "약 10억 원"), ["amount", "qualifier"]),  # ten times too small, 약 ignored
    (budget(1_000_000_000, "약 10억 원"), ["qualifier"]),
    (budget(1_000_000_000, "10억 원 남짓", "approximate"), ["qualifier"]),
    (budget(1_000_000_000, "10억 원 (추정)"), ["amount_text"]),  # not an amount phrase
    (budget(1_000_000_000, "1천 명"), ["amount_text"]),  # counts people, not money
    (budget(100, "100달러", currency="KRW"), ["currency"]),
    (budget(100, "100달러", currency="USD"), ["amount"]),  # 100 dollars is 10000 cents
    (budget(-5, None), ["amount"]),
    (budget(-6_000_000_000, "-60억 원"), ["amount"]),  # negative even when the wording says so
])
def test_a_budget_that_contradicts_its_wording_names_the_field(values: dict, named: list[str]) -> None:
    assert fields("budgets", values) == named


@pytest.mark.parametrize(("values", "named"), [
    (metric("1000", "1천 명 남짓", unit="people"), ["qualifier"]),
    (metric("2", "2천 명뿐", unit="people"), ["value"]),
    (metric("1", "하루 평균 1만 건", unit="count/day"), ["value"]),
    (metric("-1", None), ["value"]),
])
def test_a_metric_that_contradicts_its_wording_names_the_field(values: dict, named: list[str]) -> None:
    assert fields("metrics", values) == named


@pytest.mark.parametrize(("value", "text", "sound"), [
    ("2026", "2026년까지", True),
    ("2025", "2026년까지", False),
    ("2026-12", "2026년까지", False),  # the wording says a year: a month would be invented
    ("2023-01", "2023년 1월", True),
    ("2023-02", "2023년 1월", False),
    ("2024-Q4", "2024년 4분기", True),
    ("2024-12", "2024년 말", True),  # late in 2024: any part of 2024 fits
    ("2025-01", "2024년 말", False),
    ("2023-01-15", "2023.1.15", True),
    ("2023-01", "지난해 1월", True),  # relative: nothing to compare without the source's date
    ("2022-12", "2023년께", True),  # "around 2023": too loose to hold the value to
    ("2024", "지금까지", True),
])
def test_a_date_must_be_the_one_its_wording_names(value: str, text: str, sound: bool) -> None:
    values = budget(1, None, period_end={"value": value, "text": text})
    assert fields("budgets", values) == ([] if sound else ["period_end"])


def test_only_one_absolute_date_is_read_from_a_wording() -> None:
    assert read_date_wording("2023년~2024년") is None
    assert read_date_wording("12345") is None
    assert read_date_wording("2023년 1월 15일 발표").span.value == "2023-01-15"


def test_an_excerpt_stands_in_a_text_after_unicode_and_whitespace_normalisation() -> None:
    text = "지금까지 약 60억 원의   예산을\n들였지만 결국 사라지게 됐습니다."
    assert excerpt_stands_in("약 60억 원의 예산을 들였지만", text)
    assert excerpt_stands_in(unicodedata.normalize("NFD", "예산을 들였지만"), text)  # decomposed Hangul
    assert not excerpt_stands_in("전혀 다른 문장", text)
    assert not excerpt_stands_in("약 6억 원의 예산", text)
    assert not excerpt_stands_in("   ", text)

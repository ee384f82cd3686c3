"""Every figure of the Metaverse Seoul scorecard against values computed by hand.

spent 6,000,000,000 KRW (약 60억 원, approximate); planned 40,000,000,000 KRW (400억, through 2026);
2 complaints/day on the platform against 10,000/day at the call center;
service 2023-01 to 2024-12 (month precision), planned end 2026 (year precision).
"""

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session

from app.scorecard.engine import scorecard
from seed.loader import load_all_cases

ARTICLE = Path(__file__).resolve().parents[2] / "seed" / "sources" / "metaverse-seoul-article.txt"
CLOSING_SENTENCE = "당초 계획은 2026년까지 400억을 투입할 예정이었지만 초라한 이용자 수에 '갑작스러운 종료'를 피할 수 없게 됐습니다."


@pytest.fixture
def card(session: Session) -> dict[str, Any]:
    load_all_cases(session)
    return scorecard(session, "metaverse-seoul")


def figure(card: dict[str, Any], name: str) -> dict[str, Any]:
    return next(f for f in card["figures"] if f["name"] == name)


def test_every_declared_figure_is_computed(card) -> None:
    assert [f["name"] for f in card["figures"]] == [
        "budget_execution_ratio", "usage_vs_compared_channel", "cost_per_day_of_service",
        "cost_per_complaint_handled", "lifetime_vs_plan"]
    assert card["unavailable"] == []


def test_budget_execution_ratio(card) -> None:
    ratio = figure(card, "budget_execution_ratio")
    assert (ratio["value"], ratio["exact"], ratio["unit"]) == (Decimal("0.15"), "3/20", "ratio")  # 6e9 / 4e10
    assert ratio["qualifier"] == "approximate"  # because 약 60억 원 is approximate
    assert ratio["rendered"] == {"ko": "약 15%", "en": "about 15 %"}
    spent, planned = ratio["inputs"]
    assert (spent["type"], spent["value"], spent["qualifier"], spent["text"]) == ("budget", 6_000_000_000, "approximate", "약 60억 원")
    assert spent["rendered"] == {"ko": "약 60억 원", "en": "about KRW 6 billion"}
    assert (planned["value"], planned["rendered"]) == (40_000_000_000, {"ko": "400억 원", "en": "KRW 40 billion"})
    assert spent["url"] == f"/v1/budgets/{spent['id']}"
    assert [c["excerpt"] for c in planned["citations"]] == [CLOSING_SENTENCE]
    caveats = " ".join(ratio["caveats"])
    assert "may not be the final cost" in caveats and "The plan ran until 2026" in caveats


def test_usage_against_the_call_center(card) -> None:
    usage = figure(card, "usage_vs_compared_channel")
    assert (usage["value"], usage["exact"], usage["qualifier"]) == (Decimal("0.0002"), "1/5000", "exact")  # 2 / 10000
    assert usage["rendered"] == {"ko": "0.02% (5,000분의 1)", "en": "0.02 % (one in 5,000)"}
    assert [(i["role"], i["value"], i["unit"]) for i in usage["inputs"]] == [
        ("usage rate", Decimal("2"), "count/day"), ("compared channel", Decimal("10000"), "count/day")]


def test_cost_per_day_of_service(card) -> None:
    cost = figure(card, "cost_per_day_of_service")
    # 2023-01-01 .. 2024-12-31 inclusive = 365 + 366 = 731 days; 6,000,000,000 / 731 = 8,207,934.34
    assert (cost["value"], cost["exact"], cost["unit"]) == (8_207_934, "6000000000/731", "KRW/day")
    # the narrowest reading, 2023-01-31 .. 2024-12-01 = 671 days: 8,941,877.79, rounded up as an upper end
    assert cost["range"] == {"low": 8_207_934, "high": 8_941_878}
    assert cost["qualifier"] == "approximate" and cost["estimate"] is False
    assert cost["rendered"] == {"ko": "하루 약 820만 7,934 원", "en": "about KRW 8.208 million per day"}
    period = next(i for i in cost["inputs"] if i["type"] == "project")
    reading = period["date_reading"]
    assert (reading["from"].isoformat(), reading["from_end"], reading["to"].isoformat(), reading["to_end"], reading["count"]) == (
        "2023-01-01", "earliest", "2024-12-31", "latest", 731)
    assert reading["narrowest"]["count"] == 671
    # the end is the closure the article announces: scheduled, and the figure says so
    assert (period["end"]["value"], period["end_basis"], period["end_announced"]) == ("2024-12", "scheduled", "2024-07-03")
    assert any("scheduled, announced 2024-07-03, not known to have happened" in caveat for caveat in cost["caveats"])
    assert [c["excerpt"] for c in period["citations"] if c["field"] == "occurs"] == ["'메타버스 서울'이 올해 말 서비스를 종료합니다."]


def test_cost_per_complaint_is_flagged_as_an_estimate(card) -> None:
    cost = figure(card, "cost_per_complaint_handled")
    # 6,000,000,000 / (2 × 731) = 4,103,967.17; with 671 days: 4,470,938.90
    assert (cost["value"], cost["exact"], cost["unit"]) == (4_103_967, "3000000000/731", "KRW/count")
    assert cost["range"] == {"low": 4_103_967, "high": 4_470_939}
    assert cost["estimate"] is True and cost["qualifier"] == "approximate"
    assert any(c.startswith("An estimate") for c in cost["caveats"])
    assert cost["rendered"]["ko"] == "민원 1건당 약 410만 3,967 원"


def test_lifetime_against_the_plan(card) -> None:
    lifetime = figure(card, "lifetime_vs_plan")
    # 2023-01 .. 2024-12 = 24 months lived; 2023-01 .. 2026-12 = 48 months planned (2026 read to its end)
    assert (lifetime["value"], lifetime["exact"]) == (Decimal("0.5"), "1/2")
    # read as 2026-01, the plan is 37 months: 24 / 37 = 0.648648…, rounded up as an upper end
    assert lifetime["range"] == {"low": Decimal("0.5"), "high": Decimal("0.648649")}
    readings = {i["role"]: i["date_reading"] for i in lifetime["inputs"]}
    assert (readings["service period"]["count"], readings["planned lifetime"]["count"]) == (24, 48)
    assert readings["planned lifetime"]["narrowest"]["count"] == 37


def test_the_mayors_reason_is_held_against_the_termination(card) -> None:
    (link,) = card["statements_against_outcomes"]
    assert (link["rating"], link["statement"]["kind"], link["statement"]["stated"]["value"]) == ("contradicts", "justification", "2023-01")
    assert "갑자기 서비스가 종료된다던가" in link["statement"]["quote"]
    assert link["statement"]["speaker"]["person"] == "오세훈"
    fact = link["fact"]  # the closure the article announces: scheduled, not done
    assert (fact["type"], fact["status"], fact["ended"], fact["end"]["value"], fact["end_basis"]) == (
        "project", "active", None, "2024-12", "scheduled")
    assert link["evidence"]["excerpt"] == CLOSING_SENTENCE
    assert CLOSING_SENTENCE in ARTICLE.read_text(encoding="utf-8")


def test_every_input_carries_its_citations(card) -> None:
    article = ARTICLE.read_text(encoding="utf-8")
    for item in card["figures"]:
        for link in item["inputs"]:
            assert link["citations"], (item["name"], link["role"])
            assert all(c["excerpt"] in article for c in link["citations"])

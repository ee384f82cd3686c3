"""A figure appears only when its inputs exist and its units make sense; bounds, ranges and estimates say so."""

from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from app.scorecard.engine import scorecard
from app.scorecard.facts import live
from app.scorecard.figures import FIGURES, Figure
from tests.factories import make_budget, make_metric, make_project


def figures(card: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f["name"]: f for f in card["figures"] + card["unavailable"]}


def project_with(session: Session, started="2023-01-01", ended="2023-12-31", **project: Any) -> dict[str, Any]:
    return make_project(session, started=started, ended=ended, **project)


def test_without_inputs_every_figure_is_listed_with_its_reason(session: Session) -> None:
    project = make_project(session)
    card = scorecard(session, project["slug"])
    assert card["figures"] == []
    reasons = {f["name"]: f["reason"] for f in card["unavailable"]}
    assert set(reasons) == {f.name for f in FIGURES}
    assert "no spent budget is recorded" in reasons["budget_execution_ratio"]
    assert "no planned budget is recorded" in reasons["budget_execution_ratio"]
    assert "no actual count/day metric" in reasons["usage_vs_compared_channel"]
    assert "no started date" in reasons["cost_per_day_of_service"]
    assert all("value" not in f for f in card["unavailable"])


def test_a_missing_end_date_is_a_reason_not_today(session: Session) -> None:
    project = make_project(session, started="2023-01", status="active")
    make_budget(session, project_id=project["id"], kind="spent", amount=1_000_000)
    reason = figures(scorecard(session, project["slug"]))["cost_per_day_of_service"]["reason"]
    assert "no end date" in reason


def test_an_end_before_the_start_is_refused(session: Session) -> None:
    project = project_with(session, started="2024-05", ended="2023-02")
    make_budget(session, project_id=project["id"], kind="spent", amount=1_000_000)
    assert "before its started" in figures(scorecard(session, project["slug"]))["cost_per_day_of_service"]["reason"]


def test_amounts_in_different_currencies_make_no_ratio(session: Session) -> None:
    project = project_with(session)
    make_budget(session, project_id=project["id"], kind="spent", amount=500, currency="USD")
    make_budget(session, project_id=project["id"], kind="planned", amount=4_000_000, currency="KRW")
    ratio = figures(scorecard(session, project["slug"]))["budget_execution_ratio"]
    assert "value" not in ratio and "different currencies (KRW, USD)" in ratio["reason"]
    assert [i["unit"] for i in ratio["inputs"]] == ["USD", "KRW"]  # the inputs it would have used are shown


def test_money_divided_by_a_daily_rate_without_a_period_is_refused(session: Session) -> None:
    project = project_with(session)
    make_budget(session, project_id=project["id"], kind="spent", amount=730_000_000)
    make_metric(session, project_id=project["id"], value="2", unit="count/day")
    wrong = Figure(name="cost_per_complaint_without_period", title="wrong", formula="spent ÷ complaints per day",
                   unit="¤/count", needs=("spent", "usage_rate"), compute=lambda q: q.spent / q.usage_rate)
    (refused,) = scorecard(session, project["slug"], figures=(wrong,))["unavailable"]
    assert refused["reason"].startswith("the formula gives KRW·day/count, not the declared ¤/count")
    assert "needs a period" in refused["reason"]


def test_adding_a_figure_is_adding_a_declaration(session: Session) -> None:
    project = make_project(session, started="2023-01", planned_end="2026")
    make_budget(session, project_id=project["id"], kind="planned", amount=48_000_000_000)
    per_month = Figure(name="planned_per_month", title="Planned spending per month", formula="planned ÷ months planned",
                       unit="¤/month", needs=("planned", "planned_months"), compute=lambda q: q.planned / q.planned_months)
    (computed,) = scorecard(session, project["slug"], figures=(*FIGURES, per_month))["figures"]
    assert (computed["name"], computed["value"], computed["unit"]) == ("planned_per_month", 1_000_000_000, "KRW/month")
    assert computed["range"] == {"low": 1_000_000_000, "high": 1_297_297_298}  # 48e9 / 37, rounded up


def test_exact_inputs_and_exact_dates_give_an_exact_figure(session: Session) -> None:
    project = project_with(session)  # 2023-01-01 .. 2023-12-31: 365 days
    make_budget(session, project_id=project["id"], kind="spent", amount=730_000_000, qualifier="exact")
    cost = figures(scorecard(session, project["slug"]))["cost_per_day_of_service"]
    assert (cost["value"], cost["qualifier"], cost["range"]) == (2_000_000, "exact", None)
    assert cost["rendered"] == {"ko": "하루 200만 원", "en": "KRW 2 million per day"}


def test_a_lower_bound_of_use_gives_an_upper_bound_of_cost(session: Session) -> None:
    project = project_with(session)
    make_budget(session, project_id=project["id"], kind="spent", amount=365_000_000)
    benchmark = make_metric(session, project_id=project["id"], value="1000", unit="count/day")
    make_metric(session, project_id=project["id"], value="10", unit="count/day", qualifier="at_least",
                compared_with_id=benchmark["id"])
    card = figures(scorecard(session, project["slug"]))
    cost, usage = card["cost_per_complaint_handled"], card["usage_vs_compared_channel"]
    # 365,000,000 / (at least 10 × 365) = at most 100,000 per complaint
    assert (cost["value"], cost["qualifier"]) == (100_000, "up_to")
    assert cost["rendered"]["en"] == "at most KRW 100,000 per complaint"
    assert any(c.startswith("An upper bound") for c in cost["caveats"])
    # at least 10 / 1000 = at least 0.01
    assert (usage["value"], usage["qualifier"], usage["rendered"]["ko"]) == (Decimal("0.01"), "at_least", "1% 이상 (100분의 1)")


def test_a_lower_bound_against_a_lower_bound_has_no_figure(session: Session) -> None:
    project = make_project(session)
    benchmark = make_metric(session, project_id=project["id"], value="1000", unit="count/day", qualifier="at_least")
    make_metric(session, project_id=project["id"], value="10", unit="count/day", qualifier="at_least",
                compared_with_id=benchmark["id"])
    usage = figures(scorecard(session, project["slug"]))["usage_vs_compared_channel"]
    assert "value" not in usage and "no bound can be stated" in usage["reason"]


def test_year_precision_dates_give_a_range_and_say_which_ends_were_used(session: Session) -> None:
    project = make_project(session, started="2023", ended="2024")
    make_budget(session, project_id=project["id"], kind="spent", amount=7_310_000_000, qualifier="exact")
    cost = figures(scorecard(session, project["slug"]))["cost_per_day_of_service"]
    # widest: 2023-01-01 .. 2024-12-31 = 731 days; narrowest: 2023-12-31 .. 2024-01-01 = 2 days
    assert (cost["value"], cost["range"], cost["qualifier"]) == (10_000_000, {"low": 10_000_000, "high": 3_655_000_000}, "approximate")
    reading = next(i for i in cost["inputs"] if i["type"] == "project")["date_reading"]
    assert (reading["from_end"], reading["to_end"], reading["count"], reading["narrowest"]["count"]) == ("earliest", "latest", 731, 2)
    assert "earliest day of started 2023" in reading["text"] and "latest day of ended 2024" in reading["text"]


def test_the_latest_report_of_a_budget_is_used(session: Session) -> None:
    project = make_project(session)
    make_budget(session, project_id=project["id"], kind="planned", amount=100)
    make_budget(session, project_id=project["id"], kind="spent", amount=10, as_of="2023")
    latest = make_budget(session, project_id=project["id"], kind="spent", amount=30, as_of="2024-03")
    make_budget(session, project_id=project["id"], kind="spent", amount=20)  # undated: never preferred to a dated one
    ratio = figures(scorecard(session, project["slug"]))["budget_execution_ratio"]
    assert (ratio["value"], ratio["inputs"][0]["id"]) == (Decimal("0.3"), latest["id"])


@pytest.mark.parametrize(("usage", "benchmark", "value", "exact", "english"), [
    ("1", "3", Decimal("0.333333"), "1/3", "33.3333 % (one in 3)"),
    ("2", "7", Decimal("0.285714"), "2/7", "28.5714 % (about one in 4)"),
])
def test_a_ratio_is_rounded_to_six_significant_digits(session: Session, usage, benchmark, value, exact, english) -> None:
    project = make_project(session)
    compared = make_metric(session, project_id=project["id"], value=benchmark, unit="count/day")
    make_metric(session, project_id=project["id"], value=usage, unit="count/day", compared_with_id=compared["id"])
    ratio = figures(scorecard(session, project["slug"]))["usage_vs_compared_channel"]
    assert (ratio["value"], ratio["exact"], ratio["rendered"]["en"]) == (value, exact, english)


def test_a_compared_rate_in_another_unit_is_refused(session: Session) -> None:
    project = make_project(session)
    total = make_metric(session, project_id=project["id"], value="3650", unit="count")
    make_metric(session, project_id=project["id"], value="1", unit="count/day", compared_with_id=total["id"])
    usage = figures(scorecard(session, project["slug"]))["usage_vs_compared_channel"]
    assert usage["reason"] == "the formula gives 1/day, not the declared ratio"


class QueryCounter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, *args: Any) -> None:
        self.count += 1


def queries_for(session: Session, key: str) -> int:
    counter = QueryCounter()
    connection = session.connection()
    sa.event.listen(connection, "before_cursor_execute", counter)
    try:
        scorecard(session, key)
    finally:
        sa.event.remove(connection, "before_cursor_execute", counter)
    return counter.count


def test_the_number_of_queries_does_not_grow_with_the_facts(session: Session) -> None:
    small = project_with(session)
    make_budget(session, project_id=small["id"], kind="spent", amount=1)
    large = project_with(session)
    other = make_project(session)
    for n in range(15):
        make_budget(session, project_id=large["id"], kind="spent" if n % 2 else "planned", amount=1000 + n)
        benchmark = make_metric(session, project_id=other["id"], value=str(n + 100), unit="count/day")
        make_metric(session, project_id=large["id"], value=str(n + 1), unit="count/day", compared_with_id=benchmark["id"])
    assert queries_for(session, small["slug"]) == queries_for(session, large["slug"]) <= 8


def test_soft_deleted_rows_will_be_left_out() -> None:
    """Soft delete is on its way (a `deleted_at` column): every scorecard query already honours it."""
    metadata = sa.MetaData()
    with_flag = sa.Table("with_flag", metadata, sa.Column("id", sa.Integer), sa.Column("deleted_at", sa.DateTime))
    without = sa.Table("without", metadata, sa.Column("id", sa.Integer))
    assert [str(condition) for condition in live(with_flag, without)] == ["with_flag.deleted_at IS NULL"]

"""The timeline orders partial dates by their range, says when an order is uncertain, and never invents a date."""

from datetime import date

import pytest
from sqlmodel import Session

from app.core.errors import NotFound
from app.scorecard.facts import load_facts
from app.services.timeline import build_timeline, order_events, timeline
from seed.loader import load_all_cases
from tests.factories import make_budget, make_metric, make_project, make_statement


def summary(events: list[dict]) -> list[tuple[str, str]]:
    return [(event["kind"], event["date"]["value"]) for event in events]


def test_the_metaverse_seoul_timeline(session: Session) -> None:
    load_all_cases(session)
    line = timeline(session, "metaverse-seoul")
    assert summary(line["events"]) == [
        ("launched", "2023-01"),  # started, month precision
        ("statement", "2023-01"),  # the mayor's justification: same month, kinds order launched first
        ("figure_reported", "2024"),  # 약 60억 원 spent "so far", as of 2024: a year sorts from its first day
        ("ended", "2024-12"),
        ("figure_period", "2026"),  # 400억 planned through 2026
        ("planned_end", "2026"),
    ]
    assert all(event["citations"] for event in line["events"])
    assert all(event["order_certain"] is False for event in line["events"])  # every range overlaps another
    ended = line["events"][3]
    assert (ended["status"], ended["date"]["text"], ended["fact"]["type"]) == ("terminated", "올해 말", "project")
    spent = line["events"][2]
    assert (spent["budget_kind"], spent["amount"], spent["rendered"]["ko"]) == ("spent", 6_000_000_000, "약 60억 원")
    assert line["events"][1]["speaker"]["person"] == "오세훈"


def test_undated_facts_are_listed_apart(session: Session) -> None:
    load_all_cases(session)
    undated = timeline(session, "metaverse-seoul")["undated"]
    assert sorted((event["fact"]["type"], event["kind"]) for event in undated) == [
        ("metric", "figure")] * 4 + [("statement", "statement")]  # the city's promotion has no date in the article
    assert all(event["date"] is None for event in undated)


def test_partial_dates_sort_by_earliest_then_latest_then_precision(session: Session) -> None:
    project = make_project(session, started="2023-01-15", announced="2022-12-31", planned_end="2025-06-01")
    for stated in ("2023", "2023-Q1", "2023-01"):
        make_statement(session, project_id=project["id"], stated=stated)
    make_statement(session, project_id=project["id"])  # undated
    line = timeline(session, project["slug"])
    assert summary(line["events"]) == [
        ("announced", "2022-12-31"), ("statement", "2023-01"), ("statement", "2023-Q1"), ("statement", "2023"),
        ("launched", "2023-01-15"), ("planned_end", "2025-06-01"),
    ]
    certain = {event["date"]["value"]: event["order_certain"] for event in line["events"]}
    assert certain == {"2022-12-31": True, "2023-01": False, "2023-Q1": False, "2023": False, "2023-01-15": False,
                       "2025-06-01": True}
    assert [event["kind"] for event in line["undated"]] == ["statement"]


def test_figures_are_placed_by_report_date_then_period(session: Session) -> None:
    project = make_project(session)
    reported = make_budget(session, project_id=project["id"], as_of="2024-03", period_end="2026")
    period = make_budget(session, project_id=project["id"], period_start="2022", period_end="2023-06")
    started = make_metric(session, project_id=project["id"], period_start="2021-Q2")
    make_metric(session, project_id=project["id"])
    line = build_timeline(load_facts(session, [project["id"]])[project["id"]])
    assert [(e["kind"], e["field"], e["fact"]["id"]) for e in line["events"]] == [
        ("figure_period", "period_start", started["id"]), ("figure_period", "period_end", period["id"]),
        ("figure_reported", "as_of", reported["id"])]
    assert len(line["undated"]) == 1


def test_ties_are_broken_by_kind_then_fact_type_then_id() -> None:
    day = {"value": "2024-05-01", "precision": "day", "earliest": date(2024, 5, 1), "latest": date(2024, 5, 1)}
    events = [{"kind": kind, "date": day, "fact": {"type": fact_type, "id": fact_id}}
              for kind, fact_type, fact_id in [("ended", "project", 1), ("figure_reported", "metric", 2),
                                               ("figure_reported", "budget", 9), ("statement", "statement", 5),
                                               ("statement", "statement", 3)]]
    ordered = order_events(events)
    assert [(e["kind"], e["fact"]["type"], e["fact"]["id"]) for e in ordered] == [
        ("statement", "statement", 3), ("statement", "statement", 5), ("figure_reported", "budget", 9),
        ("figure_reported", "metric", 2), ("ended", "project", 1)]


def test_an_unknown_project_is_not_found(session: Session) -> None:
    with pytest.raises(NotFound):
        timeline(session, "no-such-project")

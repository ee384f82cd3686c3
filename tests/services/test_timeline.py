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
        ("status", "2023-01"),  # launched: happened, month precision
        ("statement", "2023-01"),  # the mayor's justification: same month, kinds order the status event first
        ("figure_reported", "2024"),  # 약 60억 원 spent "so far", as of 2024: a year sorts from its first day
        ("status", "2024-12"),  # the closure: scheduled, not done
        ("status", "2026"),  # the original plan through 2026: abandoned
        ("figure_period", "2026"),  # 400억 planned through 2026
        ("planned_end", "2026"),
    ]
    assert all(event["citations"] for event in line["events"])
    assert all(event["order_certain"] is False for event in line["events"])  # every range overlaps another
    launched, closure, plan = line["events"][0], line["events"][3], line["events"][4]
    assert (launched["certainty"], launched["status"], launched["announced"]) == ("happened", "active", None)
    assert (closure["certainty"], closure["status"], closure["date"]["text"]) == ("scheduled", "terminated", "올해 말")
    assert closure["announced"]["value"] == "2024-07-03" and closure["fact"]["type"] == "project_event"
    assert (plan["certainty"], plan["announced"]["value"]) == ("abandoned", "2024-07-03")
    spent = line["events"][2]
    assert (spent["budget_kind"], spent["amount"], spent["rendered"]["ko"]) == ("spent", 6_000_000_000, "약 60억 원")
    assert line["events"][1]["speaker"]["person"] == "오세훈"
    status = line["status"]
    assert (status["status"], status["since"]["value"]) == ("active", "2023-01")
    assert [(s["status"], s["on"]["value"], s["announced"]["value"]) for s in status["scheduled"]] == [
        ("terminated", "2024-12", "2024-07-03")]
    assert [(s["status"], s["on"]["value"]) for s in status["abandoned"]] == [("completed", "2026")]


def test_a_dated_event_shows_only_the_citations_of_its_date(session: Session) -> None:
    load_all_cases(session)
    line = timeline(session, "metaverse-seoul")
    for event in line["events"]:
        assert event["field"] and all(citation["field"] == event["field"] for citation in event["citations"]), event
    closure = next(event for event in line["events"] if event.get("certainty") == "scheduled")
    assert [citation["excerpt"] for citation in closure["citations"]] == ["'메타버스 서울'이 올해 말 서비스를 종료합니다."]


def test_a_planned_budget_and_a_target_stay_what_they_are(session: Session) -> None:
    project = make_project(session, started="2023-01")
    make_budget(session, project_id=project["id"], kind="planned", amount=100, period_end="2025")
    make_metric(session, project_id=project["id"], observation="target", value="50", unit="count/day", as_of="2024")
    line = timeline(session, project["slug"])
    figures = {event["kind"]: event for event in line["events"] if event["fact"]["type"] in ("budget", "metric")}
    assert (figures["figure_period"]["budget_kind"], figures["figure_reported"]["observation"]) == ("planned", "target")


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
        ("status", "2023-01-15"), ("planned_end", "2025-06-01"),  # active, as written, dated by its start
    ]
    certain = {event["date"]["value"]: event["order_certain"] for event in line["events"]}
    assert certain == {"2022-12-31": True, "2023-01": False, "2023-Q1": False, "2023": False, "2023-01-15": False,
                       "2025-06-01": True}
    assert [event["kind"] for event in line["undated"]] == ["statement"]


def test_figures_are_placed_by_report_date_then_period(session: Session) -> None:
    project = make_project(session, status=None)  # no status event either
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

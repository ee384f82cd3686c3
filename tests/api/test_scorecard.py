"""GET /v1/projects/{key}/scorecard, /timeline and /v1/compare over HTTP."""

from decimal import Decimal

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.models import Project
from app.scorecard.sql import ranking_source
from seed.loader import load_all_cases
from tests.api import assert_problem, if_match
from tests.factories import make_budget, make_project


@pytest.fixture
def seeded(session: Session) -> Session:
    load_all_cases(session)
    return session


def test_the_scorecard_is_served_by_slug_and_by_id(seeded: Session, client: TestClient) -> None:
    by_slug = client.get("/v1/projects/metaverse-seoul/scorecard")
    assert by_slug.status_code == 200 and by_slug.headers["content-type"] == "application/json"
    card = by_slug.json()
    assert client.get(f"/v1/projects/{card['project']['id']}/scorecard").json() == card
    values = {f["name"]: f["value"] for f in card["figures"]}
    assert values == {"budget_execution_ratio": "0.15", "usage_vs_compared_channel": "0.0002",
                      "cost_per_day_of_service": 8207934, "cost_per_complaint_handled": 4103967,
                      "lifetime_vs_plan": "0.5"}
    spent = card["figures"][0]["inputs"][0]
    assert spent["url"] == f"http://testserver/v1/budgets/{spent['id']}"
    assert client.get(spent["url"]).json()["amount"] == 6_000_000_000
    assert card["statements_against_outcomes"][0]["rating"] == "contradicts"
    assert set(card["method"]) >= {"rounding", "bounds", "dates"}


def test_an_unknown_project_has_no_scorecard_or_timeline(session: Session, client: TestClient) -> None:
    for path in ("/v1/projects/no-such-project/scorecard", "/v1/projects/999999/timeline"):
        assert_problem(client.get(path), 404, "key", "path")


def test_the_timeline_is_served(seeded: Session, client: TestClient) -> None:
    response = client.get("/v1/projects/metaverse-seoul/timeline")
    assert response.status_code == 200
    body = response.json()
    assert [(e["kind"], e.get("certainty")) for e in body["events"]] == [
        ("status", "happened"), ("statement", None), ("figure_reported", None), ("status", "scheduled"),
        ("status", "abandoned"), ("figure_period", None), ("planned_end", None)]
    assert body["events"][0]["date"] == {"value": "2023-01", "precision": "month", "earliest": "2023-01-01",
                                         "latest": "2023-01-31", "text": "지난해 1월"}
    assert "earliest day" in body["ordering"] and len(body["undated"]) == 5


def test_compare_puts_scorecards_side_by_side(seeded: Session, client: TestClient) -> None:
    other = make_project(seeded, started="2023-01-01", ended="2023-12-31")
    make_budget(seeded, project_id=other["id"], kind="spent", amount=365_000_000, currency="USD")
    make_budget(seeded, project_id=other["id"], kind="planned", amount=730_000_000, currency="USD")
    response = client.get("/v1/compare", params={"projects": f"metaverse-seoul,{other['id']}"})
    assert response.status_code == 200
    body = response.json()
    assert [p["slug"] for p in body["projects"]] == ["metaverse-seoul", other["slug"]]
    rows = {row["name"]: row for row in body["figures"]}
    ratio = rows["budget_execution_ratio"]
    assert ratio["unit"] == "ratio"
    assert [(c["project"], c["value"], c["comparable"]) for c in ratio["values"]] == [
        ("metaverse-seoul", "0.15", True), (other["slug"], "0.5", True)]
    per_day = rows["cost_per_day_of_service"]
    assert per_day["unit"] == "KRW/day"
    seoul, usd = per_day["values"]
    assert (seoul["value"], usd["value"], usd["unit"], usd["comparable"]) == (8207934, 1000000, "USD/day", False)
    assert "no exchange rate" in usd["reason"]
    missing = rows["usage_vs_compared_channel"]["values"][1]
    assert missing["available"] is False and missing["value"] is None and "no actual count/day metric" in missing["reason"]


@pytest.mark.parametrize("projects", [None, "metaverse-seoul", ",".join(f"p{n}" for n in range(11)),
                                      "metaverse-seoul,metaverse-seoul"])
def test_compare_needs_two_to_ten_distinct_projects(seeded: Session, client: TestClient, projects: str | None) -> None:
    params = {} if projects is None else {"projects": projects}
    assert_problem(client.get("/v1/compare", params=params), 400, "projects", "query")


def test_compare_names_an_unknown_project(seeded: Session, client: TestClient) -> None:
    body = assert_problem(client.get("/v1/compare", params={"projects": "metaverse-seoul,nope"}), 404, "projects")
    assert "'nope'" in body["detail"]


def test_the_same_project_by_id_and_slug_is_listed_twice(seeded: Session, client: TestClient) -> None:
    project_id = client.get("/v1/projects/metaverse-seoul").json()["id"]
    assert_problem(client.get("/v1/compare", params={"projects": f"metaverse-seoul,{project_id}"}), 400, "projects")


def test_scorecard_numbers_are_exact_in_json(seeded: Session, client: TestClient) -> None:
    """Ratios are decimal strings and money integers: no float can creep in on the way out."""
    card = client.get("/v1/projects/metaverse-seoul/scorecard").json()
    for figure in card["figures"]:
        assert isinstance(figure["value"], int if figure["unit"].startswith("KRW") else str)
        if isinstance(figure["value"], str):
            Decimal(figure["value"])


def test_a_deleted_budget_no_longer_counts(seeded: Session, client: TestClient) -> None:
    card = client.get("/v1/projects/metaverse-seoul/scorecard").json()
    spent_url = card["figures"][0]["inputs"][0]["url"]
    assert client.delete(spent_url, headers=if_match(client, spent_url)).status_code == 204  # a soft delete
    reasons = {f["name"]: f["reason"] for f in client.get("/v1/projects/metaverse-seoul/scorecard").json()["unavailable"]}
    assert "no spent budget is recorded" in reasons["budget_execution_ratio"]
    source, figures = ranking_source()
    ratio = seeded.execute(sa.select(figures["execution_ratio"]).select_from(source).where(Project.slug == "metaverse-seoul"))
    assert ratio.scalar_one() is None

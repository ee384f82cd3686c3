"""Figures that need an end of service use what happened, else the recorded end, else what is scheduled, and say
which; the stored figures follow every status event write."""

from typing import Any

import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.models import ProjectFigures
from app.scorecard.engine import scorecard
from tests.api import if_match
from tests.factories import make_budget, make_project


def cost_per_day(session: Session, project: dict[str, Any]) -> dict[str, Any]:
    card = scorecard(session, project["slug"])
    return next(f for f in card["figures"] if f["name"] == "cost_per_day_of_service")


def stored_cost(session: Session, project: dict[str, Any]) -> int | None:
    return session.execute(sa.select(ProjectFigures.cost_per_day).where(ProjectFigures.project_id == project["id"])).scalar()


def post_event(client: TestClient, project: dict[str, Any], **values: Any) -> dict[str, Any]:
    response = client.post("/v1/project-events", json={"project_id": project["id"], **values})
    assert response.status_code == 201, response.text
    return response.json()


def test_the_end_is_what_happened_else_what_is_scheduled(client: TestClient, session: Session) -> None:
    project = make_project(session, status=None, started="2024-01-01")
    make_budget(session, project_id=project["id"], kind="spent", amount=3_000, as_of="2024-01-10")
    unavailable = {f["name"]: f["reason"] for f in scorecard(session, project["slug"])["unavailable"]}
    assert "no end date" in unavailable["cost_per_day_of_service"] and stored_cost(session, project) is None

    post_event(client, project, status="active", kind="happened", occurs="2024-01-01")
    scheduled = post_event(client, project, status="terminated", kind="scheduled", occurs="2024-01-30",
                           announced="2024-01-15")
    cost = cost_per_day(session, project)
    assert cost["value"] == 100  # 3,000 over the 30 scheduled days
    period = next(i for i in cost["inputs"] if i["type"] == "project")
    assert (period["end_basis"], period["end_announced"]) == ("scheduled", "2024-01-15")
    assert any("scheduled" in caveat for caveat in cost["caveats"])
    assert stored_cost(session, project) == 100  # the event write refreshed the stored figures

    post_event(client, project, status="terminated", kind="happened", occurs="2024-01-10")
    cost = cost_per_day(session, project)
    assert cost["value"] == 300  # it ended earlier than scheduled: 10 days
    period = next(i for i in cost["inputs"] if i["type"] == "project")
    assert (period["end_basis"], period["end_announced"]) == ("happened", None)
    assert not any("scheduled" in caveat for caveat in cost["caveats"])
    assert stored_cost(session, project) == 300

    url = f"/v1/project-events/{scheduled['id']}"
    assert client.delete(url, headers=if_match(client, url)).status_code == 204
    assert (cost_per_day(session, project)["value"], stored_cost(session, project)) == (300, 300)


def test_a_planned_budget_is_never_counted_as_spent(session: Session) -> None:
    project = make_project(session, started="2024-01-01", ended="2024-01-10")
    make_budget(session, project_id=project["id"], kind="planned", amount=5_000)
    card = scorecard(session, project["slug"])
    names = {f["name"] for f in card["figures"]}
    assert "cost_per_day_of_service" not in names and "budget_execution_ratio" not in names
    reasons = " ".join(f["reason"] for f in card["unavailable"])
    assert "no spent budget" in reasons
    assert stored_cost(session, project) is None

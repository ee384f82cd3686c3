"""A project's listed figures follow every write to its inputs, as its scorecard does.

After each change made over HTTP (a budget PATCH, DELETE, restore, a move to another
project, a change of the project's dates) the figures in GET /v1/projects are those
of GET /v1/projects/{key}/scorecard, and rankings see the change at once.
"""

from decimal import Decimal
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.api import if_match
from tests.factories import make_budget, make_project
from tests.history import admin

SCORECARD_NAMES = {"execution_ratio": "budget_execution_ratio", "cost_per_day": "cost_per_day_of_service",
                   "lifetime_vs_plan": "lifetime_vs_plan"}
SHOWN = ",".join((*SCORECARD_NAMES, "cost_per_day_currency"))


def listed(client: TestClient, project_id: int) -> dict[str, Any]:
    (item,) = client.get("/v1/projects", params={"id": project_id, "fields": SHOWN}).json()["items"]
    return {name: item[name] for name in SCORECARD_NAMES}


def from_scorecard(client: TestClient, project_id: int) -> dict[str, Any]:
    figures = {f["name"]: f["value"] for f in client.get(f"/v1/projects/{project_id}/scorecard").json()["figures"]}
    return {name: figures.get(scorecard_name) for name, scorecard_name in SCORECARD_NAMES.items()}


def patch(client: TestClient, url: str, body: dict[str, Any]) -> None:
    response = client.patch(url, json=body, headers=if_match(client, url))
    assert response.status_code == 200, response.text


def delete(client: TestClient, url: str) -> None:
    response = client.delete(url, headers=if_match(client, url))
    assert response.status_code == 204, response.text


def restore(client: TestClient, url: str, admin_token: str) -> None:
    response = client.post(f"{url}/restore", headers={**admin(admin_token), "X-Change-Reason": "deleted by mistake"})
    assert response.status_code == 200, response.text


def ranked(client: TestClient, **params: Any) -> list[int]:
    return [item["id"] for item in client.get("/v1/projects", params={**params, "limit": 1000}).json()["items"]]


def test_listed_figures_follow_each_write_as_the_scorecard_does(client: TestClient, session: Session,
                                                                admin_token: str) -> None:
    project = make_project(session, started="2023-01", ended="2024-12", planned_end="2026")["id"]
    other = make_project(session, started="2024-01-01", ended="2024-01-10")["id"]
    planned = f"/v1/budgets/{make_budget(session, project_id=project, kind='planned', amount=40_000_000_000)['id']}"
    spent = f"/v1/budgets/{make_budget(session, project_id=project, kind='spent', amount=6_000_000_000)['id']}"
    assert listed(client, project) == {"execution_ratio": "0.15", "cost_per_day": 8_207_934, "lifetime_vs_plan": "0.5"}

    steps = [
        lambda: patch(client, spent, {"amount": 8_000_000_000}),
        lambda: patch(client, f"/v1/projects/{project}", {"ended": "2023-12"}),
        lambda: delete(client, planned),
        lambda: restore(client, planned, admin_token),
        lambda: patch(client, spent, {"project_id": other}),  # the spending moves to the other project
    ]
    for step in steps:
        before = listed(client, project), listed(client, other)
        step()
        assert (listed(client, project), listed(client, other)) != before
        assert listed(client, project) == from_scorecard(client, project)
        assert listed(client, other) == from_scorecard(client, other)
    assert listed(client, other)["cost_per_day"] == 800_000_000  # 8 billion over 10 days
    assert listed(client, project)["execution_ratio"] is None


def test_a_ranking_sees_a_change_at_once(client: TestClient, session: Session) -> None:
    low, high = (make_project(session, started="2024-01", ended="2024-01")["id"] for _ in range(2))
    for project_id, spent in ((low, 31_000), (high, 62_000)):
        make_budget(session, project_id=project_id, kind="spent", amount=spent)
        make_budget(session, project_id=project_id, kind="planned", amount=100_000)
    assert ranked(client, sort="-cost_per_day", id__in=f"{low},{high}") == [high, low]
    assert ranked(client, execution_ratio__lt="0.5", id__in=f"{low},{high}") == [low]

    spent_of_low = client.get("/v1/budgets", params={"project_id": low, "kind": "spent"}).json()["items"][0]["id"]
    patch(client, f"/v1/budgets/{spent_of_low}", {"amount": 93_000})

    assert ranked(client, sort="-cost_per_day", id__in=f"{low},{high}") == [low, high]
    assert ranked(client, execution_ratio__lt="0.5", id__in=f"{low},{high}") == []
    assert Decimal(listed(client, low)["execution_ratio"]) == Decimal("0.93")

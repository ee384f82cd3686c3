"""Status events: what happened sets the status; what was scheduled or announced is shown beside it, never as done."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.models import Project, ProjectEvent
from app.services.project_status import derived_status, today
from tests.api import assert_problem, if_match
from tests.factories import count_rows, make_project, make_source

TOMORROW = (datetime.now(UTC).date() + timedelta(days=1)).isoformat()


def post_event(client: TestClient, project: dict[str, Any], **values: Any) -> dict[str, Any]:
    response = client.post("/v1/project-events", json={"project_id": project["id"], **values})
    assert response.status_code == 201, response.text
    return response.json()


def status_of(client: TestClient, project: dict[str, Any], **params: str) -> dict[str, Any]:
    response = client.get(f"/v1/projects/{project['slug']}/status", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_what_happened_sets_the_status_and_what_is_scheduled_stays_beside_it(client: TestClient, session: Session) -> None:
    project = make_project(session, status=None)
    assert client.get(f"/v1/projects/{project['slug']}").json()["status"] is None  # no event: no status

    launch = post_event(client, project, status="active", kind="happened", occurs={"value": "2023-01", "text": "지난해 1월"})
    post_event(client, project, status="terminated", kind="scheduled", occurs="2024-12", announced="2024-07-03")

    assert client.get(f"/v1/projects/{project['slug']}").json()["status"] == "active"
    now = status_of(client, project)
    assert (now["status"], now["since"]["value"], now["event_id"]) == ("active", "2023-01", launch["id"])
    assert [(plan["status"], plan["on"]["value"], plan["announced"]["value"]) for plan in now["scheduled"]] == [
        ("terminated", "2024-12", "2024-07-03")]
    before_the_announcement = status_of(client, project, as_of="2024-07-02")
    assert (before_the_announcement["status"], before_the_announcement["scheduled"]) == ("active", [])
    assert status_of(client, project, as_of="2022-12-31")["status"] is None  # before the launch

    listed = client.get("/v1/projects", params={"status": "active", "slug": project["slug"]}).json()["items"]
    assert [item["slug"] for item in listed] == [project["slug"]]
    assert client.get("/v1/projects", params={"status": "terminated", "slug": project["slug"]}).json()["items"] == []


def test_a_scheduled_event_that_happens_is_no_longer_scheduled(client: TestClient, session: Session) -> None:
    project = make_project(session, status=None)
    post_event(client, project, status="active", kind="happened", occurs="2023-01")
    post_event(client, project, status="terminated", kind="scheduled", occurs="2024-12", announced="2024-07-03")
    ended = post_event(client, project, status="terminated", kind="happened", occurs="2024-12-31")

    now = status_of(client, project)
    assert (now["status"], now["scheduled"]) == ("terminated", [])
    assert client.get(f"/v1/projects/{project['id']}").json()["status"] == "terminated"

    url = f"/v1/project-events/{ended['id']}"
    assert client.delete(url, headers=if_match(client, url)).status_code == 204
    assert client.get(f"/v1/projects/{project['id']}").json()["status"] == "active"  # refreshed in the same write


def test_an_abandoned_plan_is_listed_apart_and_sets_nothing(client: TestClient, session: Session) -> None:
    project = make_project(session, status=None)
    post_event(client, project, status="active", kind="happened", occurs="2023-01")
    post_event(client, project, status="completed", kind="abandoned", occurs="2026", announced="2024-07-03")
    now = status_of(client, project)
    assert (now["status"], now["scheduled"]) == ("active", [])
    assert [(plan["status"], plan["kind"], plan["on"]["value"]) for plan in now["abandoned"]] == [
        ("completed", "abandoned", "2026")]


def test_the_event_rules_hold_on_every_write(client: TestClient, session: Session) -> None:
    project = make_project(session, status=None)
    cases = [
        ({"status": "active", "kind": "happened", "occurs": TOMORROW}, "occurs"),  # not yet happened
        ({"status": "terminated", "kind": "scheduled", "occurs": "2024-12"}, "announced"),  # said when?
        ({"status": "terminated", "kind": "announced", "occurs": "2024-12", "announced": "2024-07"}, "occurs"),
        ({"status": "terminated", "kind": "scheduled", "occurs": "2024-06", "announced": "2024-07-03"}, "occurs"),
        ({"status": "terminated", "kind": "scheduled", "occurs": "2099", "announced": TOMORROW}, "announced"),
        ({"status": "finished", "kind": "happened"}, "status"),
        ({"status": "active", "kind": "expected"}, "kind"),
    ]
    before = count_rows(session, ProjectEvent)
    for body, field in cases:
        assert_problem(client.post("/v1/project-events", json={"project_id": project["id"], **body}), 422, field, "body")
    assert count_rows(session, ProjectEvent) == before

    event = post_event(client, project, status="terminated", kind="scheduled", occurs="2024-12", announced="2024-07-03")
    url = f"/v1/project-events/{event['id']}"
    assert_problem(client.patch(url, json={"kind": "happened", "occurs": TOMORROW}, headers=if_match(client, url)),
                   422, "occurs", "body")  # a PATCH is checked as the whole merged record


def test_a_status_written_with_the_project_is_recorded_as_a_happened_event(client: TestClient, session: Session) -> None:
    created = client.post("/v1/projects", json={"slug": "synthetic-events-1", "name": "합성 프로젝트", "status": "active",
                                                "started": "2023-01"}).json()
    (event,) = client.get("/v1/project-events", params={"project_id": created["id"]}).json()["items"]
    assert (event["status"], event["kind"], event["occurs"]["value"]) == ("active", "happened", "2023-01")

    url = f"/v1/projects/{created['id']}"
    patched = client.patch(url, json={"status": "suspended"}, headers=if_match(client, url)).json()
    assert patched["status"] == "suspended"
    events = client.get("/v1/project-events", params={"project_id": created["id"], "sort": "id"}).json()["items"]
    assert [(e["status"], e["kind"], e["occurs"]) for e in events][1:] == [("suspended", "happened", None)]


def test_the_stored_status_is_the_derivation_as_of_today(client: TestClient, session: Session) -> None:
    projects = [make_project(session, status=None) for _ in range(3)]
    post_event(client, projects[0], status="active", kind="happened", occurs="2022")
    post_event(client, projects[0], status="suspended", kind="happened", occurs="2023-03-01")
    post_event(client, projects[1], status="planned", kind="happened", occurs="2021-Q2")
    post_event(client, projects[1], status="active", kind="scheduled", occurs="2099", announced="2021-06")
    stored = dict(session.execute(sa.select(Project.id, Project.status).where(
        Project.id.in_([project["id"] for project in projects]))).all())
    derived = {project["id"]: derived_status(session, project["id"], today())["status"] for project in projects}
    assert stored == derived == {projects[0]["id"]: "suspended", projects[1]["id"]: "planned", projects[2]["id"]: None}


def test_an_event_is_cited_field_by_field(client: TestClient, session: Session) -> None:
    project = make_project(session, status=None)
    event = post_event(client, project, status="active", kind="happened", occurs="2023-01")
    source = make_source(session)
    cited = client.post("/v1/citations", json={"source_id": source["id"], "project_event_id": event["id"],
                                               "field": "occurs", "excerpt": "합성 인용문"})
    assert cited.status_code == 201, cited.text
    assert_problem(client.post("/v1/citations", json={"source_id": source["id"], "project_event_id": event["id"],
                                                      "field": "amount", "excerpt": "합성 인용문"}), 422, "field")
    shown = client.get(f"/v1/project-events/{event['id']}", params={"expand": "citations"}).json()
    assert [(c["field"], c["excerpt"]) for c in shown["citations"]] == [("occurs", "합성 인용문")]


@pytest.mark.parametrize("as_of", ["0", "20240703", "2024-7-3", "yesterday"])
def test_the_status_as_of_a_date_takes_a_day_written_as_one(client: TestClient, session: Session, as_of: str) -> None:
    project = make_project(session)
    response = client.get(f"/v1/projects/{project['id']}/status", params={"as_of": as_of})
    assert response.status_code in (400, 422) and "as_of" in response.text, response.text

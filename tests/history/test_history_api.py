"""GET …/{id}/history lists a record's revisions; GET …/{id}?version=N reads any of its versions exactly."""

from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.api import as_json, assert_problem, if_match
from tests.factories import create_body, make_metric, make_project

RESOURCES = ("projects", "budgets", "metrics", "statements", "sources", "citations", "organizations", "people")


def patch(client: TestClient, url: str, body: dict, reason: str | None = None) -> dict:
    headers = {**if_match(client, url), **({"X-Change-Reason": reason} if reason else {})}
    response = client.patch(url, json=body, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def test_history_lists_revisions_newest_first_and_pages(client: TestClient, session: Session) -> None:
    project = make_project(session)
    url = f"/v1/projects/{project['id']}"
    for n in range(1, 5):
        patch(client, url, {"name": f"합성 프로젝트 고침 {n}"}, reason=f"correction {n}")

    first = client.get(f"/v1/projects/{project['slug']}/history", params={"limit": 3})
    assert first.status_code == 200, first.text
    body = first.json()
    assert [item["version"] for item in body["items"]] == [5, 4, 3]
    assert body["items"][0] | {"at": None} == body["items"][0] | {
        "entity": "projects", "record_id": project["id"], "action": "update", "reason": "correction 4",
        "changed": ["name"], "url": f"/v1/projects/{project['id']}?version=5",
        "history_url": f"/v1/projects/{project['id']}/history", "at": None}
    assert body["items"][0]["before"]["name"] == "합성 프로젝트 고침 3"
    assert first.headers["link"] == f'<{body["next_url"]}>; rel="next"'
    second = client.get(body["next_url"]).json()
    assert [item["version"] for item in second["items"]] == [2, 1]
    assert second["items"][-1]["action"] == "create" and second["items"][-1]["before"] is None
    assert second["next"] is None


def test_history_refuses_a_forged_cursor_an_unknown_parameter_and_an_unknown_record(client: TestClient, session: Session) -> None:
    project = make_project(session)

    assert_problem(client.get(f"/v1/projects/{project['id']}/history", params={"cursor": "forged"}), 400, "cursor")
    assert_problem(client.get(f"/v1/projects/{project['id']}/history", params={"action": "update"}), 400, "action")
    assert_problem(client.get("/v1/projects/2147483647/history"), 404)
    assert_problem(client.get("/v1/projects/no-such-project/history"), 404)


def test_every_version_reads_back_exactly(client: TestClient, session: Session) -> None:
    for path in RESOURCES:
        created = client.post(f"/v1/{path}", json=create_body(session, path))
        assert created.status_code == 201, created.text
        url = f"/v1/{path}/{created.json()['id']}"
        current = client.get(url).json()
        assert client.get(url, params={"version": 1}).json() == current, path
        assert client.get(url, params={"as_of": current["updated_at"]}).json() == current, path


def test_an_earlier_version_shows_the_values_before_a_correction(client: TestClient, session: Session) -> None:
    metric = make_metric(session, value="2.50", dimensions={"channel": "synthetic"}, period_start="2023-Q4")
    url = f"/v1/metrics/{metric['id']}"
    patch(client, url, {"value": "3", "period_start": "2024-01"})

    old = client.get(url, params={"version": 1})

    assert old.status_code == 200, old.text
    assert old.json() == as_json(metric)
    assert old.json()["value"] == "2.5" and old.json()["period_start"]["value"] == "2023-Q4"
    assert old.headers["etag"] != client.get(url).headers["etag"]
    assert client.get(url, params={"version": 2}).json()["value"] == "3"


def test_versions_outlive_a_delete_but_the_delete_itself_is_not_a_version(client: TestClient, session: Session) -> None:
    project = make_project(session)
    url = f"/v1/projects/{project['id']}"
    assert client.delete(url, headers=if_match(client, url)).status_code == 204

    assert_problem(client.get(url), 404)
    assert client.get(url, params={"version": 1}).json()["name"] == project["name"]
    assert_problem(client.get(url, params={"version": 2}), 404)  # version 2 is the deletion
    history = client.get(f"/v1/projects/{project['slug']}/history").json()["items"]
    assert [(item["action"], item["url"]) for item in history] == [("delete", None), ("create", f"{url}?version=1")]


def test_version_parameters_are_checked(client: TestClient, session: Session) -> None:
    project = make_project(session)
    url = f"/v1/projects/{project['id']}"

    assert_problem(client.get(url, params={"version": 9}), 404)
    assert_problem(client.get(url, params={"version": 0}), 400, "version")
    assert_problem(client.get(url, params={"version": "one"}), 400, "version")
    assert_problem(client.get(url, params={"version": 1, "as_of": "2024-01-01T00:00:00Z"}), 400, "version")
    assert_problem(client.get(url, params={"version": 1, "expand": "sources"}), 400, "expand")

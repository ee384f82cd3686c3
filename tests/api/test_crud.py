"""Create, read, partially update and delete every resource over HTTP, on both engines.

Lists and paging: test_crud_lists.py. Exact values (money, decimals, dates, Korean
text): test_crud_values.py. Expansion, cascades and refused deletes:
test_crud_relations.py.
"""

from datetime import datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.resources import ALL_RESOURCES
from tests.api import as_json, assert_problem, if_match
from tests.factories import MAKERS, count_rows, create_body, make_project

RESOURCES = list(MAKERS)
PARTIAL_DATES = {resource.path: resource.partial_dates for resource in ALL_RESOURCES}

# One field per resource that a PATCH changes, with a value no factory produces.
PATCHES: dict[str, dict[str, Any]] = {
    "projects": {"name": "합성 프로젝트 (이름 변경)"},
    "budgets": {"amount": 7_123_456_789},
    "metrics": {"value": "3.75"},
    "statements": {"kind": "announcement"},
    "sources": {"title": "합성 출처 (제목 변경)"},
    "citations": {"note": "합성 메모"},
    "organizations": {"name_en": "Synthetic Organization (renamed)"},
    "people": {"name": "합성 인물 (이름 변경)"},
}


def assert_matches_sent(path: str, sent: dict[str, Any], got: dict[str, Any]) -> None:
    """Every field the writer sent comes back with the same meaning."""
    for name, value in sent.items():
        if name in PARTIAL_DATES[path]:
            assert got[name]["value"] == value["value"] and got[name]["text"] == value.get("text"), name
        elif name.endswith("_at"):
            assert datetime.fromisoformat(got[name]) == datetime.fromisoformat(value), name
        else:
            assert got[name] == value, name


@pytest.mark.parametrize("path", RESOURCES)
def test_create_returns_201_location_and_the_stored_record(client: TestClient, session: Session, path: str) -> None:
    body = create_body(session, path)
    before = count_rows(session, path)

    response = client.post(f"/v1/{path}", json=body)

    assert response.status_code == 201, response.text
    created = response.json()
    assert_matches_sent(path, body, created)
    assert created["version"] == 1
    assert created["created_at"] == created["updated_at"]
    assert response.headers["location"].endswith(f"/v1/{path}/{created['id']}")
    assert count_rows(session, path) == before + 1
    fetched = client.get(response.headers["location"])
    assert fetched.status_code == 200
    assert fetched.json() == created


@pytest.mark.parametrize("path", RESOURCES)
def test_get_by_id_returns_the_record(client: TestClient, session: Session, path: str) -> None:
    record = MAKERS[path](session)
    MAKERS[path](session)  # a neighbour that must not be returned instead

    response = client.get(f"/v1/{path}/{record['id']}")

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.json() == as_json(record)


@pytest.mark.parametrize("path", RESOURCES)
def test_patch_changes_only_the_sent_field(client: TestClient, session: Session, path: str) -> None:
    record = MAKERS[path](session)
    before = client.get(f"/v1/{path}/{record['id']}").json()
    (field, value), = PATCHES[path].items()
    assert before[field] != value

    response = client.patch(f"/v1/{path}/{record['id']}", json={field: value}, headers=if_match(client, f"/v1/{path}/{record['id']}"))

    assert response.status_code == 200, response.text
    after = response.json()
    assert after[field] == value
    assert after["version"] == before["version"] + 1
    assert datetime.fromisoformat(after["updated_at"]) > datetime.fromisoformat(before["updated_at"])
    unchanged = {name: v for name, v in before.items() if name not in (field, "version", "updated_at")}
    assert {name: after[name] for name in unchanged} == unchanged
    assert client.get(f"/v1/{path}/{record['id']}").json() == after


@pytest.mark.parametrize("path", RESOURCES)
def test_each_patch_bumps_the_version_again(client: TestClient, session: Session, path: str) -> None:
    record = MAKERS[path](session)
    (field, value), = PATCHES[path].items()

    original = as_json(record)

    first = client.patch(f"/v1/{path}/{record['id']}", json={field: value}, headers=if_match(client, f"/v1/{path}/{record['id']}")).json()
    second = client.patch(f"/v1/{path}/{record['id']}", json={field: original[field]}, headers=if_match(client, f"/v1/{path}/{record['id']}")).json()

    assert (first["version"], second["version"]) == (2, 3)
    assert second[field] == original[field]
    assert second["created_at"] == original["created_at"]


@pytest.mark.parametrize("path", RESOURCES)
def test_delete_returns_204_then_the_record_is_gone(client: TestClient, session: Session, path: str) -> None:
    record = MAKERS[path](session)
    kept = MAKERS[path](session)
    before = count_rows(session, path)

    response = client.delete(f"/v1/{path}/{record['id']}", headers=if_match(client, f"/v1/{path}/{record['id']}"))

    assert response.status_code == 204
    assert response.content == b""
    assert count_rows(session, path) == before  # soft delete: the row stays, hidden (tests/history)
    assert_problem(client.get(f"/v1/{path}/{record['id']}"), 404)
    assert_problem(client.delete(f"/v1/{path}/{record['id']}"), 404)
    assert client.get(f"/v1/{path}/{kept['id']}").status_code == 200


def test_project_is_found_by_slug_as_well_as_by_id(client: TestClient, session: Session) -> None:
    project = make_project(session)
    make_project(session)

    by_slug = client.get(f"/v1/projects/{project['slug']}")

    assert by_slug.status_code == 200
    assert by_slug.json() == client.get(f"/v1/projects/{project['id']}").json()
    assert by_slug.json()["id"] == project["id"]


def test_project_can_be_patched_and_deleted_by_slug(client: TestClient, session: Session) -> None:
    slug = make_project(session)["slug"]

    patched = client.patch(f"/v1/projects/{slug}", json={"status": "terminated"}, headers=if_match(client, f"/v1/projects/{slug}"))
    assert patched.status_code == 200, patched.text
    assert patched.json()["status"] == "terminated"

    assert client.delete(f"/v1/projects/{slug}", headers=if_match(client, f"/v1/projects/{slug}")).status_code == 204
    assert_problem(client.get(f"/v1/projects/{slug}"), 404)


def test_patching_the_slug_moves_the_project_to_the_new_slug(client: TestClient, session: Session) -> None:
    project = make_project(session)
    new_slug = f"{project['slug']}-renamed"

    response = client.patch(f"/v1/projects/{project['id']}", json={"slug": new_slug}, headers=if_match(client, f"/v1/projects/{project['id']}"))

    assert response.status_code == 200
    assert client.get(f"/v1/projects/{new_slug}").json()["id"] == project["id"]
    assert_problem(client.get(f"/v1/projects/{project['slug']}"), 404)


def test_patch_can_clear_an_optional_field(client: TestClient, session: Session) -> None:
    project = make_project(session, name_en="Synthetic name to clear", started="2023-01")

    response = client.patch(f"/v1/projects/{project['id']}", json={"name_en": None, "started": None}, headers=if_match(client, f"/v1/projects/{project['id']}"))

    assert response.status_code == 200
    assert response.json()["name_en"] is None
    assert response.json()["started"] is None
    assert response.json()["name"] == project["name"]

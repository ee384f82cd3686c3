"""Server-owned fields (id, version, timestamps, soft delete, history) sent by a writer: 422 naming the field as such."""

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.api import assert_problem, if_match
from tests.auth.operations import PATCHES, RESOURCES, create_body_for, make_record, snapshot

SERVER_OWNED = {"id": 5, "version": 9, "created_at": "2024-01-01T00:00:00+00:00",
                "updated_at": "2024-01-01T00:00:00+00:00", "deleted_at": "2024-01-01T00:00:00+00:00"}


def assert_server_owned(response, field: str) -> None:
    problem = assert_problem(response, 422, field, location="body")
    error = next(error for error in problem["errors"] if error["field"] == field)
    assert error["type"] == "server_owned" and "server-owned" in error["message"], error


@pytest.mark.parametrize("field", list(SERVER_OWNED))
@pytest.mark.parametrize("path", list(RESOURCES))
def test_a_create_sending_a_server_owned_field_is_refused(client: TestClient, session: Session, path: str, field: str) -> None:
    body = {**create_body_for(session, RESOURCES[path]), field: SERVER_OWNED[field]}
    before = snapshot(session, tokens=False)

    assert_server_owned(client.post(f"/v1/{path}", json=body), field)
    assert snapshot(session, tokens=False) == before


@pytest.mark.parametrize("field", list(SERVER_OWNED))
@pytest.mark.parametrize("path", list(RESOURCES))
def test_a_patch_sending_a_server_owned_field_is_refused(client: TestClient, session: Session, path: str, field: str) -> None:
    url = f"/v1/{path}/{make_record(session, RESOURCES[path])['id']}"
    before = snapshot(session, tokens=False)

    assert_server_owned(client.patch(url, json={**PATCHES[path], field: SERVER_OWNED[field]}, headers=if_match(client, url)), field)
    assert snapshot(session, tokens=False) == before


def test_every_server_owned_field_of_a_request_is_named(client: TestClient, session: Session) -> None:
    response = client.post("/v1/people", json={"name": "합성 인물", **SERVER_OWNED})
    problem = assert_problem(response, 422)
    assert {error["field"] for error in problem["errors"] if error["type"] == "server_owned"} == set(SERVER_OWNED)


def test_other_unknown_fields_keep_their_own_message(client: TestClient) -> None:
    problem = assert_problem(client.post("/v1/people", json={"name": "합성 인물", "colour": "blue"}), 422, "colour")
    assert problem["errors"][0]["type"] == "extra_forbidden"

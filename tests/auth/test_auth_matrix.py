"""Every write operation × every kind of credential: the expected status, and nothing changed by a denial.

The operations are discovered from the app's routes, so a new write route is in
the matrix the moment it exists (tests/auth/operations.py says how to add its
valid request).
"""

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.auth import require_admin, require_editor
from tests.api import assert_problem
from tests.auth.conftest import DENIED
from tests.auth.operations import Operation, denied_request, snapshot, valid_request, write_operations

OPERATIONS = write_operations()
HARD_ACTIONS = ("/v1/imports", "/v1/tokens")  # and every …/restore, and fetching a source now (…/check)


def send(client: TestClient, request, authorization: str | None):
    headers = dict(request.headers) | ({"Authorization": authorization} if authorization is not None else {})
    return client.request(request.method, request.url, json=request.json, headers=headers)


def test_the_matrix_covers_the_writes_of_every_resource() -> None:
    ids = {operation.id for operation in OPERATIONS}
    assert {"POST /v1/budgets", "PATCH /v1/budgets/{key}", "DELETE /v1/budgets/{key}", "POST /v1/statement-links",
            "PATCH /v1/statement-links/{key}", "DELETE /v1/statement-links/{key}", "POST /v1/imports"} <= ids
    assert len(OPERATIONS) >= 9 * 3 + 1


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda operation: operation.id)
def test_every_write_is_guarded_and_hard_actions_need_admin(operation: Operation) -> None:
    assert operation.guards & {require_editor, require_admin}, f"{operation.id} has no token guard"
    hard = operation.path.startswith(HARD_ACTIONS) or operation.path.endswith(("/restore", "/check"))
    assert operation.admin_only == hard, operation.id


@pytest.mark.parametrize("kind", list(DENIED))
@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda operation: operation.id)
def test_a_denied_write_is_401_and_changes_nothing(anonymous: TestClient, session: Session, authorization: dict,
                                                   operation: Operation, kind: str) -> None:
    request = denied_request(session, operation)
    before = snapshot(session)

    response = send(anonymous, request, authorization[kind])

    status, error = DENIED[kind]
    assert_problem(response, status, "Authorization", location="header")
    challenge = response.headers["WWW-Authenticate"]
    assert challenge.startswith('Bearer realm="accountability-api"')
    assert (f'error="{error}"' in challenge) if error else ("error=" not in challenge), challenge
    assert snapshot(session) == before


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda operation: operation.id)
def test_an_editor_may_write_but_not_do_hard_actions(anonymous: TestClient, session: Session, authorization: dict,
                                                     operation: Operation) -> None:
    request = valid_request(session, operation)
    before = snapshot(session)

    response = send(anonymous, request, authorization["editor"])

    if operation.admin_only:
        assert_problem(response, 403, "Authorization", location="header")
        assert 'error="insufficient_scope"' in response.headers["WWW-Authenticate"]
        assert snapshot(session) == before
    else:
        assert response.status_code == request.success, response.text


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda operation: operation.id)
def test_an_admin_may_do_everything(anonymous: TestClient, session: Session, authorization: dict, operation: Operation) -> None:
    request = valid_request(session, operation)

    response = send(anonymous, request, authorization["admin"])

    assert response.status_code == request.success, response.text


@pytest.mark.parametrize("path", ["/v1/projects", "/v1/budgets", "/v1/search?q=synthetic", "/v1/statement-links", "/healthz"])
def test_reads_are_public(anonymous: TestClient, path: str) -> None:
    assert anonymous.get(path).status_code == 200


def test_listing_tokens_needs_admin(anonymous: TestClient, authorization: dict) -> None:
    assert_problem(anonymous.get("/v1/tokens"), 401)
    assert_problem(anonymous.get("/v1/tokens", headers={"Authorization": authorization["editor"]}), 403)
    listed = anonymous.get("/v1/tokens", headers={"Authorization": authorization["admin"]})
    assert listed.status_code == 200
    assert {"name", "scope", "status", "created_at", "expires_at", "revoked_at", "last_used_at"} == set(listed.json()[0])
    assert "token" not in listed.text and "hash" not in listed.text

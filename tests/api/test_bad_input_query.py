"""Bad query parameters are refused with 400 naming the parameter, never silently ignored."""

import base64

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.api import assert_problem
from tests.factories import make_organization, make_person, make_project, next_number


@pytest.mark.parametrize(
    ("path", "query", "field"),
    [
        # unknown parameters: a typo must not return the unfiltered table
        ("budgets", "project=1", "project"),
        ("projects", "colour=blue", "colour"),
        ("people", "Name=x", "Name"),
        # limit
        ("projects", "limit=0", "limit"),
        ("projects", "limit=-1", "limit"),
        ("projects", "limit=1001", "limit"),
        ("projects", "limit=abc", "limit"),
        ("projects", "limit=", "limit"),
        ("projects", "limit=2.5", "limit"),
        ("projects", "limit=3&limit=4", "limit"),
        # cursor
        ("projects", "cursor=abc", "cursor"),
        ("projects", "cursor=%21%21%21", "cursor"),
        ("projects", "cursor=", "cursor"),
        # expand
        ("projects", "expand=nope", "expand"),
        ("projects", "expand=budgets,nope", "expand"),
        ("budgets", "expand=metrics", "expand"),
        # filter values
        ("budgets", "project_id=abc", "project_id"),
        ("projects", "status=finished", "status"),
        ("budgets", "kind=Spent", "kind"),
    ],
)
def test_bad_list_parameter_is_400_naming_it(client: TestClient, path: str, query: str, field: str) -> None:
    assert_problem(client.get(f"/v1/{path}?{query}"), 400, field, location="query")


@pytest.mark.parametrize("value", ["3000000000", "99999999999999999999"], ids=["beyond-int32", "beyond-int64"])
def test_an_id_filter_beyond_the_id_range_matches_nothing_or_is_refused(client: TestClient, value: str) -> None:
    """No stored id can be this large: an empty page or a 400 naming the filter are both fine, a 500 is not."""
    response = client.get("/v1/budgets", params={"project_id": value})

    if response.status_code == 200:
        assert response.json()["items"] == []
    else:
        assert_problem(response, 400, "project_id", location="query")


def _tampered(cursor: str, position: int) -> str:
    """The cursor with one byte of its decoded content changed, re-encoded the same way."""
    token = bytearray(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    token[position] ^= 0x01
    return base64.urlsafe_b64encode(bytes(token)).rstrip(b"=").decode()


def test_a_forged_or_cut_cursor_is_refused(client: TestClient, session: Session) -> None:
    parent = make_organization(session)["id"]
    for _ in range(3):
        make_organization(session, parent_id=parent)
    params = {"parent_id": parent, "limit": 1}
    cursor = client.get("/v1/organizations", params=params).json()["next"]
    assert client.get("/v1/organizations", params={**params, "cursor": cursor}).status_code == 200

    for forged in (_tampered(cursor, 0), _tampered(cursor, len(cursor) * 3 // 8), _tampered(cursor, -1), cursor[:-4]):
        assert forged != cursor
        assert_problem(client.get("/v1/organizations", params={**params, "cursor": forged}), 400, "cursor", location="query")


def test_a_cursor_of_another_list_is_refused(client: TestClient, session: Session) -> None:
    name = f"합성 동명이인 {next_number()}"
    for _ in range(2):
        make_person(session, name=name)
    cursor = client.get("/v1/people", params={"name": name, "limit": 1}).json()["next"]
    assert cursor is not None

    assert_problem(client.get("/v1/organizations", params={"cursor": cursor}), 400, "cursor", location="query")


def test_unknown_expand_on_a_single_record_is_400(client: TestClient, session: Session) -> None:
    project = make_project(session)

    for url in (f"/v1/projects/{project['id']}", f"/v1/projects/{project['slug']}"):
        problem = assert_problem(client.get(url, params={"expand": "budgets,nope"}), 400, "expand", location="query")
        assert "budgets" in problem["errors"][0]["message"]  # the allowed names are listed


def test_an_unknown_parameter_lists_the_allowed_ones(client: TestClient) -> None:
    problem = assert_problem(client.get("/v1/budgets", params={"projectid": "1"}), 400, "projectid")

    assert "project_id" in problem["errors"][0]["message"]

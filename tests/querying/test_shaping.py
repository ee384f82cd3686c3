"""fields=, expand= (with a count of the SQL statements it runs) and facets."""

import random

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.resources.catalog import budgets, metrics, projects
from tests.api import assert_problem
from tests.querying.helpers import budget, get_ok, insert, organization, project


def test_fields_returns_only_those_fields_and_the_id(client: TestClient, session: Session) -> None:
    org = organization(session)
    made = project(session, organization_id=org, started="2023-01", name="합성 필드")
    (item,) = get_ok(client, "/v1/projects", organization_id=org, fields="name,started")["items"]
    assert item == {"id": made, "name": "합성 필드", "started": {
        "value": "2023-01", "precision": "month", "earliest": "2023-01-01", "latest": "2023-01-31", "text": None}}
    (item,) = get_ok(client, "/v1/projects", organization_id=org, fields="status", sort="-started")["items"]
    assert item == {"id": made, "status": "active"}  # the sort key is read but not shown


def test_fields_keep_working_with_expand_and_paging(client: TestClient, session: Session) -> None:
    org = organization(session, name="합성 확장 기관")
    first, second = project(session, organization_id=org), project(session, organization_id=org)
    budget(session, first, amount=7)
    page = get_ok(client, "/v1/projects", organization_id=org, fields="name", expand="organization,budgets", limit=1)
    (item,) = page["items"]
    assert set(item) == {"id", "name", "organization", "budgets"}  # organization_id is used, not shown
    assert item["organization"]["name"] == "합성 확장 기관"
    assert [b["amount"] for b in item["budgets"]] == [7] and item["budgets"][0]["citations"] == []
    (rest,) = client.get(page["next_url"]).json()["items"]
    assert rest["id"] == second and set(rest) == {"id", "name", "organization", "budgets"}


@pytest.mark.parametrize("query", ["fields=colour", "fields=name,started_earliest", "fields=budgets"])
def test_unknown_fields_are_400(client: TestClient, query: str) -> None:
    problem = assert_problem(client.get(f"/v1/projects?{query}"), 400, "fields", location="query")
    assert "slug" in problem["detail"]  # lists what may be asked for


def _count_statements(engine: sa.Engine, client: TestClient, url: str, params: dict) -> tuple[int, dict]:
    executed: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:
        executed.append(statement)

    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        body = get_ok(client, url, **params)
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)
    return len(executed), body


def _projects_with_facts(session: Session, how_many: int) -> int:
    org = organization(session)
    ids = insert(session, projects, [{"slug": f"synthetic-count-{org}-{n}", "name": f"합성 {n}", "status": "active"}
                                     for n in range(how_many)], organization_id=org)
    rng = random.Random(how_many)
    insert(session, budgets, [{"project_id": i, "kind": "spent", "amount": rng.randint(1, 10**9), "currency": "KRW",
                               "qualifier": "exact"} for i in ids for _ in range(3)])
    insert(session, metrics, [{"project_id": i, "indicator": "합성 지표", "value": "1.5", "unit": "count",
                               "observation": "actual", "qualifier": "exact", "dimensions": {}} for i in ids for _ in range(2)])
    return org


def test_an_expanded_list_runs_a_constant_number_of_statements(client: TestClient, session: Session, engine: sa.Engine) -> None:
    """Page + (relation + its citations) per expanded relation, whether the page has 5 rows or 50."""
    counts = {}
    for size in (5, 50):
        org = _projects_with_facts(session, size)
        params = {"organization_id": org, "expand": "budgets,metrics", "limit": 50}
        counts[size], body = _count_statements(engine, client, "/v1/projects", params)
        assert len(body["items"]) == size
        assert all(len(item["budgets"]) == 3 and len(item["metrics"]) == 2 for item in body["items"])
    assert counts == {5: 5, 50: 5}
    with_everything = {"organization_id": org, "expand": "budgets,metrics", "count": "true", "facet": "status", "fields": "name"}
    assert _count_statements(engine, client, "/v1/projects", with_everything)[0] == 7


def test_facets_count_matching_records_per_value(client: TestClient, session: Session) -> None:
    org = organization(session)
    for status, jurisdiction in [("active", "KR-11"), ("active", None), ("terminated", "KR-11"), ("active", "KR-26"),
                                 ("planned", None)]:
        project(session, organization_id=org, status=status, jurisdiction=jurisdiction)
    body = get_ok(client, "/v1/projects", organization_id=org, facet="status,jurisdiction", limit=1)
    assert body["facets"] == {
        "status": [{"value": "active", "count": 3}, {"value": "planned", "count": 1}, {"value": "terminated", "count": 1}],
        "jurisdiction": [{"value": "KR-11", "count": 2}, {"value": None, "count": 2}, {"value": "KR-26", "count": 1}],
    }
    filtered = get_ok(client, "/v1/projects", organization_id=org, status__ne="planned", facet="jurisdiction")
    assert filtered["facets"]["jurisdiction"] == [{"value": "KR-11", "count": 2}, {"value": "KR-26", "count": 1},
                                                 {"value": None, "count": 1}]
    second_page = client.get(body["next_url"]).json()
    assert second_page["facets"] == body["facets"]  # same filters, not the cursor
    repeated = client.get(f"/v1/projects?organization_id={org}&facet=status&facet=jurisdiction").json()
    assert repeated["facets"] == body["facets"]
    assert "facets" not in get_ok(client, "/v1/projects", organization_id=org)


@pytest.mark.parametrize(("path", "facet"), [("projects", "name"), ("projects", "colour"), ("people", "name")])
def test_undeclared_facets_are_400(client: TestClient, path: str, facet: str) -> None:
    assert_problem(client.get(f"/v1/{path}", params={"facet": facet}), 400, "facet", location="query")

"""NDJSON with expand= (one query per relation per batch, never per row) and exports of q= searches."""

import orjson
import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.export import connections as export_connections
from app.resources.catalog import budgets, projects
from seed.loader import load_all_cases
from tests.export.conftest import csv_records
from tests.querying.helpers import get_ok, insert, organization
from tests.sql_statements import executed_statements


def _projects_with_budgets(session: Session, how_many: int) -> int:
    org = organization(session)
    ids = insert(session, projects, [{"slug": f"synthetic-export-{org}-{n}", "name": f"합성 사업 {n}", "status": "active"}
                                     for n in range(how_many)], organization_id=org)
    insert(session, budgets, [{"project_id": i, "kind": "spent", "amount": 2**60 + i, "currency": "KRW",
                               "qualifier": "exact"} for i in ids for _ in range(2)])
    return org


def _statements_run(engine: sa.Engine, client: TestClient, params: dict) -> tuple[int, list[dict]]:
    with executed_statements(engine) as executed:
        response = client.get("/v1/projects", params=params)
    assert response.status_code == 200, response.text
    return len(executed), [orjson.loads(line) for line in response.content.splitlines()]


def test_expanded_ndjson_runs_one_query_per_relation_per_batch(export_client: TestClient, session: Session,
                                                                 engine: sa.Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export_connections, "BATCH_ROWS", 10)
    for size, batches in ((25, 3), (50, 5)):
        org = _projects_with_budgets(session, size)
        params = {"organization_id": org, "expand": "budgets,organization", "format": "ndjson"}
        count, lines = _statements_run(engine, export_client, params)
        # the rows, then per batch: budgets, their citations, the organizations (which are never cited)
        assert count == 1 + batches * 3, count
        assert len(lines) == size and all(len(line["budgets"]) == 2 for line in lines)
        assert lines == [item for item in get_ok(export_client, "/v1/projects", organization_id=org, limit=1000,
                                                 expand="budgets,organization")["items"]]


def test_expanded_ndjson_keeps_fields_like_the_list(export_client: TestClient, session: Session) -> None:
    org = _projects_with_budgets(session, 3)
    params = {"organization_id": org, "expand": "organization", "fields": "name", "sort": "-name"}
    lines = export_client.get("/v1/projects", params={**params, "format": "ndjson"}).content.splitlines()
    listed = get_ok(export_client, "/v1/projects", **params)["items"]
    assert [orjson.loads(line) for line in lines] == listed
    assert set(listed[0]) == {"id", "name", "organization"}


@pytest.mark.parametrize(("path", "q"), [("/v1/statements", "민원"), ("/v1/metrics", "민원"), ("/v1/projects", "메타버스"),
                                         ("/v1/metrics", "콜센터")])
def test_exports_of_a_search_hold_the_lists_matches(export_client: TestClient, session: Session, path: str, q: str) -> None:
    load_all_cases(session)
    listed = get_ok(export_client, path, q=q, limit=1000)["items"]
    assert listed, "the seeded case should match"
    ndjson = export_client.get(path, params={"q": q, "format": "ndjson"}).content.splitlines()
    assert [orjson.loads(line) for line in ndjson] == listed
    rows = csv_records(export_client.get(path, params={"q": q, "format": "csv"}).content)
    assert [int(row["id"]) for row in rows] == [item["id"] for item in listed]
    assert any(q in value for row in rows for value in row.values())  # Korean intact

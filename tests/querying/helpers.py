"""Small typed helpers for query-language tests: synthetic rows through Core, and page walking.

Rows are inserted straight with SQLAlchemy Core (fast enough for thousands of
rows), so derived data the services keep is not kept, except the budget totals that
summaries read (rebuilt); every value is visibly synthetic (합성 / Synthetic / example.org).
"""

from collections.abc import Iterator
from datetime import UTC, datetime
from itertools import count
from typing import Any

import httpx
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.models.fields import PartialDateInput
from app.resources import Resource
from app.resources.catalog import budgets, metrics, organizations, people, projects, sources, statements
from app.services.budget_totals import rebuild_budget_totals

SYNTHETIC_TIME = datetime(2026, 1, 1, tzinfo=UTC)
_numbers = count(1)


def insert(session: Session, resource: Resource, rows: list[dict[str, Any]], **common: Any) -> list[int]:
    """Insert synthetic rows (partial dates given as strings) and return their ids in order."""
    values = []
    for row in rows:
        merged = {**common, **row}
        for name in resource.partial_dates:
            if isinstance(merged.get(name), str):
                merged[name] = PartialDateInput(value=merged[name])
        values.append({"created_at": SYNTHETIC_TIME, "updated_at": SYNTHETIC_TIME, "version": 1,
                       **resource.to_columns(merged)})
    table = resource.sa_table
    result = session.execute(sa.insert(table).returning(table.c.id, sort_by_parameter_order=True), values)
    if resource in (budgets, projects):  # written around the services: the summary's totals are rebuilt
        rebuild_budget_totals(session.connection())
    return list(result.scalars())


def one(session: Session, resource: Resource, **values: Any) -> int:
    return insert(session, resource, [values])[0]


def organization(session: Session, **values: Any) -> int:
    n = next(_numbers)
    return one(session, organizations, **{"name": f"합성 기관 {n}", "classification": "government", **values})


def person(session: Session, **values: Any) -> int:
    return one(session, people, **{"name": f"합성 인물 {next(_numbers)}", **values})


def project(session: Session, **values: Any) -> int:
    n = next(_numbers)
    return one(session, projects, **{"slug": f"synthetic-{n}", "name": f"합성 사업 {n}", "status": "active", **values})


def budget(session: Session, project_id: int, **values: Any) -> int:
    return one(session, budgets, **{"project_id": project_id, "kind": "spent", "amount": 1, "currency": "KRW",
                                    "qualifier": "exact", **values})


def metric(session: Session, project_id: int, **values: Any) -> int:
    return one(session, metrics, **{"project_id": project_id, "indicator": f"합성 지표 {next(_numbers)}", "value": "1",
                                    "unit": "count", "observation": "actual", "qualifier": "exact", "dimensions": {},
                                    **values})


def statement(session: Session, project_id: int, **values: Any) -> int:
    return one(session, statements, **{"project_id": project_id, "kind": "claim", "quote": f"합성 발언 {next(_numbers)}",
                                       "language": "ko", "quote_form": "verbatim", **values})


def source(session: Session, **values: Any) -> int:
    n = next(_numbers)
    return one(session, sources, **{"url": f"https://example.org/synthetic-{n}", "title": f"합성 출처 {n}",
                                    "language": "ko", **values})


def get_ok(client: TestClient, path: str, **params: Any) -> dict[str, Any]:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def ids(client: TestClient, path: str, **params: Any) -> list[int]:
    return [item["id"] for item in get_ok(client, path, limit=1000, **params)["items"]]


def walk(client: TestClient, path: str, **params: Any) -> Iterator[httpx.Response]:
    """Every page of a list, following `next` (each response is checked to be a 200)."""
    cursor = None
    while True:
        response = client.get(path, params={**params, **({"cursor": cursor} if cursor else {})})
        assert response.status_code == 200, response.text
        yield response
        cursor = response.json()["next"]
        if cursor is None:
            return

"""Exports with `status_as_of=`: each row's status is the one derived as of that day."""

import json

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.api.status_histories import expected, make_histories
from tests.export.conftest import csv_records


@pytest.mark.parametrize("fmt", ["csv", "ndjson"])
def test_exports_show_the_status_as_of_the_day(export_client: TestClient, session: Session, fmt: str) -> None:
    histories = make_histories(session)
    day = "2024-07-04"
    response = export_client.get("/v1/projects", params={"jurisdiction": histories["jurisdiction"], "status_as_of": day,
                                                         "format": fmt, "fields": "status", "status__ne": "active"})
    assert response.status_code == 200, response.text
    if fmt == "csv":
        exported = {int(row["id"]): row["status"] or None for row in csv_records(response.content)}
    else:
        exported = {item["id"]: item["status"] for item in map(json.loads, response.text.splitlines())}
    derived = expected(session, histories["ids"], day)
    assert exported == {i: status for i, status in derived.items() if status is not None and status != "active"}

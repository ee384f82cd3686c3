"""Exports carry each record's provenance and the basis of each inferred field."""

import orjson
from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.export.conftest import csv_records
from tests.provenance.test_provenance import PUBLISHER_BASIS, inferred_source


def test_exports_carry_provenance_and_its_basis(export_client: TestClient, session: Session) -> None:
    source = inferred_source(export_client, session)
    rows = {row["id"]: row for row in csv_records(export_client.get("/v1/sources", params={"format": "csv"}).content)}
    row = rows[str(source["id"])]
    assert row["provenance"] == "inferred"
    assert orjson.loads(row["inferred"])["publisher_id"] == PUBLISHER_BASIS
    lines = export_client.get("/v1/sources", params={"format": "ndjson", "provenance": "inferred"}).content.splitlines()
    assert [orjson.loads(line)["inferred"] for line in lines] == [source["inferred"]]

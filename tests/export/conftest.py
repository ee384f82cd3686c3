"""Exports open their own connection (app.export.connections); here they are handed the
test's connection, so they see its rows and everything is still rolled back."""

import csv
import io
from contextlib import nullcontext

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.export.connections import ConnectionFactory, get_connection_factory
from app.main import app


@pytest.fixture
def connections(session: Session) -> ConnectionFactory:
    return lambda: nullcontext(session.connection())


@pytest.fixture
def export_client(client: TestClient, connections: ConnectionFactory) -> TestClient:
    async def override() -> ConnectionFactory:
        return connections

    app.dependency_overrides[get_connection_factory] = override  # cleared by the client fixture
    return client


def csv_rows(body: bytes) -> list[list[str]]:
    """A CSV download read as Excel would: UTF-8 after its byte-order mark."""
    assert body.startswith("\ufeff".encode()), body[:20]
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def csv_records(body: bytes) -> list[dict[str, str]]:
    header, *rows = csv_rows(body)
    return [dict(zip(header, row, strict=True)) for row in rows]

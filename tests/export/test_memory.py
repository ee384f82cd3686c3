"""Exporting 100,000 rows keeps server memory flat: rows are fetched and written a batch at a time.

The rows are synthetic (합성 …, inserted with Core). Memory is Python's heap as traced
by tracemalloc in every thread while the response streams to a sink that keeps
nothing; the engines' own C buffers are not traced, but the rows, dicts and strings
that a buffering export piles up are. Fetching all 100,000 budgets and building the
CSV in memory peaks at about 195 MB traced (the CSV itself is 25.5 MB); streamed,
the peak is about one batch (1,000 rows) plus fixed overheads, measured at 3–4 MB.
The bound, 16 MB and under a quarter of the CSV's size, fails on any regression to
buffering yet leaves room for interpreter and driver noise.
"""

import time
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from app.export import connections as export_connections
from app.export.connections import BATCH_ROWS, ConnectionFactory, get_connection_factory
from app.main import app
from app.models import Budget
from tests.export.asgi import download
from tests.querying.helpers import organization, project

ROWS = 100_000
PEAK_BOUND = 16 * 2**20
SYNTHETIC = datetime(2026, 1, 1, tzinfo=UTC)


def insert_synthetic_budgets(session: Session, project_id: int) -> None:
    for start in range(0, ROWS, 10_000):
        session.execute(sa.insert(Budget), [
            {"project_id": project_id, "kind": "spent", "amount": 2**52 + n, "currency": "KRW", "qualifier": "approximate",
             "amount_text": f"약 {n}억 원 (합성)", "description": f"합성 예산 {n}: 메타버스 서울 민원 상담, \"따옴표\", 쉼표",
             "as_of": "2024-Q4", "as_of_earliest": date(2024, 10, 1), "as_of_latest": date(2024, 12, 31),
             "as_of_text": "2024년 말", "created_at": SYNTHETIC, "updated_at": SYNTHETIC, "version": 1}
            for n in range(start, start + 10_000)])


@pytest.fixture
def streaming_app(connections: ConnectionFactory):
    async def override() -> ConnectionFactory:
        return connections

    app.dependency_overrides[get_connection_factory] = override
    yield app
    app.dependency_overrides.pop(get_connection_factory, None)


def test_a_100k_row_csv_export_streams_in_bounded_memory(session: Session, streaming_app) -> None:
    made = project(session, organization_id=organization(session))
    insert_synthetic_budgets(session, made)
    tracemalloc.start()
    try:
        started = time.perf_counter()
        result = download(streaming_app, "/v1/budgets", f"project_id={made}&sort=-amount&format=csv")
        seconds = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.status == 200
    assert result.lines == ROWS + 1  # every row once, and the header
    assert result.chunks > ROWS // BATCH_ROWS  # the header, then a batch at a time: never one buffered body
    assert str(2**52 + ROWS - 1).encode() in result.head and str(2**52).encode() in result.last  # sorted -amount
    assert peak < PEAK_BOUND and peak < result.bytes / 4, (peak, result.bytes)
    print(f"\n{session.bind.dialect.name}: {result.bytes / 2**20:.1f} MB of CSV, traced peak {peak / 2**20:.1f} MB, "
          f"{ROWS / seconds:,.0f} rows/s under tracemalloc")


def test_ndjson_streams_a_batch_at_a_time_too(session: Session, streaming_app, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same batching as CSV (app.export.connections.batches), seen at a small batch size."""
    monkeypatch.setattr(export_connections, "BATCH_ROWS", 7)
    made = project(session, organization_id=organization(session))
    session.execute(sa.insert(Budget), [{"project_id": made, "kind": "spent", "amount": n, "currency": "KRW",
                                         "qualifier": "exact", "created_at": SYNTHETIC, "updated_at": SYNTHETIC,
                                         "version": 1} for n in range(50)])
    result = download(streaming_app, "/v1/budgets", f"project_id={made}&format=ndjson")
    assert (result.status, result.lines, result.chunks) == (200, 50, 8)


def test_a_client_that_hangs_up_gets_its_connection_back_at_once(session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export_connections, "BATCH_ROWS", 5)
    made = project(session, organization_id=organization(session))
    session.execute(sa.insert(Budget), [{"project_id": made, "kind": "spent", "amount": n, "currency": "KRW",
                                         "qualifier": "exact", "created_at": SYNTHETIC, "updated_at": SYNTHETIC,
                                         "version": 1} for n in range(50)])
    events: list[str] = []

    @contextmanager
    def tracked() -> Iterator[sa.Connection]:
        events.append("opened")
        try:
            yield session.connection()
        finally:
            events.append("closed")

    async def override() -> ConnectionFactory:
        return tracked

    app.dependency_overrides[get_connection_factory] = override
    try:
        result = download(app, "/v1/budgets", f"project_id={made}&format=csv", hang_up_after=3)
    finally:
        app.dependency_overrides.pop(get_connection_factory, None)
    assert result.chunks == 3 and events == ["opened", "closed"]

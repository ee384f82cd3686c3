"""Smoke run of bench/ at 1,000 projects: the generator's promises, and every benchmark query once.

Not a benchmark (no timing is asserted): it keeps the generator and the runner
working while the schema and the endpoints change under them. The PostgreSQL
variant of the generator is in test_bench_postgres.py.
"""

import asyncio
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.core.db import get_session
from app.main import app
from bench import database, queries
from bench.generate import generate
from tests.bench.conftest import PROJECTS, check_dataset, check_derived, sample_checksum
from tests.conftest import ROOT


def test_generated_data_is_shaped_cited_and_synthetic(generated: Path) -> None:
    engine = sa.create_engine(f"sqlite:///{generated}")
    with engine.connect() as connection:
        check_dataset(connection)
        assert database.census(engine) == (database.census(engine)[0], 0)
        assert connection.exec_driver_sql("SELECT k FROM search_fts_config").all() == [("version",)]  # no load setting left
    check_derived(engine)
    engine.dispose()


def test_schema_is_the_migrated_one(generated: Path, tmp_path: Path) -> None:
    fresh = database.engine_for(f"sqlite:///{tmp_path / 'fresh.db'}")
    database.migrate(fresh)
    fresh.dispose()
    schema = lambda path: set(sqlite3.connect(path).execute(  # noqa: E731
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_stat%'").fetchall())
    assert schema(generated) == schema(tmp_path / "fresh.db")


def test_same_seed_same_data_and_refusals(generated: Path, tmp_path: Path) -> None:
    again, other = tmp_path / "again.db", tmp_path / "other.db"
    generate(f"sqlite:///{again}", PROJECTS, seed=42, workers=2, log=lambda *_: None)
    generate(f"sqlite:///{other}", PROJECTS, seed=7, workers=0, log=lambda *_: None)
    def checksum(path: Path) -> str:
        engine = sa.create_engine(f"sqlite:///{path}")
        with engine.connect() as connection:
            digest = sample_checksum(connection)
        engine.dispose()
        return digest

    assert checksum(again) == checksum(generated) != checksum(other)
    with pytest.raises(SystemExit, match="--replace"):
        generate(f"sqlite:///{again}", PROJECTS, log=lambda *_: None)
    with sqlite3.connect(again) as connection:
        connection.execute("INSERT INTO organizations (created_at, updated_at, version, name, classification) "
                           "VALUES ('2026-01-01 00:00:00.000000', '2026-01-01 00:00:00.000000', 1, '서울특별시', 'government')")
    with pytest.raises(SystemExit, match="not synthetic"):
        generate(f"sqlite:///{again}", PROJECTS, replace=True, log=lambda *_: None)


@pytest.fixture
def bench_client(generated: Path) -> Iterator[TestClient]:
    engine = sa.create_engine(f"sqlite:///{generated}")

    async def session_override() -> Iterator[Session]:
        with Session(engine) as session:
            yield session

    app.dependency_overrides[get_session] = session_override
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client
    app.dependency_overrides.clear()
    engine.dispose()


def test_every_query_type_answers_or_is_reported_missing(generated: Path, bench_client: TestClient) -> None:
    """Each API candidate answers 200 or a 4xx (not built yet: the runner reports it); never a 5xx."""
    built = queries.build(generated, PROJECTS)
    assert {q.key[0] for q in built} == set("abcdefg")
    answered = set()
    for query in built:
        for path in query.api:
            response = bench_client.get(path)
            assert response.status_code < 500, (path, response.text[:300])
            if response.status_code == 200:
                answered.add(query.key)
                break
    assert {"a", "a+", "b", "c"} <= answered  # lists, expansion and cursors exist already


def test_datasette_answers_its_equivalents(generated: Path, tmp_path: Path) -> None:
    Datasette = pytest.importorskip("datasette.app", reason="Datasette is in the bench extra").Datasette

    copy = tmp_path / "ds" / "bench.db"
    queries.datasette_copy(generated, copy)
    built = queries.build(generated, PROJECTS)

    async def fetch_all() -> list[tuple[str, int]]:
        default = Datasette(files=[str(copy)], metadata=queries.metadata())
        lean = Datasette(immutables=[str(copy)], metadata=queries.metadata(), settings={"suggest_facets": False})
        statuses = []
        for query in built:
            for ds, path in ((default, query.datasette), (lean, query.datasette_lean)):
                if path:
                    statuses.append((path, (await ds.client.get(path)).status_code))
        return statuses

    for path, status in asyncio.run(fetch_all()):
        assert status == 200, path


def test_runner_end_to_end_for_one_query(generated: Path, tmp_path: Path) -> None:
    pytest.importorskip("datasette", reason="Datasette is in the bench extra")
    out = tmp_path / "results.md"
    subprocess.run([sys.executable, "-m", "bench.run", "--projects", str(PROJECTS), "--sqlite", str(generated),
                    "--only", "a", "--duration", "1", "--rounds", "1", "--warmup", "0", "--connections", "4", "--port", "8931",
                    "--out", str(out)], cwd=ROOT, check=True, capture_output=True, timeout=120)
    report = out.read_text()
    assert "| a project by slug (plain) | api |" in report and "| datasette-lean |" in report

"""Smoke run of bench/ at 1,000 projects: the generator's promises, and every benchmark query once.

Not a benchmark (no timing is asserted): it keeps the generator and the runner
working while the schema and the endpoints change under them.
"""

import asyncio
import hashlib
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.core.db import get_session, normalise_database_url
from app.domain.partial_dates import parse_partial_date
from app.main import app
from bench import database, queries
from bench.generate import generate
from tests.conftest import ROOT, TEST_DATABASE_URL

PROJECTS = 1000
SCHEMA = "bench_smoke"
DATES = {"projects": ("announced", "started", "planned_end", "ended"), "budgets": ("period_start", "period_end", "as_of"),
         "metrics": ("period_start", "period_end", "as_of"), "statements": ("stated",)}
FACTS = {"projects": "project_id", "budgets": "budget_id", "metrics": "metric_id", "statements": "statement_id"}
EXPECTED = {"projects": (PROJECTS, PROJECTS), "organizations": (200, 200), "people": (2000, 2000),
            "sources": (1800, 2200), "budgets": (2700, 3300), "metrics": (4600, 5400), "statements": (2700, 3300)}


def sample_checksum(connection: sa.Connection, columns: str = "*") -> str:
    """A hash of every 7th row of each table (all columns unless given)."""
    digest = hashlib.sha256()
    for table in ("organizations", "people", "projects", "sources", "budgets", "metrics", "statements", "citations"):
        for row in connection.exec_driver_sql(f"SELECT {columns} FROM {table} WHERE id % 7 = 0 ORDER BY id"):
            digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bench") / "bench.db"
    report = generate(f"sqlite:///{path}", PROJECTS, seed=42, workers=0, log=lambda *_: None)
    assert report.rows["projects"] == PROJECTS
    return path


def check_dataset(connection: sa.Connection) -> None:
    count = lambda sql: connection.execute(sa.text(sql)).scalar_one()  # noqa: E731
    for table, (low, high) in EXPECTED.items():
        assert low <= count(f"SELECT count(*) FROM {table}") <= high, table
    facts = sum(count(f"SELECT count(*) FROM {table}") for table in FACTS)
    assert count("SELECT count(*) FROM citations") == facts
    for table, key in FACTS.items():  # every fact has a citation
        assert count(f"SELECT count(*) FROM {table} t WHERE NOT EXISTS "
                     f"(SELECT 1 FROM citations c WHERE c.{key} = t.id)") == 0, table
    assert count("SELECT min(amount) FROM budgets") >= 10**6 and count("SELECT max(amount) FROM budgets") <= 10**12
    assert count("SELECT count(DISTINCT status) FROM projects") == 6
    assert count("SELECT count(*) FROM statements WHERE quote NOT LIKE '[합성]%' AND quote NOT LIKE '[synthetic]%'") == 0
    assert count("SELECT count(*) FROM sources WHERE notes <> 'synthetic benchmark data'") == 0
    assert count("SELECT count(*) FROM search_documents") > 10 * PROJECTS
    for table, groups in DATES.items():
        precisions = set()
        for group in groups:
            rows = connection.execute(sa.text(f"SELECT {group}, {group}_earliest, {group}_latest FROM {table}"))
            for value, earliest, latest in rows:
                if value is None:
                    assert earliest is None and latest is None
                    continue
                parsed = parse_partial_date(value)
                assert (str(parsed.earliest), str(parsed.latest)) == (str(earliest), str(latest)), (table, value)
                precisions.add(parsed.precision)
        assert len(precisions) == 4, table  # year, quarter, month and day all occur


def test_generated_data_is_shaped_cited_and_synthetic(generated: Path) -> None:
    engine = sa.create_engine(f"sqlite:///{generated}")
    with engine.connect() as connection:
        check_dataset(connection)
        assert database.census(engine) == (database.census(engine)[0], 0)
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


@pytest.mark.postgres
def test_postgresql_gets_the_same_data(generated: Path) -> None:
    if not TEST_DATABASE_URL:
        pytest.skip("PostgreSQL variant: set TEST_DATABASE_URL=postgresql://… to run it")
    admin = sa.create_engine(normalise_database_url(TEST_DATABASE_URL), poolclass=sa.NullPool)
    with admin.begin() as connection:
        connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
        connection.exec_driver_sql(f"CREATE SCHEMA {SCHEMA}")
    try:
        generate(TEST_DATABASE_URL, PROJECTS, seed=42, workers=0, schema=SCHEMA, log=lambda *_: None)
        engine = database.engine_for(TEST_DATABASE_URL, SCHEMA)
        sql = "SELECT p.id, slug, name, status, started, started_earliest, amount FROM projects p " \
              "JOIN budgets b ON b.project_id = p.id AND b.kind = 'planned' ORDER BY p.id"
        with engine.connect() as connection:
            check_dataset(connection)
            pg = [tuple(map(str, row)) for row in connection.exec_driver_sql(sql)]
            next_id = connection.exec_driver_sql("SELECT nextval(pg_get_serial_sequence('projects', 'id'))").scalar_one()
        engine.dispose()
        with sqlite3.connect(generated) as connection:
            lite = [tuple(map(str, row)) for row in connection.execute(sql)]
        assert pg == lite and len(pg) == PROJECTS  # the same seed gives the same data on both engines
        assert next_id > PROJECTS  # sequences moved past the generated ids
    finally:
        with admin.begin() as connection:
            connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
        admin.dispose()


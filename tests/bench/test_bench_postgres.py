"""The generator on PostgreSQL (with TEST_DATABASE_URL): the same rows as on SQLite, and the migrated schema back."""

import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.core.db import normalise_database_url
from bench import database
from bench.generate import generate
from tests.bench.conftest import PROJECTS, check_dataset, check_derived
from tests.conftest import TEST_DATABASE_URL

SCHEMA, FRESH = "bench_smoke", "bench_smoke_fresh"


def postgres_schema(connection: sa.Connection, schema: str) -> set[tuple]:
    """Indexes and constraints of one schema, by name and definition (what the load drops and recreates)."""
    indexes = connection.exec_driver_sql("SELECT tablename, indexname, replace(indexdef, %(schema)s, '') FROM pg_indexes "
                                         "WHERE schemaname = %(bare)s", {"schema": schema + ".", "bare": schema}).all()
    constraints = connection.exec_driver_sql("SELECT conname, replace(pg_get_constraintdef(oid), %(schema)s, '') "
                                             "FROM pg_constraint WHERE connamespace = %(bare)s::regnamespace",
                                             {"schema": schema + ".", "bare": schema}).all()
    return set(indexes) | set(constraints)


@pytest.mark.postgres
def test_postgresql_gets_the_same_data(generated: Path) -> None:
    if not TEST_DATABASE_URL:
        pytest.skip("PostgreSQL variant: set TEST_DATABASE_URL=postgresql://… to run it")
    admin = sa.create_engine(normalise_database_url(TEST_DATABASE_URL), poolclass=sa.NullPool)
    with admin.begin() as connection:
        for schema in (SCHEMA, FRESH):
            connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
            connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
    try:
        fresh = database.engine_for(TEST_DATABASE_URL, FRESH)
        database.migrate(fresh)
        fresh.dispose()
        generate(TEST_DATABASE_URL, PROJECTS, seed=42, workers=2, schema=SCHEMA, log=lambda *_: None)
        engine = database.engine_for(TEST_DATABASE_URL, SCHEMA)
        queries = ("SELECT p.id, slug, name, status, started, started_earliest, amount FROM projects p "
                   "JOIN budgets b ON b.project_id = p.id AND b.kind = 'planned' ORDER BY p.id",
                   "SELECT id, source_id, project_id, budget_id, metric_id, statement_id, excerpt FROM citations ORDER BY id",
                   "SELECT id, resource, record_id, field, tokens FROM search_documents ORDER BY id")
        with engine.connect() as connection:
            check_dataset(connection)
            pg = [[tuple(map(str, row)) for row in connection.exec_driver_sql(sql)] for sql in queries]
            next_id = connection.exec_driver_sql("SELECT nextval(pg_get_serial_sequence('projects', 'id'))").scalar_one()
        check_derived(engine)
        engine.dispose()
        with sqlite3.connect(generated) as connection:
            lite = [[tuple(map(str, row)) for row in connection.execute(sql)] for sql in queries]
        assert pg == lite and len(pg[0]) == PROJECTS  # the same seed gives the same data on both engines
        assert next_id > PROJECTS  # sequences moved past the generated ids
        with admin.connect() as connection:  # indexes and foreign keys dropped for the load are all back
            assert postgres_schema(connection, SCHEMA) == postgres_schema(connection, FRESH)
    finally:
        with admin.begin() as connection:
            for schema in (SCHEMA, FRESH):
                connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        admin.dispose()


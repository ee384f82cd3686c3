"""The search-index migration: fills the index from existing rows, and its downgrade leaves nothing."""

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy import Engine
from sqlmodel import Session

from app.resources.catalog import budgets, citations, metrics, organizations
from app.search import search_condition
from app.search.index import check_index
from app.search.schema import is_search_table
from tests.conftest import ENGINES, scratch_engine
from tests.conftest import run_alembic as run

REVISION, BEFORE = "fa525ced8715", "f7528af1d177"
SCHEMA = "search_migration_check"


@pytest.fixture(params=ENGINES)
def empty_engine(request: pytest.FixtureRequest, tmp_path) -> Iterator[Engine]:
    with scratch_engine(request.param, tmp_path / "migration.db", SCHEMA, poolclass=sa.NullPool) as engine:
        yield engine


def search_objects(engine: Engine) -> set[str]:
    """Tables, triggers and indexes of the search index that exist in the database."""
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            names = connection.execute(sa.text("SELECT name FROM sqlite_master")).scalars()
        else:
            names = connection.execute(sa.text(
                "SELECT relname FROM pg_class WHERE relnamespace = current_schema()::regnamespace")).scalars()
        return {name for name in names if "search" in name}


def test_upgrade_indexes_existing_rows_and_downgrade_removes_everything(empty_engine: Engine) -> None:
    run(empty_engine, command.upgrade, BEFORE)
    assert search_objects(empty_engine) == set()
    with empty_engine.begin() as connection:  # rows written before search existed
        connection.execute(sa.text(
            "INSERT INTO organizations (id, created_at, updated_at, version, name, name_en, classification)"
            " VALUES (1, '2026-01-01', '2026-01-01', 1, '서울특별시 (synthetic)', 'Seoul (synthetic)', 'government')"))
        connection.execute(sa.text(
            "INSERT INTO projects (id, created_at, updated_at, version, slug, name, status)"
            " VALUES (1, '2026-01-01', '2026-01-01', 1, 'synthetic-p', '합성 사업 (synthetic)', 'active')"))
        connection.execute(sa.text(
            "INSERT INTO metrics (id, created_at, updated_at, version, project_id, indicator, value, unit, observation,"
            " qualifier, dimensions) VALUES (1, '2026-01-01', '2026-01-01', 1, 1, '콜센터 민원 상담', '10000', 'count/day',"
            " 'actual', 'exact', '{}')"))

    run(empty_engine, command.upgrade, "head")  # the models (used by check_index) describe the head schema
    assert {name for name in search_objects(empty_engine) if is_search_table(name)} >= {"search_documents"}
    with Session(empty_engine) as session:
        assert check_index(session).ok
        table = metrics.sa_table
        assert session.execute(sa.select(table.c.id).where(search_condition(metrics, "민원"))).scalars().all() == [1]
        table = organizations.sa_table
        assert session.execute(sa.select(table.c.id).where(search_condition(organizations, "seoul"))).scalars().all() == [1]

    run(empty_engine, command.downgrade, BEFORE)
    assert search_objects(empty_engine) == set()
    run(empty_engine, command.upgrade, "head")
    with Session(empty_engine) as session:
        assert check_index(session).ok


def test_upgrade_indexes_budgets_and_citations_already_present(empty_engine: Engine) -> None:
    run(empty_engine, command.upgrade, "d3f1c0a00005")
    with empty_engine.begin() as connection:  # rows written while budgets and citations were not searchable
        for statement in (
            "INSERT INTO projects (id, created_at, updated_at, version, slug, name, status)"
            " VALUES (1, '2026-01-01', '2026-01-01', 1, 'synthetic-p', '합성 사업 (synthetic)', 'active')",
            "INSERT INTO budgets (id, created_at, updated_at, version, project_id, kind, amount, currency, qualifier,"
            " amount_text) VALUES (1, '2026-01-01', '2026-01-01', 1, 1, 'spent', 6000000000, 'KRW', 'approximate', '약 60억 원')",
            "INSERT INTO sources (id, created_at, updated_at, version, url, title, language)"
            " VALUES (1, '2026-01-01', '2026-01-01', 1, 'https://example.org/synthetic', '[synthetic] 기사', 'ko')",
            "INSERT INTO citations (id, created_at, updated_at, version, source_id, budget_id, excerpt)"
            " VALUES (1, '2026-01-01', '2026-01-01', 1, 1, 1, '민원은 하루 2건에 불과했습니다')",
        ):
            connection.execute(sa.text(statement))

    run(empty_engine, command.upgrade, "head")
    with Session(empty_engine) as session:
        assert check_index(session).ok
        for resource, q in ((budgets, "6,000,000,000"), (citations, "불과")):
            table = resource.sa_table
            assert session.execute(sa.select(table.c.id).where(search_condition(resource, q))).scalars().all() == [1]

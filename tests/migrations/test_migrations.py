"""The schema comes only from migrations: one head, reversible, and in step with the models."""

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine
from sqlmodel import SQLModel

import app.models  # noqa: F401
from app.search.schema import include_in_migrations
from tests.conftest import ENGINES, alembic_config, scratch_engine
from tests.conftest import run_alembic as run

SCHEMA = "migration_check"


@pytest.fixture(params=ENGINES)
def empty_engine(request: pytest.FixtureRequest, tmp_path) -> Iterator[Engine]:
    """A database with nothing in it: a new SQLite file, or a fresh PostgreSQL schema."""
    with scratch_engine(request.param, tmp_path / "migrations.db", SCHEMA, poolclass=sa.NullPool) as engine:
        yield engine


def table_names(engine: Engine) -> set[str]:
    return set(sa.inspect(engine).get_table_names()) - {"alembic_version"}


def test_there_is_a_single_head() -> None:
    assert len(ScriptDirectory.from_config(alembic_config()).get_heads()) == 1


def test_upgrade_downgrade_and_upgrade_again(empty_engine: Engine) -> None:
    run(empty_engine, command.upgrade, "head")
    created = table_names(empty_engine)
    assert {"projects", "budgets", "metrics", "statements", "sources", "citations", "organizations", "people"} <= created
    run(empty_engine, command.downgrade, "base")
    assert table_names(empty_engine) == set()
    run(empty_engine, command.upgrade, "head")
    assert table_names(empty_engine) == created


def test_each_step_downgrades_cleanly(empty_engine: Engine) -> None:
    script = ScriptDirectory.from_config(alembic_config())
    revisions = [revision.revision for revision in script.walk_revisions("base", "heads")][::-1]
    for revision in revisions:
        run(empty_engine, command.upgrade, revision)
        run(empty_engine, command.downgrade, "-1")
        run(empty_engine, command.upgrade, revision)


def test_models_and_migrations_agree(empty_engine: Engine) -> None:
    run(empty_engine, command.upgrade, "head")
    with empty_engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True, "include_name": include_in_migrations})
        assert compare_metadata(context, SQLModel.metadata) == []

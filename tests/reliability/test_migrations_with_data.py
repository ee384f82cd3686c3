"""Migrations run up, down and up again on both engines with data present, not only on empty schemas.

tests/migrations checks the schema round trip on an empty database; a downgrade that recreates a
table, adds a constraint or fills a table from the rows present only fails with rows in place.
"""

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import Engine
from sqlmodel import Session

from seed.loader import load_all_cases_atomically
from tests.conftest import ENGINES, alembic_config, run_alembic, scratch_engine
from tests.reliability.conftest import add_synthetic_records

SCHEMA = "reliability_migrations"
Rows = dict[str, list[dict[str, str]]]


@pytest.fixture(params=ENGINES)
def loaded_engine(request: pytest.FixtureRequest, tmp_path) -> Iterator[Engine]:
    """A database at head holding the seed cases plus synthetic records of every kind, made through the services."""
    with scratch_engine(request.param, tmp_path / "migrations.db", SCHEMA, poolclass=sa.NullPool) as engine:
        run_alembic(engine, command.upgrade, "head")
        load_all_cases_atomically(engine)
        with Session(engine, expire_on_commit=False) as session:
            add_synthetic_records(session, rounds=2)
        yield engine


def revision_count() -> int:
    return len(list(ScriptDirectory.from_config(alembic_config()).walk_revisions("base", "heads")))


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        if not sa.inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one_or_none()


def tables(engine: Engine) -> dict[str, list[str]]:
    """Each table's column names (Alembic's own table left out)."""
    with engine.connect() as connection:
        inspector = sa.inspect(connection)
        return {table: [column["name"] for column in inspector.get_columns(table)]
                for table in inspector.get_table_names() if table != "alembic_version"}


def rows(engine: Engine, columns_of: dict[str, list[str]]) -> Rows:
    """The rows of the given tables, as text on the given columns (so both engines compare alike)."""
    with engine.connect() as connection:
        return {table: [{name: str(value) for name, value in row.items()} for row in connection.execute(
            sa.select(*(sa.column(name) for name in columns)).select_from(sa.table(table))).mappings()]
            for table, columns in columns_of.items()}


def only(data: Rows, columns_of: dict[str, list[str]]) -> dict[str, list[tuple[str, ...]]]:
    """`data` narrowed to the given tables and columns, rows sorted."""
    return {table: sorted(tuple(row[name] for name in columns) for row in data[table]) for table, columns in columns_of.items()}


def test_each_step_down_to_base_and_back_up_succeeds_with_data_present(loaded_engine: Engine) -> None:
    steps = revision_count()
    for _ in range(steps):
        before = current_revision(loaded_engine)
        run_alembic(loaded_engine, command.downgrade, "-1")
        assert current_revision(loaded_engine) != before

    assert current_revision(loaded_engine) is None
    run_alembic(loaded_engine, command.upgrade, "head")
    reports = load_all_cases_atomically(loaded_engine)
    assert all(sum(report.created.values()) for report in reports.values())
    with Session(loaded_engine, expire_on_commit=False) as session:
        add_synthetic_records(session, rounds=1)


def test_one_step_down_and_up_from_head_keeps_the_rows_of_the_surviving_tables(loaded_engine: Engine) -> None:
    at_head = rows(loaded_engine, tables(loaded_engine))
    run_alembic(loaded_engine, command.downgrade, "-1")
    surviving = {table: columns for table, columns in tables(loaded_engine).items() if table in at_head}

    assert surviving and only(rows(loaded_engine, surviving), surviving) == only(at_head, surviving)
    run_alembic(loaded_engine, command.upgrade, "head")
    assert only(rows(loaded_engine, surviving), surviving) == only(at_head, surviving)
    assert load_all_cases_atomically(loaded_engine)

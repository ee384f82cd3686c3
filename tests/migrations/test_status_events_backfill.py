"""The status events migration turns existing projects' dates and statuses into events, loses no status,
keeps the stored figures, and goes back cleanly."""

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy import Engine

from tests.conftest import ENGINES, scratch_engine
from tests.conftest import run_alembic as run

BEFORE = "e0a0capture01"
EVENTS = "e1a0events0001"
NOW = datetime(2026, 1, 1, tzinfo=UTC)
MONTH = {"2023-01": (date(2023, 1, 1), date(2023, 1, 31)), "2024-12": (date(2024, 12, 1), date(2024, 12, 31)),
         "2099-01": (date(2099, 1, 1), date(2099, 1, 31))}


def dates(name: str, value: str | None) -> dict:
    earliest, latest = MONTH[value] if value else (None, None)
    return {name: value, f"{name}_earliest": earliest, f"{name}_latest": latest}


@pytest.fixture(params=ENGINES)
def engine_before(request: pytest.FixtureRequest, tmp_path) -> Iterator[Engine]:
    """A database at the revision before status events, with projects of every shape the data can have."""
    with scratch_engine(request.param, tmp_path / "events.db", "events_backfill", poolclass=sa.NullPool) as engine:
        run(engine, command.upgrade, BEFORE)
        projects = sa.Table("projects", sa.MetaData(), autoload_with=engine)
        bookkeeping = {"created_at": NOW, "updated_at": NOW, "version": 1}
        shapes = {  # slug: (status, started, ended)
            "synthetic-ended": ("terminated", "2023-01", "2024-12"),
            "synthetic-running": ("active", "2023-01", None),
            "synthetic-undated": ("suspended", None, None),
            "synthetic-planned-ahead": ("planned", "2099-01", None),  # a start in the future is no happened event
        }
        with engine.begin() as connection:
            for slug, (status, started, ended) in shapes.items():
                connection.execute(sa.insert(projects).values(slug=slug, name="합성 사업", status=status, **bookkeeping,
                                                              **dates("started", started), **dates("ended", ended)))
        yield engine


def test_existing_projects_become_events_and_keep_their_status(engine_before: Engine) -> None:
    run(engine_before, command.upgrade, EVENTS)
    with engine_before.connect() as connection:
        rows = connection.execute(sa.text(
            "SELECT p.slug, e.status, e.kind, e.occurs FROM project_events e "
            "JOIN projects p ON p.id = e.project_id ORDER BY p.slug, e.id")).all()
        statuses = dict(connection.execute(sa.text("SELECT slug, status FROM projects")).all())
    assert [tuple(row) for row in rows] == [
        ("synthetic-ended", "active", "happened", "2023-01"),
        ("synthetic-ended", "terminated", "happened", "2024-12"),
        ("synthetic-planned-ahead", "planned", "happened", None),
        ("synthetic-running", "active", "happened", "2023-01"),
        ("synthetic-undated", "suspended", "happened", None),
    ]
    assert statuses == {"synthetic-ended": "terminated", "synthetic-running": "active",
                        "synthetic-undated": "suspended", "synthetic-planned-ahead": "planned"}

    run(engine_before, command.downgrade, BEFORE)
    inspector = sa.inspect(engine_before)
    assert "project_events" not in inspector.get_table_names()
    assert "project_event_id" not in {column["name"] for column in inspector.get_columns("citations")}
    with engine_before.connect() as connection:
        assert dict(connection.execute(sa.text("SELECT slug, status FROM projects")).all()) == statuses

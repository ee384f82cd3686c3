"""Records written before provenance existed read as quoted (a link's rating as editorial), now and in the past."""

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy import Engine
from sqlmodel import Session

from app.resources.catalog import people
from app.services import as_of
from tests.conftest import ENGINES, scratch_engine
from tests.conftest import run_alembic as run

BEFORE = "e1a0events0001"
THEN = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture(params=ENGINES)
def engine_before(request: pytest.FixtureRequest, tmp_path) -> Iterator[Engine]:
    """A database at the revision before provenance, holding one person and the revision that created it."""
    with scratch_engine(request.param, tmp_path / "provenance.db", "provenance_backfill", poolclass=sa.NullPool) as engine:
        run(engine, command.upgrade, BEFORE)
        people_table, revisions = (sa.Table(name, sa.MetaData(), autoload_with=engine) for name in ("people", "revisions"))
        row = {"name": "합성 인물", "name_en": "Synthetic Person", "created_at": THEN, "updated_at": THEN, "version": 1}
        with engine.begin() as connection:
            person_id = connection.execute(sa.insert(people_table).values(**row).returning(people_table.c.id)).scalar_one()
            connection.execute(sa.insert(revisions).values(
                entity="people", record_id=person_id, version=1, action="create", at=THEN,
                after={**row, "id": person_id, "created_at": THEN.isoformat(), "updated_at": THEN.isoformat(),
                       "deleted_at": None}))
        yield engine


def test_existing_records_and_their_past_versions_read_as_quoted(engine_before: Engine) -> None:
    run(engine_before, command.upgrade, "head")
    with Session(engine_before) as session:
        live = session.execute(sa.select(people.sa_table)).mappings().one()
        past = as_of.get_record(session, people, str(live["id"]), (), None, "2026-06-01T00:00:00Z")
    assert (live["provenance"], live["inferred"]) == ("quoted", {})
    assert (past["name"], past["provenance"], past["inferred"]) == ("합성 인물", "quoted", {})
    run(engine_before, command.downgrade, BEFORE)
    assert "provenance" not in {column["name"] for column in sa.inspect(engine_before).get_columns("people")}

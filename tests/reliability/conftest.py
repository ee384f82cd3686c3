"""A real database per test module (a scratch SQLite file or PostgreSQL schema) that the app itself serves.

Reliability tests need real commits, real per-request sessions and real connections,
never the rolled-back transaction of the other tests.
"""

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from app.auth.tokens import create_token
from app.core.db import get_session
from app.export.connections import get_connection_factory
from app.main import app
from app.models.api_token import TokenScope
from seed.loader import load_all_cases_atomically
from tests.conftest import ENGINES, migrate, scratch_engine
from tests.factories import MAKERS, next_number


@pytest.fixture(scope="module", params=ENGINES)
def seeded_engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """A migrated database of the module's own holding the seed cases and synthetic records, committed."""
    schema = f"reliability_{request.module.__name__.rsplit('.', 1)[-1]}"
    path = tmp_path_factory.mktemp("reliability") / "seeded.db"
    with scratch_engine(request.param, path, schema, pool_pre_ping=True) as engine:
        migrate(engine)
        load_all_cases_atomically(engine)
        with Session(engine, expire_on_commit=False) as session:
            add_synthetic_records(session)
        yield engine


def add_synthetic_records(session: Session, rounds: int = 3) -> None:
    """Made-up records of every kind through the services (committed), so small ids name records everywhere."""
    for _ in range(rounds):
        for make in MAKERS.values():
            make(session)


def serve(engine: Engine) -> None:
    """Make the app open its sessions and export connections on `engine`, one per request as in production."""
    async def session_on_engine() -> Iterator[Session]:
        with Session(engine, expire_on_commit=False) as session:
            yield session

    async def connections_on_engine():
        return engine.connect

    app.dependency_overrides[get_session] = session_on_engine
    app.dependency_overrides[get_connection_factory] = connections_on_engine


@pytest.fixture
def served(seeded_engine: Engine) -> Iterator[Engine]:
    serve(seeded_engine)
    yield seeded_engine
    app.dependency_overrides.clear()


def new_token(engine: Engine, scope: TokenScope = TokenScope.ADMIN) -> str:
    """A committed token in `engine`'s database."""
    with Session(engine) as session:
        return create_token(session, f"reliability-{scope.value}-{next_number()}", scope)[1]


"""A live database for tests that need real, concurrent transactions (not the rolled-back test transaction).

SQLite: a migrated file of its own. PostgreSQL: a schema of its own, dropped at
the end. The app's sessions are opened on it exactly as in production (one per
request, BEGIN IMMEDIATE for writes on SQLite), and the tokens live in it.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session

from app.auth.tokens import create_token
from app.core.db import get_session
from app.main import app
from app.models.api_token import TokenScope
from app.resources import Resource
from app.services.records import create_record
from tests.conftest import ENGINES, migrate, scratch_engine
from tests.factories import next_number

SCHEMA = "concurrency_tests"


@pytest.fixture(scope="session", params=ENGINES)
def live_engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    path = tmp_path_factory.mktemp("live") / "live.db"
    with scratch_engine(request.param, path, SCHEMA, statement_timeout_ms=10000, pool_size=10, pool_pre_ping=True) as engine:
        migrate(engine)
        yield engine


@dataclass
class Live:
    """The app on the live database, and ways to make clients, tokens and records there."""

    engine: Engine

    def token(self, scope: TokenScope = TokenScope.EDITOR) -> str:
        with Session(self.engine) as session:
            return create_token(session, f"live-{scope.value}-{next_number()}", scope)[1]

    def client(self, token: str | None = None) -> TestClient:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return TestClient(app, raise_server_exceptions=False, headers=headers)

    def create(self, resource: Resource, values: dict[str, Any]) -> dict[str, Any]:
        with Session(self.engine, expire_on_commit=False) as session:
            return create_record(session, resource, resource.create_schema.model_validate(values))

    def scalar(self, statement: sa.Executable) -> Any:
        with self.engine.connect() as connection:
            return connection.execute(statement).scalar_one()


@pytest.fixture
def live(live_engine: Engine) -> Iterator[Live]:
    async def live_session() -> Iterator[Session]:
        with Session(live_engine, expire_on_commit=False) as session:
            yield session

    app.dependency_overrides[get_session] = live_session
    yield Live(live_engine)
    app.dependency_overrides.pop(get_session, None)

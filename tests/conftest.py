"""Shared fixtures: one migrated database per engine per run, one rolled-back transaction per test.

Every database test runs on SQLite and, when TEST_DATABASE_URL points at a
PostgreSQL server, on PostgreSQL too; without it the PostgreSQL variants skip.
"""

import itertools
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session

from app.auth.tokens import create_token
from app.core.db import get_session, make_engine, normalise_database_url
from app.main import app
from app.models.api_token import TokenScope

ROOT = Path(__file__).resolve().parent.parent
TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")
ENGINES = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
_token_numbers = itertools.count(1)
app.state.rate_limiter = None  # the suite runs unlimited; tests/core install limiters of their own


def alembic_config() -> Config:
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "alembic"))
    return config


def run_alembic(engine: Engine, action, revision: str) -> None:
    """Run an Alembic command (command.upgrade, command.downgrade) on the engine's database."""
    with engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        action(config, revision)


def migrate(engine: Engine, revision: str = "head") -> None:
    run_alembic(engine, command.upgrade, revision)


def reset_postgres_schema(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.execute(sa.text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(sa.text("CREATE SCHEMA public"))


@contextmanager
def scratch_engine(kind: str, sqlite_path: Path, schema: str, statement_timeout_ms: int = 5000,
                   **engine_options) -> Iterator[Engine]:
    """An empty database of the test's own: a new SQLite file, or a fresh PostgreSQL schema dropped
    afterwards. For tests that need real commits (migrations, concurrency) away from the shared one."""
    if kind == "sqlite":
        engine = make_engine(f"sqlite:///{sqlite_path}")
        try:
            yield engine
        finally:
            engine.dispose()
        return
    if not TEST_DATABASE_URL:
        pytest.skip("PostgreSQL variant: set TEST_DATABASE_URL=postgresql://… to run it")
    url = normalise_database_url(TEST_DATABASE_URL)
    admin = sa.create_engine(url, poolclass=sa.NullPool)
    with admin.begin() as connection:
        connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        connection.execute(sa.text(f"CREATE SCHEMA {schema}"))
    options = f"-c search_path={schema} -c statement_timeout={statement_timeout_ms}"
    engine = sa.create_engine(url, connect_args={"options": options}, **engine_options)
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def engine_for(kind: str, tmp_path_factory: pytest.TempPathFactory) -> Engine:
    if kind == "sqlite":
        return make_engine(f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}")
    if not TEST_DATABASE_URL:
        pytest.skip("PostgreSQL variant: set TEST_DATABASE_URL=postgresql://… to run it")
    engine = make_engine(TEST_DATABASE_URL)
    reset_postgres_schema(engine)
    return engine


@pytest.fixture(scope="session", params=ENGINES)
def engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = engine_for(request.param, tmp_path_factory)
    migrate(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session whose commits are savepoints inside one transaction rolled back after the test."""
    connection = engine.connect()
    transaction = connection.begin()
    session = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
    yield session
    session.close()
    transaction.rollback()
    connection.close()


@pytest.fixture
def editor_token(session: Session) -> str:
    """A bearer token with the editor scope, stored (hashed) in the test's transaction."""
    return create_token(session, f"test-editor-{next(_token_numbers)}", TokenScope.EDITOR)[1]


@pytest.fixture
def admin_token(session: Session) -> str:
    """A bearer token with the admin scope (restore, bulk import, token management)."""
    return create_token(session, f"test-admin-{next(_token_numbers)}", TokenScope.ADMIN)[1]


@pytest.fixture
def client(session: Session, editor_token: str) -> Iterator[TestClient]:
    """A client on the test's transaction that sends an editor token (reads need none; see tests/auth for
    anonymous and admin requests). PATCH and DELETE also need If-Match: tests/api.if_match."""
    async def session_override() -> Iterator[Session]:
        yield session

    app.dependency_overrides[get_session] = session_override
    with TestClient(app, raise_server_exceptions=False, headers={"Authorization": f"Bearer {editor_token}"}) as test_client:
        yield test_client
    app.dependency_overrides.clear()

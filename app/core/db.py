"""The database engine (one pool per process) and the per-request session.

Read endpoints are `async def` and run short, time-limited queries directly on
the event loop; write endpoints are plain `def` and run in the threadpool. The
session dependency itself is `async def`, so opening and closing a session never
needs a second worker thread: under overload a request can wait for a
connection, but a connection never waits for a thread to release it.
"""

from collections.abc import AsyncIterator
from functools import lru_cache, partial
from pathlib import Path
from typing import Annotated

from fastapi import Depends
from sqlalchemy import Engine, create_engine, event, make_url
from sqlmodel import Session

from app.core.answer_timeout import limit_answer_time
from app.core.config import get_settings
from app.core.statement_timeout import install_sqlite_deadline, start_deadline


def normalise_database_url(url: str) -> str:
    """Let users write postgresql:// and still get the psycopg 3 driver."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(url: str, statement_timeout_ms: int | None = None) -> Engine:
    """The engine for `url`; every statement is stopped after `statement_timeout_ms` (default: the setting)."""
    settings = get_settings()
    timeout_ms = settings.statement_timeout_ms if statement_timeout_ms is None else statement_timeout_ms
    url = normalise_database_url(url)
    if url.startswith("sqlite"):
        _ensure_sqlite_directory(url)
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": settings.sqlite_busy_timeout_ms / 1000},
            pool_size=settings.db_pool_size,
            max_overflow=settings.db_max_overflow,
            pool_timeout=settings.db_pool_timeout_seconds,
        )
        event.listen(engine, "connect", partial(_configure_sqlite_connection, timeout_ms=timeout_ms))
        event.listen(engine, "begin", _begin_sqlite_transaction)
        event.listen(engine, "before_cursor_execute", start_deadline)  # see app.core.statement_timeout
        return engine
    engine = create_engine(
        url,
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_max_overflow,
        pool_timeout=settings.db_pool_timeout_seconds,
        pool_pre_ping=True,
        connect_args={"options": f"-c statement_timeout={int(timeout_ms)}",
                      "connect_timeout": settings.db_connect_timeout_seconds, **TCP_KEEPALIVES},
    )
    limit_answer_time(engine, int(timeout_ms), settings.db_answer_grace_seconds)  # a frozen server: see answer_timeout
    return engine


# A peer that vanished from the network (no FIN, no RST) is noticed within about 10 s even while idle.
TCP_KEEPALIVES = {"keepalives": 1, "keepalives_idle": 5, "keepalives_interval": 2, "keepalives_count": 3,
                  "tcp_user_timeout": 10_000}


def _ensure_sqlite_directory(url: str) -> None:
    """A fresh checkout has no data/ folder; SQLite would fail to open the file."""
    database = make_url(url).database
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).parent.mkdir(parents=True, exist_ok=True)


def _configure_sqlite_connection(dbapi_connection, record, timeout_ms: int) -> None:
    settings = get_settings()
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.execute(f"PRAGMA busy_timeout = {int(settings.sqlite_busy_timeout_ms)}")
    cursor.close()
    # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin: the
    # module's implicit handling breaks SAVEPOINTs and so rollbacks of nested work.
    dbapi_connection.isolation_level = None
    install_sqlite_deadline(dbapi_connection, record.info, timeout_ms)


BEGIN_MODES = {"DEFERRED", "IMMEDIATE"}


def _begin_sqlite_transaction(connection) -> None:
    # A transaction that reads and then writes must take the write lock at BEGIN
    # (IMMEDIATE, see use_for_writes): upgrading a read lock later fails at once with
    # SQLITE_BUSY instead of waiting out the busy timeout.
    mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
    connection.exec_driver_sql(f"BEGIN {mode if mode in BEGIN_MODES else 'DEFERRED'}")


def use_for_writes(session: Session) -> Session:
    """Make every transaction the session begins from now on a write transaction (BEGIN IMMEDIATE on SQLite).

    Called by the write endpoints' auth dependency before the write's transaction starts;
    a session bound to a connection (the tests' rolled-back transaction) is left alone.
    """
    bind = session.bind
    if isinstance(bind, Engine) and bind.dialect.name == "sqlite":
        session.bind = bind.execution_options(sqlite_begin="IMMEDIATE")
    return session


@lru_cache
def get_engine() -> Engine:
    return make_engine(get_settings().database_url)


async def get_session() -> AsyncIterator[Session]:
    with Session(get_engine(), expire_on_commit=False) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]

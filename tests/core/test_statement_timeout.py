"""No statement runs past the time limit, on SQLite as on PostgreSQL, and the client gets one clear problem.

Genuinely slow statements on an engine made with a small limit: counting to 10^9 (SQLite),
pg_sleep (PostgreSQL). Exports are the exception by design: each batch gets the whole limit.
"""

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from app.core.db import make_engine
from app.core.statement_timeout import is_statement_timeout
from app.export.connections import batches
from app.main import create_app
from tests.api import assert_problem
from tests.conftest import ENGINES, TEST_DATABASE_URL

LIMIT_MS = 200
CLOCK_GRANULARITY = 0.01  # seconds: the server's timer and our clock tick apart (0.1998 s was once measured)
COUNT_TO_A_BILLION = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000000) "
SLOW_READ = {"sqlite": COUNT_TO_A_BILLION + "SELECT count(*) FROM c", "postgresql": "SELECT pg_sleep(30)"}
SLOW_WRITE = {"sqlite": "INSERT INTO counted (n) " + COUNT_TO_A_BILLION + "SELECT x FROM c",
              "postgresql": "INSERT INTO counted (n) SELECT g FROM generate_series(1, 10) AS g, pg_sleep(30)"}
MANY_ROWS = {"sqlite": "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3000) SELECT x FROM c",
             "postgresql": "SELECT x FROM generate_series(1, 3000) AS x"}


@pytest.fixture(params=ENGINES)
def limited(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, Engine]]:
    """An engine whose statements may run LIMIT_MS, and its kind."""
    if request.param == "postgresql" and not TEST_DATABASE_URL:
        pytest.skip("PostgreSQL variant: set TEST_DATABASE_URL=postgresql://… to run it")
    url = f"sqlite:///{tmp_path / 'limited.db'}" if request.param == "sqlite" else TEST_DATABASE_URL
    engine = make_engine(url, statement_timeout_ms=LIMIT_MS)
    yield request.param, engine
    engine.dispose()


def stopped(connection: sa.Connection, statement: str) -> float:
    """Run a statement that must be stopped at the limit; how long it ran."""
    start = time.monotonic()
    with pytest.raises(sa.exc.OperationalError) as error:
        connection.execute(sa.text(statement)).all()
    assert is_statement_timeout(error.value), error.value
    connection.rollback()
    return time.monotonic() - start


def test_a_slow_query_is_stopped_at_the_limit_and_the_connection_serves_the_next_one(limited) -> None:
    kind, engine = limited
    with engine.connect() as connection:
        assert LIMIT_MS / 1000 - CLOCK_GRANULARITY <= stopped(connection, SLOW_READ[kind]) < 3
        assert connection.execute(sa.text("SELECT 1")).scalar() == 1
        assert stopped(connection, SLOW_READ[kind]) < 3  # the next slow one too: the limit is not used up


def test_the_limit_is_per_statement_not_per_transaction(limited) -> None:
    kind, engine = limited
    with engine.connect() as connection, connection.begin():
        for _ in range(3):
            assert connection.execute(sa.text(MANY_ROWS[kind])).all()[-1] == (3000,)
            time.sleep(LIMIT_MS / 1000)  # the transaction outlives the limit; each statement stays within it


def test_a_slow_write_is_stopped_and_leaves_nothing_behind(limited) -> None:
    kind, engine = limited
    with engine.connect() as connection:
        connection.execute(sa.text("CREATE TEMP TABLE counted (n BIGINT)"))
        connection.commit()
        connection.execution_options(sqlite_begin="IMMEDIATE")  # as write endpoints begin (app.core.db.use_for_writes)
        connection.begin()
        stopped(connection, SLOW_WRITE[kind])
        assert connection.execute(sa.text("SELECT count(*) FROM counted")).scalar() == 0
        connection.execute(sa.text("INSERT INTO counted (n) VALUES (1)"))
        connection.commit()
        assert connection.execute(sa.text("SELECT count(*) FROM counted")).scalar() == 1


def test_a_query_over_the_limit_is_a_503_problem_with_retry_after_and_no_sql(limited) -> None:
    kind, engine = limited
    app = create_app()  # the real error handling and middleware, plus one route that runs the slow statement

    @app.get("/slow")
    async def slow() -> None:
        with engine.connect() as connection:
            connection.execute(sa.text(SLOW_READ[kind]))

    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/slow")
    body = assert_problem(response, 503)
    assert body["type"].endswith("/query-timeout") and body["title"] == "Query took too long"
    assert response.headers["retry-after"] == "5"
    assert not any(word in response.text for word in ("RECURSIVE", "pg_sleep", "interrupted", "canceling"))


def test_a_streamed_export_gets_the_limit_per_batch_so_a_slow_download_is_not_cut(limited) -> None:
    kind, engine = limited
    statement = sa.text(MANY_ROWS[kind]).columns(x=sa.Integer)
    received = []
    with engine.connect() as connection:
        for rows in batches(connection, statement, size=1000):  # type: ignore[arg-type]
            received += [row.x for row in rows]
            time.sleep(LIMIT_MS / 1000 * 1.5)  # a slow client: the download lasts far longer than the limit
    assert received == list(range(1, 3001))


def test_an_export_batch_that_itself_runs_over_the_limit_is_still_stopped(limited) -> None:
    kind, engine = limited
    with engine.connect() as connection, pytest.raises(sa.exc.OperationalError) as error:
        for _ in batches(connection, sa.text(SLOW_READ[kind]).columns(), size=1000):  # type: ignore[arg-type]
            pass
    assert is_statement_timeout(error.value)

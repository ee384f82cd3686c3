"""Where an export gets its database connection.

A streamed body is still being produced after the endpoint has returned, when the
request's session may already be closed, so an export opens its own connection
inside its generator. The factory is a dependency so that tests can hand exports
the connection of their rolled-back transaction.
"""

from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Annotated

import sqlalchemy as sa
from fastapi import Depends

from app.core.db import get_engine
from app.core.statement_timeout import restart_deadline

ConnectionFactory = Callable[[], AbstractContextManager[sa.Connection]]
BATCH_ROWS = 1000


def connect() -> sa.Connection:
    return get_engine().connect()


async def get_connection_factory() -> ConnectionFactory:
    """`async` so that resolving it costs no threadpool hop on every list request; the engine is
    only touched when an export actually runs."""
    return connect


ConnectionsDep = Annotated[ConnectionFactory, Depends(get_connection_factory)]


def batches(connection: sa.Connection, statement: sa.Select, size: int | None = None) -> Iterator[Sequence[sa.Row]]:
    """The statement's rows, BATCH_ROWS at a time, from a server-side cursor (PostgreSQL) or a stepped one (SQLite).

    Each batch gets the whole statement time limit, however long the download takes: on PostgreSQL
    every FETCH is a statement of its own, on SQLite the deadline is restarted (app.core.statement_timeout).
    """
    options = {"yield_per": size or BATCH_ROWS, "stream_results": True}
    result = connection.execute(statement.execution_options(**options))
    try:
        for rows in result.partitions():
            yield rows
            restart_deadline(connection)
    finally:
        result.close()

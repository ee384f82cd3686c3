"""Counting the SQL a request runs: the guard against N+1 queries and per-page costs that grow."""

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa


@contextmanager
def executed_statements(engine: sa.Engine) -> Iterator[list[str]]:
    """Every statement `engine` executes inside the block, in order (clear the list to count per step)."""
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:
        statements.append(statement)

    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)

"""A time limit on every statement, the same on both engines, so that no request can run away.

PostgreSQL enforces `statement_timeout` itself (set per connection in app.core.db) and cancels
an overrunning statement with QueryCanceled. SQLite has no such setting: here its progress
handler, called every PROGRESS_STEPS virtual-machine instructions, interrupts a statement
whose deadline has passed. The deadline starts when a statement starts executing (the
engine's `before_cursor_execute` event), so it is per statement, writes included, never per
transaction. Fetching more rows of a stepped cursor counts against the same deadline until
`restart_deadline` is called: streamed exports call it before each batch, which is what
PostgreSQL does for each FETCH of a server-side cursor, so a long download is never cut
while each batch still has the whole limit.

One virtual-machine instruction that itself runs long (sorting a huge table in one step)
is only stopped after it ends; PostgreSQL has no such gap.
"""

import math
import sqlite3
from time import monotonic

import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError

PROGRESS_STEPS = 10_000  # about 0.1 ms of SQLite work between checks; far below a millisecond timeout
DEADLINE_KEY = "statement_deadline"
QUERY_CANCELED = "57014"  # PostgreSQL's SQLSTATE for statement_timeout (and pg_cancel_backend)


class Deadline:
    """When the running statement of one SQLite connection must stop."""

    __slots__ = ("at", "seconds")

    def __init__(self, seconds: float) -> None:
        self.seconds, self.at = seconds, math.inf

    def start(self) -> None:
        self.at = monotonic() + self.seconds

    def passed(self) -> bool:
        """The progress handler: a true answer makes SQLite abandon the statement (SQLITE_INTERRUPT)."""
        return monotonic() > self.at


def install_sqlite_deadline(dbapi_connection: sqlite3.Connection, info: dict, timeout_ms: int) -> None:
    """Called once per new pooled connection; a timeout of 0 leaves statements unlimited, as on PostgreSQL."""
    if timeout_ms > 0:
        deadline = Deadline(timeout_ms / 1000)
        info[DEADLINE_KEY] = deadline
        dbapi_connection.set_progress_handler(deadline.passed, PROGRESS_STEPS)


def start_deadline(connection: sa.Connection, *_execute_arguments) -> None:
    """`before_cursor_execute` listener: each statement gets the whole limit."""
    deadline = connection.info.get(DEADLINE_KEY)
    if deadline is not None:
        deadline.start()


def restart_deadline(connection: sa.Connection) -> None:
    """Give the statement being fetched a fresh limit (a streamed export's next batch)."""
    start_deadline(connection)


def is_statement_timeout(error: DBAPIError) -> bool:
    """Whether the database stopped a statement for running too long, on either engine."""
    original = error.orig
    if isinstance(original, sqlite3.OperationalError):
        return getattr(original, "sqlite_errorcode", None) == sqlite3.SQLITE_INTERRUPT
    return getattr(original, "sqlstate", None) == QUERY_CANCELED

"""A bound on how long the app waits for PostgreSQL to answer at all, so a frozen server is a 503, not a hang.

`statement_timeout` is enforced by the server, so it cannot help when the server (or the
network to it) stops answering: a SIGSTOPped server or a partition leaves the socket open and
silent, and TCP keepalives are acknowledged by the peer's kernel. Every wait of psycopg for the
server (a statement, a COMMIT, a ROLLBACK on return to the pool, a pre-ping) goes through
`Connection.wait`; this subclass gives that wait a limit. Past it the connection is closed, so
SQLAlchemy sees a disconnect, drops it from the pool, and the request gets the 503 of
app.core.errors. Connecting is bounded by libpq's `connect_timeout` instead.

The limit is the statement time limit plus a grace (DB_ANSWER_GRACE_SECONDS), so a statement the
server is still allowed to run is never cut; a pre-ping, whose answer is immediate on a live
server, gets the grace alone. A statement limit of 0 (operator commands, migrations) means no limit.

The same connection class keeps psycopg's prepared statements across ROLLBACK. psycopg forgets
them at every rollback (and sends DEALLOCATE ALL), in case the transaction created what they
read; every request's session ends in a ROLLBACK, so no statement ever reached the prepare
threshold and the one-statement scorecard was planned anew on every request. The app's
transactions change no schema (migrations run outside the server), and a DROP or ALTER still
makes psycopg forget them when it runs.
"""

from collections.abc import Callable

import psycopg
from psycopg import errors as pg_errors
from psycopg.pq import TransactionStatus
from sqlalchemy import Engine, event


class AnswerTimeLimitedConnection(psycopg.Connection):
    answer_timeout: float | None = None  # seconds; None waits as long as the server takes

    def wait(self, gen, interval: float = 0.1, timeout: float | None = None):
        limit = timeout if timeout is not None else self.answer_timeout
        try:
            return super().wait(gen, interval, limit)
        except pg_errors._WaitTimeout:  # psycopg's own signal for a wait that ran out of time
            self.pgconn.finish()
            raise psycopg.OperationalError(f"the database did not answer within {limit:g} s") from None

    def _rollback_gen(self):
        """ROLLBACK, keeping the prepared statements (see the module's docstring); psycopg's own path otherwise."""
        if (self._num_transactions or self._tpc or self._pipeline
                or self.pgconn.transaction_status == TransactionStatus.IDLE):
            return (yield from super()._rollback_gen())
        yield from self._exec_command(b"ROLLBACK")


def limit_answer_time(engine: Engine, statement_timeout_ms: int, grace_seconds: float) -> None:
    """Open `engine`'s PostgreSQL connections as AnswerTimeLimitedConnection with the limit above."""
    answer_timeout = statement_timeout_ms / 1000 + grace_seconds if statement_timeout_ms > 0 else None

    @event.listens_for(engine, "do_connect")
    def connect(_dialect, _record, cargs, cparams):
        connection = AnswerTimeLimitedConnection.connect(*cargs, **cparams)
        connection.answer_timeout = answer_timeout
        return connection

    if answer_timeout is not None:
        engine.dialect.do_ping = _ping_within(engine.dialect.do_ping, grace_seconds)


def _ping_within(ping: Callable[[object], bool], seconds: float) -> Callable[[object], bool]:
    def ping_within(dbapi_connection) -> bool:
        usual, dbapi_connection.answer_timeout = dbapi_connection.answer_timeout, seconds
        try:
            return ping(dbapi_connection)
        finally:
            dbapi_connection.answer_timeout = usual
    return ping_within

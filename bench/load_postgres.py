"""Loading PostgreSQL: every worker COPYs its own chunks over its own connection, in parallel.

Before the load this process drops the secondary indexes and the foreign keys
of the tables it fills (the load commits chunk by chunk, so the drops are
committed first; per-row foreign-key checks would also lock the referenced
rows from every worker). After it, it recreates them from their own stored
definitions (pg_indexes, pg_get_constraintdef: the schema ends exactly as
migrated) over two connections at once, with maintenance_work_mem raised,
the GIN index first since it takes longest; then moves the sequences past
the generated ids and runs ANALYZE. If the run fails, the definitions are
restored anyway (the rows committed so far stay: rerun with --replace); a
killed run leaves them dropped (start from a freshly migrated database).
"""

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from multiprocessing import util

import psycopg
import sqlalchemy as sa

from bench.database import column_plan

WORK_MEM = "1GB"
FIGURES = "project_figures"  # filled after the load (`fill`); its indexes are recreated after that
_CONNECTIONS: dict[tuple, psycopg.Connection] = {}


def conninfo(engine: sa.Engine) -> str:
    return engine.url.set(drivername="postgresql").render_as_string(hide_password=False)


def connect(info: str, schema: str | None) -> psycopg.Connection:
    options = "-c synchronous_commit=off" + (f" -c search_path={schema}" if schema else "")
    return psycopg.connect(info, options=options)


def copy_rows(connection: psycopg.Connection, plans: dict, rows_by_table: dict[str, list[tuple]]) -> None:
    with connection.cursor() as cursor:
        for table, rows in rows_by_table.items():
            names, keep = plans[table]
            if not rows:
                continue
            with cursor.copy(f"COPY {table} ({', '.join(names)}) FROM STDIN") as copy:
                write = copy.write_row
                for row in rows if keep is None else ([row[i] for i in keep] for row in rows):
                    write(row)
    connection.commit()


def copy_chunk(sink: tuple, rows_by_table: dict[str, list[tuple]]) -> None:
    """Worker side: one transaction per chunk over this process's own connection (opened once)."""
    _, info, schema, plans = sink
    key = (info, schema)
    if key not in _CONNECTIONS or _CONNECTIONS[key].closed:
        _CONNECTIONS[key] = connect(info, schema)
        util.Finalize(None, _CONNECTIONS[key].close, exitpriority=10)
    copy_rows(_CONNECTIONS[key], plans, rows_by_table)


def close_connections() -> None:
    while _CONNECTIONS:
        _CONNECTIONS.popitem()[1].close()


class PostgresLoader:
    """This process: the schema work around the load, and the few rows it writes itself."""

    def __init__(self, engine: sa.Engine, columns: dict[str, tuple[str, ...]], schema: str | None):
        self.plans = {t: column_plan(engine, t, cols) for t, cols in columns.items()}
        self.info, self.schema = conninfo(engine), schema
        self.db = connect(self.info, schema)
        self.deferred: list[tuple[str, str]] = []  # (table, create statement)
        self.seconds: dict[str, float] = {}

    def sink(self) -> tuple:
        return "postgresql", self.info, self.schema, self.plans

    def begin(self, tables: tuple[str, ...]) -> None:
        names = ", ".join(f"'{t}'" for t in tables)
        indexes = self.db.execute(
            f"SELECT i.tablename, i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = current_schema() "
            f"AND i.tablename IN ({names}) AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
            f"WHERE c.conname = i.indexname AND c.connamespace = current_schema()::regnamespace)").fetchall()
        keys = self.db.execute(
            f"SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
            f"WHERE contype = 'f' AND connamespace = current_schema()::regnamespace "
            f"AND conrelid::regclass::text IN ({names})").fetchall()
        for table, name, sql in indexes:
            self.db.execute(f'DROP INDEX "{name}"')
            self.deferred.append((table, sql))
        for table, name, sql in keys:
            self.db.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            self.deferred.append((table, f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {sql}'))
        self.db.commit()

    def insert(self, rows_by_table: dict[str, list[tuple]]) -> None:
        copy_rows(self.db, self.plans, rows_by_table)

    def finish(self, fill: Callable[[sa.Connection], int | None] | None = None) -> int | None:
        """Recreate what was dropped, run `fill` (derived tables) before recreating the indexes of what it
        fills, move sequences, ANALYZE. Returns what `fill` returned."""
        started = time.perf_counter()
        self.restore(lambda table: table != FIGURES)
        self.seconds["indexes+keys"] = time.perf_counter() - started
        filled, started = None, time.perf_counter()
        if fill:
            engine = sa.create_engine("postgresql+psycopg://", poolclass=sa.pool.NullPool,
                                      creator=lambda: connect(self.info, self.schema))
            with engine.begin() as connection:
                connection.exec_driver_sql(f"SET LOCAL work_mem = '{WORK_MEM}'")
                filled = fill(connection)
            engine.dispose()
        self.restore()
        if fill:
            self.seconds["project_figures"] = time.perf_counter() - started
        started = time.perf_counter()
        for table in self.plans:
            if self.db.execute(f"SELECT pg_get_serial_sequence('{table}', 'id')").fetchone()[0]:
                self.db.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                f"(SELECT coalesce(max(id), 1) FROM {table}))")
        self.db.commit()
        self.db.autocommit = True
        self.db.execute("ANALYZE")
        self.seconds["sequences+analyze"] = time.perf_counter() - started
        self.close()
        return filled

    def restore(self, which: Callable[[str], bool] = lambda table: True) -> None:
        """Recreate what begin() dropped on the tables `which` selects, two at a time: indexes (GIN first,
        the longest), then foreign keys."""
        chosen = [item for item in self.deferred if which(item[0])]
        self.deferred = [item for item in self.deferred if item not in chosen]
        creates = sorted((sql for _, sql in chosen), key=lambda sql: (" USING gin " not in sql, sql.startswith("ALTER")))

        def run(statement: str) -> None:
            with connect(self.info, self.schema) as connection:
                connection.execute(f"SET maintenance_work_mem = '{WORK_MEM}'")
                connection.execute(statement)

        with ThreadPoolExecutor(2) as pool:
            for future in [pool.submit(run, sql) for sql in creates]:
                future.result()

    def close(self) -> None:
        if self.deferred:
            self.db.rollback()
            self.restore()
        self.db.close()
        close_connections()

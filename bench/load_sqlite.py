"""Loading SQLite: workers write chunk files in parallel, this process merges them at C speed.

A worker writes its chunk with executemany (50 rows per INSERT) into a fresh SQLite
file of its own (plain tables, no indexes, no journal): the binding of ~45 rows per
project, which used to serialise in the writing process with the unpickling of the
workers' chunks, now runs on every core. The writing process `ATTACH`es up to 8
finished files at a time and copies them in id order with `INSERT INTO main.t
SELECT … FROM chunkN.t`, loops inside SQLite, one transaction per batch.

Around the load, undone before returning: journal off, synchronous off, one
exclusive lock; secondary indexes and the search-index triggers dropped and
recreated from their own stored SQL (so the schema is exactly the migrated one).
The end (indexes, FTS5 index, figures) is bench.sqlite_finish. (Also measured:
workers inserting into the database itself, taking turns: 1.19 s per 5,000
projects under the lock against 0.55 s into a fresh file, so slower overall.)
"""

import os
import shutil
import sqlite3
import tempfile
import time
from itertools import chain
from collections.abc import Callable

import sqlalchemy as sa

from bench import sqlite_finish
from bench.database import SEARCH_TABLE, column_plan

MERGE_AT_ONCE = 8  # chunk files attached together (SQLite allows 10)
ROWS_PER_INSERT = 50  # rows per INSERT statement in a chunk file: 12 % less time than one row each
PRAGMAS = ("journal_mode = OFF", "synchronous = OFF", "cache_size = -262144", "temp_store = MEMORY",
           "foreign_keys = OFF", "locking_mode = EXCLUSIVE")
RESTORE = ("foreign_keys = ON", "locking_mode = NORMAL", "journal_mode = WAL", "synchronous = NORMAL")


def write_chunk(directory: str, first: int, rows_by_table: dict[str, list[tuple]],
                columns: dict[str, tuple[str, ...]]) -> str:
    """Worker side: rows (all generated columns) into a new file; returns its path."""
    path = os.path.join(directory, f"chunk-{first:012d}.db")
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    db.execute("BEGIN")
    for table, rows in rows_by_table.items():
        db.execute(f"CREATE TABLE {table} ({', '.join(columns[table])})")
        one = f"({', '.join('?' * len(columns[table]))})"
        full = len(rows) - len(rows) % ROWS_PER_INSERT
        db.executemany(f"INSERT INTO {table} VALUES {', '.join([one] * ROWS_PER_INSERT)}",
                       (tuple(chain.from_iterable(rows[i:i + ROWS_PER_INSERT])) for i in range(0, full, ROWS_PER_INSERT)))
        db.executemany(f"INSERT INTO {table} VALUES {one}", rows[full:])
    db.execute("COMMIT")
    db.close()
    return path


class SqliteLoader:
    """The writing process: one connection, one exclusive lock, chunk files merged in id order."""

    def __init__(self, engine: sa.Engine, columns: dict[str, tuple[str, ...]]):
        self.columns = dict(columns)
        self.plans = {t: column_plan(engine, t, cols)[0] for t, cols in columns.items()}
        self.path = engine.url.database
        engine.dispose()  # leaving WAL needs the only connection to the file
        self.db = sqlite3.connect(self.path, isolation_level=None)
        self.directory = tempfile.mkdtemp(prefix=".bench-chunks-", dir=os.path.dirname(os.path.abspath(self.path)))
        self.deferred: list[tuple[str, str, str]] = []  # (kind, table, create statement)
        self.fts_tables: list[str] = []
        self.seconds: dict[str, float] = {}
        self.merged = 0.0  # seconds spent merging

    def sink(self) -> tuple[str, str]:
        """What a worker needs to write a chunk (picklable)."""
        return "sqlite", self.directory

    def begin(self, tables: tuple[str, ...]) -> None:
        for pragma in PRAGMAS:
            self.db.execute(f"PRAGMA {pragma}")
        names = ", ".join(f"'{t}'" for t in tables)
        rows = self.db.execute(
            f"SELECT type, name, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL AND ((type = 'index' AND "
            f"tbl_name IN ({names})) OR (type = 'trigger' AND tbl_name = '{SEARCH_TABLE}'))").fetchall()
        self.fts_tables = [name for (name,) in self.db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%' "
            f"AND replace(replace(sql, '\"', ''''), ' ', '') LIKE '%content=''{SEARCH_TABLE}''%'")]
        for kind, name, table, sql in rows:
            self.db.execute(f'DROP {kind.upper()} "{name}"')
            self.deferred.append((kind, table, sql))

    def insert(self, rows_by_table: dict[str, list[tuple]]) -> None:
        """Rows written by this process itself (organizations, people: small)."""
        self.merge([write_chunk(self.directory, 0, rows_by_table, self.columns)], list(rows_by_table))

    def merge(self, paths: list[str], tables: list[str]) -> None:
        """Copy chunk files into the database, in the order given, in one transaction (pages that several
        chunks change, like the slug index's, are written once), then delete them."""
        started = time.perf_counter()
        for n, path in enumerate(paths):
            self.db.execute(f"ATTACH ? AS chunk{n}", (path,))
        self.db.execute("BEGIN")
        for table in tables:
            names = ", ".join(self.plans[table])
            for n in range(len(paths)):
                self.db.execute(f"INSERT INTO main.{table} ({names}) SELECT {names} FROM chunk{n}.{table}")
        self.db.execute("COMMIT")
        for n, path in enumerate(paths):
            self.db.execute(f"DETACH chunk{n}")
            os.remove(path)
        self.merged += time.perf_counter() - started

    def finish(self, fill: Callable[[sa.Connection], int | None] | None = None) -> int | None:
        """Recreate what was dropped, fill the FTS5 index and the figures (`fill`, returned), back to normal."""
        filled = sqlite_finish.finish(self, fill)
        for pragma in RESTORE:
            self.db.execute(f"PRAGMA {pragma}")
        self.close()
        return filled

    def recreate(self, which: Callable[[str, str], bool]) -> None:
        """Create the deferred objects that `which(kind, table)` selects, in one transaction."""
        chosen = [item for item in self.deferred if which(item[0], item[1])]
        self.deferred = [item for item in self.deferred if item not in chosen]
        self.db.execute("BEGIN")
        for *_, create in chosen:
            self.db.execute(create)
        self.db.execute("COMMIT")

    def close(self) -> None:
        self.db.close()  # a second call does nothing
        shutil.rmtree(self.directory, ignore_errors=True)

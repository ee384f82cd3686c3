"""The end of a SQLite load, on both cores: indexes here, the FTS5 index and the figures beside them.

SQLite writes one thing at a time, so recreating the indexes, rebuilding the
FTS5 index and filling project_figures would run one after the other on one
core. Instead the database goes to WAL mode (readers see a snapshot while the
writer goes on) and a second thread (sqlite3 releases the GIL while SQLite
works) builds the FTS5 index and the figures into a scratch file of its own,
reading the loaded rows; then this thread, done with the indexes, copies them
in: the FTS5 shadow tables row for row (the same table definition, so the same
bytes a rebuild would write; checked by FTS5's integrity-check in the smoke
test) and the figures. The FTS5 index is built with a large in-memory hash
(`hashsize`: fewer segments to merge), a setting not copied.
"""

import os
import sqlite3
import threading
import time
from collections.abc import Callable

import sqlalchemy as sa

FTS_HASHSIZE = 256 << 20  # at 1M projects: 29 s with this, 35 s with 64 MB, 44 s with 16 MB
FIGURES = "project_figures"
SCRATCH_PRAGMAS = ("journal_mode = OFF", "synchronous = OFF", "cache_size = -262144", "temp_store = MEMORY")
# CREATE INDEX streams whole tables through the page cache: at 1M projects a 64 MB cache builds them ~35 % faster
# than 2 GB (measured on citations and statements indexes).
INDEX_CACHE = "cache_size = -65536"


def _connect_with(db: sqlite3.Connection) -> sa.Engine:
    """A SQLAlchemy engine over this one connection (the figures function takes a SQLAlchemy connection)."""
    return sa.create_engine("sqlite://", poolclass=sa.pool.StaticPool, creator=lambda: db)


def build_beside(path: str, scratch: str, fts: list[tuple[str, str]], figures_sql: str | None,
                 fill: Callable[[sa.Connection], int | None] | None, seconds: dict[str, float]) -> None:
    """Into `scratch`: every (FTS table, its CREATE statement) filled from the loaded documents, and the
    figures (`fill` finds the loaded tables through the attached database, its own table first)."""
    db = sqlite3.connect(scratch, isolation_level=None)
    for pragma in SCRATCH_PRAGMAS:
        db.execute(f"PRAGMA {pragma}")
    db.execute("ATTACH ? AS loaded", (path,))
    started = time.perf_counter()
    db.execute("BEGIN")
    for name, create in fts:
        db.execute(create)
        columns = [row[1] for row in db.execute(f"PRAGMA main.table_info({name})")]
        db.execute(f"INSERT INTO {name}({name}, rank) VALUES ('hashsize', {FTS_HASHSIZE})")
        db.execute(f"INSERT INTO {name}(rowid, {', '.join(columns)}) SELECT id, {', '.join(columns)} "
                   f"FROM loaded.search_documents ORDER BY id")
        db.execute(f"DELETE FROM {name}_config WHERE k = 'hashsize'")
    db.execute("COMMIT")
    seconds["fts (beside)"] = time.perf_counter() - started
    if fill and figures_sql:
        started = time.perf_counter()
        db.execute(figures_sql)
        with _connect_with(db).connect() as connection:
            connection.exec_driver_sql("BEGIN")
            fill(connection)
            connection.exec_driver_sql("COMMIT")
        seconds["project_figures (beside)"] = time.perf_counter() - started
    db.close()


def finish(loader, fill: Callable[[sa.Connection], int | None] | None) -> int | None:
    """Indexes in this thread while build_beside runs in another; then copy its results in. Returns the
    number of figures rows (None without `fill`)."""
    db, path = loader.db, loader.path
    fts = [(name, sql) for name, sql in db.execute(
        f"SELECT name, sql FROM sqlite_master WHERE name IN ({', '.join('?' * len(loader.fts_tables))})",
        loader.fts_tables)]
    figures = db.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (FIGURES,)).fetchone()
    figures_sql = figures[0] if figures else None
    db.execute("PRAGMA locking_mode = NORMAL")
    db.execute("SELECT count(*) FROM sqlite_master").fetchall()  # releases the exclusive lock
    db.execute("PRAGMA journal_mode = WAL")
    db.execute(f"PRAGMA {INDEX_CACHE}")
    scratch = os.path.join(loader.directory, "beside.db")
    errors: list[BaseException] = []

    def beside() -> None:
        try:
            build_beside(path, scratch, fts, figures_sql, fill, loader.seconds)
        except BaseException as error:  # re-raised in this thread
            errors.append(error)

    thread = threading.Thread(target=beside, name="bench-beside")
    started = time.perf_counter()
    thread.start()
    loader.recreate(lambda kind, table: kind == "index" and table != FIGURES)
    loader.seconds["indexes"] = time.perf_counter() - started
    thread.join()
    if errors:
        raise errors[0]
    started = time.perf_counter()
    shadow = [name for fts_name, _ in fts for (name,) in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE ? || '\\_%' ESCAPE '\\'", (fts_name,))]
    db.execute("ATTACH ? AS beside", (scratch,))
    db.execute("BEGIN")
    for table in shadow:
        db.execute(f"DELETE FROM main.{table}")
        db.execute(f"INSERT INTO main.{table} SELECT * FROM beside.{table}")
    filled = None
    if fill and figures_sql:
        db.execute(f"DELETE FROM main.{FIGURES}")
        filled = db.execute(f"INSERT INTO main.{FIGURES} SELECT * FROM beside.{FIGURES}").rowcount
    db.execute("COMMIT")
    db.execute("DETACH beside")
    os.remove(scratch)
    loader.recreate(lambda kind, table: True)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    loader.seconds["copy in, last indexes"] = time.perf_counter() - started
    return filled

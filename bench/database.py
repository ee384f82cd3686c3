"""The database side of the generator: migrate, refuse to mix with real data, load fast, restore the schema.

Speed tricks, all undone before returning: on SQLite journal_mode=OFF and
synchronous=OFF during the load, secondary indexes and the search-index
triggers dropped and recreated from their own stored SQL (so the final schema
is exactly the migrated one); on PostgreSQL COPY and the same index deferral.
"""

import os
import time
from collections.abc import Iterable
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from app.core.db import make_engine, normalise_database_url
from bench import words as w

ROOT = Path(__file__).resolve().parent.parent
DATASET_TABLES = ("organizations", "people", "projects", "sources", "budgets", "metrics", "statements", "citations",
                  "statement_links")
SEARCH_TABLE = "search_documents"
# How to tell a synthetic row: the prefix of one column (statement links are never generated).
SYNTHETIC_PREFIX = {"projects": ("name", w.SYNTHETIC_KO), "organizations": ("name", w.SYNTHETIC_KO),
                    "people": ("name", w.SYNTHETIC_KO), "sources": ("url", w.SOURCE_HOST), "statement_links": ("id", "")}


def engine_for(url: str, schema: str | None = None) -> sa.Engine:
    """SQLite through the app's own engine (its pragmas); PostgreSQL without the app's statement timeout."""
    url = normalise_database_url(url)
    if url.startswith("sqlite"):
        return make_engine(url)
    options = f"-c search_path={schema}" if schema else ""
    return sa.create_engine(url, connect_args={"options": options} if options else {}, pool_pre_ping=True)


def migrate(engine: sa.Engine) -> None:
    """`alembic upgrade head` on this engine (same configuration as the test suite)."""
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "alembic"))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def existing_tables(engine: sa.Engine) -> set[str]:
    return set(sa.inspect(engine).get_table_names())


def census(engine: sa.Engine) -> tuple[int, int]:
    """(rows in the dataset tables, of which not synthetic)."""
    tables = existing_tables(engine)
    total = other = 0
    with engine.connect() as connection:
        for table in DATASET_TABLES:
            if table not in tables:
                continue
            total += connection.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar_one()
            if table in SYNTHETIC_PREFIX:
                column, prefix = SYNTHETIC_PREFIX[table]
                condition = f"{column} NOT LIKE :prefix" if prefix else "1 = 1"
                other += connection.execute(sa.text(f"SELECT count(*) FROM {table} WHERE {condition}"),
                                            {"prefix": prefix + "%"}).scalar_one()
    return total, other


def clear(engine: sa.Engine, url: str) -> sa.Engine:
    """Remove earlier synthetic data: a SQLite file is deleted, PostgreSQL tables are truncated."""
    if engine.dialect.name == "sqlite":
        engine.dispose()
        path = sa.make_url(normalise_database_url(url)).database
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(path + suffix):
                os.remove(path + suffix)
        engine = engine_for(url)
        migrate(engine)
        return engine
    tables = [t for t in (*DATASET_TABLES, SEARCH_TABLE) if t in existing_tables(engine)]
    with engine.begin() as connection:
        connection.exec_driver_sql(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
    return engine


def id_bases(engine: sa.Engine) -> dict[str, int]:
    """Current max(id) per table: generated ids start after them, so existing rows are never touched."""
    with engine.connect() as connection:
        return {t: connection.exec_driver_sql(f"SELECT coalesce(max(id), 0) FROM {t}").scalar_one()
                for t in DATASET_TABLES if t != "statement_links"}


def column_plan(engine: sa.Engine, table: str, generated: tuple[str, ...]) -> tuple[tuple[str, ...], list[int] | None]:
    """The generated columns the table still has (positions to keep, None if all), or an error naming a new
    NOT NULL column without a default that the generator does not fill."""
    columns = {c["name"]: c for c in sa.inspect(engine).get_columns(table)}
    missing = [name for name, c in columns.items() if name not in generated and not c["nullable"]
               and c.get("default") is None and c.get("autoincrement") is not True and not c.get("computed")]
    if missing:
        raise SystemExit(f"{table} has new required columns the generator does not fill: {', '.join(missing)}; "
                         "teach bench/synth.py and bench/projects.py about them")
    keep = [i for i, name in enumerate(generated) if name in columns]
    names = tuple(generated[i] for i in keep)
    return names, None if len(keep) == len(generated) else keep


class Loader:
    """Bulk writes over one connection: executemany on SQLite, COPY on PostgreSQL."""

    def __init__(self, engine: sa.Engine, columns: dict[str, tuple[str, ...]]):
        self.engine, self.postgres = engine, engine.dialect.name == "postgresql"
        self.plans = {t: column_plan(engine, t, cols) for t, cols in columns.items()}
        # SQLite: a plain engine (the app's one adds BEGIN to every transaction, and pragmas that change the
        # journal need autocommit); the load itself is one explicit transaction (BEGIN in begin()).
        if self.postgres:
            self.connection = engine.connect()
        else:
            engine.dispose()  # leaving WAL needs the only connection to the file
            self.connection = sa.create_engine(engine.url, poolclass=sa.pool.NullPool).connect()
            self.connection.connection.driver_connection.isolation_level = None
        self.deferred: list[tuple[str, str]] = []  # (drop statement, create statement)
        self.fts_tables: list[str] = []
        self.rows, self.seconds = 0, 0.0  # rows written and time spent writing them

    def begin(self, tables: Iterable[str]) -> None:
        if not self.postgres:
            for pragma in ("journal_mode = OFF", "synchronous = OFF", "cache_size = -1048576", "temp_store = MEMORY",
                           "foreign_keys = OFF", "locking_mode = EXCLUSIVE"):
                self.connection.exec_driver_sql(f"PRAGMA {pragma}")
        self.deferred = self._secondary_objects(tuple(tables))
        for drop, _ in self.deferred:
            self.connection.exec_driver_sql(drop)
        if not self.postgres:
            self.connection.exec_driver_sql("BEGIN")

    def _secondary_objects(self, tables: tuple[str, ...]) -> list[tuple[str, str]]:
        names = ", ".join(f"'{t}'" for t in tables)
        if self.postgres:
            rows = self.connection.exec_driver_sql(
                f"SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = current_schema() "
                f"AND i.tablename IN ({names}) AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
                f"WHERE c.conname = i.indexname AND c.connamespace = current_schema()::regnamespace)").all()
            return [(f'DROP INDEX "{name}"', sql) for name, sql in rows]
        rows = self.connection.exec_driver_sql(
            f"SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND ((type = 'index' AND tbl_name IN "
            f"({names})) OR (type = 'trigger' AND tbl_name = '{SEARCH_TABLE}'))").all()
        self.fts_tables = [name for (name,) in self.connection.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%' "
            f"AND replace(replace(sql, '\"', ''''), ' ', '') LIKE '%content=''{SEARCH_TABLE}''%'")]
        return [(f'DROP {kind.upper()} "{name}"', sql) for kind, name, sql in rows]

    def insert(self, table: str, rows: list[tuple], columns: tuple[str, ...] | None = None) -> None:
        if not rows:
            return
        started = time.perf_counter()
        names, keep = self.plans[table] if columns is None else (columns, None)
        if keep is not None:
            rows = [tuple(row[i] for i in keep) for row in rows]
        if self.postgres:
            cursor = self.connection.connection.driver_connection.cursor()
            with cursor.copy(f"COPY {table} ({', '.join(names)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" * len(names))
            self.connection.exec_driver_sql(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({marks})", rows)
        self.rows += len(rows)
        self.seconds += time.perf_counter() - started

    def finish(self) -> None:
        """Recreate what was dropped, rebuild FTS from the documents, fix sequences, go back to normal settings."""
        for _, create in self.deferred:
            self.connection.exec_driver_sql(create)
        for fts in self.fts_tables:
            self.connection.exec_driver_sql(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
        if self.postgres:
            for table in self.plans:
                self.connection.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT coalesce(max(id), 1) FROM {table}))")
        self.connection.exec_driver_sql("COMMIT") if not self.postgres else self.connection.commit()
        if self.postgres:
            self.connection.exec_driver_sql("ANALYZE")
        else:
            for pragma in ("foreign_keys = ON", "locking_mode = NORMAL", "journal_mode = WAL"):
                self.connection.exec_driver_sql(f"PRAGMA {pragma}")
            self.connection.exec_driver_sql("SELECT count(*) FROM sqlite_master").all()  # releases the exclusive lock
        self.connection.close()

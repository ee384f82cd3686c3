"""The database side of the generator: migrate, refuse to mix with real data, fill derived tables.

The loading itself is engine-specific: bench.load_sqlite and bench.load_postgres.
"""

import os
from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from app.core.db import make_engine, normalise_database_url
from bench import words as w

ROOT = Path(__file__).resolve().parent.parent
DATASET_TABLES = ("organizations", "people", "projects", "project_events", "sources", "budgets", "metrics", "statements",
                  "citations", "statement_links")
SEARCH_TABLE = "search_documents"
FIGURES_TABLE = "project_figures"  # derived from the dataset; filled after the load when the app has it
TOTALS_TABLE = "budget_totals"  # likewise: the totals budget summaries read, rebuilt after the load
# How to tell a synthetic row: the prefix of one column (statement links are never generated).
SYNTHETIC_PREFIX = {"projects": ("name", w.SYNTHETIC_KO), "organizations": ("name", w.SYNTHETIC_KO),
                    "people": ("name", w.SYNTHETIC_KO), "sources": ("url", w.SOURCE_HOST), "statement_links": ("id", "")}


def engine_for(url: str, schema: str | None = None) -> sa.Engine:
    """SQLite through the app's own engine (its pragmas), both without the app's statement timeout."""
    url = normalise_database_url(url)
    if url.startswith("sqlite"):
        return make_engine(url, statement_timeout_ms=0)
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


def figures_filler(log=print) -> Callable[[sa.Connection], int] | None:
    """What fills the derived per-project figures for rankings (one INSERT … SELECT), if the app has it yet."""
    try:
        from app.scorecard.stored import rebuild_project_figures
    except ImportError:
        log("  note: app.scorecard.stored.rebuild_project_figures not found; project_figures not filled")
        return None
    return rebuild_project_figures


def totals_rebuilder(log=print) -> Callable[[sa.Connection], int] | None:
    """What rebuilds the budget totals from the loaded rows (one grouped SELECT), if the app has it yet."""
    try:
        from app.services.budget_totals import rebuild_budget_totals
    except ImportError:
        log("  note: app.services.budget_totals.rebuild_budget_totals not found; budget_totals not filled")
        return None
    return rebuild_budget_totals

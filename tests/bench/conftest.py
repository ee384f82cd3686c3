"""What the bench smoke tests share: one generated SQLite dataset of 1,000 projects, and its checks."""

import hashlib
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from app.domain.partial_dates import parse_partial_date
from app.search.index import check_index
from app.services.budget_totals import rebuild_budget_totals
from bench import database
from bench.generate import generate

PROJECTS = 1000
DATES = {"projects": ("announced", "started", "planned_end", "ended"), "budgets": ("period_start", "period_end", "as_of"),
         "metrics": ("period_start", "period_end", "as_of"), "statements": ("stated",)}
FACTS = {"projects": "project_id", "budgets": "budget_id", "metrics": "metric_id", "statements": "statement_id"}
EXPECTED = {"projects": (PROJECTS, PROJECTS), "organizations": (200, 200), "people": (2000, 2000),
            "sources": (1800, 2200), "budgets": (2700, 3300), "metrics": (4600, 5400), "statements": (2700, 3300)}


def sample_checksum(connection: sa.Connection, columns: str = "*") -> str:
    """A hash of every 7th row of each table (all columns unless given)."""
    digest = hashlib.sha256()
    for table in ("organizations", "people", "projects", "sources", "budgets", "metrics", "statements", "citations"):
        for row in connection.exec_driver_sql(f"SELECT {columns} FROM {table} WHERE id % 7 = 0 ORDER BY id"):
            digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bench") / "bench.db"
    report = generate(f"sqlite:///{path}", PROJECTS, seed=42, workers=0, log=lambda *_: None)
    assert report.rows["projects"] == PROJECTS
    return path


def check_dataset(connection: sa.Connection) -> None:
    count = lambda sql: connection.execute(sa.text(sql)).scalar_one()  # noqa: E731
    for table, (low, high) in EXPECTED.items():
        assert low <= count(f"SELECT count(*) FROM {table}") <= high, table
    facts = sum(count(f"SELECT count(*) FROM {table}") for table in FACTS)
    assert count("SELECT count(*) FROM citations") == facts
    for table, key in FACTS.items():  # every fact has a citation
        assert count(f"SELECT count(*) FROM {table} t WHERE NOT EXISTS "
                     f"(SELECT 1 FROM citations c WHERE c.{key} = t.id)") == 0, table
    assert count("SELECT min(amount) FROM budgets") >= 10**6 and count("SELECT max(amount) FROM budgets") <= 10**12
    assert count("SELECT count(DISTINCT status) FROM projects") == 6
    assert count("SELECT count(*) FROM statements WHERE quote NOT LIKE '[합성]%' AND quote NOT LIKE '[synthetic]%'") == 0
    assert count("SELECT count(*) FROM sources WHERE notes <> 'synthetic benchmark data'") == 0
    assert count("SELECT count(*) FROM search_documents") > 10 * PROJECTS
    for table, groups in DATES.items():
        precisions = set()
        for group in groups:
            rows = connection.execute(sa.text(f"SELECT {group}, {group}_earliest, {group}_latest FROM {table}"))
            for value, earliest, latest in rows:
                if value is None:
                    assert earliest is None and latest is None
                    continue
                parsed = parse_partial_date(value)
                assert (str(parsed.earliest), str(parsed.latest)) == (str(earliest), str(latest)), (table, value)
                precisions.add(parsed.precision)
        assert len(precisions) == 4, table  # year, quarter, month and day all occur


def check_derived(engine: sa.Engine) -> None:
    """The search index is what the app itself would write (FTS5 integrity included); figures for every project."""
    with Session(engine) as session:
        report = check_index(session)
        assert report.ok, (report.missing[:5], report.stale[:5], report.orphaned[:5], report.fts_ok)
        if database.FIGURES_TABLE in database.existing_tables(engine):
            assert session.execute(sa.text(f"SELECT count(*) FROM {database.FIGURES_TABLE}")).scalar_one() == PROJECTS
    if database.TOTALS_TABLE in database.existing_tables(engine):  # the budget totals are those of the loaded rows
        with engine.connect() as connection:
            totals = sa.text(f"SELECT group_key, count, sum_high, sum_low FROM {database.TOTALS_TABLE} ORDER BY group_key")
            loaded = connection.execute(totals).all()
            rebuild_budget_totals(connection)
            assert connection.execute(totals).all() == loaded != []
            connection.rollback()

"""A bulk import killed with SIGKILL mid-way leaves the database intact, with none or all of its records.

The import runs in a child process (crash_import.py) on a database of the module's own; the
child stops at a chosen point (half-way through its INSERTs, just before COMMIT, after COMMIT)
or runs freely until a timer, and is killed there. Afterwards SQLite passes
`PRAGMA integrity_check`, PostgreSQL still answers and holds no session of the dead process,
the batch is all there or not at all, and the same import run again completes.
"""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine
from sqlmodel import Session

from app.core.db import use_for_writes
from app.models import Organization, Person
from app.services.bulk_import import import_document
from tests.conftest import ENGINES, ROOT, TEST_DATABASE_URL, migrate, scratch_engine
from tests.reliability.crash_import import document

RECORDS = 200
SCHEMA = "reliability_crash"
POINTS = {f"insert:{RECORDS}": {0}, "commit": {0}, "timed": {0, RECORDS}, "committed": {RECORDS}}


@dataclass
class Target:
    engine: Engine
    url: str
    schema: str


@pytest.fixture(scope="module", params=ENGINES)
def target(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Target]:
    path = tmp_path_factory.mktemp("crash") / "crash.db"
    with scratch_engine(request.param, path, SCHEMA, poolclass=sa.NullPool) as engine:
        migrate(engine)
        sqlite = engine.dialect.name == "sqlite"
        yield Target(engine, str(engine.url) if sqlite else TEST_DATABASE_URL, "-" if sqlite else SCHEMA)


def run_and_kill(target: Target, point: str, tag: str) -> None:
    """Start the import, wait until the child is at `point` (`timed`: has started writing, then 50 ms), SIGKILL it."""
    command = [sys.executable, "-m", "tests.reliability.crash_import", target.url, target.schema, point,
               str(RECORDS), tag]
    with subprocess.Popen(command, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}) as child:
        try:
            wanted = "WRITING" if point == "timed" else f"AT {point}"
            if not any(line.strip() == wanted for line in child.stdout):
                pytest.fail(f"the import never reached {point} (exit code {child.wait()})")
            if point == "timed":
                time.sleep(0.05)
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=10)


def imported(engine: Engine, tag: str) -> int:
    """Records of the batch tagged `tag` (organizations and people whose name holds it)."""
    with engine.connect() as connection:
        return sum(connection.execute(sa.select(sa.func.count()).where(model.name.contains(f" {tag} "))).scalar_one()
                   for model in (Organization, Person))


def assert_intact(target: Target) -> None:
    with target.engine.connect() as connection:
        if target.schema == "-":
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"
            return
        deadline = time.monotonic() + 10
        while connection.execute(sa.text("SELECT count(*) FROM pg_stat_activity "
                                         "WHERE application_name = 'crash-import'")).scalar_one():
            assert time.monotonic() < deadline, "the killed import's session is still open"
            time.sleep(0.05)


@pytest.mark.parametrize("point", POINTS)
def test_a_killed_import_leaves_none_or_all_and_can_be_run_again(target: Target, point: str) -> None:
    tag = point.replace(":", "-")
    run_and_kill(target, point, tag)

    assert_intact(target)
    assert imported(target.engine, tag) in POINTS[point]
    with Session(target.engine, expire_on_commit=False) as session:
        summary = import_document(use_for_writes(session), document(RECORDS, tag))
    assert sum(summary["created"].values()) + sum(summary["unchanged"].values()) == RECORDS
    assert imported(target.engine, tag) == RECORDS

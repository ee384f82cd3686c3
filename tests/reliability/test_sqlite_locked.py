"""A SQLite file locked by another process: 503 problem+json with Retry-After within seconds, never a hang.

Another connection takes the file's lock in EXCLUSIVE locking mode (as a backup tool or a stuck
writer may), which shuts out readers as well as writers. The app waits out its busy timeout
(SQLITE_BUSY_TIMEOUT_MS), answers 503, and serves again as soon as the lock is released.
"""

import sqlite3
import time
from contextlib import closing
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from app.core.config import get_settings
from app.core.db import make_engine
from app.main import app
from seed.loader import load_all_cases_atomically
from tests.conftest import migrate
from tests.reliability.conftest import new_token, serve

BUSY_TIMEOUT_MS = 1000
ANSWER_WITHIN = 5.0
RECOVER_WITHIN = 10.0
READS = ("/healthz", "/v1/organizations", "/v1/projects?limit=2", "/v1/search?q=서울")


@dataclass
class LockedFile:
    client: TestClient
    engine: Engine
    path: Path
    token: str

    def request(self, method: str, path: str, **kwargs) -> httpx.Response:
        started = time.monotonic()
        response = self.client.request(method, path, **kwargs)
        assert time.monotonic() - started < ANSWER_WITHIN, f"{method} {path} took too long"
        return response

    def named(self, name: str) -> int:
        with closing(sqlite3.connect(self.path)) as connection:
            return connection.execute("SELECT count(*) FROM organizations WHERE name = ?", (name,)).fetchone()[0]

    def lock(self) -> sqlite3.Connection:
        self.engine.dispose()  # EXCLUSIVE locking mode in WAL needs the file's shared memory to itself
        holder = sqlite3.connect(self.path, isolation_level=None)
        holder.execute("PRAGMA locking_mode = EXCLUSIVE")
        holder.execute("BEGIN EXCLUSIVE")
        holder.execute("UPDATE organizations SET name = name WHERE id = 1")  # takes the lock in WAL mode
        return holder


@pytest.fixture
def locked_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[LockedFile]:
    monkeypatch.setattr(get_settings(), "sqlite_busy_timeout_ms", BUSY_TIMEOUT_MS)
    path = tmp_path / "locked.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    load_all_cases_atomically(engine)
    token = new_token(engine)
    serve(engine)
    try:
        with TestClient(app, raise_server_exceptions=False) as client:
            yield LockedFile(client, engine, path, token)
    finally:
        app.dependency_overrides.clear()
        engine.dispose()


def assert_unavailable(response: httpx.Response) -> None:
    assert response.status_code == 503, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert int(response.headers["retry-after"]) > 0


def test_reads_and_writes_answer_503_while_the_file_is_locked_and_succeed_once_it_is_released(
        locked_file: LockedFile) -> None:
    headers = {"Authorization": f"Bearer {locked_file.token}"}
    body = {"name": "합성 잠금 기관", "classification": "agency"}
    assert [locked_file.request("GET", path).status_code for path in READS] == [200] * len(READS)

    holder = locked_file.lock()
    try:
        for path in READS[:2]:
            assert_unavailable(locked_file.request("GET", path))
        assert_unavailable(locked_file.request("POST", "/v1/organizations", json=body, headers=headers))
    finally:
        holder.execute("ROLLBACK")
        holder.execute("PRAGMA locking_mode = NORMAL")
        holder.execute("SELECT 1 FROM organizations").fetchall()  # NORMAL mode gives the lock up at the next read
        holder.close()

    released_at = time.monotonic()
    while [locked_file.request("GET", path).status_code for path in READS] != [200] * len(READS):
        assert time.monotonic() - released_at < RECOVER_WITHIN, "no recovery after the lock was released"
        time.sleep(0.2)
    assert locked_file.named(body["name"]) == 0
    assert locked_file.request("POST", "/v1/organizations", json=body, headers=headers).status_code == 201
    assert locked_file.named(body["name"]) == 1

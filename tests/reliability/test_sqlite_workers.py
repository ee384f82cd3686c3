"""Several uvicorn workers on one SQLite file, with concurrent writers and readers: never "database is locked".

Writes begin with BEGIN IMMEDIATE and wait on the busy timeout (app.core.db), so writers in
different processes queue for the lock instead of failing half-way. This runs the real server
(`uvicorn --workers 3`) on a migrated temporary file and drives it over HTTP.
"""

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from sqlmodel import Session

from app.auth.tokens import create_token
from app.core.db import make_engine
from app.models import Organization
from app.models.api_token import TokenScope
from tests.conftest import ROOT, migrate
from tests.factories import make_organization

WRITERS, WRITES_EACH, READERS = 4, 50, 2
GENEROUS_LIMITS = {"RATE_LIMIT_WRITES_PER_MINUTE": "1000000", "RATE_LIMIT_WRITES_BURST": "100000",
                   "RATE_LIMIT_EXPENSIVE_PER_MINUTE": "1000000", "RATE_LIMIT_EXPENSIVE_BURST": "100000"}


@dataclass
class Server:
    url: str
    token: str
    database: Path
    log: Path
    existing: dict[int, str]  # the organization present before the writers start (the readers fetch it)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    """`uvicorn --workers 3` on a migrated SQLite file with an editor token in it; stopped afterwards."""
    database, log = tmp_path / "workers.db", tmp_path / "server.log"
    engine = make_engine(f"sqlite:///{database}")
    migrate(engine)
    with Session(engine, expire_on_commit=False) as session:
        token = create_token(session, "reliability-workers", TokenScope.EDITOR)[1]
        existing = make_organization(session)
    engine.dispose()
    port = free_port()
    env = {**os.environ, **GENEROUS_LIMITS, "DATABASE_URL": f"sqlite:///{database}", "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "uvicorn", "app.main:app", "--host", "127.0.0.1", "--port", str(port), "--workers", "3"]
    with log.open("w") as output, subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT) as process:
        try:
            url = f"http://127.0.0.1:{port}"
            wait_until_up(url, process)
            yield Server(url, token, database, log, {existing["id"]: existing["name"]})
        finally:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_until_up(url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert process.poll() is None, "uvicorn exited while starting"
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    pytest.fail("uvicorn did not answer /healthz within 30 s")


@dataclass
class Traffic:
    created: dict[int, str] = field(default_factory=dict)  # id -> name
    statuses: list[tuple[str, int]] = field(default_factory=list)
    bodies: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, label: str, response: httpx.Response) -> None:
        with self.lock:
            self.statuses.append((label, response.status_code))
            self.bodies.append(response.text)


def write(server: Server, traffic: Traffic, writer: int) -> None:
    with httpx.Client(base_url=server.url, timeout=30, headers={"Authorization": f"Bearer {server.token}"}) as client:
        for n in range(WRITES_EACH):
            name = f"합성 동시 기관 {writer}-{n}"
            response = client.post("/v1/organizations", json={"name": name, "classification": "agency"})
            traffic.record("write", response)
            if response.status_code == 201:
                with traffic.lock:
                    traffic.created[response.json()["id"]] = name


def read(server: Server, traffic: Traffic, writing: threading.Event) -> None:
    with httpx.Client(base_url=server.url, timeout=30) as client:
        while writing.is_set():
            for path in ("/v1/organizations?limit=20&sort=-id", f"/v1/organizations/{min(server.existing)}",
                         "/v1/changes?limit=5"):
                traffic.record("read", client.get(path))


def test_three_workers_serve_concurrent_writers_and_readers_without_lock_errors(server: Server) -> None:
    traffic, writing = Traffic(), threading.Event()
    writing.set()
    with ThreadPoolExecutor(WRITERS + READERS) as pool:
        readers = [pool.submit(read, server, traffic, writing) for _ in range(READERS)]
        writers = [pool.submit(write, server, traffic, writer) for writer in range(WRITERS)]
        for future in writers:
            future.result()
        writing.clear()
        for future in readers:
            future.result()

    writes = [status for label, status in traffic.statuses if label == "write"]
    reads = [status for label, status in traffic.statuses if label == "read"]
    assert writes == [201] * WRITERS * WRITES_EACH, sorted(set(writes))
    assert reads and set(reads) == {200}, sorted(set(reads))
    engine = make_engine(f"sqlite:///{server.database}")
    with engine.connect() as connection:
        stored = dict(connection.execute(sa.select(Organization.id, Organization.name)).all())
    engine.dispose()
    assert stored == server.existing | traffic.created
    assert not any("database is locked" in body for body in traffic.bodies)
    assert "database is locked" not in server.log.read_text(encoding="utf-8")

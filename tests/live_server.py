"""`make run` in a test: uvicorn, with the Makefile's own flags, on a free port and a seeded temporary SQLite file.

For checks that need the real HTTP server (request-line limits, the curl examples of the docs),
not the in-process TestClient.
"""

import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from app.core.db import make_engine
from seed.loader import load_all_cases_atomically
from tests.conftest import ROOT, migrate


@dataclass
class LiveServer:
    url: str
    port: int
    database_url: str
    log: Path


def uvicorn_flags() -> list[str]:
    """UVICORN_FLAGS as the Makefile sets them, so the test serves exactly as `make run` does."""
    found = re.search(r"^UVICORN_FLAGS\s*:?=\s*(.*)$", (ROOT / "Makefile").read_text(), re.MULTILINE)
    assert found, "the Makefile no longer sets UVICORN_FLAGS"
    return shlex.split(found.group(1))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def live_server(directory: Path, **environment: str) -> Iterator[LiveServer]:
    database_url = f"sqlite:///{directory / 'live.db'}"
    engine = make_engine(database_url, statement_timeout_ms=0)
    migrate(engine)
    load_all_cases_atomically(engine)
    engine.dispose()
    port, log = free_port(), directory / "server.log"
    env = {**os.environ, "DATABASE_URL": database_url, "PYTHONPATH": str(ROOT), "RATE_LIMIT_ENABLED": "false",
           "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}", **environment}
    command = [sys.executable, "-m", "uvicorn", "app.main:app", "--host", "127.0.0.1", "--port", str(port),
               *uvicorn_flags()]
    with log.open("w") as output, subprocess.Popen(command, cwd=ROOT, env=env, stdout=output,
                                                   stderr=subprocess.STDOUT) as process:
        try:
            url = f"http://127.0.0.1:{port}"
            _wait_until_up(url, process, log)
            yield LiveServer(url, port, database_url, log)
        finally:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_up(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"uvicorn exited while starting:\n{log.read_text()}")
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"uvicorn did not answer /healthz within 30 s:\n{log.read_text()}")

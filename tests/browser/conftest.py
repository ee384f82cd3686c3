"""Pages in a real browser: Debian's Chromium driven by Playwright, against a live server on 127.0.0.1.

The server reads its own temporary SQLite database: migrated, seeded with the cases under
seed/cases, plus generated projects to page through. A browser test is about pages, not the
engine, so it runs on SQLite only (the services under the pages are tested on both engines).
Every test checks, for every page it looks at, that no request left 127.0.0.1 (outside hosts
do not even resolve), that the console stayed free of errors, and that axe-core finds no
serious or critical violation; and it saves a screenshot under tests/browser/screenshots/.
"""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright
from sqlmodel import Session

from app.core.db import make_engine
from seed.loader import load_all_cases_atomically
from tests.conftest import ROOT, migrate
from tests.factories import make_project

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",  # the network is cut off: only the app answers
]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
GENERATED_PROJECTS = 60
LOCAL_SCHEMES = ("data", "blob", "about")
BLOCKING_IMPACTS = ("serious", "critical")
AXE_OPTIONS = {"resultTypes": ["violations"]}
_axe = Axe()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def prepare_database(url: str) -> None:
    """Migrated, seeded, and with GENERATED_PROJECTS made-up projects ("합성 프로젝트 N") to page through."""
    engine = make_engine(url, statement_timeout_ms=0)
    try:
        migrate(engine)
        load_all_cases_atomically(engine)
        with Session(engine) as session:
            for _ in range(GENERATED_PROJECTS):
                make_project(session)
    finally:
        engine.dispose()


@pytest.fixture(scope="package")  # ends with tests/browser: the rest of the suite never sees it
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app under uvicorn in its own process, as `make run` serves it; yields its base URL."""
    folder = tmp_path_factory.mktemp("live-server")
    url = f"sqlite:///{folder / 'explorer.db'}"
    prepare_database(url)
    port = free_port()
    # Rate limits are tested in tests/core; a browser loading pages and assets would only trip them here.
    env = {**os.environ, "DATABASE_URL": url, "RATE_LIMIT_ENABLED": "false"}
    log_path = folder / "uvicorn.log"
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "app.main:app", "--host", "127.0.0.1", "--port", str(port)],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(base_url, server, log_path)
        yield base_url
    finally:
        server.terminate()
        server.wait(timeout=10)


def wait_until_serving(base_url: str, server: subprocess.Popen, log_path: Path, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"the server exited with {server.returncode}:\n{log_path.read_text()}")
        try:
            if httpx.get(f"{base_url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    pytest.fail(f"the server did not answer within {seconds} s:\n{log_path.read_text()}")


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: `apt-get install chromium` (Debian) to run the browser tests"
        if os.environ.get("CI"):
            pytest.fail(reason + "; .ci/run should have installed it")
        pytest.skip(reason)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@dataclass
class Reader:
    """A person at the browser: every page they look at is checked the same way and photographed."""

    page: Page
    base_url: str
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def visit(self, path: str) -> Page:
        response = self.page.goto(self.base_url + path)
        assert response is not None and response.ok, f"{path}: {response and response.status}"
        return self.page

    def outside_requests(self) -> list[str]:
        return [url for url in self.requests
                if urlsplit(url).scheme not in LOCAL_SCHEMES and urlsplit(url).hostname != "127.0.0.1"]

    def check(self, name: str, full_page: bool = True, axe_context: dict | None = None,
              axe_options: dict | None = None) -> None:
        """The page as it stands: screenshot, nothing fetched from elsewhere, no console error, no serious axe finding."""
        self.page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=full_page)
        assert self.outside_requests() == []
        assert self.console_errors == []
        options = {**AXE_OPTIONS, **(axe_options or {})}
        violations = _axe.run(self.page, context=axe_context, options=options).response["violations"]
        blocking = [f"{v['id']} ({v['impact']}): {v['help']} at {[node['target'] for node in v['nodes'][:5]]}"
                    for v in violations if v["impact"] in BLOCKING_IMPACTS]
        assert not blocking, f"{name}: axe-core found serious or critical violations:\n" + "\n".join(blocking)


@pytest.fixture
def reader(browser: Browser, live_server: str) -> Iterator[Reader]:
    SCREENSHOTS.mkdir(exist_ok=True)
    context: BrowserContext = browser.new_context(
        locale="ko-KR", accept_downloads=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    person = Reader(page, live_server)
    context.on("request", lambda request: person.requests.append(request.url))
    page.on("console", lambda message: message.type == "error" and person.console_errors.append(message.text))
    page.on("pageerror", lambda error: person.console_errors.append(str(error)))
    try:
        yield person
    finally:
        context.close()
    assert person.outside_requests() == []
    assert person.console_errors == []

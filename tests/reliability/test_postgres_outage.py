"""PostgreSQL going away: 503 problem+json with Retry-After, never a 500 or a hang, and recovery by itself.

The app's own engine (app.core.db.make_engine: pre-ping, connect timeout) reaches PostgreSQL
through a TCP proxy that the test cuts (connections refused), silences (connections hang) and
restores, all without stopping the shared server or restarting the app.
"""

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from app.core.config import get_settings
from app.core.db import make_engine
from app.main import app
from app.models import Organization
from tests.conftest import TEST_DATABASE_URL, migrate, scratch_engine
from tests.reliability.conftest import new_token, serve
from tests.reliability.tcp_proxy import TcpProxy

pytestmark = pytest.mark.postgres
SCHEMA = "reliability_outage"
CONNECT_TIMEOUT = 2  # libpq's least
STATEMENT_TIMEOUT_MS = 1000
ANSWER_GRACE = 1.0
ANSWER_WITHIN = 5.0  # seconds: the longest wait (a statement limit plus its grace, then a connect) plus slack
RECOVER_WITHIN = 10.0  # seconds after the thaw
READS = ("/healthz", "/v1/organizations", "/v1/projects/1", "/v1/search?q=서울")


@dataclass
class Outage:
    client: TestClient
    proxy: TcpProxy
    engine: Engine  # the app's engine, through the proxy
    direct: Engine  # the same database without the proxy, to look at what was written
    token: str

    def request(self, method: str, path: str, **kwargs) -> httpx.Response:
        """The response, failing the test if none comes within ANSWER_WITHIN seconds (a hang)."""
        pool, started = ThreadPoolExecutor(1), time.monotonic()
        try:
            response = pool.submit(self.client.request, method, path, **kwargs).result(timeout=ANSWER_WITHIN * 2)
        except TimeoutError:
            pytest.fail(f"{method} {path}: no answer within {ANSWER_WITHIN * 2} s")
        finally:
            pool.shutdown(wait=False)  # a hung request is released when the fixture closes the proxy
        assert time.monotonic() - started < ANSWER_WITHIN, f"{method} {path} took too long"
        return response

    def count(self, table: str) -> int:
        with self.direct.connect() as connection:
            return connection.execute(sa.select(sa.func.count()).select_from(sa.table(table))).scalar_one()

    def named(self, name: str) -> int:
        with self.direct.connect() as connection:
            return connection.execute(sa.select(sa.func.count()).where(Organization.name == name)).scalar_one()


def search_path(schema: str):
    def on_connect(dbapi_connection, _record) -> None:
        autocommit, dbapi_connection.autocommit = dbapi_connection.autocommit, True
        dbapi_connection.execute(f"SET search_path TO {schema}")
        dbapi_connection.autocommit = autocommit
    return on_connect


@pytest.fixture
def outage(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Outage]:
    with scratch_engine("postgresql", tmp_path / "unused.db", SCHEMA, poolclass=sa.NullPool) as direct:
        migrate(direct)
        token = new_token(direct)
        upstream = sa.make_url(TEST_DATABASE_URL)
        proxy = TcpProxy((upstream.host or "127.0.0.1", upstream.port or 5432))
        proxy.forward()
        monkeypatch.setattr(get_settings(), "db_connect_timeout_seconds", CONNECT_TIMEOUT)
        monkeypatch.setattr(get_settings(), "db_answer_grace_seconds", ANSWER_GRACE)
        proxied = upstream.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
        engine = make_engine(proxied, statement_timeout_ms=STATEMENT_TIMEOUT_MS)
        sa.event.listen(engine, "connect", search_path(SCHEMA), insert=True)
        serve(engine)
        try:
            with TestClient(app, raise_server_exceptions=False) as client:
                try:
                    yield Outage(client, proxy, engine, direct, token)
                finally:
                    proxy.thaw()
                    proxy.stop()  # before the client closes: that waits for any request still hanging
        finally:
            app.dependency_overrides.clear()
            proxy.stop()
            engine.dispose()


def assert_unavailable(response: httpx.Response) -> None:
    assert response.status_code == 503, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert int(response.headers["retry-after"]) > 0


@pytest.mark.parametrize(("down", "reads"), [pytest.param("stop", READS, id="refused"),
                                             pytest.param("silence", READS[:2], id="silent")])  # each costs the timeout
def test_reads_answer_503_while_the_database_is_away_and_200_once_it_is_back(outage: Outage, down: str,
                                                                             reads: tuple[str, ...]) -> None:
    assert [outage.request("GET", path).status_code for path in READS] == [200, 200, 404, 200]

    getattr(outage.proxy, down)()
    for path in reads:
        assert_unavailable(outage.request("GET", path))

    outage.proxy.forward()
    assert [outage.request("GET", path).status_code for path in READS] == [200, 200, 404, 200]


def test_a_write_while_the_database_is_away_is_503_and_its_retry_writes_it_once(outage: Outage) -> None:
    headers = {"Authorization": f"Bearer {outage.token}", "Idempotency-Key": "outage-retry-1"}
    body = {"name": "합성 장애 기관", "classification": "agency"}
    outage.proxy.stop()

    assert_unavailable(outage.request("POST", "/v1/organizations", json=body, headers=headers))

    outage.proxy.forward()
    assert outage.named(body["name"]) == 0
    created = outage.request("POST", "/v1/organizations", json=body, headers=headers)
    replayed = outage.request("POST", "/v1/organizations", json=body, headers=headers)
    assert (created.status_code, replayed.status_code) == (201, 201)
    assert replayed.headers["idempotent-replayed"] == "true" and replayed.json() == created.json()
    assert outage.named(body["name"]) == 1


def test_a_write_cut_off_half_way_leaves_nothing_behind(outage: Outage) -> None:
    headers = {"Authorization": f"Bearer {outage.token}"}
    body = {"name": "합성 중단 기관", "classification": "agency"}
    revisions_before = outage.count("revisions")

    def cut_at_the_insert(connection, cursor, statement, parameters, context, executemany) -> None:
        if statement.startswith("INSERT INTO organizations"):
            outage.proxy.stop()

    sa.event.listen(outage.engine, "before_cursor_execute", cut_at_the_insert)
    try:
        response = outage.request("POST", "/v1/organizations", json=body, headers=headers)
    finally:
        sa.event.remove(outage.engine, "before_cursor_execute", cut_at_the_insert)

    assert_unavailable(response)
    outage.proxy.forward()
    assert (outage.named(body["name"]), outage.count("revisions")) == (0, revisions_before)
    assert outage.request("POST", "/v1/organizations", json=body, headers=headers).status_code == 201
    assert (outage.named(body["name"]), outage.count("revisions")) == (1, revisions_before + 1)


def recovered(outage: Outage, thawed_at: float) -> list[int]:
    """The READS' statuses once they all succeed, polling until RECOVER_WITHIN seconds after the thaw."""
    while True:
        statuses = [outage.request("GET", path).status_code for path in READS]
        if statuses == [200, 200, 404, 200] or time.monotonic() - thawed_at > RECOVER_WITHIN:
            return statuses
        time.sleep(0.2)


def test_reads_answer_503_while_the_database_is_frozen_and_recover_after_the_thaw(outage: Outage) -> None:
    assert [outage.request("GET", path).status_code for path in READS] == [200, 200, 404, 200]  # pooled connections

    outage.proxy.freeze()
    for path in READS[:2]:
        assert_unavailable(outage.request("GET", path))
    outage.proxy.thaw()

    assert recovered(outage, time.monotonic()) == [200, 200, 404, 200]


def freeze_at(outage: Outage, prefix: str):
    def freeze(connection, cursor, statement, parameters, context, executemany) -> None:
        if statement.startswith(prefix):
            outage.proxy.freeze()
    return freeze


def test_a_write_frozen_before_its_insert_is_503_and_leaves_nothing_after_the_thaw(outage: Outage) -> None:
    headers = {"Authorization": f"Bearer {outage.token}"}
    body = {"name": "합성 동결 기관", "classification": "agency"}
    freeze = freeze_at(outage, "INSERT INTO organizations")
    sa.event.listen(outage.engine, "before_cursor_execute", freeze)
    try:
        assert_unavailable(outage.request("POST", "/v1/organizations", json=body, headers=headers))
    finally:
        sa.event.remove(outage.engine, "before_cursor_execute", freeze)
    outage.proxy.thaw()
    time.sleep(0.5)  # what the proxy held back reaches the server, then the closed connection ends its transaction

    assert outage.named(body["name"]) == 0
    assert outage.request("POST", "/v1/organizations", json=body, headers=headers).status_code == 201
    assert outage.named(body["name"]) == 1


def test_a_write_frozen_at_its_commit_is_503_and_its_keyed_retry_writes_it_once(outage: Outage) -> None:
    """The COMMIT was sent before the freeze, so it lands at the thaw although the client was told 503."""
    headers = {"Authorization": f"Bearer {outage.token}", "Idempotency-Key": "freeze-at-commit-1"}
    body = {"name": "합성 커밋 동결 기관", "classification": "agency"}

    inserted = []

    def note_the_insert(connection, cursor, statement, parameters, context, executemany) -> None:
        inserted.append(statement.startswith("INSERT INTO organizations"))

    def freeze_at_the_commit_of_the_insert(connection) -> None:
        if any(inserted):
            outage.proxy.freeze()  # the COMMIT is sent next, and held back by the proxy

    sa.event.listen(outage.engine, "before_cursor_execute", note_the_insert)
    sa.event.listen(outage.engine, "commit", freeze_at_the_commit_of_the_insert)
    try:
        assert_unavailable(outage.request("POST", "/v1/organizations", json=body, headers=headers))
    finally:
        sa.event.remove(outage.engine, "before_cursor_execute", note_the_insert)
        sa.event.remove(outage.engine, "commit", freeze_at_the_commit_of_the_insert)
    outage.proxy.thaw()
    time.sleep(0.5)

    assert outage.named(body["name"]) == 1
    retried = outage.request("POST", "/v1/organizations", json=body, headers=headers)
    assert retried.status_code == 201, retried.text
    assert retried.headers.get("idempotent-replayed") == "true"

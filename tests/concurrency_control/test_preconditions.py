"""ETags on reads, If-None-Match → 304, and If-Match required on PATCH and DELETE (428 missing, 412 stale)."""

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.resources.catalog import people
from app.services import records
from tests.api import assert_problem, if_match
from tests.auth.operations import PATCHES, RESOURCES, make_record, snapshot
from tests.concurrency_control.conftest import Live
from tests.factories import make_budget, make_person, make_project


def state(session: Session) -> dict:
    return snapshot(session, tokens=False)


def test_a_record_has_a_strong_etag_naming_its_version(client: TestClient, session: Session) -> None:
    created = client.post("/v1/people", json={"name": "합성 인물"})
    url = created.headers["location"]
    record_id = created.json()["id"]

    assert created.headers["etag"] == f'"people-{record_id}-v1"' == client.get(url).headers["etag"]
    patched = client.patch(url, json={"name": "합성 인물 2"}, headers=if_match(client, url))
    assert patched.headers["etag"] == f'"people-{record_id}-v2"' == client.get(url).headers["etag"]


@pytest.mark.parametrize("sent", ["{tag}", "W/{tag}", '"other", {tag}', "*"], ids=["same", "weak", "list", "star"])
def test_if_none_match_gives_304_without_a_body(client: TestClient, session: Session, sent: str) -> None:
    url = f"/v1/people/{make_person(session)['id']}"
    tag = client.get(url).headers["etag"]

    response = client.get(url, headers={"If-None-Match": sent.format(tag=tag)})

    assert (response.status_code, response.content, response.headers["etag"]) == (304, b"", tag)


def test_a_stale_if_none_match_gets_the_new_representation(client: TestClient, session: Session) -> None:
    url = f"/v1/people/{make_person(session)['id']}"
    old = client.get(url).headers["etag"]
    client.patch(url, json={"name": "합성 인물 (고침)"}, headers={"If-Match": old})

    response = client.get(url, headers={"If-None-Match": old})

    assert response.status_code == 200 and response.json()["name"] == "합성 인물 (고침)"


def test_lists_have_a_weak_etag_and_honour_if_none_match(client: TestClient, session: Session) -> None:
    project = make_project(session)
    url = f"/v1/budgets?project_id={project['id']}"
    make_budget(session, project_id=project["id"])
    first = client.get(url)
    assert first.headers["etag"].startswith('W/"')

    assert client.get(url, headers={"If-None-Match": first.headers["etag"]}).status_code == 304
    make_budget(session, project_id=project["id"])
    changed = client.get(url, headers={"If-None-Match": first.headers["etag"]})
    assert changed.status_code == 200 and changed.headers["etag"] != first.headers["etag"]


def test_an_expanded_representation_has_its_own_etag_which_follows_the_embedded_records(
        client: TestClient, session: Session) -> None:
    project = make_project(session)
    budget = make_budget(session, project_id=project["id"])
    plain_url, expanded_url = f"/v1/projects/{project['id']}", f"/v1/projects/{project['id']}?expand=budgets"
    plain, expanded = client.get(plain_url).headers["etag"], client.get(expanded_url).headers["etag"]
    assert plain == f'"projects-{project["id"]}-v1"'
    assert expanded.startswith(plain[:-1] + "-") and expanded != plain

    budget_url = f"/v1/budgets/{budget['id']}"
    client.patch(budget_url, json={"amount": 123}, headers=if_match(client, budget_url))

    assert client.get(plain_url).headers["etag"] == plain  # the project itself did not change
    assert client.get(expanded_url).headers["etag"] != expanded
    assert client.get(expanded_url, headers={"If-None-Match": expanded}).status_code == 200
    # Whichever representation a writer read, its tag names the version it read.
    patched = client.patch(plain_url, json={"name": "합성 (고침)"}, headers={"If-Match": expanded})
    assert patched.status_code == 200, patched.text


@pytest.mark.parametrize("method", ["PATCH", "DELETE"])
@pytest.mark.parametrize("path", list(RESOURCES))
def test_a_write_without_if_match_is_428_and_changes_nothing(client: TestClient, session: Session, path: str, method: str) -> None:
    url = f"/v1/{path}/{make_record(session, RESOURCES[path])['id']}"
    before = state(session)

    response = client.request(method, url, json=PATCHES[path] if method == "PATCH" else None)

    assert_problem(response, 428, "If-Match", location="header")
    assert state(session) == before


@pytest.mark.parametrize("method", ["PATCH", "DELETE"])
@pytest.mark.parametrize("path", list(RESOURCES))
def test_a_write_with_a_stale_etag_is_412_and_changes_nothing(client: TestClient, session: Session, path: str, method: str) -> None:
    url = f"/v1/{path}/{make_record(session, RESOURCES[path])['id']}"
    stale = if_match(client, url)
    assert client.patch(url, json=PATCHES[path], headers=stale).status_code == 200  # someone else's change
    before = state(session)

    response = client.request(method, url, json=PATCHES[path] if method == "PATCH" else None, headers=stale)

    assert_problem(response, 412, "If-Match", location="header")
    assert state(session) == before


@pytest.mark.parametrize("sent", ["*", "", '"people-{id}-v1x"', 'W/"people-{id}-v1"', '"people-{other}-v1"',
                                  '"projects-{id}-v1"', "people-{id}-v1", '"people-{id}-v2"'])
def test_only_a_strong_tag_of_this_record_at_this_version_will_do(client: TestClient, session: Session, sent: str) -> None:
    person, other = make_person(session), make_person(session)
    url = f"/v1/people/{person['id']}"
    before = state(session)

    response = client.patch(url, json={"name": "합성"}, headers={"If-Match": sent.format(id=person["id"], other=other["id"])})

    assert_problem(response, 428 if sent in ("*", "") else 412, "If-Match", location="header")
    assert state(session) == before


def test_one_current_tag_in_a_list_is_enough(client: TestClient, session: Session) -> None:
    url = f"/v1/people/{make_person(session)['id']}"
    tag = client.get(url).headers["etag"]
    response = client.delete(url, headers={"If-Match": f'"people-0-v1", {tag}'})
    assert response.status_code == 204


@pytest.mark.parametrize("method", ["PATCH", "DELETE"])
def test_an_unknown_record_is_404_before_any_precondition(client: TestClient, method: str) -> None:
    assert_problem(client.request(method, "/v1/people/999999", json={"name": "합성"} if method == "PATCH" else None), 404)


@pytest.mark.parametrize("method", ["PATCH", "DELETE"])
def test_the_version_is_checked_in_the_write_itself(client: TestClient, session: Session, method: str,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A change committed between the If-Match check and the write (possible on PostgreSQL) still loses: 412."""
    person = make_person(session)
    url = f"/v1/people/{person['id']}"
    headers = if_match(client, url)
    table = people.sa_table
    original_get_row = records.get_row

    def get_row_then_someone_writes(session_, resource, key):
        row = original_get_row(session_, resource, key)
        session_.execute(sa.update(table).where(table.c.id == row.id).values(name="합성 (다른 편집자)", version=table.c.version + 1))
        return row

    monkeypatch.setattr(records, "get_row", get_row_then_someone_writes)
    response = client.request(method, url, json={"name": "합성 (내 편집)"} if method == "PATCH" else None, headers=headers)
    monkeypatch.undo()

    assert_problem(response, 412, "If-Match")
    session.rollback()
    assert client.get(url).json()["version"] == 1  # the refused request's transaction left nothing, not even the other write


def test_sqlite_writes_take_the_write_lock_at_begin(live: Live) -> None:
    """On SQLite a write transaction is BEGIN IMMEDIATE (a deferred one could fail with SQLITE_BUSY at its first write)."""
    statements: list[str] = []
    record = live.create(people, {"name": "합성 인물"})
    url = f"/v1/people/{record['id']}"

    def remember(conn, cursor, statement, *args) -> None:
        statements.append(statement)

    sa.event.listen(live.engine, "before_cursor_execute", remember)
    try:
        with live.client(live.token()) as client:
            statements.clear()
            client.get(url)
            reads = list(statements)
            statements.clear()
            assert client.patch(url, json={"name": "합성 (고침)"}, headers=if_match(client, url)).status_code == 200
    finally:
        sa.event.remove(live.engine, "before_cursor_execute", remember)

    begins = [statement for statement in statements if statement.startswith("BEGIN")]
    if live.engine.dialect.name == "sqlite":
        assert "BEGIN IMMEDIATE" in begins and "BEGIN IMMEDIATE" not in reads
    else:
        assert not begins  # PostgreSQL: psycopg begins transactions itself; nothing SQLite-specific leaks

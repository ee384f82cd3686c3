"""Idempotency-Key on POST: a retry replays the first response, a different request is 422, one in flight is 409."""

import threading
from datetime import timedelta
from typing import Any

import orjson
import pytest
import sqlalchemy as sa
from fastapi import Response
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.auth.tokens import hash_token
from app.models.base import utcnow
from app.models.idempotency_key import IdempotencyKey
from app.resources.catalog import people
from app.services import records
from app.services.idempotency import KeyedRequest, fingerprint, run_once
from tests.api import assert_problem
from tests.auth.conftest import new_token
from tests.concurrency_control.conftest import Live
from tests.factories import count_rows, next_number

keys = IdempotencyKey.__table__


def people_named(session: Session, name: str) -> int:
    session.rollback()
    return session.execute(sa.select(sa.func.count()).where(people.sa_table.c.name == name)).scalar_one()


def person(name: str | None = None) -> dict[str, Any]:
    return {"name": name or f"합성 인물 {next_number()}"}


def test_a_retry_gets_the_first_response_and_creates_nothing(client: TestClient, session: Session) -> None:
    body, headers = person(), {"Idempotency-Key": f"synthetic-{next_number()}"}
    first = client.post("/v1/people", json=body, headers=headers)
    before = count_rows(session, "people")

    retry = client.post("/v1/people", json=body, headers=headers)

    assert (first.status_code, retry.status_code) == (201, 201)
    assert retry.content == first.content
    assert (retry.headers["location"], retry.headers["etag"]) == (first.headers["location"], first.headers["etag"])
    assert retry.headers["idempotent-replayed"] == "true" and "idempotent-replayed" not in first.headers
    assert count_rows(session, "people") == before
    assert people_named(session, body["name"]) == 1


def test_the_same_json_written_differently_is_the_same_request(client: TestClient, session: Session) -> None:
    name, key = f"합성 인물 {next_number()}", f"synthetic-{next_number()}"
    first = client.post("/v1/people", content=f'{{"name": "{name}", "name_en": null}}'.encode(),
                        headers={"Idempotency-Key": key, "content-type": "application/json"})
    retry = client.post("/v1/people", content=f'{{ "name_en":null,\n "name":"{name}" }}'.encode(),
                        headers={"Idempotency-Key": key, "content-type": "application/json"})
    assert first.status_code == 201 and retry.headers.get("idempotent-replayed") == "true"
    assert people_named(session, name) == 1


@pytest.mark.parametrize("change", ["body", "path"])
def test_the_same_key_for_another_request_is_422_and_does_nothing(client: TestClient, session: Session, change: str) -> None:
    key = f"synthetic-{next_number()}"
    assert client.post("/v1/people", json=person(), headers={"Idempotency-Key": key}).status_code == 201
    before = (count_rows(session, "people"), count_rows(session, "organizations"))

    if change == "body":
        response = client.post("/v1/people", json=person(), headers={"Idempotency-Key": key})
    else:
        response = client.post("/v1/organizations", json={"name": "합성 기관", "classification": "agency"},
                               headers={"Idempotency-Key": key})

    assert_problem(response, 422, "Idempotency-Key", location="header")
    assert (count_rows(session, "people"), count_rows(session, "organizations")) == before


def test_keys_belong_to_their_token(client: TestClient, session: Session) -> None:
    body, key = person(), f"synthetic-{next_number()}"
    assert client.post("/v1/people", json=body, headers={"Idempotency-Key": key}).status_code == 201

    other = client.post("/v1/people", json=body, headers={"Idempotency-Key": key,
                                                          "Authorization": f"Bearer {new_token(session)}"})

    assert other.status_code == 201 and "idempotent-replayed" not in other.headers
    assert people_named(session, body["name"]) == 2


def test_a_failed_request_frees_its_key(client: TestClient, session: Session) -> None:
    key = f"synthetic-{next_number()}"
    bad = {"name": "합성 기관", "classification": "agency", "parent_id": 999_999}

    assert_problem(client.post("/v1/organizations", json=bad, headers={"Idempotency-Key": key}), 422, "parent_id")
    assert_problem(client.post("/v1/organizations", json=bad, headers={"Idempotency-Key": key}), 422, "parent_id")
    fixed = client.post("/v1/organizations", json={**bad, "parent_id": None}, headers={"Idempotency-Key": key})
    assert fixed.status_code == 201, fixed.text


def token_id(session: Session, token: str) -> int:
    return session.execute(sa.text("SELECT id FROM api_tokens WHERE token_hash = :h"), {"h": hash_token(token)}).scalar_one()


def claim(session: Session, token: str, key: str, body: dict, **columns: Any) -> None:
    """A key row as another request would have left it."""
    now = utcnow()
    session.execute(sa.insert(keys).values(
        token_id=token_id(session, token), key=key, request_hash=fingerprint("POST", "/v1/people", orjson.dumps(body)),
        method="POST", path="/v1/people", created_at=now, expires_at=now + timedelta(hours=24), **columns))
    session.commit()


def test_a_duplicate_of_a_request_in_flight_is_409(client: TestClient, session: Session, editor_token: str) -> None:
    body, key = person(), f"synthetic-{next_number()}"
    claim(session, editor_token, key, body, locked_until=utcnow() + timedelta(seconds=30))
    before = count_rows(session, "people")

    response = client.post("/v1/people", json=body, headers={"Idempotency-Key": key})

    assert_problem(response, 409, "Idempotency-Key", location="header")
    assert 1 <= int(response.headers["retry-after"]) <= 30
    assert count_rows(session, "people") == before


def test_a_request_that_died_in_flight_is_retried(client: TestClient, session: Session, editor_token: str) -> None:
    body, key = person(), f"synthetic-{next_number()}"
    claim(session, editor_token, key, body, locked_until=utcnow() - timedelta(seconds=1))  # its lease ran out

    response = client.post("/v1/people", json=body, headers={"Idempotency-Key": key})

    assert response.status_code == 201 and "idempotent-replayed" not in response.headers
    assert client.post("/v1/people", json=body, headers={"Idempotency-Key": key}).headers["idempotent-replayed"] == "true"


def test_a_key_older_than_a_day_starts_afresh(client: TestClient, session: Session, editor_token: str) -> None:
    key = f"synthetic-{next_number()}"
    claim(session, editor_token, key, person(), response_status=201, response_body=b"{}")
    session.execute(sa.update(keys).where(keys.c.key == key).values(expires_at=utcnow() - timedelta(seconds=1)))
    session.commit()

    response = client.post("/v1/people", json=person(), headers={"Idempotency-Key": key})  # another body: fine now

    assert response.status_code == 201 and "idempotent-replayed" not in response.headers


@pytest.mark.parametrize("key", ["", "a" * 256, "has space", "비밀"])
def test_a_malformed_key_is_400(client: TestClient, session: Session, key: str) -> None:
    before = count_rows(session, "people")
    response = client.post("/v1/people", json=person(), headers={"Idempotency-Key": key.encode()})
    assert_problem(response, 400, "Idempotency-Key", location="header")
    assert count_rows(session, "people") == before


def keyed(session: Session, token: str) -> KeyedRequest:
    return KeyedRequest(token_id(session, token), f"synthetic-{next_number()}", "0" * 64, "POST", "/v1/people")


def test_a_create_and_its_key_are_kept_together_or_not_at_all(session: Session, editor_token: str) -> None:
    """A failure after the record is written (a crash, say) leaves neither the record nor a claimed key."""
    request, name = keyed(session, editor_token), f"합성 인물 {next_number()}"

    def crash(unit: Session):
        records.create_record(unit, people, people.create_schema.model_validate({"name": name}))
        raise RuntimeError("the process died here")

    with pytest.raises(RuntimeError):
        run_once(session, request, crash)

    assert people_named(session, name) == 0
    assert session.execute(sa.select(sa.func.count()).where(keys.c.key == request.key)).scalar_one() == 0


def test_a_create_whose_claim_was_taken_over_is_rolled_back(session: Session, editor_token: str) -> None:
    request, name = keyed(session, editor_token), f"합성 인물 {next_number()}"

    def slow(unit: Session):
        records.create_record(unit, people, people.create_schema.model_validate({"name": name}))
        unit.execute(sa.update(keys).where(keys.c.key == request.key).values(request_hash="1" * 64))  # a retry took it
        return Response(status_code=201)

    with pytest.raises(Exception) as raised:
        run_once(session, request, slow)

    assert getattr(raised.value, "status", None) == 409
    assert people_named(session, name) == 0


def test_a_concurrent_duplicate_is_409_and_only_one_record_is_made(live: Live, monkeypatch: pytest.MonkeyPatch) -> None:
    """Request A is held inside its create; B, the same request, arrives: 409 at once. A then finishes; C replays A."""
    token, body, key = live.token(), person(), f"synthetic-{next_number()}"
    inside, release = threading.Event(), threading.Event()
    original = records.create_record

    def held_create(*args, **kwargs):
        inside.set()
        assert release.wait(timeout=30)
        return original(*args, **kwargs)

    monkeypatch.setattr(records, "create_record", held_create)
    results: dict[str, Any] = {}

    def first() -> None:
        with live.client(token) as client:
            results["A"] = client.post("/v1/people", json=body, headers={"Idempotency-Key": key})

    thread = threading.Thread(target=first)
    thread.start()
    try:
        assert inside.wait(timeout=30)
        with live.client(token) as client:
            duplicate = client.post("/v1/people", json=body, headers={"Idempotency-Key": key})
    finally:
        release.set()
        thread.join(timeout=60)
    monkeypatch.undo()

    assert_problem(duplicate, 409, "Idempotency-Key")
    assert "retry-after" in duplicate.headers
    assert results["A"].status_code == 201, results["A"].text
    with live.client(token) as client:
        replay = client.post("/v1/people", json=body, headers={"Idempotency-Key": key})
    assert replay.content == results["A"].content and replay.headers["idempotent-replayed"] == "true"
    assert live.scalar(sa.select(sa.func.count()).where(people.sa_table.c.name == body["name"])) == 1

"""Tokens: their format, hashes only in the database, expiry and revocation, and the CLI that manages them."""

import hashlib
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.__main__ import main
from app.auth.tokens import TOKEN_PATTERN, create_token, find_token, hash_token, parse_duration, revoke_token
from app.core.errors import Conflict, UnprocessableEntity
from app.models.api_token import ApiToken, TokenScope
from app.models.revision import Revision
from tests.api import assert_problem
from tests.auth.conftest import new_token
from tests.conftest import ROOT, alembic_config
from tests.factories import next_number


def everything_stored(session: Session) -> str:
    """Every row of every table as text, to search for a secret."""
    connection = session.connection()
    return "\n".join(repr(tuple(row)) for name in sa.inspect(connection).get_table_names()
                     for row in connection.execute(sa.text(f'SELECT * FROM "{name}"')))


def run_cli(session: Session, capsys: pytest.CaptureFixture, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv), session=session)
    out, err = capsys.readouterr()
    return status, out, err


def test_a_token_is_random_recognisable_and_stored_only_as_its_hash(session: Session) -> None:
    row, token = create_token(session, f"synthetic-{next_number()}", TokenScope.EDITOR)
    other = create_token(session, f"synthetic-{next_number()}", TokenScope.EDITOR)[1]

    assert TOKEN_PATTERN.fullmatch(token) and token.startswith("aapi_") and token != other
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest() == hash_token(token)
    assert token not in everything_stored(session)
    assert find_token(session, token).id == row.id
    assert find_token(session, token[:-1] + ("A" if token[-1] != "A" else "B")) is None


def test_names_are_unique_and_checked(session: Session) -> None:
    name = f"synthetic-{next_number()}"
    create_token(session, name, TokenScope.EDITOR)
    with pytest.raises(Conflict):
        create_token(session, name, TokenScope.ADMIN)
    for bad in ("", "has space", "-starts-with-dash", "x" * 101):
        with pytest.raises(UnprocessableEntity):
            create_token(session, bad, TokenScope.EDITOR)


@pytest.mark.parametrize(("text", "expected"), [("30d", timedelta(days=30)), ("12h", timedelta(hours=12)),
                                                 ("90m", timedelta(minutes=90)), ("2w", timedelta(weeks=2))])
def test_durations(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["", "30", "d", "0d", "-1d", "1y", "1.5d", "30 days"])
def test_bad_durations_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_duration(text)


def test_cli_creates_lists_and_revokes(session: Session, capsys: pytest.CaptureFixture, anonymous: TestClient) -> None:
    name = f"synthetic-cli-{next_number()}"

    status, out, err = run_cli(session, capsys, "tokens", "create", name, "--scope", "editor", "--expires-in", "30d")
    assert status == 0 and "not shown again" in err
    token = out.strip()
    assert TOKEN_PATTERN.fullmatch(token)
    assert token not in everything_stored(session)
    stored = session.execute(sa.select(ApiToken).where(ApiToken.name == name)).scalar_one()
    assert (stored.scope, stored.token_hash) == (TokenScope.EDITOR, hash_token(token))
    assert timedelta(days=29, hours=23) < stored.expires_at - stored.created_at <= timedelta(days=30)

    created = anonymous.post("/v1/people", json={"name": "합성 인물"}, headers={"Authorization": f"Bearer {token}"})
    assert created.status_code == 201, created.text

    status, out, _ = run_cli(session, capsys, "tokens", "list")
    line = next(line for line in out.splitlines() if line.startswith(name + "\t"))
    assert line.split("\t")[1:3] == ["editor", "active"] and line.split("\t")[5] != "-"  # last used just now
    assert token not in out

    status, out, _ = run_cli(session, capsys, "tokens", "revoke", name)
    assert status == 0 and name in out
    status, out, _ = run_cli(session, capsys, "tokens", "list")
    assert next(line for line in out.splitlines() if line.startswith(name + "\t")).split("\t")[2] == "revoked"
    refused = anonymous.post("/v1/people", json={"name": "합성 인물"}, headers={"Authorization": f"Bearer {token}"})
    assert_problem(refused, 401, "Authorization")


def test_cli_refuses_a_duplicate_name_and_an_unknown_token(session: Session, capsys: pytest.CaptureFixture) -> None:
    name = f"synthetic-cli-{next_number()}"
    assert run_cli(session, capsys, "tokens", "create", name, "--scope", "admin")[0] == 0
    status, out, err = run_cli(session, capsys, "tokens", "create", name, "--scope", "admin")
    assert (status, out) == (1, "") and "already exists" in err
    status, _, err = run_cli(session, capsys, "tokens", "revoke", "synthetic-no-such-token")
    assert status == 1 and "No token named" in err
    with pytest.raises(SystemExit):
        main(["tokens", "create", name, "--scope", "owner"], session=session)
    with pytest.raises(SystemExit):
        main(["tokens", "create", name, "--scope", "editor", "--expires-in", "forever"], session=session)


def test_python_dash_m_app_works_on_a_fresh_sqlite_file(tmp_path: Path) -> None:
    """The real entry point, in its own process, on its own migrated database."""
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    environment = {**os.environ, "DATABASE_URL": url}

    def cli(*argv: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "app", *argv], cwd=ROOT, env=environment, capture_output=True,
                              text=True, timeout=60, check=False)

    created = cli("tokens", "create", "synthetic-desk", "--scope", "admin")
    assert created.returncode == 0, created.stderr
    token = created.stdout.strip()
    assert TOKEN_PATTERN.fullmatch(token)
    listed = cli("tokens", "list")
    assert "synthetic-desk\tadmin\tactive" in listed.stdout and token not in listed.stdout
    assert cli("tokens", "revoke", "synthetic-desk").returncode == 0
    with engine.connect() as connection:
        row = connection.execute(sa.text("SELECT token_hash, revoked_at FROM api_tokens")).one()
        dump = "\n".join(repr(tuple(r)) for r in connection.execute(sa.text("SELECT * FROM api_tokens")))
    engine.dispose()
    assert row.token_hash == hash_token(token) and row.revoked_at is not None and token not in dump


def test_revoking_twice_keeps_the_first_time(session: Session) -> None:
    name = f"synthetic-{next_number()}"
    create_token(session, name, TokenScope.EDITOR)
    first = revoke_token(session, name).revoked_at
    assert revoke_token(session, name).revoked_at == first


def test_the_challenge_says_why(anonymous: TestClient, session: Session) -> None:
    expired = new_token(session, expired=True)
    response = anonymous.post("/v1/people", json={"name": "합성"}, headers={"Authorization": f"Bearer {expired}"})
    problem = assert_problem(response, 401, "Authorization", location="header")
    assert response.headers["WWW-Authenticate"] == (
        'Bearer realm="accountability-api", error="invalid_token", error_description="the token is expired"')
    assert problem["errors"][0]["type"] == "invalid_token"
    assert expired not in response.text


def test_a_token_is_accepted_however_the_scheme_is_capitalised(anonymous: TestClient, session: Session) -> None:
    token = new_token(session)
    response = anonymous.post("/v1/people", json={"name": "합성"}, headers={"Authorization": f"bearer {token}"})
    assert response.status_code == 201, response.text


def test_last_used_is_recorded_at_most_about_once_a_minute(anonymous: TestClient, session: Session) -> None:
    token = new_token(session)
    headers = {"Authorization": f"Bearer {token}"}
    digest = hash_token(token)

    def last_used():
        session.rollback()
        return session.execute(sa.select(ApiToken.last_used_at).where(ApiToken.token_hash == digest)).scalar_one()

    assert last_used() is None
    assert anonymous.post("/v1/people", json={"name": "합성"}, headers=headers).status_code == 201
    first = last_used()
    assert first is not None
    assert anonymous.post("/v1/people", json={"name": "합성"}, headers=headers).status_code == 201
    assert last_used() == first


def test_an_admin_manages_tokens_over_http(anonymous: TestClient, session: Session) -> None:
    admin = {"Authorization": f"Bearer {new_token(session, TokenScope.ADMIN)}"}
    name = f"synthetic-http-{next_number()}"

    created = anonymous.post("/v1/tokens", json={"name": name, "scope": "editor", "expires_in": "1d"}, headers=admin)

    assert created.status_code == 201, created.text
    assert created.headers["Cache-Control"] == "no-store"
    token = created.json()["token"]
    assert (created.json()["scope"], created.json()["status"]) == ("editor", "active")
    assert token not in everything_stored(session)
    assert anonymous.post("/v1/people", json={"name": "합성"}, headers={"Authorization": f"Bearer {token}"}).status_code == 201
    assert anonymous.delete(f"/v1/tokens/{name}", headers=admin).status_code == 204
    assert_problem(anonymous.post("/v1/people", json={"name": "합성"}, headers={"Authorization": f"Bearer {token}"}), 401)
    assert_problem(anonymous.delete("/v1/tokens/synthetic-no-such-token", headers=admin), 404, "name")
    assert_problem(anonymous.post("/v1/tokens", json={"name": name, "scope": "editor"}, headers=admin), 409, "name")
    assert_problem(anonymous.post("/v1/tokens", json={"name": "x", "scope": "owner"}, headers=admin), 422, "scope")
    assert_problem(anonymous.post("/v1/tokens", json={"name": "y", "scope": "editor", "expires_in": "soon"}, headers=admin),
                   422, "expires_in")


def test_history_names_the_token_that_made_each_change(anonymous: TestClient, session: Session) -> None:
    name = f"synthetic-desk-{next_number()}"
    token = create_token(session, name, TokenScope.EDITOR)[1]
    headers = {"Authorization": f"Bearer {token}"}

    created = anonymous.post("/v1/people", json={"name": "합성 인물"}, headers=headers)
    url = created.headers["location"]
    anonymous.patch(url, json={"name": "합성 인물 (고침)"}, headers={**headers, "If-Match": created.headers["etag"]})

    session.rollback()
    actors = session.execute(sa.select(Revision.version, Revision.actor).where(
        Revision.entity == "people", Revision.record_id == created.json()["id"]).order_by(Revision.version)).all()
    assert [tuple(row) for row in actors] == [(1, name), (2, name)]

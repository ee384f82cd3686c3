"""Every create, update and delete writes one immutable revision, in the same transaction as the change."""

from datetime import datetime
from decimal import Decimal

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from app.main import app
from app.models import Revision
from seed.loader import load_all_cases
from tests.api import assert_problem, if_match
from tests.factories import make_budget, make_citation, make_metric, make_project, make_source
from tests.history import revision_count, revisions_of

REVISIONS = Revision.__table__


def test_create_update_delete_each_write_a_revision_with_who_when_why(client: TestClient, session: Session) -> None:
    project = make_project(session)
    created = client.post("/v1/budgets", json={"project_id": project["id"], "kind": "planned", "amount": 6_000_000_000,
                                               "currency": "KRW", "qualifier": "approximate", "amount_text": "약 60억 원",
                                               "period_start": "2023-01"},
                          headers={"X-Change-Reason": "기사 반영 (synthetic)".encode()})  # raw UTF-8, as curl sends it
    assert created.status_code == 201, created.text
    url = f"/v1/budgets/{created.json()['id']}"
    corrected = client.patch(url, json={"amount": 5_000_000_000, "amount_text": "약 50억 원"}, headers={**if_match(client, url), "X-Change-Reason": "typo"})
    assert corrected.status_code == 200, corrected.text
    assert client.delete(url, headers=if_match(client, url)).status_code == 204

    create, update, delete = revisions_of(session, "budgets", created.json()["id"])
    assert [(r["action"], r["version"]) for r in (create, update, delete)] == [("create", 1), ("update", 2), ("delete", 3)]
    assert all(r["actor"] and r["actor"].startswith("test-editor-") for r in (create, update, delete))
    assert (create["reason"], update["reason"], delete["reason"]) == ("기사 반영 (synthetic)", "typo", None)
    assert all(r["project_id"] == project["id"] for r in (create, update, delete))
    assert create["before"] is None and create["after"]["amount"] == 6_000_000_000
    assert create["after"]["period_start_earliest"] == "2023-01-01"  # dates as ISO text
    assert update["before"] == create["after"] and update["after"]["amount"] == 5_000_000_000
    assert update["at"] == datetime.fromisoformat(corrected.json()["updated_at"])
    assert delete["before"] == update["after"] and delete["after"]["deleted_at"] is not None


def test_values_are_stored_so_that_they_convert_back_exactly(session: Session) -> None:
    metric = make_metric(session, value="12345678901234567890.123456789012")
    source = make_source(session, published_at="2024-01-02T03:04:05+09:00")

    assert revisions_of(session, "metrics", metric["id"])[0]["after"]["value"] == "12345678901234567890.123456789012"
    assert Decimal(revisions_of(session, "metrics", metric["id"])[0]["after"]["value"]) == metric["value"]
    assert revisions_of(session, "sources", source["id"])[0]["after"]["published_at"] == "2024-01-01T18:04:05.000000+00:00"


def test_revisions_of_citations_name_the_project_of_the_fact_they_cite(session: Session) -> None:
    budget = make_budget(session)
    citation = make_citation(session, budget_id=budget["id"])

    assert revisions_of(session, "citations", citation["id"])[0]["project_id"] == budget["project_id"]


def test_a_refused_write_leaves_no_revision(client: TestClient, session: Session) -> None:
    project = make_project(session)
    url = f"/v1/projects/{project['id']}"
    before = revision_count(session)

    assert_problem(client.post("/v1/budgets", json={"project_id": 2**31 - 1, "kind": "planned", "amount": 1,
                                                    "currency": "KRW"}), 422)
    assert_problem(client.post("/v1/projects", json={"slug": project["slug"], "name": "합성", "status": "active"}), 409)
    assert_problem(client.patch(url, json={"status": "nonsense"}, headers=if_match(client, url)), 422)
    assert_problem(client.patch(url, json={"name": "합성 고침"}, headers={"If-Match": f'"projects-{project["id"]}-v9"'}), 412)
    assert revision_count(session) == before
    make_budget(session, project_id=project["id"])
    before = revision_count(session)
    assert_problem(client.delete(url, headers=if_match(client, url)), 409)  # still has a budget

    assert revision_count(session) == before


def test_a_write_that_fails_after_its_row_is_written_leaves_neither(session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project(session)
    before = revision_count(session)

    def broken(*args, **kwargs):
        raise RuntimeError("synthetic failure after the row and its revision were written")

    monkeypatch.setattr(session, "commit", broken)
    with pytest.raises(RuntimeError):
        make_budget(session, project_id=project["id"])
    monkeypatch.undo()

    assert revision_count(session) == before
    assert session.execute(sa.text("SELECT count(*) FROM budgets WHERE project_id = :p"), {"p": project["id"]}).scalar() == 0


def test_loading_the_seed_twice_writes_revisions_once_by_seed(session: Session) -> None:
    load_all_cases(session)
    first = revision_count(session)
    load_all_cases(session)

    assert revision_count(session) == first
    actors = set(session.execute(sa.select(REVISIONS.c.actor).distinct()).scalars())
    assert actors == {"seed"}


def test_the_database_refuses_to_change_or_remove_a_revision(session: Session) -> None:
    project = make_project(session)
    revision_id = revisions_of(session, "projects", project["id"])[0]["id"]

    for statement in (sa.update(REVISIONS).where(REVISIONS.c.id == revision_id).values(reason="rewritten"),
                      sa.delete(REVISIONS).where(REVISIONS.c.id == revision_id)):
        savepoint = session.begin_nested()
        with pytest.raises(DBAPIError, match="immutable"):
            session.execute(statement)
        savepoint.rollback()

    assert revisions_of(session, "projects", project["id"])[0]["reason"] is None


def test_no_route_changes_or_removes_a_revision(client: TestClient, session: Session) -> None:
    for route in app.routes:
        path = getattr(route, "path", "")
        if "history" in path or path.startswith("/v1/changes"):
            assert getattr(route, "methods", set()) <= {"GET", "HEAD"}, path
    project = make_project(session)
    for method in ("PATCH", "PUT", "DELETE", "POST"):
        assert client.request(method, f"/v1/projects/{project['id']}/history").status_code == 405
        assert client.request(method, "/v1/changes").status_code == 405



@pytest.mark.parametrize("sent, stored", [
    ("UTF-8''%EC%98%88%EC%82%B0%20%EC%A0%95%EC%A0%95", "예산 정정"),  # RFC 8187 form, for browsers
    ("  plain ASCII reason  ", "plain ASCII reason"),
    ("", None),
])
def test_the_change_reason_header_is_decoded(client: TestClient, session: Session, sent: str, stored: str | None) -> None:
    response = client.post("/v1/people", json={"name": "합성 인물 (reason)"}, headers={"X-Change-Reason": sent})

    assert response.status_code == 201, response.text
    assert revisions_of(session, "people", response.json()["id"])[0]["reason"] == stored


def test_an_unreadable_or_overlong_reason_is_refused_before_anything_is_written(client: TestClient, session: Session) -> None:
    before = revision_count(session)

    assert_problem(client.post("/v1/people", json={"name": "합성"}, headers={"X-Change-Reason": "x" * 1001}), 400, "X-Change-Reason")
    assert_problem(client.post("/v1/people", json={"name": "합성"}, headers={"X-Change-Reason": "UTF-8''%FF"}), 400, "X-Change-Reason")

    assert revision_count(session) == before

"""POST /v1/imports: a whole case in one request, all or nothing, with every problem listed by its path."""

import copy
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.core.config import get_settings
from app.core.errors import UnprocessableEntity
from app.services import records
from tests.api import assert_problem
from tests.auth.operations import snapshot
from tests.factories import make_project, next_number
from seed.loader import CASES_DIR, read_case

CASE = read_case(CASES_DIR / "metaverse-seoul.yaml")


@pytest.fixture
def admin(admin_token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {admin_token}"}


def case() -> dict[str, Any]:
    return copy.deepcopy(CASE)


def state(session: Session) -> dict[str, Any]:
    return snapshot(session, tokens=False)


def test_a_whole_case_is_imported_and_reimporting_it_changes_nothing(client: TestClient, session: Session, admin: dict) -> None:
    first = client.post("/v1/imports", json=case(), headers=admin)

    assert first.status_code == 200, first.text
    summary = first.json()
    assert summary["created"] == {"organizations": 2, "people": 1, "sources": 1, "projects": 1, "project-events": 3,
                                  "budgets": 2, "metrics": 4, "statements": 2, "statement-links": 1, "citations": 21}
    assert summary["dry_run"] is False and not summary["updated"] and not summary["unchanged"]
    dossier = client.get(f"/v1/projects/{summary['ids']['metaverse-seoul']}?expand=budgets").json()
    assert dossier["slug"] == "metaverse-seoul" and len(dossier["budgets"]) == 2
    before = state(session)

    again = client.post("/v1/imports", json=case(), headers=admin).json()

    assert again["created"] == {} and again["updated"] == {} and sum(again["unchanged"].values()) == 38
    assert again["ids"] == summary["ids"]
    assert state(session) == before


def test_a_corrected_case_updates_in_place(client: TestClient, session: Session, admin: dict) -> None:
    ids = client.post("/v1/imports", json=case(), headers=admin).json()["ids"]
    corrected = case()
    corrected["projects"][0]["name_en"] = "Metaverse Seoul (corrected)"

    summary = client.post("/v1/imports", json=corrected, headers=admin).json()

    assert summary["updated"] == {"projects": 1}
    project = client.get(f"/v1/projects/{ids['metaverse-seoul']}").json()
    # version 2: its status, derived from the launch event; 3: the correction
    assert (project["name_en"], project["version"]) == ("Metaverse Seoul (corrected)", 3)


def test_every_problem_is_listed_and_nothing_is_written(client: TestClient, session: Session, admin: dict) -> None:
    broken = case()
    broken["budgets"][1]["amount"] = "a lot"                      # not a number
    broken["budgets"][0]["amount"] = 600000000                    # 6억, while its wording says 약 60억 원
    broken["metrics"][0]["id"] = 5                                 # server-owned
    broken["statements"][0]["project_id"] = "@seoul"               # a ref to an organization
    broken["sources"][0]["url"] = "not a url"
    broken["projects"][0]["citations"][0]["source_id"] = "@no-such-source"
    broken["organizations"][1]["parent_id"] = 999_999             # no such organization
    broken["people"].append({"ref": "seoul", "name": "합성 인물"})  # a ref used twice
    before = state(session)

    response = client.post("/v1/imports", json=broken, headers=admin)

    problem = assert_problem(response, 422)
    named = {error["field"]: error for error in problem["errors"]}
    assert set(named) >= {"budgets[1].amount", "budgets[0].amount", "metrics[0].id", "statements[0].project_id",
                          "sources[0].url", "projects[0].citations[0].source_id", "organizations[1].parent_id",
                          "people[1].ref"}, sorted(named)
    assert named["metrics[0].id"]["type"] == "server_owned"
    assert "is a record of organizations" in named["statements[0].project_id"]["message"]
    assert "does not match its wording" in named["budgets[0].amount"]["message"]
    assert problem["detail"].startswith(f"{len(problem['errors'])} problem(s), nothing was written")
    assert state(session) == before


def test_a_failure_while_writing_rolls_back_the_whole_import(client: TestClient, session: Session, admin: dict,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    original, calls = records.create_record, []

    def fail_at_the_tenth(session_, resource, payload):
        calls.append(resource.path)
        if len(calls) == 10:
            raise UnprocessableEntity("excerpt", "refused while writing (synthetic)")
        return original(session_, resource, payload)

    monkeypatch.setattr(records, "create_record", fail_at_the_tenth)
    before = state(session)

    response = client.post("/v1/imports", json=case(), headers=admin)

    problem = assert_problem(response, 422)
    assert problem["errors"][0]["field"].endswith(".excerpt") and "[" in problem["errors"][0]["field"]
    assert len(calls) == 10
    assert state(session) == before


def test_too_many_records_is_400_before_anything(client: TestClient, session: Session, admin: dict,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(get_settings(), "max_import_records", 24)  # the case has 25, nested citations included
    before = state(session)

    assert_problem(client.post("/v1/imports", json=case(), headers=admin), 400, "body")
    assert state(session) == before


def test_a_dry_run_reports_without_keeping_anything(client: TestClient, session: Session, admin: dict) -> None:
    before = state(session)

    response = client.post("/v1/imports?dry_run=true", json=case(), headers=admin)

    assert response.status_code == 200 and response.json()["dry_run"] is True
    assert sum(response.json()["created"].values()) == 38
    assert state(session) == before


def test_top_level_citations_and_refs_to_existing_ids(client: TestClient, session: Session, admin: dict) -> None:
    project = make_project(session)
    n = next_number()
    document = {
        "sources": [{"ref": "memo", "url": f"https://example.org/synthetic-memo-{n}", "title": "합성 메모", "language": "ko"}],
        "budgets": [{"ref": "grant", "project_id": project["id"], "kind": "allocated", "amount": 5_000, "currency": "KRW"}],
        "citations": [{"source_id": "@memo", "budget_id": "@grant", "excerpt": "합성 발췌"}],
    }

    summary = client.post("/v1/imports", json=document, headers=admin).json()

    assert summary["created"] == {"sources": 1, "budgets": 1, "citations": 1}
    cited = client.get(f"/v1/budgets/{summary['ids']['grant']}?expand=citations").json()["citations"]
    assert [citation["source_id"] for citation in cited] == [summary["ids"]["memo"]]


@pytest.mark.parametrize(("document", "field"), [
    ({"widgets": []}, "widgets"),
    ({"people": [{"name": "합성", "ref": 7}]}, "people[0].ref"),
    ({"people": [{"name": "합성", "citations": [{"excerpt": "x"}]}]}, "people[0].citations"),
    ({"projects": [{"slug": "synthetic-x", "name": "합성", "status": "planned", "citations": "nope"}]}, "projects[0].citations"),
])
def test_malformed_documents_are_refused_naming_the_place(client: TestClient, session: Session, admin: dict,
                                                          document: dict, field: str) -> None:
    before = state(session)
    assert_problem(client.post("/v1/imports", json=document, headers=admin), 422, field)
    assert state(session) == before


def test_an_import_can_be_retried_safely(client: TestClient, session: Session, admin: dict) -> None:
    headers = {**admin, "Idempotency-Key": f"synthetic-import-{next_number()}"}
    first = client.post("/v1/imports", json=case(), headers=headers)
    retry = client.post("/v1/imports", json=case(), headers=headers)
    assert first.status_code == 200 and retry.content == first.content
    assert retry.headers["idempotent-replayed"] == "true"


def test_changing_a_deleted_record_is_refused_naming_it(client: TestClient, session: Session, admin: dict) -> None:
    ids = client.post("/v1/imports", json=case(), headers=admin).json()["ids"]
    url = f"/v1/budgets/{ids['spent-to-date']}"
    assert client.delete(url, headers={"If-Match": client.get(url).headers["etag"]}).status_code == 204
    corrected = case()
    corrected["budgets"][0]["description"] = "합성 설명 (고침)"
    before = state(session)

    problem = assert_problem(client.post("/v1/imports", json=corrected, headers=admin), 422, "budgets[0]")

    assert "deleted record" in problem["errors"][0]["message"]
    assert state(session) == before

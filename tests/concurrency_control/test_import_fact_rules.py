"""POST /v1/imports holds every record to the fact rules the API applies, and writes nothing when one fails."""

import copy

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from seed.loader import CASES_DIR, read_case
from tests.api import assert_problem
from tests.auth.operations import snapshot
from tests.factories import make_source

CASE = read_case(CASES_DIR / "metaverse-seoul.yaml")


@pytest.fixture
def admin(admin_token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {admin_token}"}


def test_a_budget_contradicting_its_wording_is_refused_naming_its_path(client: TestClient, session: Session,
                                                                       admin: dict) -> None:
    case = copy.deepcopy(CASE)
    case["budgets"][0].update(amount=100_000_000, qualifier="exact", amount_text="약 10억 원")
    case["budgets"][1].update(amount=-40_000_000_000, amount_text=None)
    before = snapshot(session, tokens=False)

    problem = assert_problem(client.post("/v1/imports", json=case, headers=admin), 422)

    assert [error["field"] for error in problem["errors"]] == ["budgets[0].amount", "budgets[0].qualifier",
                                                               "budgets[1].amount"]
    assert snapshot(session, tokens=False) == before


def test_an_excerpt_not_in_a_source_captured_by_the_same_document_rolls_everything_back(
        client: TestClient, session: Session, admin: dict) -> None:
    case = copy.deepcopy(CASE)
    case["budgets"][0]["citations"][0]["excerpt"] = "전혀 다른 문장"
    before = snapshot(session, tokens=False)

    response = client.post("/v1/imports", json=case, headers=admin)

    assert_problem(response, 422, "budgets[0].citations[0].excerpt")
    assert snapshot(session, tokens=False) == before


def test_an_excerpt_not_in_an_existing_captured_source_is_found_before_writing(
        client: TestClient, session: Session, admin: dict) -> None:
    source = make_source(session, captured_text="합성 기사 본문입니다.")
    document = {"projects": [{"slug": "synthetic-import-rules", "name": "합성 사업", "status": "planned",
                              "citations": [{"source_id": source["id"], "excerpt": "합성 기사 본문입니다."},
                                            {"source_id": source["id"], "excerpt": "없는 문장"}]}]}

    problem = assert_problem(client.post("/v1/imports", json=document, headers=admin), 422)

    assert [error["field"] for error in problem["errors"]] == ["projects[0].citations[1].excerpt"]

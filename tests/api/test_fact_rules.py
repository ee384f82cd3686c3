"""POST and PATCH hold every fact to its wording and every excerpt to its captured source."""

import unicodedata

from fastapi.testclient import TestClient
from sqlmodel import Session

from app.resources.catalog import budgets, citations
from tests.api import assert_problem, if_match
from tests.factories import count_rows, make_budget, make_citation, make_project, make_source

CAPTURED = "서울시는 지금까지 약 10억 원을 들였습니다.\n\n사업은 올해 말 끝납니다."


def test_a_budget_ten_times_smaller_than_its_wording_is_refused_and_nothing_is_written(
        client: TestClient, session: Session) -> None:
    project = make_project(session)
    before = count_rows(session, budgets)

    response = client.post("/v1/budgets", json={"project_id": project["id"], "kind": "spent", "amount": 100_000_000,
                                                "currency": "KRW", "amount_text": "약 10억 원"})

    problem = assert_problem(response, 422, "amount")
    assert [error["field"] for error in problem["errors"]] == ["amount", "qualifier"]
    assert "'약 10억 원'" in problem["errors"][0]["message"]
    assert count_rows(session, budgets) == before


def test_the_same_budget_as_its_wording_says_is_accepted_and_rendered_with_its_hedge(
        client: TestClient, session: Session) -> None:
    project = make_project(session)

    response = client.post("/v1/budgets", json={"project_id": project["id"], "kind": "spent", "amount": 1_000_000_000,
                                                "currency": "KRW", "qualifier": "approximate", "amount_text": "약 10억 원"})

    assert response.status_code == 201, response.text
    assert (response.json()["amount"], response.json()["qualifier"]) == (1_000_000_000, "approximate")


def test_patching_the_amount_alone_is_judged_against_the_stored_wording(client: TestClient, session: Session) -> None:
    budget = make_budget(session, amount=1_000_000_000, qualifier="approximate", amount_text="약 10억 원")
    url = f"/v1/budgets/{budget['id']}"

    refused = client.patch(url, json={"amount": 100_000_000}, headers=if_match(client, url))
    wrong_hedge = client.patch(url, json={"qualifier": "exact"}, headers=if_match(client, url))

    assert_problem(refused, 422, "amount")
    assert_problem(wrong_hedge, 422, "qualifier")
    assert client.get(url).json()["version"] == budget["version"]
    both = client.patch(url, json={"amount": 2_000_000_000, "amount_text": "약 20억 원"}, headers=if_match(client, url))
    assert both.status_code == 200, both.text


def test_money_is_never_negative(client: TestClient, session: Session) -> None:
    project = make_project(session)
    budget = make_budget(session, project_id=project["id"])
    url = f"/v1/budgets/{budget['id']}"

    created = client.post("/v1/budgets", json={"project_id": project["id"], "kind": "spent", "amount": -1, "currency": "KRW"})
    patched = client.patch(url, json={"amount": -1}, headers=if_match(client, url))

    assert assert_problem(created, 422, "amount")["errors"][0]["type"] == "negative"
    assert_problem(patched, 422, "amount")


def test_a_metric_and_a_date_are_held_to_their_wording(client: TestClient, session: Session) -> None:
    project = make_project(session)
    body = {"project_id": project["id"], "indicator": "합성 구독자", "unit": "people", "value": "1000",
            "qualifier": "at_least", "value_text": "1천 명 남짓", "period_end": {"value": "2026", "text": "2026년까지"}}

    assert client.post("/v1/metrics", json=body).status_code == 201
    assert_problem(client.post("/v1/metrics", json={**body, "indicator": "합성 2", "qualifier": "exact"}), 422, "qualifier")
    wrong_year = {**body, "indicator": "합성 3", "period_end": {"value": "2025", "text": "2026년까지"}}
    assert_problem(client.post("/v1/metrics", json=wrong_year), 422, "period_end")


def test_an_excerpt_not_in_the_captured_source_is_refused(client: TestClient, session: Session) -> None:
    source = make_source(session, captured_text=CAPTURED)
    budget = make_budget(session)
    before = count_rows(session, citations)

    response = client.post("/v1/citations", json={"source_id": source["id"], "budget_id": budget["id"],
                                                  "excerpt": "전혀 다른 문장"})

    assert assert_problem(response, 422, "excerpt")["errors"][0]["type"] == "excerpt_not_in_source"
    assert count_rows(session, citations) == before


def test_a_verbatim_excerpt_is_verified_whatever_its_spacing_or_unicode_form(client: TestClient, session: Session) -> None:
    source = make_source(session, captured_text=CAPTURED)
    budget = make_budget(session)
    excerpt = unicodedata.normalize("NFD", "지금까지  약 10억 원을\n들였습니다.")

    response = client.post("/v1/citations", json={"source_id": source["id"], "budget_id": budget["id"], "excerpt": excerpt})

    assert response.status_code == 201, response.text
    assert response.json()["excerpt_found"] is True
    url = f"/v1/citations/{response.json()['id']}"
    moved = client.patch(url, json={"excerpt": "사업은 내년에 끝납니다."}, headers=if_match(client, url))
    assert_problem(moved, 422, "excerpt")


def test_without_captured_text_a_citation_is_kept_unverified(client: TestClient, session: Session) -> None:
    source = make_source(session)
    budget = make_budget(session)

    response = client.post("/v1/citations", json={"source_id": source["id"], "budget_id": budget["id"],
                                                  "excerpt": "아직 확인되지 않은 문장"})

    assert response.status_code == 201, response.text
    assert response.json()["excerpt_found"] is None
    unverified = client.get("/v1/citations", params={"source_id": source["id"], "excerpt_found__isnull": "true"})
    assert [item["id"] for item in unverified.json()["items"]] == [response.json()["id"]]


def test_capturing_a_source_text_later_verifies_its_citations_again(client: TestClient, session: Session) -> None:
    source = make_source(session)
    found = make_citation(session, source_id=source["id"], excerpt="약 10억 원을 들였습니다")
    missing = make_citation(session, source_id=source["id"], excerpt="전혀 다른 문장")
    url = f"/v1/sources/{source['id']}"

    response = client.patch(url, json={"captured_text": CAPTURED}, headers=if_match(client, url))

    assert response.status_code == 200, response.text
    shown = {c["id"]: c["excerpt_found"] for c in client.get("/v1/citations", params={"source_id": source["id"]}).json()["items"]}
    assert shown == {found["id"]: True, missing["id"]: False}
    history = client.get(f"/v1/citations/{missing['id']}/history").json()["items"]
    assert (history[0]["changed"], history[0]["after"]["excerpt_found"]) == (["excerpt_found"], False)
    note = client.patch(f"/v1/citations/{missing['id']}", json={"note": "원문 확인 필요"},
                        headers=if_match(client, f"/v1/citations/{missing['id']}"))
    assert note.status_code == 200, note.text  # a flagged citation can still be annotated


def test_a_citation_of_an_impossible_source_id_is_named_by_the_reference_check(client: TestClient, session: Session) -> None:
    budget = make_budget(session)

    response = client.post("/v1/citations", json={"source_id": 2**70, "budget_id": budget["id"], "excerpt": "합성"})

    assert_problem(response, 422, "source_id")

"""Values come back exactly as written: money, decimals, partial dates and Korean text."""

import unicodedata

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.api import assert_problem, if_match
from tests.factories import make_budget, make_metric, make_project, next_number

SAFE_MAX = 2**53 - 1  # JavaScript's Number.MAX_SAFE_INTEGER: the largest amount every JSON client reads exactly
ABOVE_2_53 = 9007199254740993  # 2**53 + 1: a float (or a JavaScript number) would read 9007199254740992


def post_json_text(client: TestClient, url: str, text: str):
    """POST a body written as JSON text, so numbers reach the server with all their digits."""
    return client.post(url, content=text.encode(), headers={"content-type": "application/json"})


def test_money_up_to_2_53_is_an_exact_integer_in_every_response(client: TestClient, session: Session) -> None:
    project = make_project(session)

    created = client.post("/v1/budgets", json={"project_id": project["id"], "kind": "spent", "amount": SAFE_MAX, "currency": "KRW"})

    assert created.status_code == 201, created.text
    assert f'"amount":{SAFE_MAX}' in created.text
    budget_id = created.json()["id"]
    for response in (
        client.get(f"/v1/budgets/{budget_id}"),
        client.get("/v1/budgets", params={"project_id": project["id"]}),
        client.get(f"/v1/projects/{project['id']}", params={"expand": "budgets"}),
    ):
        assert str(SAFE_MAX) in response.text
        assert str(SAFE_MAX + 1) not in response.text


def test_money_at_the_safe_limits_round_trips(client: TestClient, session: Session) -> None:
    project = make_project(session)
    for amount in (SAFE_MAX, 0):  # money is never negative (app.domain.fact_rules)
        response = client.post("/v1/budgets", json={"project_id": project["id"], "kind": "revised", "amount": amount, "currency": "USD"})
        assert response.status_code == 201, response.text
        assert client.get(f"/v1/budgets/{response.json()['id']}").json()["amount"] == amount


@pytest.mark.parametrize("amount", [ABOVE_2_53, 2**53, -(2**53), 2**63 - 1])
def test_money_javascript_would_corrupt_is_refused_naming_the_field(client: TestClient, session: Session, amount: int) -> None:
    budget = make_budget(session)
    url = f"/v1/budgets/{budget['id']}"
    body = f'{{"project_id": {budget["project_id"]}, "kind": "spent", "amount": {amount}, "currency": "KRW"}}'

    created = post_json_text(client, "/v1/budgets", body)
    patched = client.patch(url, content=f'{{"amount": {amount}}}'.encode(),
                           headers={"content-type": "application/json", **if_match(client, url)})

    assert_problem(created, 422, "amount")
    assert_problem(patched, 422, "amount")
    assert str(amount) not in client.get("/v1/budgets", params={"project_id": budget["project_id"]}).text


def test_patching_money_keeps_it_exact(client: TestClient, session: Session) -> None:
    budget = make_budget(session)

    response = client.patch(f"/v1/budgets/{budget['id']}", json={"amount": SAFE_MAX - 2}, headers=if_match(client, f"/v1/budgets/{budget['id']}"))

    assert f'"amount":{SAFE_MAX - 2}' in response.text
    assert f'"amount":{SAFE_MAX - 2}' in client.get(f"/v1/budgets/{budget['id']}").text


@pytest.mark.parametrize(
    ("sent", "shown"),
    [
        ('"0.1"', "0.1"),
        ("0.1", "0.1"),
        ('"12345678901234567890.123"', "12345678901234567890.123"),
        ('"-0.000000000001"', "-0.000000000001"),
        ("2", "2"),
    ],
)
def test_metric_values_are_exact_decimal_strings(client: TestClient, session: Session, sent: str, shown: str) -> None:
    project = make_project(session)
    body = f'{{"project_id": {project["id"]}, "indicator": "합성 지표 {next_number()}", "unit": "percent", "value": {sent}}}'

    created = post_json_text(client, "/v1/metrics", body)

    assert created.status_code == 201, created.text
    assert created.json()["value"] == shown
    assert f'"value":"{shown}"' in client.get(f"/v1/metrics/{created.json()['id']}").text


def test_a_metric_value_sent_as_a_long_json_number_keeps_every_digit(client: TestClient, session: Session) -> None:
    """A JSON number with more digits than a float holds is either stored exactly or refused, never rounded."""
    project = make_project(session)
    body = f'{{"project_id": {project["id"]}, "indicator": "합성 지표", "unit": "count", "value": 12345678901234567890.123}}'

    response = post_json_text(client, "/v1/metrics", body)

    if response.status_code == 201:
        assert response.json()["value"] == "12345678901234567890.123"
    else:
        assert response.status_code == 422
        assert "value" in [error["field"] for error in response.json()["errors"]]


def test_patching_a_metric_value_keeps_it_exact(client: TestClient, session: Session) -> None:
    metric = make_metric(session)

    response = client.patch(f"/v1/metrics/{metric['id']}", json={"value": "0.3"}, headers=if_match(client, f"/v1/metrics/{metric['id']}"))

    assert response.json()["value"] == "0.3"
    assert client.get(f"/v1/metrics/{metric['id']}").json()["value"] == "0.3"


@pytest.mark.parametrize(
    ("sent", "expected"),
    [
        ("2024-02", {"value": "2024-02", "precision": "month", "earliest": "2024-02-01", "latest": "2024-02-29", "text": None}),
        ("2023-02", {"value": "2023-02", "precision": "month", "earliest": "2023-02-01", "latest": "2023-02-28", "text": None}),
        ("2024-Q4", {"value": "2024-Q4", "precision": "quarter", "earliest": "2024-10-01", "latest": "2024-12-31", "text": None}),
        ("2026", {"value": "2026", "precision": "year", "earliest": "2026-01-01", "latest": "2026-12-31", "text": None}),
        ("2023-01-15", {"value": "2023-01-15", "precision": "day", "earliest": "2023-01-15", "latest": "2023-01-15", "text": None}),
        ({"value": "2026", "text": "2026년까지"},
         {"value": "2026", "precision": "year", "earliest": "2026-01-01", "latest": "2026-12-31", "text": "2026년까지"}),
    ],
)
def test_partial_dates_come_back_with_precision_bounds_and_wording(client: TestClient, session: Session, sent, expected) -> None:
    body = {"slug": f"synthetic-dated-{next_number()}", "name": "합성 프로젝트", "status": "planned", "planned_end": sent}

    created = client.post("/v1/projects", json=body)

    assert created.status_code == 201, created.text
    assert created.json()["planned_end"] == expected
    assert client.get(f"/v1/projects/{created.json()['id']}").json()["planned_end"] == expected


def test_a_lowercase_quarter_is_shown_in_canonical_form(client: TestClient, session: Session) -> None:
    budget = make_budget(session, period_end="2024-q4")

    assert client.get(f"/v1/budgets/{budget['id']}").json()["period_end"]["value"] == "2024-Q4"


def test_patching_one_date_keeps_the_wording_of_the_others(client: TestClient, session: Session) -> None:
    project = make_project(session, started={"value": "2023-01", "text": "지난해 1월"})

    response = client.patch(f"/v1/projects/{project['id']}", json={"ended": {"value": "2024-12", "text": "올해 말"}}, headers=if_match(client, f"/v1/projects/{project['id']}"))

    assert response.status_code == 200, response.text
    assert response.json()["started"]["text"] == "지난해 1월"
    assert response.json()["ended"] == {"value": "2024-12", "precision": "month", "earliest": "2024-12-01",
                                        "latest": "2024-12-31", "text": "올해 말"}


KOREAN = {
    "name": "합성 프로젝트: 메타버스 ‘가상’ 서울 — 60억 원",
    "summary": "하루 2건…\n줄바꿈과 「괄호」, 이모지 🏛️ 포함. 띄어쓰기  두 칸.",
}


def test_korean_text_round_trips_unchanged_and_unescaped(client: TestClient, session: Session) -> None:
    body = {"slug": f"synthetic-korean-{next_number()}", "status": "active", **KOREAN}

    created = client.post("/v1/projects", json=body)

    assert created.status_code == 201, created.text
    fetched = client.get(f"/v1/projects/{created.json()['id']}")
    for name, text in KOREAN.items():
        assert created.json()[name] == text
        assert fetched.json()[name] == text
        assert text.encode().replace(b"\n", b"\\n") in fetched.content  # raw UTF-8, not \uXXXX
    assert b"\\u" not in fetched.content


def test_decomposed_hangul_is_not_normalised(client: TestClient, session: Session) -> None:
    decomposed = unicodedata.normalize("NFD", "합성 인물")
    assert decomposed != "합성 인물"

    created = client.post("/v1/people", json={"name": decomposed})

    assert created.status_code == 201
    assert client.get(f"/v1/people/{created.json()['id']}").json()["name"] == decomposed
    assert decomposed.encode() in client.get(f"/v1/people/{created.json()['id']}").content

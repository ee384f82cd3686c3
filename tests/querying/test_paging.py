"""Keyset pages over 1,000 synthetic rows: nothing skipped or repeated, even with rows inserted mid-way.

The rows are synthetic (random amounts, kinds and dates from a fixed seed) and
bulk-inserted with Core under one fresh project.
"""

import base64
import random
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.querying.cursor import encode_cursor
from app.resources.catalog import budgets, metrics
from tests.api import assert_problem
from tests.querying.helpers import budget, get_ok, insert, project, walk
from tests.querying.ordering import sort_key
from tests.sql_statements import executed_statements

AMOUNTS = [1, 2, 3, 10**12, 2**53 + 1]
AS_OF = ["2023", "2023-01", "2022-Q4", "2024-12-31", None, None]
KINDS = ["planned", "allocated", "spent"]
VALUES = ["9", "10", "-1.5", "0.25", "100", "9.000001"]


def synthetic_budget(rng: random.Random) -> dict[str, Any]:
    return {"amount": rng.choice(AMOUNTS), "kind": rng.choice(KINDS), "as_of": rng.choice(AS_OF),
            "currency": "KRW", "qualifier": "exact"}


def synthetic_metric(rng: random.Random) -> dict[str, Any]:
    return {"value": Decimal(rng.choice(VALUES)), "indicator": "합성 지표", "unit": "count", "observation": "actual",
            "qualifier": "exact", "dimensions": {}, "as_of": rng.choice(AS_OF)}


def value_of(item: dict[str, Any], name: str) -> Any:
    if name == "as_of":
        return item["as_of"]["earliest"] if item["as_of"] else None
    if name == "value":
        return Decimal(item["value"])
    return item[name]


CASES = [
    (budgets, synthetic_budget, "amount"),
    (budgets, synthetic_budget, "-as_of"),
    (budgets, synthetic_budget, "-kind,amount"),
    (budgets, synthetic_budget, "as_of,-amount"),
    (metrics, synthetic_metric, "-value,as_of"),
]


@pytest.mark.parametrize(("resource", "make", "sort"), CASES, ids=[f"{r.path}-{s}" for r, _, s in CASES])
def test_paging_with_rows_inserted_mid_way(client: TestClient, session: Session, resource, make, sort: str) -> None:
    rng = random.Random(sort)
    project_id = project(session)
    insert(session, resource, [make(rng) for _ in range(1000)], project_id=project_id)
    path = f"/v1/{resource.path}"

    seen: list[dict[str, Any]] = []
    new_ids: list[int] = []
    position = None
    for number, response in enumerate(walk(client, path, project_id=project_id, sort=sort, limit=97), start=1):
        seen.extend(response.json()["items"])
        if number == 3:  # someone adds rows while a reader is on page 3
            position = seen[-1]
            new_ids = insert(session, resource, [make(rng) for _ in range(60)], project_id=project_id)

    everything = [item for response in walk(client, path, project_id=project_id, limit=1000)
                  for item in response.json()["items"]]
    key = sort_key(sort, value_of)
    seen_ids = [item["id"] for item in seen]
    assert len(everything) == 1060
    assert len(seen_ids) == len(set(seen_ids)), "a row was repeated"
    assert {item["id"] for item in everything} - set(new_ids) <= set(seen_ids), "a row was skipped"
    after = {item["id"] for item in everything if item["id"] in new_ids and key(item) > key(position)}
    assert 0 < len(after) < len(new_ids)  # the inserts landed on both sides of the reader
    assert set(seen_ids) & set(new_ids) == after, "new rows after the reader appear, rows before it do not"
    assert seen == sorted(seen, key=key), "pages are not in the documented order"


def test_pages_link_to_the_next_and_count_on_request(client: TestClient, session: Session) -> None:
    project_id = project(session)
    for amount in range(7):
        budget(session, project_id, amount=amount)
    first = client.get("/v1/budgets", params={"project_id": project_id, "limit": 3, "count": "true", "sort": "-amount"})
    body = first.json()
    assert body["total"] == 7 and len(body["items"]) == 3
    assert first.headers["link"] == f'<{body["next_url"]}>; rel="next"'
    assert "sort=-amount" in body["next_url"] and f"cursor={body['next']}" in body["next_url"]

    second = client.get(body["next_url"])
    assert second.json()["total"] == 7
    assert [item["amount"] for item in second.json()["items"]] == [3, 2, 1]
    last = client.get(second.json()["next_url"])
    assert last.json()["next"] is None and last.json()["next_url"] is None and "link" not in last.headers
    assert "total" not in client.get("/v1/budgets", params={"project_id": project_id}).json()


def test_limit_default_and_bounds(client: TestClient, session: Session) -> None:
    project_id = project(session)
    insert(session, budgets, [synthetic_budget(random.Random(1)) for _ in range(1001)], project_id=project_id)
    assert len(get_ok(client, "/v1/budgets", project_id=project_id)["items"]) == 50
    assert len(get_ok(client, "/v1/budgets", project_id=project_id, limit=1000)["items"]) == 1000
    assert len(get_ok(client, "/v1/budgets", project_id=project_id, limit=1)["items"]) == 1
    for bad in ("1001", "0", "-5", "ten"):
        assert_problem(client.get("/v1/budgets", params={"project_id": project_id, "limit": bad}), 400, "limit")


@pytest.fixture
def cursor(client: TestClient, session: Session) -> tuple[int, str]:
    project_id = project(session)
    for amount in (1, 2, 3):
        budget(session, project_id, amount=amount)
    return project_id, get_ok(client, "/v1/budgets", project_id=project_id, sort="-amount", limit=1)["next"]


def _flip(cursor: str, position: int) -> str:
    token = bytearray(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    token[position] ^= 0x01
    return base64.urlsafe_b64encode(bytes(token)).rstrip(b"=").decode()


def test_forged_and_malformed_cursors_are_400(client: TestClient, cursor: tuple[int, str]) -> None:
    project_id, good = cursor
    assert get_ok(client, "/v1/budgets", project_id=project_id, sort="-amount", cursor=good)["items"][0]["amount"] == 2
    forged = [_flip(good, 0), _flip(good, 20), _flip(good, -1), good[:-3], good + "AA", "abc", "!!!", "", "%%%", "0" * 200]
    for bad in forged:
        response = client.get("/v1/budgets", params={"project_id": project_id, "sort": "-amount", "cursor": bad})
        assert_problem(response, 400, "cursor", location="query")


def test_a_cursor_reused_with_another_sort_or_list_is_400(client: TestClient, cursor: tuple[int, str]) -> None:
    project_id, good = cursor
    for params in ({"sort": "amount"}, {}, {"sort": "-amount,kind"}):
        problem = assert_problem(client.get("/v1/budgets", params={"project_id": project_id, "cursor": good, **params}), 400, "cursor")
        assert "sort" in problem["detail"]
    assert_problem(client.get("/v1/metrics", params={"sort": "-amount", "cursor": good}), 400, "sort")
    assert_problem(client.get("/v1/metrics", params={"cursor": good}), 400, "cursor")


@pytest.mark.parametrize("values", [[1], ["x", 1], [1, 2, 3], [None, None], [True, 1]])
def test_a_signed_cursor_that_no_longer_fits_is_400_not_500(client: TestClient, values: list[Any]) -> None:
    token = encode_cursor("budgets:-amount,-id", values)
    assert_problem(client.get("/v1/budgets", params={"sort": "-amount", "cursor": token}), 400, "cursor")


def test_later_pages_run_the_same_single_statement_without_offset(client: TestClient, session: Session, engine: sa.Engine) -> None:
    project_id = project(session)
    insert(session, budgets, [synthetic_budget(random.Random(2)) for _ in range(300)], project_id=project_id)
    per_page = []
    with executed_statements(engine) as statements:
        for response in walk(client, "/v1/budgets", project_id=project_id, sort="as_of,-amount", limit=40):
            per_page.append(len(statements))
            statements.clear()
    assert per_page == [1] * len(per_page) and len(per_page) == 8

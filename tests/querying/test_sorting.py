"""Sort orders with ties and NULLs come out the same on both engines."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.resources.catalog import budgets
from tests.api import assert_problem
from tests.querying.helpers import budget, get_ok, insert, metric, organization, project, walk
from tests.querying.ordering import sort_key


@pytest.fixture
def scoped(session: Session) -> tuple[int, int]:
    """(organization id, project id) under which each test makes its rows."""
    org = organization(session)
    return org, project(session, organization_id=org)


def test_text_sorts_by_code_point(client: TestClient, session: Session, scoped) -> None:
    org, _ = scoped
    names = ["b 합성", "B 합성", "a 합성", "가 합성", "Z 합성", "_ 합성", "é 합성", "E 합성", "나 합성"]
    for name in names:
        project(session, organization_id=org, name=name)
    for sort, expected in (("name", sorted(names)), ("-name", sorted(names, reverse=True))):
        items = get_ok(client, "/v1/projects", organization_id=org, name__ne="합성 사업 0", sort=sort,
                       name__contains=" 합성", limit=100)["items"]
        assert [item["name"] for item in items] == expected


def test_decimals_sort_as_numbers(client: TestClient, session: Session, scoped) -> None:
    _, project_id = scoped
    values = ["9", "10", "-1.5", "2.25", "100", "0.001", "-20"]
    for value in values:
        metric(session, project_id, value=value)
    for sort, reverse in (("value", False), ("-value", True)):
        items = get_ok(client, "/v1/metrics", project_id=project_id, sort=sort)["items"]
        assert [Decimal(item["value"]) for item in items] == sorted(map(Decimal, values), reverse=reverse)


def test_ties_break_on_id_in_the_direction_of_the_last_key(client: TestClient, session: Session, scoped) -> None:
    _, project_id = scoped
    made = [budget(session, project_id, amount=amount) for amount in (5, 7, 5, 7, 5)]
    ascending = [item["id"] for item in get_ok(client, "/v1/budgets", project_id=project_id, sort="amount")["items"]]
    descending = [item["id"] for item in get_ok(client, "/v1/budgets", project_id=project_id, sort="-amount")["items"]]
    assert ascending == [made[0], made[2], made[4], made[1], made[3]]
    assert descending == list(reversed(ascending))
    default = [item["id"] for item in get_ok(client, "/v1/budgets", project_id=project_id)["items"]]
    assert default == sorted(made)


@pytest.mark.parametrize("sort", ["started", "-started", "started,-name", "-started,name", "status,-started"])
def test_nulls_sort_last_in_both_directions(client: TestClient, session: Session, scoped, sort: str) -> None:
    org, _ = scoped
    for started, name, status in [("2023", "합성 c", "active"), (None, "합성 a", "active"), ("2023-01", "합성 b", "terminated"),
                                  (None, "합성 b", "terminated"), ("2022-12", "합성 a", "active"), ("2023", "합성 a", "active")]:
        project(session, organization_id=org, started=started, name=name, status=status)
    items = get_ok(client, "/v1/projects", organization_id=org, sort=sort, name__startswith="합성 ", name__ne="x")["items"]

    def value_of(item, name):
        if name == "started":
            return item["started"]["earliest"] if item["started"] else None
        return item[name]

    expected = sorted(items, key=sort_key(sort, value_of))
    assert [item["id"] for item in items] == [item["id"] for item in expected]
    if sort.lstrip("-").startswith("started"):
        assert [item["started"] is None for item in items][-2:] == [True, True]


def test_mixed_directions(client: TestClient, session: Session, scoped) -> None:
    _, project_id = scoped
    for kind, amount in [("spent", 3), ("planned", 9), ("spent", 1), ("planned", 9), ("allocated", 3), ("spent", 3)]:
        budget(session, project_id, kind=kind, amount=amount)
    items = get_ok(client, "/v1/budgets", project_id=project_id, sort="-kind,amount")["items"]
    expected = sorted(items, key=sort_key("-kind,amount", lambda item, name: item[name]))
    assert [item["id"] for item in items] == [item["id"] for item in expected]
    assert [item["kind"] for item in items] == ["spent"] * 3 + ["planned"] * 2 + ["allocated"]


@pytest.mark.parametrize(("query", "parameter"), [
    ("sort=colour", "sort"), ("sort=amount,amount", "sort"), ("sort=-", "sort"), ("sort=description", "sort"),
])
def test_bad_sorts_are_400(client: TestClient, query: str, parameter: str) -> None:
    problem = assert_problem(client.get(f"/v1/budgets?{query}"), 400, parameter, location="query")
    assert "amount" in problem["detail"] or "more than once" in problem["detail"]


def test_paging_by_a_timestamp_keeps_the_order(client: TestClient, session: Session, scoped) -> None:
    _, project_id = scoped
    base = datetime(2025, 5, 1, 9, 30, 0, 123456, tzinfo=UTC)
    stamps = [base, base + timedelta(microseconds=1), base - timedelta(days=400), base, base + timedelta(hours=9)]
    made = insert(session, budgets, [{"kind": "spent", "amount": 1, "currency": "KRW", "qualifier": "exact"}
                                     for _ in stamps], project_id=project_id)
    for budget_id, stamp in zip(made, stamps, strict=True):
        session.execute(sa.update(budgets.sa_table).where(budgets.sa_table.c.id == budget_id).values(created_at=stamp))
    seen = [item for response in walk(client, "/v1/budgets", project_id=project_id, sort="-created_at", limit=2)
            for item in response.json()["items"]]
    expected = sorted(zip(stamps, made, strict=True), key=lambda pair: (pair[0], pair[1]), reverse=True)
    assert [item["id"] for item in seen] == [budget_id for _, budget_id in expected]

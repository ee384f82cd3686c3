"""GET /v1/{budgets,metrics,projects}/summary: exact sums, never across currencies or units."""

from decimal import Decimal

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.api import assert_problem
from tests.querying.helpers import budget, get_ok, metric, organization, project


@pytest.fixture
def seoul(session: Session) -> dict[str, int]:
    """A synthetic city with a terminated and an active project, and one other city."""
    city = organization(session, name="합성 서울")
    other = organization(session, name="합성 부산")
    terminated = project(session, organization_id=city, status="terminated", started="2023-01")
    active = project(session, organization_id=city, status="active", started="2024")
    elsewhere = project(session, organization_id=other, status="terminated", started="2023")
    budget(session, terminated, kind="spent", amount=6_000_000_000, as_of="2024-12")
    budget(session, terminated, kind="spent", amount=2**52 + 1, period_start="2023", as_of="2024")
    budget(session, terminated, kind="spent", amount=2**52 + 3, currency="USD", period_start="2023")
    budget(session, terminated, kind="planned", amount=40_000_000_000, period_start="2022")
    budget(session, active, kind="spent", amount=5)
    budget(session, elsewhere, kind="spent", amount=999)
    return {"city": city, "other": other, "terminated": terminated, "active": active, "elsewhere": elsewhere}


def test_how_much_did_the_city_spend_on_projects_it_terminated(client: TestClient, seoul: dict[str, int]) -> None:
    body = get_ok(client, "/v1/budgets/summary", kind="spent", **{"project.status": "terminated",
                  "project.organization_id": seoul["city"]}, group_by="currency")
    assert body["group_by"] == ["currency"] and body["summed"] == "amount"
    assert body["groups"] == [
        {"currency": "KRW", "count": 2, "sum": 6_000_000_000 + 2**52 + 1},  # exact, where a float64 sum would round
        {"currency": "USD", "count": 1, "sum": 2**52 + 3},
    ]


def test_currency_is_always_part_of_a_money_grouping(client: TestClient, seoul: dict[str, int]) -> None:
    body = get_ok(client, "/v1/budgets/summary", **{"project.organization_id": seoul["city"]}, group_by="kind")
    assert body["group_by"] == ["kind", "currency"]
    assert body["groups"] == [
        {"kind": "planned", "currency": "KRW", "count": 1, "sum": 40_000_000_000},
        {"kind": "spent", "currency": "KRW", "count": 3, "sum": 6_000_000_005 + 2**52 + 1},
        {"kind": "spent", "currency": "USD", "count": 1, "sum": 2**52 + 3},
    ]


def test_group_by_organization_status_and_year(client: TestClient, seoul: dict[str, int]) -> None:
    scope = {"project.organization_id__in": f"{seoul['city']},{seoul['other']}", "kind": "spent", "currency": "KRW"}
    body = get_ok(client, "/v1/budgets/summary", **scope, group_by="organization,status,year")
    city, other = seoul["city"], seoul["other"]
    # year: the period's start, else as_of; null when neither is known
    assert body["groups"] == [
        {"organization": city, "status": "active", "year": None, "currency": "KRW", "count": 1, "sum": 5},
        {"organization": city, "status": "terminated", "year": 2023, "currency": "KRW", "count": 1, "sum": 2**52 + 1},
        {"organization": city, "status": "terminated", "year": 2024, "currency": "KRW", "count": 1, "sum": 6_000_000_000},
        {"organization": other, "status": "terminated", "year": None, "currency": "KRW", "count": 1, "sum": 999},
    ]


def test_money_sums_beyond_what_every_client_reads_exactly_are_refused(client: TestClient, session: Session) -> None:
    """A sum past 2^53−1 would be rounded by JavaScript's JSON.parse: a 422 naming group_by, never a wrong number."""
    project_id = project(session)
    for _ in range(2):
        budget(session, project_id, amount=2**53 - 1)
    budget(session, project_id, amount=-(2**53 - 1), kind="planned")

    planned = get_ok(client, "/v1/budgets/summary", project_id=project_id, kind="planned")["groups"]
    refused = client.get("/v1/budgets/summary", params={"project_id": project_id, "group_by": "kind"})

    assert planned == [{"currency": "KRW", "count": 1, "sum": -(2**53 - 1)}]
    assert_problem(refused, 422, "group_by")
    assert str(2 * (2**53 - 1)) in refused.json()["detail"]


def test_metric_sums_are_exact_decimals_per_unit(client: TestClient, session: Session) -> None:
    org = organization(session)
    first, second = project(session, organization_id=org), project(session, organization_id=org, status="terminated")
    for value in ("0.1", "0.2", "12345678901234567890.000001"):  # beyond a float, within ExactDecimal today
        metric(session, first, value=value, unit="count")
    metric(session, second, value="2", unit="count/day")
    metric(session, second, value="10000", unit="count/day")
    body = get_ok(client, "/v1/metrics/summary", **{"project.organization_id": org})
    assert body["group_by"] == ["unit"] and body["summed"] == "value"
    assert body["groups"] == [
        {"unit": "count", "count": 3, "sum": "12345678901234567890.300001"},
        {"unit": "count/day", "count": 2, "sum": "10002"},
    ]
    body = get_ok(client, "/v1/metrics/summary", **{"project.organization_id": org, "project.status": "terminated"},
                  group_by="status,project")
    assert body["groups"] == [{"status": "terminated", "project": second, "unit": "count/day", "count": 2, "sum": "10002"}]
    assert Decimal(body["groups"][0]["sum"]) == 10002


def test_projects_summary_counts(client: TestClient, seoul: dict[str, int]) -> None:
    body = get_ok(client, "/v1/projects/summary", organization_id__in=f"{seoul['city']},{seoul['other']}",
                  group_by="organization,year")
    assert body["summed"] is None
    assert body["groups"] == [
        {"organization": seoul["city"], "year": 2023, "count": 1},
        {"organization": seoul["city"], "year": 2024, "count": 1},
        {"organization": seoul["other"], "year": 2023, "count": 1},
    ]
    total = get_ok(client, "/v1/projects/summary", organization_id=seoul["city"])
    assert total["groups"] == [{"count": 2}]


def test_summary_of_nothing_is_empty(client: TestClient) -> None:
    assert get_ok(client, "/v1/budgets/summary", project_id=2_000_000_000)["groups"] == []


@pytest.mark.parametrize(("path", "query", "parameter"), [
    ("budgets", "group_by=colour", "group_by"),
    ("budgets", "group_by=kind&group_by=year", "group_by"),
    ("budgets", "limit=5", "limit"),
    ("budgets", "amount__gt=lots", "amount__gt"),
    ("metrics", "group_by=currency", "group_by"),
    ("projects", "project.status=active", "project.status"),
])
def test_bad_summary_parameters_are_400(client: TestClient, path: str, query: str, parameter: str) -> None:
    assert_problem(client.get(f"/v1/{path}/summary?{query}"), 400, parameter, location="query")


def test_summary_is_not_taken_for_a_record_key(client: TestClient) -> None:
    assert client.get("/v1/budgets/summary").status_code == 200
    assert client.get("/v1/people/summary").status_code == 404  # people declare no summary

"""Filtering by a figure is exact, shapes like any field's, is documented, and refuses bad values with a 400.

Projects are synthetic (합성), with spent and planned budgets chosen for their ratios:
exactly 0.15, just above it (0.150000001), and 1/3 (stored as 0.333333333).
"""

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.api import assert_problem
from tests.factories import make_budget, make_organization, make_project
from tests.querying.helpers import get_ok

RATIOS = {"p15": (15, 100), "above": (150_000_001, 1_000_000_000), "third": (1, 3)}


@pytest.fixture
def ratios(session: Session) -> dict[str, Any]:
    organization_id = make_organization(session)["id"]
    ids = {}
    for name, (spent, planned) in RATIOS.items():
        ids[name] = make_project(session, organization_id=organization_id, started="2024-01", ended="2024-01")["id"]
        make_budget(session, project_id=ids[name], kind="spent", amount=spent)
        make_budget(session, project_id=ids[name], kind="planned", amount=planned)
    ids["none"] = make_project(session, organization_id=organization_id)["id"]
    return {"organization_id": organization_id, **ids}


def matching(client: TestClient, ratios: dict[str, Any], **params: str) -> set[str]:
    items = get_ok(client, "/v1/projects", organization_id=ratios["organization_id"], **params)["items"]
    names = {ratios[name]: name for name in (*RATIOS, "none")}
    return {names[item["id"]] for item in items}


@pytest.mark.parametrize(("params", "expected"), [
    ({"execution_ratio__lte": "0.15"}, {"p15"}),
    ({"execution_ratio__lte": "0.150000000"}, {"p15"}),
    ({"execution_ratio__lt": "0.1500000001"}, {"p15"}),  # more places than stored: compared exactly
    ({"execution_ratio__gt": "0.15"}, {"above", "third"}),
    ({"execution_ratio": "0.15"}, {"p15"}),
    ({"execution_ratio__eq": "0.1500000001"}, set()),
    ({"execution_ratio__ne": "0.15"}, {"above", "third"}),  # ne never matches a missing value
    ({"execution_ratio__in": "0.15,0.150000001,0.1500000001"}, {"p15", "above"}),
    ({"execution_ratio": "0.333333333"}, {"third"}),  # the stored value: 1/3 to 9 places
    ({"execution_ratio__isnull": "true"}, {"none"}),
    ({"cost_per_day__gte": "1", "cost_per_day_currency": "KRW"}, {"above"}),  # 150000001 over 31 days
])
def test_figures_filter_exactly(client: TestClient, ratios: dict[str, Any], params: dict[str, str], expected: set[str]) -> None:
    assert matching(client, ratios, **params) == expected


def test_figures_filter_by_how_certain_they_are(client: TestClient, session: Session) -> None:
    organization_id = make_organization(session)["id"]
    made = {}
    for qualifier in ("exact", "approximate", "at_least"):
        made[qualifier] = make_project(session, organization_id=organization_id, started="2024-01-01",
                                       ended="2024-01-31")["id"]
        make_budget(session, project_id=made[qualifier], kind="spent", amount=10, qualifier=qualifier)
        make_budget(session, project_id=made[qualifier], kind="planned", amount=100)

    def found(**params: str) -> set[int]:
        return {item["id"] for item in get_ok(client, "/v1/projects", organization_id=organization_id, **params)["items"]}

    assert found(execution_ratio_qualifier="approximate") == {made["approximate"]}
    assert found(execution_ratio_qualifier__in="exact,at_least") == {made["exact"], made["at_least"]}
    assert found(cost_per_day_qualifier__ne="at_least", cost_per_day_end_basis="recorded") == {
        made["exact"], made["approximate"]}
    assert found(cost_per_day_end_basis="scheduled") == set()


def test_figures_are_fields_like_any_other(client: TestClient, ratios: dict[str, Any]) -> None:
    body = get_ok(client, "/v1/projects", organization_id=ratios["organization_id"], sort="-execution_ratio",
                  fields="execution_ratio,cost_per_day_currency", count="true", execution_ratio__gte="0.15")
    assert body["items"] == [
        {"id": ratios["third"], "execution_ratio": "0.333333333", "cost_per_day_currency": "KRW"},
        {"id": ratios["above"], "execution_ratio": "0.150000001", "cost_per_day_currency": "KRW"},
        {"id": ratios["p15"], "execution_ratio": "0.15", "cost_per_day_currency": "KRW"},
    ]
    assert body["total"] == 3
    summary = get_ok(client, "/v1/projects/summary", organization_id=ratios["organization_id"],
                     execution_ratio__lt="0.2", group_by="status")
    assert summary["groups"] == [{"status": "active", "count": 2}]


@pytest.mark.parametrize(("params", "field"), [
    ({"execution_ratio__lt": "abc"}, "execution_ratio__lt"),
    ({"execution_ratio__lt": "1e-3"}, "execution_ratio__lt"),
    ({"execution_ratio__gt": "9223372037"}, "execution_ratio__gt"),  # beyond what 9 places in 64 bits hold
    ({"lifetime_vs_plan__in": "0.5,half"}, "lifetime_vs_plan__in"),
    ({"cost_per_day__gt": "1.5"}, "cost_per_day__gt"),
    ({"cost_per_day__gt": "99999999999999999999"}, "cost_per_day__gt"),
    ({"execution_ratio__contains": "1"}, "execution_ratio__contains"),
    ({"execution_ratio__isnull": "maybe"}, "execution_ratio__isnull"),
    ({"execution_ratio_qualifier": "roughly"}, "execution_ratio_qualifier"),
    ({"cost_per_day_end_basis": "planned"}, "cost_per_day_end_basis"),
    ({"sort": "cost_per_day_qualifier"}, "sort"),
    ({"sort": "-cost_per_day_currency"}, "sort"),  # filterable, not a ranking
    ({"fields": "execution_ratio,cost_per_hour"}, "fields"),
    ({"as_of": "2024-01-01T00:00:00Z", "execution_ratio__lt": "0.2"}, "execution_ratio__lt"),  # present only
    ({"as_of": "2024-01-01T00:00:00Z", "sort": "-cost_per_day"}, "sort"),
    ({"as_of": "2024-01-01T00:00:00Z", "fields": "name,lifetime_vs_plan"}, "fields"),
])
def test_bad_figure_parameters_are_a_400_naming_them(client: TestClient, params: dict[str, str], field: str) -> None:
    assert_problem(client.get("/v1/projects", params=params), 400, field)


def test_the_figures_are_documented(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    listed = document["paths"]["/v1/projects"]["get"]
    parameters = {parameter["name"]: parameter for parameter in listed["parameters"]}
    assert {"execution_ratio__lt", "cost_per_day__gte", "lifetime_vs_plan__isnull", "cost_per_day_currency"} <= set(parameters)
    assert parameters["execution_ratio__lt"]["example"] == "0.15"
    assert {"execution_ratio_qualifier", "cost_per_day_low", "lifetime_vs_plan_end_basis"} <= set(parameters)
    sort = parameters["sort"]["description"]
    assert all(name in sort for name in ("execution_ratio", "cost_per_day", "lifetime_vs_plan"))
    assert "execution_ratio" in parameters["fields"]["description"]
    public = document["components"]["schemas"]["ProjectPublic"]["properties"]
    assert {"execution_ratio", "cost_per_day", "cost_per_day_currency", "lifetime_vs_plan"} <= set(public)
    assert "scorecard" in public["execution_ratio"]["description"]
    assert "scheduled" in public["cost_per_day_end_basis"]["description"]

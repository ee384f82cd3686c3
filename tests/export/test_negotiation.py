"""format= and Accept: which representation a list answers with, and the mistakes that are a 400."""

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.export.negotiation import from_accept
from tests.api import assert_problem
from tests.querying.helpers import organization

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"


@pytest.mark.parametrize(("accept", "expected"), [
    (None, "json"), ("", "json"), ("*/*", "json"), (BROWSER, "json"), ("application/json", "json"),
    ("text/csv", "csv"), ("TEXT/CSV; charset=utf-8", "csv"), ("application/x-ndjson", "ndjson"),
    ("application/ndjson", "ndjson"), ("text/csv, */*;q=0.5", "csv"), ("text/csv, */*", "csv"),
    ("text/csv;q=0.5, application/json", "json"), ("text/csv, application/json", "json"),
    ("text/csv;q=0, */*", "json"), ("text/csv;q=nan", "json"), ("text/*", "json"), ("image/png", "json"),
    ("application/x-ndjson;q=0.4, text/csv;q=0.6", "csv"), ("text/csv;q=oops, application/x-ndjson", "ndjson"),
])
def test_accept_header_picks_an_export_only_when_explicitly_preferred(accept: str | None, expected: str) -> None:
    assert from_accept(accept) == expected


def test_format_parameter_and_accept_header(export_client: TestClient, session: Session) -> None:
    org = organization(session)
    path = f"/v1/organizations?id={org}"
    for params, headers, media_type in [
        ({"format": "csv"}, {}, "text/csv; charset=utf-8"),
        ({"format": "ndjson"}, {}, "application/x-ndjson"),
        ({}, {"Accept": "text/csv"}, "text/csv; charset=utf-8"),
        ({}, {"Accept": "application/x-ndjson"}, "application/x-ndjson"),
        ({"format": "json"}, {"Accept": "text/csv"}, "application/json"),  # format= wins
        ({"format": "ndjson"}, {"Accept": "text/csv"}, "application/x-ndjson"),
        ({}, {"Accept": BROWSER}, "application/json"),
        ({}, {"Accept": "application/pdf"}, "application/json"),  # nothing better: JSON, never a 406
    ]:
        response = export_client.get(path, params=params, headers=headers)
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == media_type, (params, headers)
        assert response.headers["vary"] == "Accept"
    assert export_client.get(path, params={"format": "json"}).json()["items"][0]["id"] == org


@pytest.mark.parametrize("query", ["format=xml", "format=CSV", "format=", "format=csv&format=ndjson"])
def test_an_unknown_or_contradictory_format_is_a_400_naming_format(export_client: TestClient, query: str) -> None:
    problem = assert_problem(export_client.get(f"/v1/budgets?{query}"), 400, "format", location="query")
    assert "csv" in problem["detail"] or "more than once" in problem["detail"]


def test_the_same_format_given_twice_is_fine(export_client: TestClient) -> None:
    assert export_client.get("/v1/people?format=csv&format=csv").status_code == 200


@pytest.mark.parametrize(("query", "field"), [
    ("limit=10", "limit"), ("cursor=abc", "cursor"), ("count=true", "count"), ("facet=kind", "facet"),
    ("colour=red", "colour"), ("amount__gte=lots", "amount__gte"), ("sort=colour", "sort"), ("fields=colour", "fields"),
    ("expand=project", "expand"),  # a CSV row cannot embed records
])
def test_export_mistakes_are_400_problems_before_anything_streams(export_client: TestClient, query: str, field: str) -> None:
    for fmt in ("csv", "ndjson") if field != "expand" else ("csv",):
        body = assert_problem(export_client.get(f"/v1/budgets?format={fmt}&{query}"), 400, field, location="query")
        assert body["instance"] == "/v1/budgets"


def test_an_accept_header_export_is_checked_the_same_way(export_client: TestClient) -> None:
    assert_problem(export_client.get("/v1/budgets?limit=5", headers={"Accept": "text/csv"}), 400, "limit")


def test_openapi_documents_the_format_parameter_and_media_types(export_client: TestClient) -> None:
    operation = export_client.get("/openapi.json").json()["paths"]["/v1/budgets"]["get"]
    (parameter,) = [parameter for parameter in operation["parameters"] if parameter["name"] == "format"]
    assert parameter["schema"]["enum"] == ["json", "csv", "ndjson"] and parameter["examples"]
    assert {"application/json", "text/csv", "application/x-ndjson"} <= set(operation["responses"]["200"]["content"])
    assert "format=csv" in operation["description"]

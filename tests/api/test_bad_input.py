"""Bad request bodies are refused with problem+json naming the field, and store nothing.

PATCH bodies and unknown ids in the path: test_bad_input_updates.py. Query
parameters: test_bad_input_query.py.
"""

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.api import assert_problem, if_match
from tests.factories import count_rows, make_budget, make_person, make_project, make_source, next_number

MISSING = object()  # an override that removes the field
Overrides = dict[str, Any] | Callable[[dict[str, Any]], dict[str, Any]]


@pytest.fixture
def ids(session: Session) -> dict[str, Any]:
    """Existing parents that valid bodies refer to."""
    project = make_project(session)
    return {"project": project["id"], "project_slug": project["slug"], "person": make_person(session)["id"],
            "source": make_source(session)["id"], "source_url": make_source(session)["url"],
            "budget": make_budget(session, project_id=project["id"])["id"]}


def valid_body(path: str, ids: dict[str, Any]) -> dict[str, Any]:
    n = next_number()
    return {
        "projects": {"slug": f"synthetic-input-{n}", "name": "합성 프로젝트", "status": "active"},
        "budgets": {"project_id": ids["project"], "kind": "spent", "amount": 100, "currency": "KRW"},
        "metrics": {"project_id": ids["project"], "indicator": f"합성 지표 {n}", "value": "1", "unit": "count"},
        "statements": {"project_id": ids["project"], "speaker_person_id": ids["person"], "kind": "claim",
                       "quote": f"합성 발언 {n}", "language": "ko"},
        "sources": {"url": f"https://example.org/synthetic-input-{n}", "title": "합성 출처", "language": "ko"},
        "citations": {"source_id": ids["source"], "project_id": ids["project"], "excerpt": "합성 발췌"},
        "organizations": {"name": "합성 기관", "classification": "agency"},
        "people": {"name": "합성 인물"},
    }[path]


def with_overrides(body: dict[str, Any], overrides: Overrides, ids: dict[str, Any]) -> dict[str, Any]:
    changes = overrides(ids) if callable(overrides) else overrides
    merged = {**body, **changes}
    return {name: value for name, value in merged.items() if value is not MISSING}


def rows(session: Session, table: str) -> int:
    """Rows as the next request sees them (a refused write's open transaction is rolled back first,
    as closing the per-request session does in production)."""
    session.rollback()
    return count_rows(session, table)


@pytest.mark.parametrize("path", ["projects", "budgets", "metrics", "statements", "sources", "citations", "organizations", "people"])
def test_the_valid_bodies_used_below_are_accepted(client: TestClient, session: Session, ids: dict[str, Any], path: str) -> None:
    response = client.post(f"/v1/{path}", json=valid_body(path, ids))
    assert response.status_code == 201, response.text


LONG = "가" * 20_001

CASES: list[tuple[str, Overrides, int, str]] = [
    # wrong types, and booleans where numbers belong
    ("budgets", {"amount": "100"}, 422, "amount"),
    ("budgets", {"amount": 1.5}, 422, "amount"),
    ("budgets", {"amount": 100.0}, 422, "amount"),
    ("budgets", {"amount": True}, 422, "amount"),
    ("budgets", {"project_id": False}, 422, "project_id"),
    ("budgets", lambda ids: {"project_id": str(ids["project"])}, 422, "project_id"),
    ("metrics", {"value": True}, 422, "value"),
    ("metrics", {"value": "abc"}, 422, "value"),
    ("metrics", {"value": "NaN"}, 422, "value"),
    ("metrics", {"value": "Infinity"}, 422, "value"),
    ("metrics", {"dimensions": ["channel"]}, 422, "dimensions"),
    ("people", {"name": 123}, 422, "name"),
    # unknown fields
    ("people", {"colour": "blue"}, 422, "colour"),
    ("budgets", {"id": 1}, 422, "id"),
    ("budgets", {"version": 7}, 422, "version"),
    ("projects", {"started": {"value": "2023", "day": 1}}, 422, "started"),
    # required fields missing
    ("budgets", {"currency": MISSING}, 422, "currency"),
    # strings over their limits, empty or whitespace-only
    ("projects", {"name": "가" * 301}, 422, "name"),
    ("projects", {"slug": "a" * 101}, 422, "slug"),
    ("people", {"name": ""}, 422, "name"),
    ("people", {"name": "   "}, 422, "name"),
    ("people", {"name": "\t\n"}, 422, "name"),
    ("people", {"name": "\u3000"}, 422, "name"),  # ideographic space
    ("organizations", {"name_en": " "}, 422, "name_en"),
    ("citations", {"excerpt": LONG}, 422, "excerpt"),
    ("sources", {"title": "가" * 501}, 422, "title"),
    # ...including fields whose column is shorter than the general text limit
    ("budgets", {"amount_text": "가" * 201}, 422, "amount_text"),
    ("metrics", {"value_text": "가" * 201}, 422, "value_text"),
    ("projects", {"jurisdiction": "가" * 101}, 422, "jurisdiction"),
    ("sources", {"platform": "가" * 201}, 422, "platform"),
    ("sources", {"content_hash": "a" * 101}, 422, "content_hash"),
    ("statements", {"speaker_role": "가" * 301}, 422, "speaker_role"),
    # malformed identifiers and codes
    ("projects", {"slug": "Not A Slug"}, 422, "slug"),
    ("projects", {"slug": "12345"}, 422, "slug"),
    ("projects", {"slug": "summary"}, 422, "slug"),  # would be shadowed by /v1/projects/summary
    ("sources", {"url": "not a url"}, 422, "url"),
    ("sources", {"language": "Korean"}, 422, "language"),
    ("sources", {"published_at": "2024-01-02T03:04:05"}, 422, "published_at"),
    # unknown references, including ids beyond the id column's range
    ("budgets", {"project_id": 999999}, 422, "project_id"),
    ("budgets", {"project_id": 3_000_000_000}, 422, "project_id"),
    ("budgets", {"project_id": 2**63}, 422, "project_id"),
    ("projects", {"organization_id": 999999}, 422, "organization_id"),
    ("statements", {"speaker_person_id": 999999}, 422, "speaker_person_id"),
    ("citations", {"source_id": 999999}, 422, "source_id"),
    ("organizations", {"parent_id": 999999}, 422, "parent_id"),
    ("metrics", {"compared_with_id": 999999}, 422, "compared_with_id"),
    # duplicates of unique values
    ("projects", lambda ids: {"slug": ids["project_slug"]}, 409, "slug"),
    ("sources", lambda ids: {"url": ids["source_url"]}, 409, "url"),
    # money
    ("budgets", {"currency": "KWR"}, 422, "currency"),
    ("budgets", {"currency": "krw"}, 422, "currency"),
    ("budgets", {"amount": 2**63}, 422, "amount"),
    ("budgets", {"amount": -(2**63)}, 422, "amount"),
    ("metrics", {"value": "1e31"}, 422, "value"),
    # partial dates
    ("budgets", {"period_end": "2023-13"}, 422, "period_end"),
    ("budgets", {"period_end": "2023-02-30"}, 422, "period_end"),
    ("budgets", {"period_end": "January 2023"}, 422, "period_end"),
    ("projects", {"started": "2024-Q5"}, 422, "started"),
    ("projects", {"started": {"value": "2023-13", "text": "합성 표현"}}, 422, "started"),
    ("statements", {"stated": 2023}, 422, "stated"),
    # enum values
    ("projects", {"status": "finished"}, 422, "status"),
    ("budgets", {"kind": "Spent"}, 422, "kind"),
    ("budgets", {"qualifier": "roughly"}, 422, "qualifier"),
    ("metrics", {"unit": "kg"}, 422, "unit"),
    ("organizations", {"classification": "ngo"}, 422, "classification"),
    ("statements", {"quote_form": "quoted"}, 422, "quote_form"),
]


def _shown(value: Any) -> str:
    if value is MISSING:
        return "MISSING"
    if isinstance(value, str) and len(value) > 16:
        return f"{len(value)}-chars"
    return repr(value).encode("ascii", "backslashreplace").decode()


def _case_id(case: tuple[str, Overrides, int, str]) -> str:
    path, overrides, status, _field = case
    shown = "computed" if callable(overrides) else ",".join(f"{k}={_shown(v)}" for k, v in overrides.items())
    return f"{path}-{status}-{shown}"


@pytest.mark.parametrize(("path", "overrides", "status", "field"), CASES, ids=[_case_id(case) for case in CASES])
def test_bad_body_is_refused_naming_the_field(client: TestClient, session: Session, ids: dict[str, Any],
                                             path: str, overrides: Overrides, status: int, field: str) -> None:
    body = with_overrides(valid_body(path, ids), overrides, ids)
    before = rows(session, path)

    response = client.post(f"/v1/{path}", json=body)

    assert_problem(response, status, field, location="body")
    assert rows(session, path) == before


def test_an_unknown_field_is_reported_as_forbidden(client: TestClient, session: Session, ids: dict[str, Any]) -> None:
    before = rows(session, "budgets")

    response = client.post("/v1/budgets", json={**valid_body("budgets", ids), "amount_krw": 100})

    problem = assert_problem(response, 422, "amount_krw", location="body")
    assert [error["type"] for error in problem["errors"] if error["field"] == "amount_krw"] == ["extra_forbidden"]
    assert rows(session, "budgets") == before


@pytest.mark.parametrize(
    ("facts", "expected_fields"),
    [
        ({}, {"project_id", "budget_id", "metric_id", "statement_id"}),
        ({"project_id": "project", "budget_id": "budget"}, {"project_id", "budget_id"}),
    ],
    ids=["no-fact", "two-facts"],
)
def test_a_citation_must_cite_exactly_one_fact(client: TestClient, session: Session, ids: dict[str, Any],
                                               facts: dict[str, str], expected_fields: set[str]) -> None:
    body = {"source_id": ids["source"], "excerpt": "합성 발췌", **{name: ids[key] for name, key in facts.items()}}
    before = rows(session, "citations")

    response = client.post("/v1/citations", json=body)

    problem = assert_problem(response, 422)
    assert {error["field"] for error in problem["errors"]} & expected_fields, problem["errors"]
    assert rows(session, "citations") == before


def test_a_statement_needs_a_speaker(client: TestClient, session: Session, ids: dict[str, Any]) -> None:
    body = with_overrides(valid_body("statements", ids), {"speaker_person_id": MISSING}, ids)
    before = rows(session, "statements")

    response = client.post("/v1/statements", json=body)

    problem = assert_problem(response, 422)
    assert {error["field"] for error in problem["errors"]} & {"speaker_person_id", "speaker_organization_id"}, problem["errors"]
    assert rows(session, "statements") == before


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        (b'{"name": "\xed\x95\xa9\xec\x84\xb1"', 400),  # cut off
        (b"{'name': 'single quotes'}", 400),
        (b'{"name": "x",}', 400),
        (b"", 422),
        (b'[{"name": "x"}]', 422),
        (b'"x"', 422),
        (b"null", 422),
        (b"42", 422),
    ],
    ids=["truncated", "single-quotes", "trailing-comma", "empty", "list", "string", "null", "number"],
)
def test_a_body_that_is_not_a_json_object_is_refused(client: TestClient, session: Session, raw: bytes, status: int) -> None:
    before = rows(session, "people")

    response = client.post("/v1/people", content=raw, headers={"content-type": "application/json"})

    assert_problem(response, status, "body", location="body")
    assert rows(session, "people") == before


@pytest.mark.parametrize("field", ["published_at", "retrieved_at", "captured_at"])
def test_a_source_time_written_as_a_number_is_refused(client: TestClient, session: Session, field: str) -> None:
    source = make_source(session)
    before = client.get(f"/v1/sources/{source['id']}").json()
    response = client.patch(f"/v1/sources/{source['id']}", json={field: 0}, headers=if_match(client, f"/v1/sources/{source['id']}"))
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == field, response.text
    assert client.get(f"/v1/sources/{source['id']}").json() == before

"""Synthetic records made through the service layer, exactly as a writer would make them.

Every default is visibly made up ("합성 프로젝트 3", "synthetic-project-3",
https://example.org/…): nothing here pretends to be a real fact. Each factory
validates its input with the resource's create schema and stores it with
`app.services.records.create_record`, so a factory can never build a row the API
would refuse. Parents are created on demand when no id is given.
"""

from itertools import count
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from app.domain.korean_amounts import format_korean_amount
from app.resources import Resource
from app.resources.catalog import (budgets, citations, metrics, organizations, people, project_events, projects, sources,
                                   statements)
from app.services.records import create_record

_counter = count(1)


def next_number() -> int:
    """A number unique within the test run, for names, slugs and URLs."""
    return next(_counter)


def create(session: Session, resource: Resource, values: dict[str, Any]) -> dict[str, Any]:
    """Validate `values` with the resource's create schema and store them through the service."""
    payload = resource.create_schema.model_validate(values)
    return create_record(session, resource, payload)


def count_rows(session: Session, table: str | Any) -> int:
    """Rows currently in `table` (a table name, a Resource or a SQLModel table class)."""
    if isinstance(table, Resource):
        sa_table = table.sa_table
    elif isinstance(table, str):
        sa_table = sa.table(table)
    else:
        sa_table = table.__table__
    return session.execute(sa.select(sa.func.count()).select_from(sa_table)).scalar_one()


def make_organization(session: Session, **overrides: Any) -> dict[str, Any]:
    n = next_number()
    values = {"name": f"합성 기관 {n}", "name_en": f"Synthetic Organization {n}", "classification": "government"}
    return create(session, organizations, {**values, **overrides})


def make_person(session: Session, **overrides: Any) -> dict[str, Any]:
    n = next_number()
    values = {"name": f"합성 인물 {n}", "name_en": f"Synthetic Person {n}"}
    return create(session, people, {**values, **overrides})


def make_project(session: Session, **overrides: Any) -> dict[str, Any]:
    n = next_number()
    values = {
        "slug": f"synthetic-project-{n}",
        "name": f"합성 프로젝트 {n}",
        "name_en": f"Synthetic Project {n}",
        "status": "active",
    }
    return create(session, projects, {**values, **overrides})


def _project_id(session: Session, overrides: dict[str, Any]) -> dict[str, Any]:
    if "project_id" not in overrides:
        overrides = {**overrides, "project_id": make_project(session)["id"]}
    return overrides


def wording(amount: int, qualifier: str = "exact", unit: str = "원") -> str:
    """Korean wording that says exactly `amount` with `qualifier`, as the fact rules require of a text."""
    text = format_korean_amount(amount, unit)
    return {"approximate": f"약 {text}", "at_least": f"{text} 이상", "up_to": f"{text} 이하"}.get(qualifier, text)


def make_budget(session: Session, **overrides: Any) -> dict[str, Any]:
    """A budget without the source's wording unless one is given (then it must say the amount)."""
    n = next_number()
    values = {"kind": "planned", "amount": 1_000_000 * n, "currency": "KRW"}
    return create(session, budgets, {**values, **_project_id(session, overrides)})


def make_metric(session: Session, **overrides: Any) -> dict[str, Any]:
    n = next_number()
    values = {"indicator": f"합성 지표 {n}", "indicator_en": f"Synthetic indicator {n}", "value": str(n), "unit": "count"}
    return create(session, metrics, {**values, **_project_id(session, overrides)})


def make_statement(session: Session, **overrides: Any) -> dict[str, Any]:
    n = next_number()
    overrides = _project_id(session, overrides)
    if "speaker_person_id" not in overrides and "speaker_organization_id" not in overrides:
        overrides["speaker_person_id"] = make_person(session)["id"]
    values = {"kind": "claim", "quote": f"합성 발언 {n}입니다.", "language": "ko"}
    return create(session, statements, {**values, **overrides})


def make_source(session: Session, **overrides: Any) -> dict[str, Any]:
    n = next_number()
    values = {"url": f"https://example.org/synthetic-source-{n}", "title": f"합성 출처 {n}", "language": "ko"}
    return create(session, sources, {**values, **overrides})


def make_citation(session: Session, **overrides: Any) -> dict[str, Any]:
    """A citation of a new synthetic project unless a fact id (project/budget/metric/statement) is given."""
    n = next_number()
    overrides = dict(overrides)
    if "source_id" not in overrides:
        overrides["source_id"] = make_source(session)["id"]
    if not any(f"{fact}_id" in overrides for fact in ("project", "budget", "metric", "statement")):
        overrides["project_id"] = make_project(session)["id"]
    return create(session, citations, {"excerpt": f"합성 인용문 {n}", **overrides})


def make_project_event(session: Session, **overrides: Any) -> dict[str, Any]:
    """A scheduled closure of a new synthetic project unless a project id is given."""
    values = {"status": "terminated", "kind": "scheduled", "occurs": "2099-12", "announced": "2024-07",
              "description": f"합성 종료 예정 {next_number()}"}
    return create(session, project_events, {**values, **_project_id(session, overrides)})


MAKERS = {
    "projects": make_project,
    "budgets": make_budget,
    "metrics": make_metric,
    "statements": make_statement,
    "sources": make_source,
    "citations": make_citation,
    "organizations": make_organization,
    "people": make_person,
}


def create_body(session: Session, path: str) -> dict[str, Any]:
    """A valid JSON body for POST /v1/{path}: parents are made through the service, the record itself is not."""
    n = next_number()
    if path == "projects":
        return {"slug": f"synthetic-project-{n}", "name": f"합성 프로젝트 {n}", "status": "planned",
                "organization_id": make_organization(session)["id"], "summary": "합성 요약입니다.",
                "announced": {"value": "2023-01", "text": "합성 표현"}}
    if path == "budgets":
        return {"project_id": make_project(session)["id"], "kind": "spent", "amount": 6_000_000 + n,
                "currency": "KRW", "qualifier": "approximate", "amount_text": wording(6_000_000 + n, "approximate")}
    if path == "metrics":
        return {"project_id": make_project(session)["id"], "indicator": f"합성 지표 {n}", "value": "2.5",
                "unit": "count/day", "dimensions": {"channel": "synthetic"}}
    if path == "statements":
        return {"project_id": make_project(session)["id"], "speaker_organization_id": make_organization(session)["id"],
                "kind": "promise", "quote": f"합성 약속 {n}.", "language": "ko", "translation_en": f"Synthetic promise {n}."}
    if path == "sources":
        return {"url": f"https://example.org/synthetic-article-{n}", "title": f"합성 기사 {n}", "language": "ko",
                "platform": "Synthetic News", "published_at": "2024-01-02T03:04:05+00:00"}
    if path == "citations":
        return {"source_id": make_source(session)["id"], "budget_id": make_budget(session)["id"],
                "excerpt": f"합성 발췌 {n}", "excerpt_en": f"Synthetic excerpt {n}"}
    if path == "organizations":
        return {"name": f"합성 기관 {n}", "classification": "agency", "parent_id": make_organization(session)["id"]}
    if path == "people":
        return {"name": f"합성 인물 {n}", "name_en": f"Synthetic Person {n}"}
    if path == "project-events":
        return {"project_id": make_project(session)["id"], "status": "terminated", "kind": "scheduled",
                "occurs": {"value": "2099-12", "text": "합성 표현"}, "announced": "2024-07-03",
                "description": f"합성 종료 예정 {n}"}
    raise KeyError(path)

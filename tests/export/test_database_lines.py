"""CSV lines written by the database (app.export.database_cells) are byte for byte those of the Python
formatter (app.export.tabular): every kind of cell, quoting, the spreadsheet guard, and rows that only
Python can write, in their place among the others."""

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlmodel import Session
from starlette.datastructures import QueryParams

from app.export import database_cells
from app.export.lists import BOM, export_query
from app.export.tabular import csv_cells, csv_columns, csv_text
from app.models import Project, ProjectFigures
from app.resources import Resource
from app.resources.catalog import budgets, metrics, projects, statements
from app.services.listing import ordered_statement
from tests.querying.helpers import budget, metric, organization, project, statement
from tests.sql_statements import executed_statements

TEXTS = ["합성 평범한 이름", '합성 "따옴표", 쉼표', "합성 줄\n바꿈", "합성 캐리지\r리턴", '"', ",", "=1+1", "+SUM(1,2)",
         "-5", "-5억 원", "+1.5e3", "@SUM(A1)", "\t=1", "'이미 따옴표", " 앞뒤 공백 ", "-１２"]
DECIMALS = ["0.5", "-3", "100", "1E+2", "0.000001", "12345678901234567890.123456789012", "-0.25"]


def python_written(session: Session, resource: Resource, params: dict) -> bytes:
    """The download as the Python formatter writes it, from the same statement."""
    query = export_query(resource, QueryParams(params), "csv")
    columns = csv_columns(resource, query.fields)
    cells = csv_cells(resource, columns)
    rows = session.execute(ordered_statement(resource, query))
    return (BOM + csv_text([columns]) + csv_text(cells(row) for row in rows)).encode()


def downloaded(client: TestClient, path: str, params: dict) -> bytes:
    response = client.get(path, params={**params, "format": "csv"})
    assert response.status_code == 200, response.text
    return response.content


@pytest.fixture
def varied(session: Session) -> int:
    """An organization whose projects, budgets, metrics and statements hold every kind of cell."""
    org = organization(session)
    dates = ["2024", "2024-Q4", "2024-02", "2024-02-29", None]
    for number, text in enumerate(TEXTS):
        made = project(session, organization_id=org, name=text, name_en=text if number % 2 else None,
                       summary=text, started=dates[number % len(dates)], ended=dates[(number + 2) % len(dates)],
                       inferred={"started": "합성 추정"} if number % 3 == 0 else {})
        budget(session, made, amount=-(10 ** number), amount_text=text, as_of=dates[number % len(dates)])
        metric(session, made, value=DECIMALS[number % len(DECIMALS)], dimensions={"구": text} if number % 2 else {})
        statement(session, made, quote=text, speaker_organization_id=org, speaker_role=text)
    made = session.execute(sa.select(Project.id).where(Project.organization_id == org).order_by(Project.id)).scalars().all()
    ratios = [None, "0", "-0.5", "10", "0.962616822", "1.000000001", "-123456789.000000001"]
    session.execute(sa.delete(ProjectFigures).where(ProjectFigures.project_id.in_(made)))
    session.execute(sa.insert(ProjectFigures), [
        {"project_id": project_id, "execution_ratio": ratios[n % len(ratios)], "lifetime_vs_plan": ratios[-n % len(ratios)],
         "cost_per_day": None if n % 4 == 0 else -n * 1000, "cost_per_day_currency": None if n % 4 == 0 else "KRW",
         "computed_at": datetime.now(UTC)} for n, project_id in enumerate(made)])
    whole_second = datetime(2024, 7, 3, 16, 15, tzinfo=UTC)  # written without a fraction of a second
    session.execute(sa.update(Project).where(Project.id == made[0]).values(created_at=whole_second,
                                                                         updated_at=datetime.now(UTC)))
    return org


@pytest.mark.parametrize(("resource", "scope"), [
    (projects, "organization_id"), (budgets, "project.organization_id"), (metrics, "project.organization_id"),
    (statements, "project.organization_id")])
@pytest.mark.parametrize("extra", [{}, {"sort": "-id"}, {"fields": "id"}])
def test_every_line_is_the_python_formatters(export_client: TestClient, session: Session, varied: int,
                                             resource: Resource, scope: str, extra: dict) -> None:
    params = {scope: str(varied), **extra}
    assert downloaded(export_client, f"/v1/{resource.path}", params) == python_written(session, resource, params)


@pytest.mark.parametrize("params", [{"sort": "-execution_ratio"}, {"sort": "lifetime_vs_plan"},
                                    {"fields": "name,started,execution_ratio,inferred", "sort": "-started"},
                                    {"execution_ratio__gt": "0"}])
def test_sorted_filtered_and_narrowed_projects_too(export_client: TestClient, session: Session, varied: int,
                                                   params: dict) -> None:
    params = {"organization_id": str(varied), **params}
    assert downloaded(export_client, "/v1/projects", params) == python_written(session, projects, params)


def test_only_rows_python_must_write_cost_a_second_statement(export_client: TestClient, session: Session,
                                                              engine: sa.Engine) -> None:
    org = organization(session)
    for name in ("합성 평범", "합성, 쉼표와 \"따옴표\"", "합성\n줄바꿈"):
        project(session, organization_id=org, name=name)
    plain = {"organization_id": str(org)}
    with executed_statements(engine) as executed:
        downloaded(export_client, "/v1/projects", plain)
    assert len([sql for sql in executed if "projects" in sql]) == 1

    project(session, organization_id=org, name="=HYPERLINK(\"https://attacker.example\")")
    with executed_statements(engine) as executed:
        body = downloaded(export_client, "/v1/projects", plain)
    assert len([sql for sql in executed if "projects" in sql]) == 2
    assert body == python_written(session, projects, plain)


def test_lines_longer_than_one_function_call_are_joined_the_same(export_client: TestClient, session: Session,
                                                                 varied: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(database_cells, "FUNCTION_ARGUMENTS", 7)  # projects have more columns than that
    params = {"organization_id": str(varied)}
    assert downloaded(export_client, "/v1/projects", params) == python_written(session, projects, params)

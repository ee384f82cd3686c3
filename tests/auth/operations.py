"""Every write operation of the API, found from the app's routes, and a valid request for each.

The auth matrix (test_auth_matrix.py) sends each of these with every kind of
credential. A new write route needs a case in `valid_request` (the matrix fails
with a message saying so) and a guard, `EDITOR` or `ADMIN` from app.auth.
"""

from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from fastapi.routing import APIRoute, RouteContext, iter_route_contexts
from sqlmodel import Session

from app.auth import require_admin
from app.auth.tokens import create_token
from app.core.etag import record_etag
from app.main import app
from app.models.api_token import TokenScope
from app.resources import ALL_RESOURCES, Resource
from app.resources.catalog import project_events
from app.resources.statement_links import statement_links
from app.services import records
from app.services.history import soft_delete
from app.services.records import create_record
from tests.factories import MAKERS, create_body, make_project_event, make_source, make_statement, next_number

WRITE_METHODS = {"POST", "PATCH", "PUT", "DELETE"}
RESOURCES = {resource.path: resource for resource in (*ALL_RESOURCES, statement_links)}
PATCHES: dict[str, dict[str, Any]] = {
    "projects": {"name": "합성 프로젝트 (인증 시험)"}, "budgets": {"amount": 7_000_000_001}, "metrics": {"value": "4.5"},
    "statements": {"kind": "announcement"}, "sources": {"title": "합성 출처 (인증 시험)"}, "citations": {"note": "합성 메모"},
    "organizations": {"name_en": "Synthetic (auth test)"}, "people": {"name": "합성 인물 (인증 시험)"},
    "statement-links": {"label": "Synthetic label"}, "project-events": {"description": "합성 종료 예정 (인증 시험)"},
}


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    route: RouteContext = field(compare=False, repr=False)

    @property
    def id(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def guards(self) -> set[Any]:
        return {dependency.call for dependency in _walk(self.route.dependant)}

    @property
    def admin_only(self) -> bool:
        return require_admin in self.guards


def _walk(dependant):
    for dependency in dependant.dependencies:
        yield dependency
        yield from _walk(dependency)


def write_operations() -> list[Operation]:
    """Every POST, PATCH, PUT and DELETE under /v1, with the dependencies its routers add."""
    return sorted((Operation(method, route.path_format, route) for route in iter_route_contexts(app.routes)
                   if isinstance(route.original_route, APIRoute) and route.path_format.startswith("/v1/")
                   for method in route.methods & WRITE_METHODS), key=lambda op: op.id)


@dataclass
class Request:
    method: str
    url: str
    json: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    success: int = 200


def make_statement_link(session: Session) -> dict[str, Any]:
    statement = make_statement(session)
    payload = statement_links.create_schema.model_validate({
        "statement_id": statement["id"], "project_id": statement["project_id"], "rating": "contradicts",
        "label": "Synthetic", "source_id": make_source(session)["id"], "excerpt": f"합성 발췌 {next_number()}"})
    return create_record(session, statement_links, payload)


def make_record(session: Session, resource: Resource) -> dict[str, Any]:
    if resource is project_events:
        return make_project_event(session)
    return make_statement_link(session) if resource is statement_links else MAKERS[resource.path](session)


def create_body_for(session: Session, resource: Resource) -> dict[str, Any]:
    if resource is statement_links:
        record = make_statement_link(session)
        return {name: record[name] for name in ("statement_id", "project_id", "rating", "source_id")} | {
            "label": "Synthetic", "excerpt": f"합성 발췌 {next_number()}"}
    return create_body(session, resource.path)


def valid_request(session: Session, operation: Operation) -> Request:
    """A request that succeeds for a caller with the right scope."""
    method, path = operation.method, operation.path
    parts = path.removeprefix("/v1/").split("/")
    resource = RESOURCES.get(parts[0])
    if resource is not None and path == f"/v1/{resource.path}" and method == "POST":
        return Request(method, path, create_body_for(session, resource), success=201)
    if resource is not None and path == f"/v1/{resource.path}/{{key}}" and method in ("PATCH", "DELETE"):
        record = make_record(session, resource)
        headers = {"If-Match": record_etag(resource, record["id"], record["version"])}
        body = PATCHES[resource.path] if method == "PATCH" else None
        return Request(method, f"/v1/{resource.path}/{record['id']}", body, headers, 200 if method == "PATCH" else 204)
    if resource is not None and path == f"/v1/{resource.path}/{{key}}/restore" and method == "POST":
        record = make_record(session, resource)
        soft_delete(session, resource, records.get_row(session, resource, str(record["id"])))
        session.commit()
        return Request(method, f"/v1/{resource.path}/{record['id']}/restore")
    if (method, path) == ("POST", "/v1/imports"):
        n = next_number()
        return Request(method, path, {"people": [{"ref": "p", "name": f"합성 인물 {n}"}], "sources": [
            {"ref": "s", "url": f"https://example.org/synthetic-import-{n}", "title": "합성", "language": "ko"}]})
    if (method, path) == ("POST", "/v1/tokens"):
        return Request(method, path, {"name": f"synthetic-token-{next_number()}", "scope": "editor"}, success=201)
    if (method, path) == ("DELETE", "/v1/tokens/{name}"):
        name = f"synthetic-token-{next_number()}"
        create_token(session, name, TokenScope.EDITOR)
        return Request(method, f"/v1/tokens/{name}", success=204)
    if (method, path) == ("POST", "/v1/sources/{key}/check"):  # a private address: refused without any request
        source = make_source(session, url=f"http://10.0.0.1/synthetic-{next_number()}")
        return Request(method, f"/v1/sources/{source['id']}/check", success=201)
    raise LookupError(f"{operation.id}: add a valid request for this write operation to tests/auth/operations.py")


def denied_request(session: Session, operation: Operation) -> Request:
    """What a denied caller sends: the valid request where one is known, else any."""
    try:
        return valid_request(session, operation)
    except LookupError:
        return Request(operation.method, operation.path.replace("{key}", "1").replace("{name}", "x"), {})


def snapshot(session: Session, tokens: bool = True) -> dict[str, Any]:
    """Row counts of every table, the sum of versions where there are versions, and (`tokens`) the token rows
    in full: an authorised request records when its token was last used, even if it is then refused."""
    session.rollback()  # what the next request sees (a refused write's transaction is rolled back, as in production)
    connection = session.connection()
    state: dict[str, Any] = {}
    for name in sorted(sa.inspect(connection).get_table_names()):
        table = sa.table(name, sa.column("version"))
        state[name] = connection.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
        if "version" in {column["name"] for column in sa.inspect(connection).get_columns(name)}:
            state[f"{name}.versions"] = connection.execute(sa.select(sa.func.sum(table.c.version))).scalar_one()
    if tokens:
        state["api_tokens.rows"] = [tuple(row) for row in connection.execute(sa.text("SELECT * FROM api_tokens ORDER BY id"))]
    return state


"""Schemathesis against the app's own OpenAPI document: every operation, with an admin token.

No response may be a server error, use an undocumented status code or content type,
or break its documented schema or headers. Besides what schemathesis generates from the
schema, ids of real records, current ETags and hostile values (NUL, "²", numbers past
INTEGER, date-times past year 9999 in UTC) are mixed in, so writes get past their
preconditions and lookups past their parsing. Few examples per operation, derandomized:
CI sends the same requests every time (RELIABILITY_FUZZ_EXAMPLES=200 for a deeper run).
"""

import os
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from pytest_httpx import HTTPXMock
from schemathesis.checks import (content_type_conformance, not_a_server_error, response_headers_conformance,
                                 response_schema_conformance, status_code_conformance)
from sqlalchemy import Engine

from app.api.v1.source_checks import checker
from app.main import app
from tests.reliability.conftest import new_token
from tests.reliability.offline_checker import offline_checker

SCHEMA = schemathesis.openapi.from_asgi("/openapi.json", app)
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          response_headers_conformance]
EXAMPLES = int(os.environ.get("RELIABILITY_FUZZ_EXAMPLES", "10"))
HOSTILE = ["²", "0", "-1", "99999999999", "99999999999999999999", "9999-12-31T23:59:59-23:59", "1,²"]
KNOWN_IDS = [str(number) for number in range(1, 7)]  # every kind has records with these ids (conftest)


@pytest.fixture
def admin(served: Engine, httpx_mock: HTTPXMock) -> dict[str, str]:
    """A fresh admin token per operation (a fuzzed DELETE /v1/tokens cannot starve the others); source checks
    stay offline."""
    httpx_mock.add_response(is_optional=True, is_reusable=True, html="<p>합성 기사</p>")
    app.dependency_overrides[checker] = offline_checker
    return {"Authorization": f"Bearer {new_token(served)}"}


def current_etag(client: TestClient, case: Any) -> str | None:
    """The ETag of the record a PATCH, DELETE or restore names, so some fuzzed writes get past If-Match."""
    response = client.get(case.formatted_path.removesuffix("/restore"))
    return response.headers.get("etag") if response.status_code == 200 else None


def probes(operation: Any) -> st.SearchStrategy:
    """What to change in a generated case: path ids (known or hostile), one query parameter, a current ETag.
    (A NUL cannot be put in a path here: the client refuses to build that URL; test_hostile_input.py sends one.)"""
    path_names = [parameter.name for parameter in operation.path_parameters]
    query_names = [parameter.name for parameter in operation.query]
    path = st.one_of(st.none(), st.sampled_from(KNOWN_IDS), st.sampled_from(HOSTILE)) if path_names else st.none()
    hostile_query = st.tuples(st.sampled_from(query_names), st.sampled_from([*HOSTILE, "a\x00b"]))
    query = st.one_of(st.none(), hostile_query) if query_names else st.none()
    return st.fixed_dictionaries({"path": path, "query": query, "etag": st.booleans()})


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda operation: operation.label)
def test_every_response_is_documented_and_no_server_error(operation: Any, admin: dict[str, str]) -> None:
    client = TestClient(app, raise_server_exceptions=False)
    takes_if_match = any(parameter.name == "If-Match" for parameter in operation.headers)

    @given(case=operation.as_strategy(), probe=probes(operation))
    @settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    def check(case: Any, probe: dict[str, Any]) -> None:
        if probe["path"] is not None:
            case.path_parameters = {name: probe["path"] for name in case.path_parameters}
        if probe["query"] is not None:
            name, value = probe["query"]
            case.query = {**(case.query or {}), name: value}
        if probe["etag"] and takes_if_match and (etag := current_etag(client, case)):
            case.headers = {**(case.headers or {}), "If-Match": etag}
        case.call_and_validate(headers=admin, checks=CHECKS)

    check()

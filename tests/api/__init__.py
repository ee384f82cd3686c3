"""HTTP-level tests of the /v1 API, plus the assertions they share."""

from typing import Any

import httpx
import orjson

from app.core.json import dumps

PROBLEM_MEDIA_TYPE = "application/problem+json"
# Text that would mean an internal detail (stack trace, SQL, driver) reached the client.
LEAK_MARKERS = ("Traceback", "File \"", "sqlalchemy", "psycopg", "sqlite3", "SELECT ", "INSERT ", "UPDATE ", "DELETE FROM")


def assert_problem(response: httpx.Response, status: int, field: str | None = None, location: str | None = None) -> dict[str, Any]:
    """The response is RFC 9457 problem+json with `status`; if `field` is given, an `errors` entry names it
    (itself or a part of it: `period_end.value` names `period_end`)."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].split(";")[0] == PROBLEM_MEDIA_TYPE
    body = response.json()
    assert body["status"] == status
    assert body["type"] and body["title"] and body["detail"]
    for marker in LEAK_MARKERS:
        assert marker not in response.text, f"internal detail {marker!r} leaked: {response.text}"
    if field is not None:
        named = [error for error in body["errors"] if error["field"] == field or error["field"].startswith(field + ".")]
        assert named, f"no error names {field!r}: {body['errors']}"
        if location is not None:
            assert named[0]["location"] == location, named
    return body


def as_json(record: dict[str, Any]) -> dict[str, Any]:
    """A record returned by the service layer as a client would see it in JSON."""
    return orjson.loads(dumps(record))


def if_match(client: httpx.Client, url: str) -> dict[str, str]:
    """Headers for a PATCH or DELETE of `url`: If-Match with the ETag of a fresh GET (as a careful writer does)."""
    response = client.get(url)
    assert response.status_code == 200, response.text
    return {"If-Match": response.headers["etag"]}

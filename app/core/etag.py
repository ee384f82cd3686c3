"""Versions as ETags: GET tells a record's version, PATCH and DELETE must name it, GET may skip the body.

A record's plain representation (GET /v1/<resource>/<id> without query parameters)
has the strong ETag `"<resource>-<id>-v<version>"`: it is fully determined by the
row, and so by its version. Any other representation of the record (`?expand=`,
`?fields=`, `?version=`, `?as_of=` …) gets the same tag plus a hash of its body,
because embedded records can change while this record's version does not; the tag
changes whenever the bytes do. If-Match compares only the version in a tag, so a
writer may name the version from whichever representation it read. Lists get a
weak ETag, a hash of the page.

PATCH and DELETE without If-Match get 428 (so no writer can overwrite a change it
has not seen); a tag naming another version gets 412. `If-Match: *` is refused
with 428 for the same reason. The service then updates `WHERE version = <read>`,
so of two writers racing from the same version only one can succeed.
"""

import hashlib
import re
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Header, Request, Response

from app.core.errors import ApiError, FieldError
from app.resources import Resource

TAG = re.compile(r'"(?P<path>[a-z][a-z0-9-]*)-(?P<id>[0-9]+)-v(?P<version>[0-9]+)(?:-[0-9a-f]+)?"')


class PreconditionRequired(ApiError):
    status, code, title = 428, "precondition-required", "Precondition required"

    def __init__(self, detail: str):
        super().__init__(detail, [FieldError(field="If-Match", location="header", message=detail, type="missing")])


class PreconditionFailed(ApiError):
    status, code, title = 412, "precondition-failed", "Precondition failed"

    def __init__(self, detail: str):
        super().__init__(detail, [FieldError(field="If-Match", location="header", message=detail, type="stale")])


PRECONDITION_RESPONSES: dict[int | str, dict[str, Any]] = {
    412: {"description": "If-Match names another version: the record changed since it was read; nothing was changed"},
    428: {"description": "If-Match is missing: GET the record and send its ETag"},
}
NOT_MODIFIED_RESPONSE: dict[int | str, dict[str, Any]] = {304: {"description": "Not modified (If-None-Match matched the ETag)"}}


def record_etag(resource: Resource, record_id: int, version: int) -> str:
    return f'"{resource.path}-{record_id}-v{version}"'


def _digest(body: bytes, length: int) -> str:
    return hashlib.sha256(body).hexdigest()[:length]


def record_response(request: Request, resource: Resource, record: dict[str, Any], response: Response) -> Response:
    """Tag a GET of one record and answer 304 when the client already has this representation."""
    if "id" in record and "version" in record:
        tag = record_etag(resource, record["id"], record["version"])
        if request.url.query:
            tag = f'{tag[:-1]}-{_digest(response.body, 16)}"'
    else:
        tag = f'"{resource.path}-{_digest(response.body, 32)}"'
    return _conditional(request, response, tag)


def list_response(request: Request, response: Response) -> Response:
    """A weak ETag (a hash of the page) on a list, and 304 when it matches If-None-Match."""
    return _conditional(request, response, f'W/"{_digest(response.body, 32)}"')


def _conditional(request: Request, response: Response, tag: str) -> Response:
    response.headers["ETag"] = tag
    wanted = request.headers.get("if-none-match")
    if response.status_code == 200 and wanted is not None:
        opaque = tag.removeprefix("W/")
        if any(candidate == "*" or candidate.removeprefix("W/") == opaque for candidate in _split(wanted)):
            headers = {name: value for name, value in response.headers.items() if name.lower() in ("etag", "vary", "link")}
            return Response(status_code=304, headers=headers)
    return response


def _split(header: str) -> list[str]:
    return [part.strip() for part in header.split(",") if part.strip()]


@dataclass(frozen=True)
class IfMatch:
    """The If-Match header of a PATCH or DELETE, checked against the stored row."""

    header: str | None

    def check(self, resource: Resource, row: Any) -> None:
        """428 when missing (or `*`), 412 unless a tag names this record at its current version."""
        if self.header is None or not self.header.strip():
            raise PreconditionRequired(f"send If-Match with the ETag of the {resource.singular} you read (GET it first)")
        tags = _split(self.header)
        if "*" in tags:
            raise PreconditionRequired("If-Match: * is not enough here: send the ETag of the version you read")
        for tag in tags:
            match = TAG.fullmatch(tag)
            if match and match["path"] == resource.path and int(match["id"]) == row.id and int(match["version"]) == row.version:
                return
        raise PreconditionFailed(f"the {resource.singular} has changed since you read it (it is now at version "
                                 f"{row.version}): GET it again and reapply your change")


def if_match_header(if_match: Annotated[str | None, Header(
    alias="If-Match", description="Required: the ETag from your GET of the record. Missing: 428; stale: 412.",
    examples=['"projects-1-v3"'])] = None) -> IfMatch:
    return IfMatch(if_match)


IfMatchDep = Annotated[IfMatch, Depends(if_match_header)]

"""Which representation a list request wants: `format=` first, then the Accept header.

Only an explicit `text/csv` or `application/x-ndjson` selects an export; wildcards
and types the server cannot produce keep JSON, so a browser never gets a 406.
"""

import math

from starlette.datastructures import QueryParams
from starlette.requests import Request

from app.core.errors import InvalidParameter

FORMATS = ("json", "csv", "ndjson")
EXPORT_MEDIA_TYPES = {"text/csv": "csv", "application/x-ndjson": "ndjson", "application/ndjson": "ndjson"}
JSON_RANGES = {"application/json": 2, "application/*": 1, "*/*": 0}  # media range -> specificity


def negotiate(request: Request) -> tuple[str, QueryParams]:
    """The format asked for, and the query parameters without `format` (which is not a filter)."""
    params = request.query_params
    given = set(params.getlist("format"))
    rest = QueryParams([(name, value) for name, value in params.multi_items() if name != "format"])
    if len(given) > 1:
        raise InvalidParameter("format", f"given more than once with different values ({', '.join(sorted(given))})")
    if given:
        (chosen,) = given
        if chosen not in FORMATS:
            raise InvalidParameter("format", f"unknown format {chosen!r}", list(FORMATS))
        return chosen, rest
    return from_accept(request.headers.get("accept")), rest


def from_accept(accept: str | None) -> str:
    """The export format an Accept header prefers to JSON (by q, then specificity), else json."""
    if not accept:
        return "json"
    json_score, best, best_score = (0.0, -1), "json", (0.0, -1)
    for media, q in _media_ranges(accept):
        if media in JSON_RANGES:
            json_score = max(json_score, (q, JSON_RANGES[media]))
        elif media in EXPORT_MEDIA_TYPES and q > 0 and (q, 2) > best_score:
            best, best_score = EXPORT_MEDIA_TYPES[media], (q, 2)
    return best if best_score > json_score else "json"


def _media_ranges(accept: str) -> list[tuple[str, float]]:
    ranges = []
    for part in accept.split(","):
        media, *parameters = (piece.strip() for piece in part.split(";"))
        q = 1.0
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
                q = min(max(q, 0.0), 1.0) if math.isfinite(q) else 0.0
        if media:
            ranges.append((media.lower(), q))
    return ranges

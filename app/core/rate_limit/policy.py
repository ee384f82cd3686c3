"""The cost model: which requests count against which limit. The only place that says so.

Writes count per token. Reads that make the database work hard count per IP address
("expensive"). Every other read, the hot path (a record, a list page, /healthz), is never
counted. Operations are named by their OpenAPI operation id, so the same table documents
the 429 (docs.py) and decides at run time.
"""

from starlette.requests import Request

WRITES, EXPENSIVE = "writes", "expensive"
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

# GET operations that are expensive whatever their parameters (operation id, or its prefix, -> why).
EXPENSIVE_OPERATIONS = {
    "search": "ranked full-text search over every resource",
    "compare_projects": "the scorecards of up to ten projects",
    "get_project_scorecard": "every derived figure of a project, with its inputs",
    "export_datapackage": "the whole dataset as a zip",
}
EXPENSIVE_PREFIXES = ("summarise_",)  # /v1/<resource>/summary: sums and counts over a filtered list
LIST_PREFIX = "list_"  # lists: expensive only when they search, expand or export (below)
EXPENSIVE_LIST_PARAMETERS = ("q", "expand")
EXPORT_FORMATS = frozenset({"csv", "ndjson"})
EXPORT_MEDIA_TYPES = ("text/csv", "ndjson")  # in Accept: how a list is also asked for as an export


def always_expensive(operation_id: str) -> bool:
    return operation_id in EXPENSIVE_OPERATIONS or operation_id.startswith(EXPENSIVE_PREFIXES)


def route_limit(method: str, operation_id: str | None) -> str | None:
    """The limit an operation may count against (the 429 is documented on it)."""
    if method in WRITE_METHODS:
        return WRITES
    if method == "GET" and operation_id and (always_expensive(operation_id) or operation_id.startswith(LIST_PREFIX)):
        return EXPENSIVE
    return None


def request_limit(request: Request) -> str | None:
    """The limit this request counts against, if any: a list only when it searches, expands or exports."""
    operation_id = getattr(request.scope.get("route"), "operation_id", None)
    limit = route_limit(request.method, operation_id)
    if limit != EXPENSIVE or always_expensive(operation_id or ""):
        return limit
    params = request.query_params
    if any(params.get(name) for name in EXPENSIVE_LIST_PARAMETERS) or EXPORT_FORMATS.intersection(params.getlist("format")):
        return EXPENSIVE
    accept = request.headers.get("accept", "")
    return EXPENSIVE if any(media in accept for media in EXPORT_MEDIA_TYPES) else None


def describe(limit: str) -> str:
    if limit == WRITES:
        return "writes (POST, PATCH, PUT, DELETE), counted per token, or per IP address without one"
    return ("expensive reads, counted per IP address: search (/v1/search, q= on lists), summaries, exports (format=csv "
            "or ndjson, the data package), comparisons, scorecards and lists with expand=")

"""No NUL characters in a URL: refused with a 400 naming the parameter, before any query runs.

PostgreSQL cannot hold or compare text containing U+0000 (the query fails), while SQLite
would accept it; refusing it up front gives one answer on both engines.
"""

from fastapi import Request

from app.core.errors import ApiError, FieldError

MESSAGE = "must not contain NUL characters"


class NulInUrl(ApiError):
    status, code, title = 400, "invalid-parameter", "Invalid request parameter"


async def refuse_nul_in_url(request: Request) -> None:
    """A router dependency of /v1: path parameters and query parameters (names and values)."""
    for location, items in (("path", request.path_params.items()), ("query", request.query_params.multi_items())):
        for name, value in items:
            if "\x00" in name or "\x00" in str(value):
                field = name.replace("\x00", "\\u0000")
                raise NulInUrl(f"{field}: {MESSAGE}", [FieldError(field=field, location=location, message=MESSAGE,
                                                                  type="nul_character")])

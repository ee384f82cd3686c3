"""Refuse a JSON body that names the same key twice in one object, instead of keeping the last silently.

RFC 8259 leaves duplicate names undefined and parsers disagree (Python keeps the last one, some
keep the first), so `{"amount": 1, "amount": 2}` could mean different things to a proxy, a log
and us. Checked before any route reads the body: a 422 problem names the key.
"""

import json

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.errors import FieldError, problem_response

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH"})


class DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _refuse_duplicates(pairs: list[tuple[str, object]]) -> dict[str, object]:
    result: dict[str, object] = {}
    for key, value in pairs:
        if key in result:
            raise DuplicateKey(key)
        result[key] = value
    return result


def duplicate_key(body: bytes) -> str | None:
    """The first key found twice in one object of `body`; None if there is none or `body` is not JSON."""
    try:
        json.loads(body, object_pairs_hook=_refuse_duplicates)
    except DuplicateKey as duplicate:
        return duplicate.key
    except ValueError:
        return None  # not JSON: the route's own parsing answers that (400 malformed-json)
    return None


def _is_json(scope: Scope) -> bool:
    content_type = dict(scope["headers"]).get(b"content-type", b"").split(b";")[0].strip().lower()
    return content_type == b"application/json" or content_type.endswith(b"+json")


class DuplicateKeyMiddleware:
    """Reads a JSON write body (up to `max_bytes`; a longer one is left to the body limits), then replays it."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in WRITE_METHODS or not _is_json(scope):
            await self.app(scope, receive, send)
            return
        messages: list[Message] = []
        size, more = 0, True
        while more and size <= self.max_bytes:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                break
            size += len(message.get("body", b""))
            more = message.get("more_body", False)
        if not more and (key := duplicate_key(b"".join(m.get("body", b"") for m in messages))) is not None:
            message = "this key appears more than once in the same JSON object; send it once"
            response = problem_response(Request(scope), 422, "validation-error", "Request body is invalid",
                                        f"{key}: {message}", [FieldError(field=key, location="body", message=message,
                                                                         type="duplicate_key")])
            await response(scope, receive, send)
            return

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)

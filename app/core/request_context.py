"""Who is changing the data, and why: per-request context read by the history writer.

The auth dependency sets the actor (the token's name), `capture_change_reason`
the reason from the `X-Change-Reason` header; scripts use `acting_as` (the seed
loader is "seed"). Values must be set from `async` dependencies (or the code
itself): `def` dependencies run in a copy of the context and their values are lost.
"""

import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Annotated
from urllib.parse import unquote

from fastapi import Depends, Header

from app.core.errors import BadRequest, FieldError

MAX_REASON_CHARS = 1000
_actor: ContextVar[str | None] = ContextVar("actor", default=None)
_reason: ContextVar[str | None] = ContextVar("reason", default=None)


def actor() -> str | None:
    return _actor.get()


def reason() -> str | None:
    return _reason.get()


def set_actor(name: str | None) -> None:
    _actor.set(name)


def set_reason(text: str | None) -> None:
    _reason.set(text)


@contextmanager
def acting_as(name: str | None, why: str | None = None) -> Iterator[None]:
    """Attribute the changes made inside the block (outside any request)."""
    actor_token, reason_token = _actor.set(name), _reason.set(why)
    try:
        yield
    finally:
        _actor.reset(actor_token)
        _reason.reset(reason_token)


def decode_reason(raw: str | None) -> str | None:
    """Header text as sent: raw UTF-8 (curl) is recovered; `UTF-8''<percent-encoded>` (RFC 8187) is decoded."""
    if raw is None:
        return None
    if raw[:7].upper() == "UTF-8''":
        try:
            text = unquote(raw[7:], encoding="utf-8", errors="strict")
        except UnicodeError:
            raise _invalid("the percent-encoded text is not UTF-8", "invalid_encoding") from None
    else:
        try:
            text = raw.encode("latin-1").decode("utf-8")
        except UnicodeError:
            text = raw
    text = text.strip()
    if any(unicodedata.category(character) == "Cc" for character in text):
        raise _invalid("must not contain control characters (U+0000-U+001F, U+007F-U+009F)", "control_character")
    if len(text) > MAX_REASON_CHARS:
        raise _invalid(f"at most {MAX_REASON_CHARS} characters", "too_long")
    return text or None


def _invalid(message: str, kind: str) -> BadRequest:
    return BadRequest(f"X-Change-Reason: {message}",
                      [FieldError(field="X-Change-Reason", location="header", message=message, type=kind)])


async def capture_change_reason(x_change_reason: Annotated[str | None, Header(
    description="Why this change is made; kept in the record's history and the public corrections feed. "
                "Plain text (UTF-8); browsers may send `UTF-8''` followed by the percent-encoded text "
                "(the example is \"예산 정정: 시 보도자료 기준\", so written).",
    examples=["UTF-8''%EC%98%88%EC%82%B0%20%EC%A0%95%EC%A0%95%3A%20%EC%8B%9C%20%EB%B3%B4%EB%8F%84%EC%9E%90%EB%A3%8C"
              "%20%EA%B8%B0%EC%A4%80"])] = None) -> None:
    """FastAPI dependency of every write endpoint: the reason goes into this request's context."""
    set_reason(decode_reason(x_change_reason))


CHANGE_REASON = Depends(capture_change_reason)

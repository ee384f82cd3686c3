"""Opaque, tamper-evident keyset cursors.

A cursor carries the sort key values of the last row served plus the sort it
belongs to, signed with HMAC so that a forged or edited cursor is refused (400)
instead of silently paging somewhere else.
"""

import base64
import hashlib
import hmac
from typing import Any

import orjson

from app.core.config import get_settings
from app.core.errors import InvalidParameter

SIGNATURE_BYTES = 16


def _sign(payload: bytes) -> bytes:
    key = get_settings().cursor_secret.encode()
    return hmac.new(key, payload, hashlib.sha256).digest()[:SIGNATURE_BYTES]


def encode_cursor(sort_signature: str, values: list[Any]) -> str:
    payload = orjson.dumps([sort_signature, values])
    token = payload + _sign(payload)
    return base64.urlsafe_b64encode(token).rstrip(b"=").decode()


def decode_cursor(cursor: str, sort_signature: str) -> list[Any]:
    try:
        token = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
    except (ValueError, TypeError):
        raise InvalidParameter("cursor", "malformed cursor; pass the `next` value of a previous page unchanged") from None
    payload, signature = token[:-SIGNATURE_BYTES], token[-SIGNATURE_BYTES:]
    if len(token) <= SIGNATURE_BYTES or not hmac.compare_digest(signature, _sign(payload)):
        raise InvalidParameter("cursor", "invalid or tampered cursor; pass the `next` value of a previous page unchanged")
    signed_sort, values = orjson.loads(payload)
    if signed_sort != sort_signature:
        raise InvalidParameter("cursor", "this cursor belongs to another sort order; keep `sort` unchanged while paging")
    return values

"""Fast, exact JSON: orjson, with Decimals written as strings so no digit is lost."""

from decimal import Decimal
from typing import Any

import orjson
from fastapi.responses import JSONResponse as FastAPIJSONResponse


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value, "f")
    raise TypeError(f"Cannot serialise {type(value).__name__}")


def dumps(value: Any) -> bytes:
    return orjson.dumps(value, default=_default, option=orjson.OPT_NON_STR_KEYS)


class JSONResponse(FastAPIJSONResponse):
    """Subclassing FastAPI's JSONResponse keeps response models in the OpenAPI spec."""

    def render(self, content: Any) -> bytes:
        return dumps(content)

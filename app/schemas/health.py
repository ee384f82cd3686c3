"""The answer of GET /healthz (an outage is the 503 problem instead)."""

from typing import Literal

from pydantic import BaseModel


class Health(BaseModel):
    status: Literal["ok"]
    database: Literal["ok"]

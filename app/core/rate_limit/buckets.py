"""Token buckets: how many requests of one kind a client may still make.

A bucket holds at most `burst` tokens and regains `per_minute` of them a minute; each
request takes one and is refused when less than one is left. A bucket is two numbers
(tokens, and when they were counted), kept here in memory or in Redis (redis_store.py,
the same arithmetic in Lua), so both stores answer alike.
"""

import math
from collections import OrderedDict
from dataclasses import dataclass
from threading import Lock


@dataclass(frozen=True)
class Limit:
    name: str  # named in the 429 problem
    per_minute: float
    burst: int
    covers: str  # what it counts, for people

    @property
    def per_second(self) -> float:
        return self.per_minute / 60


@dataclass(frozen=True)
class Decision:
    limit: Limit
    allowed: bool
    tokens: float  # left after this request

    @property
    def retry_after(self) -> int:
        """Whole seconds until one more request will pass (at least 1 when refused)."""
        return 0 if self.allowed else max(1, math.ceil((1 - self.tokens) / self.limit.per_second))

    def headers(self) -> dict[str, str]:
        """IETF draft RateLimit fields: the burst, what is left of it, and seconds until it is whole again."""
        reset = max(0, math.ceil((self.limit.burst - self.tokens) / self.limit.per_second))
        headers = {"RateLimit-Limit": str(self.limit.burst), "RateLimit-Remaining": str(math.floor(self.tokens)),
                   "RateLimit-Reset": str(reset)}
        if not self.allowed:
            headers["Retry-After"] = str(self.retry_after)
        return headers


def refill(tokens: float, counted_at: float, now: float, limit: Limit) -> float:
    return min(float(limit.burst), tokens + max(0.0, now - counted_at) * limit.per_second)


class MemoryStore:
    """Buckets of this process, least recently used first. Memory stays bounded: a bucket that has
    refilled is the same as none and is dropped; past `max_clients`, the oldest go (they start full again)."""

    def __init__(self, max_clients: int = 50_000) -> None:
        self.max_clients = max_clients
        self._buckets: OrderedDict[str, tuple[float, float, Limit]] = OrderedDict()
        self._lock = Lock()

    def take(self, key: str, limit: Limit, now: float) -> Decision:
        with self._lock:
            tokens, counted_at, _ = self._buckets.pop(key, (float(limit.burst), now, limit))
            tokens = refill(tokens, counted_at, now, limit)
            allowed = tokens >= 1
            if allowed:
                tokens -= 1
            self._buckets[key] = (tokens, now, limit)
            self._evict(now)
        return Decision(limit, allowed, tokens)

    def __len__(self) -> int:
        return len(self._buckets)

    def _evict(self, now: float) -> None:
        while self._buckets:
            key, (tokens, counted_at, limit) = next(iter(self._buckets.items()))
            if len(self._buckets) <= self.max_clients and refill(tokens, counted_at, now, limit) < limit.burst:
                return
            del self._buckets[key]

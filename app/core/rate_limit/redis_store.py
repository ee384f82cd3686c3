"""Buckets in Redis, shared by every worker and host: one atomic Lua script per request.

Limits protect the service; they must never take it down. When Redis cannot be reached
(or answers slower than its timeout), the request goes unlimited, a warning is logged, and
Redis is not asked again for RETRY_SECONDS, so an outage costs one timeout, not one per request.
"""

import logging
from time import monotonic

import redis
from redis.exceptions import RedisError

from app.core.rate_limit.buckets import Decision, Limit

logger = logging.getLogger(__name__)
RETRY_SECONDS = 5.0

# The arithmetic of buckets.MemoryStore.take, done where the bucket lives so two workers never race.
TAKE = """
local burst, per_second, now = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens, at = tonumber(state[1]) or burst, tonumber(state[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) * per_second)
local allowed = 0
if tokens >= 1 then tokens = tokens - 1; allowed = 1 end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) / per_second * 1000) + 1000)
return {allowed, tostring(tokens)}
"""


class RedisStore:
    def __init__(self, url: str, prefix: str = "", timeout_seconds: float = 0.25) -> None:
        self.prefix = prefix
        self.client = redis.Redis.from_url(url, socket_timeout=timeout_seconds, socket_connect_timeout=timeout_seconds)
        self._take = self.client.register_script(TAKE)
        self._skip_until = 0.0

    def take(self, key: str, limit: Limit, now: float) -> Decision | None:
        """The decision, or None when Redis is unavailable (the caller lets the request through)."""
        if monotonic() < self._skip_until:
            return None
        try:
            allowed, tokens = self._take(keys=[self.prefix + key], args=[limit.burst, repr(limit.per_second), repr(now)])
        except (RedisError, OSError) as error:
            self._skip_until = monotonic() + RETRY_SECONDS
            logger.warning("rate limits are off for %.0f s: Redis is unavailable (%s)", RETRY_SECONDS, type(error).__name__)
            return None
        return Decision(limit, bool(allowed), float(tokens))

    def close(self) -> None:
        self.client.close()

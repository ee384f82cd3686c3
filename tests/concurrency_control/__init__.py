"""No lost updates, no duplicates: ETags and If-Match, Idempotency-Key, and the all-or-nothing bulk import."""

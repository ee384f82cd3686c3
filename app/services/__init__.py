"""Business logic: the generic record service and domain services built on it."""

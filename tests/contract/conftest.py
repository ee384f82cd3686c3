"""Contract tests read a seeded database the app serves (the reliability tests' fixtures)."""

from tests.reliability.conftest import seeded_engine, served

__all__ = ["seeded_engine", "served"]

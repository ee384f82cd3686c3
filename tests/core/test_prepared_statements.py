"""A read repeated across requests is prepared once on PostgreSQL, not planned again by every request."""

import pytest
from sqlalchemy import text
from sqlmodel import Session

from app.core.db import make_engine
from tests.conftest import TEST_DATABASE_URL

pytestmark = pytest.mark.skipif(not TEST_DATABASE_URL, reason="PostgreSQL only: set TEST_DATABASE_URL=postgresql://…")

READ = text("SELECT count(*) FROM pg_class WHERE relkind = :kind")


def test_a_read_stays_prepared_after_each_session_rolls_back():
    engine = make_engine(TEST_DATABASE_URL)
    try:
        for _ in range(8):  # beyond psycopg's prepare threshold; each session ends in ROLLBACK
            with Session(engine) as session:
                session.execute(READ, {"kind": "r"}).scalar_one()
        with Session(engine) as session:
            prepared = session.execute(text("SELECT statement FROM pg_prepared_statements")).scalars().all()
        assert any("pg_class" in statement for statement in prepared)
    finally:
        engine.dispose()

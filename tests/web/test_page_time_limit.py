"""A page whose query runs past the statement time limit is a 503 page, not a problem document."""

from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from app.core.db import make_engine
from app.main import app
from app.web import home
from tests.core.test_statement_timeout import SLOW_READ
from tests.web import HTML, parse, text


def test_a_page_over_the_time_limit_says_so_with_retry_after(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    limited = make_engine(f"sqlite:///{tmp_path / 'limited.db'}", statement_timeout_ms=50)

    def slow_list(session, params):  # the list's query, as slow as a runaway one
        with limited.connect() as connection:
            connection.execute(sa.text(SLOW_READ["sqlite"]))

    monkeypatch.setattr(home, "project_list", slow_list)
    try:
        with TestClient(app, raise_server_exceptions=False) as client:
            response = client.get("/", headers=HTML)
    finally:
        limited.dispose()
    assert response.status_code == 503 and response.headers["retry-after"] == "5"
    assert response.headers["content-type"].startswith("text/html")
    assert "statement time limit" in text(parse(response.text).find(".//main"))

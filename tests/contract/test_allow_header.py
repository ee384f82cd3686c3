"""A 405 lists in `Allow` exactly the methods the document gives the path (not only the first route's)."""

import pytest
from fastapi.testclient import TestClient

from app.main import app

DOCUMENTED = {path: {method.upper() for method in operations} for path, operations in app.openapi()["paths"].items()}
PARAMETERS = {"key": "1", "statement_id": "1", "check_id": "1", "name": "desk"}


@pytest.mark.parametrize("path", list(DOCUMENTED))
def test_a_405_names_every_documented_method_of_the_path(path: str) -> None:
    refused = next(method for method in ("PUT", "PATCH", "DELETE", "POST", "GET") if method not in DOCUMENTED[path])

    response = TestClient(app).request(refused, path.format(**PARAMETERS))

    assert response.status_code == 405
    assert set(response.headers["allow"].split(", ")) == DOCUMENTED[path]

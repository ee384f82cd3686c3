"""/docs and /redoc load only files the app serves itself (tests/browser renders them offline in Chromium)."""

import re

import pytest
from fastapi.testclient import TestClient

from app.main import app

ASSET_LINK = re.compile(r'(?:src|href)="([^"]+)"')


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_the_docs_pages_load_only_the_apps_own_files(page: str) -> None:
    with TestClient(app) as client:
        html = client.get(page)
        assets = ASSET_LINK.findall(html.text)
        responses = {asset: client.get(asset) for asset in assets}
    assert html.status_code == 200 and 'lang="en"' in html.text
    assert assets and all(asset.startswith("/static/docs/") for asset in assets)
    assert {asset: response.status_code for asset, response in responses.items()} == dict.fromkeys(assets, 200)
    assert "<script>" not in html.text  # no inline script: the page's CSP allows only the app's files
    assert "script-src 'self';" in html.headers["content-security-policy"]

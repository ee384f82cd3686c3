"""Settings as an operator writes them: comma-separated lists or JSON, and one clear line for a wrong value."""

import os
import subprocess
import sys

import pytest

from app.core.config import InvalidSettings, Settings, get_settings
from tests.conftest import ROOT


@pytest.mark.parametrize(("written", "origins"), [
    ("http://localhost:5173", ["http://localhost:5173"]),
    ("http://localhost:5173, https://explorer.example", ["http://localhost:5173", "https://explorer.example"]),
    ('["http://localhost:5173", "https://explorer.example"]', ["http://localhost:5173", "https://explorer.example"]),
    ("", []),
])
def test_lists_are_read_comma_separated_or_as_json(monkeypatch: pytest.MonkeyPatch, written: str, origins: list[str]) -> None:
    monkeypatch.setenv("CORS_ORIGINS", written)
    monkeypatch.setenv("SOURCE_CHECK_ALLOWED_NETWORKS", "127.0.0.0/8,::1/128")

    settings = Settings()

    assert settings.cors_origins == origins
    assert settings.source_check_allowed_networks == ["127.0.0.0/8", "::1/128"]


def test_a_wrong_setting_is_named_in_one_line_without_its_value(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STATEMENT_TIMEOUT_MS", "three seconds")
    get_settings.cache_clear()
    try:
        with pytest.raises(InvalidSettings) as raised:
            get_settings()
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()

    assert str(raised.value).startswith("invalid setting STATEMENT_TIMEOUT_MS: ")
    assert "\n" not in str(raised.value) and "three seconds" not in str(raised.value)


def test_the_server_does_not_start_on_a_wrong_setting_and_says_why_in_one_line() -> None:
    environment = {**os.environ, "CORS_ORIGINS": '["http://localhost:5173"', "DATABASE_URL": "sqlite:///:memory:"}

    ended = subprocess.run([sys.executable, "-c", "import app.main"], cwd=ROOT, env=environment,
                           capture_output=True, text=True, timeout=60)

    assert ended.returncode == 1
    assert ended.stderr.strip().splitlines() == [
        'invalid setting CORS_ORIGINS: Value error, starts with [ but is not a JSON list; write a,b or ["a", "b"]']

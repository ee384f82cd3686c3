"""Settings, read once from the environment (or a .env file) and cached."""

from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    database_url: str = Field(
        "sqlite:///./data/accountability.db",
        description="SQLAlchemy URL; postgresql:// URLs use psycopg 3.",
    )
    cursor_secret: str = Field(
        "change-me-in-production",
        description="Key that signs pagination cursors so a forged one is refused.",
    )
    default_page_size: int = 50
    max_page_size: int = 1000
    db_pool_size: int = 10
    db_max_overflow: int = 30
    db_pool_timeout_seconds: float = 10.0
    sqlite_busy_timeout_ms: int = 5000
    statement_timeout_ms: int = 5000


@lru_cache
def get_settings() -> Settings:
    return Settings()

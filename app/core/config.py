"""Settings, read once from the environment (or a .env file) and cached.

Lists accept what an operator writes: `a,b` as well as the JSON `["a", "b"]`. A wrong value
stops start-up with one line naming the variable (InvalidSettings), not a traceback.
"""

from functools import lru_cache
from typing import Annotated, Any

import orjson
from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict, SettingsError


def operator_list(value: Any) -> Any:
    """A JSON list, or comma-separated text; blanks around items are dropped."""
    if not isinstance(value, str):
        return value
    if value.lstrip().startswith("["):
        try:
            return orjson.loads(value)
        except orjson.JSONDecodeError:
            raise ValueError("starts with [ but is not a JSON list; write a,b or [\"a\", \"b\"]") from None
    return [item.strip() for item in value.split(",") if item.strip()]


TextList = Annotated[list[str], NoDecode]


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
    max_body_bytes: int = Field(1_048_576, description="Largest request body accepted (larger: 413).")
    max_url_bytes: int = Field(16_384, ge=1024, description="Longest path and query accepted (longer: 414).")
    max_import_body_bytes: int = Field(16_777_216, description="Largest bulk import body accepted (larger: 413).")
    cors_origins: TextList = Field(default_factory=list, description="Origins allowed to call the API from browsers.")
    max_import_records: int = Field(1000, description="Most records one bulk import may hold (more: 400).")
    db_pool_size: int = 10
    db_max_overflow: int = 30
    db_pool_timeout_seconds: float = Field(
        4.0, gt=0, description="Longest a request waits for a free pooled connection (then 503).")
    db_connect_timeout_seconds: int = Field(
        3, ge=2, description="PostgreSQL: stop connecting after this long (a 503), not wait on an unreachable host.")
    db_answer_grace_seconds: float = Field(
        1.0, gt=0, description="PostgreSQL: how long past the statement limit to wait for any answer before dropping "
                               "the connection (a frozen server: 503); also the limit of a pre-ping.")
    sqlite_busy_timeout_ms: int = Field(
        4000, ge=0, description="SQLite: longest wait for a lock held by another connection (then 503).")
    statement_timeout_ms: int = Field(
        3000, ge=0, description="Longest one statement may run (0: no limit); a streamed export's limit is per batch.")
    # Per-client rate limits (app.core.rate_limit): a token bucket per client and kind of request.
    rate_limit_enabled: bool = True
    rate_limit_writes_per_minute: float = Field(60, gt=0, description="POST/PATCH/PUT/DELETE per token (else per IP).")
    rate_limit_writes_burst: int = Field(30, ge=1, description="Writes a client may send at once before the rate applies.")
    rate_limit_expensive_per_minute: float = Field(
        120, gt=0, description="Searches, summaries, exports, comparisons, scorecards, lists with expand= per IP.")
    rate_limit_expensive_burst: int = Field(60, ge=1)
    rate_limit_redis_url: str | None = Field(
        None, description="Share the limits between workers and hosts (redis://host:6379/0); else kept per process.")
    rate_limit_redis_prefix: str = "accountability:rate:"
    rate_limit_redis_timeout_seconds: float = Field(0.25, gt=0, description="Longer: the request goes unlimited.")
    rate_limit_max_clients: int = Field(50_000, ge=1, description="Buckets kept in memory per process (idle ones go first).")
    publisher_name: str = Field(
        "Public-project accountability dataset",
        description="Who publishes this dataset: the author of its ClaimReview exports.",
    )
    publisher_url: str | None = Field(None, description="The publisher's web address, if any.")
    public_base_url: str = Field(
        "http://localhost:8000",
        description="Where the API is served, for absolute links in exports made outside a request.",
    )
    dataset_license: str = Field("CC-BY-4.0", description="SPDX id of the dataset's licence (data package export).")
    dataset_license_title: str = Field("Creative Commons Attribution 4.0 International")
    dataset_license_url: str = Field("https://creativecommons.org/licenses/by/4.0/")
    # Source checker (app.services.source_checks.checker_config builds its CheckerConfig from these).
    source_check_contact_url: str | None = Field(
        None, description="Shown in the checker's User-Agent so site owners can reach us (else publisher_url).")
    source_check_timeout_seconds: float = 10.0
    source_check_total_timeout_seconds: float = 30.0
    source_check_max_retries: int = 2
    source_check_max_bytes: int = 5 * 1024 * 1024
    source_check_max_concurrency: int = 8
    source_check_per_host_interval_seconds: float = 1.0
    source_check_allowed_hosts: TextList = Field(
        default_factory=list, description="Hosts exempt from the private-address refusal (tests, a local mirror).")
    source_check_allowed_networks: TextList = Field(
        default_factory=list, description='Networks exempt likewise, e.g. 127.0.0.0/8. Empty in production.')

    _lists = field_validator("cors_origins", "source_check_allowed_hosts", "source_check_allowed_networks",
                             mode="before")(operator_list)


class InvalidSettings(SystemExit):
    """Raised instead of a traceback: its text, one line per wrong variable, is all an operator sees."""


def describe(error: ValidationError | SettingsError) -> str:
    if isinstance(error, SettingsError):
        return f"invalid setting: {error}"
    # The value itself is not repeated: it may be a secret (DATABASE_URL, CURSOR_SECRET).
    return "\n".join(f"invalid setting {'.'.join(str(part) for part in problem['loc']).upper()}: {problem['msg']}"
                     for problem in error.errors())


@lru_cache
def get_settings() -> Settings:
    try:
        return Settings()
    except (ValidationError, SettingsError) as error:
        raise InvalidSettings(describe(error)) from None

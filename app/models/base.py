"""What every table shares: naming convention, exact column types, bookkeeping columns."""

from datetime import UTC, datetime
from decimal import Context, Decimal
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel

MAX_ID = 2**31 - 1  # ids are INTEGER on PostgreSQL: a larger number names no record

# Constraint names must be deterministic so that migrations can find them later.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator):
    """Timestamps stored in UTC and always returned timezone-aware (SQLite drops the zone)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; give a timezone")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class ExactDecimal(TypeDecorator):
    """A decimal that never passes through a float.

    PostgreSQL stores NUMERIC; SQLite (whose NUMERIC affinity converts to REAL)
    stores the canonical decimal text.
    """

    impl = sa.Numeric(asdecimal=True)
    cache_ok = True
    # Normalising ("2.50" → "2.5") must never round: the default context keeps only 28 digits.
    exact = Context(prec=100)

    def load_dialect_impl(self, dialect):
        if dialect.name == "sqlite":
            return dialect.type_descriptor(sa.String(64))
        return dialect.type_descriptor(sa.Numeric(asdecimal=True))

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        value = Decimal(value)
        return format(value.normalize(self.exact), "f") if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect) -> Decimal | None:
        if value is None:
            return None
        return Decimal(value).normalize(self.exact)


class ScaledDecimal(TypeDecorator):
    """An exact decimal with at most `scale` places, stored as the integer value × 10^scale (BIGINT).

    Integers compare and sort in an ordinary index on both engines, where ExactDecimal
    (text on SQLite) cannot; the stored rankable figures use it (app.models.project_figures).
    """

    impl = sa.BigInteger
    cache_ok = True

    def __init__(self, scale: int):
        super().__init__()
        self.scale = scale

    def process_bind_param(self, value, dialect) -> int | None:
        if value is None:
            return None
        scaled = Decimal(value).scaleb(self.scale, ExactDecimal.exact)
        if scaled != scaled.to_integral_value():
            raise ValueError(f"{value} has more than {self.scale} decimal places")
        return int(scaled)

    def process_result_value(self, value, dialect) -> Decimal | None:
        if value is None:
            return None
        return Decimal(int(value)).scaleb(-self.scale, ExactDecimal.exact).normalize(ExactDecimal.exact)


def enum_column(enum: type[StrEnum], name: str, **column_kwargs) -> sa.Column:
    """A VARCHAR with a CHECK constraint listing the allowed values (same on both engines)."""
    sa_enum = sa.Enum(
        enum, name=name, native_enum=False, create_constraint=True, validate_strings=True,
        values_callable=lambda members: [member.value for member in members], length=32,
    )
    return sa.Column(sa_enum, **column_kwargs)


def utcnow() -> datetime:
    return datetime.now(UTC)


class TableBase(SQLModel):
    """Bookkeeping columns of every table. `version` counts committed changes; `deleted_at` marks a soft delete."""

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    version: int = Field(default=1, nullable=False)
    deleted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)  # soft delete (app.services.history)


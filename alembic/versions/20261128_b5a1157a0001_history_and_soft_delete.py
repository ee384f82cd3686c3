"""Revisions (history of every change) and soft delete

Adds `deleted_at` to every record table and the `revisions` table, which the
database itself keeps append-only (triggers refuse UPDATE and DELETE). Records
already present get one baseline revision each (their current values, at their
`updated_at`), so `?version=`, `as_of=` and the history work for them too.

Revision ID: b5a1157a0001
Revises: eeec61ba3be5
"""

import json
from collections.abc import Sequence
from datetime import UTC, date, datetime
from decimal import Context, Decimal

import sqlalchemy as sa
import sqlmodel
from alembic import op

import app.models.base

revision: str = "b5a1157a0001"
down_revision: str | None = "eeec61ba3be5"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (resource path, table) of every record table at this revision.
RECORD_TABLES = (
    ("organizations", "organizations"), ("people", "people"), ("sources", "sources"), ("projects", "projects"),
    ("budgets", "budgets"), ("metrics", "metrics"), ("statements", "statements"), ("citations", "citations"),
    ("statement-links", "statement_links"),
)
INDEXES = (("ix_revisions_project_id_id", ["project_id", "id"]), ("ix_revisions_entity_at", ["entity", "at"]),
           ("ix_revisions_at", ["at"]))
BASELINE_REASON = "baseline: the record as it stood when history began"
BACKFILL_CHUNK = 1000
FACT_TABLES = {"budget_id": "budgets", "metric_id": "metrics", "statement_id": "statements"}
EXACT = Context(prec=100)  # normalize() must never round a 42-digit decimal
SQLITE_GUARDS = (
    "CREATE TRIGGER revisions_no_update BEFORE UPDATE ON revisions BEGIN SELECT RAISE(ABORT, 'revisions are immutable'); END",
    "CREATE TRIGGER revisions_no_delete BEFORE DELETE ON revisions BEGIN SELECT RAISE(ABORT, 'revisions are immutable'); END",
)
POSTGRESQL_GUARDS = (
    """CREATE FUNCTION revisions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'revisions are immutable'; END $$""",
    """CREATE TRIGGER revisions_immutable BEFORE UPDATE OR DELETE ON revisions
    FOR EACH ROW EXECUTE FUNCTION revisions_immutable()""",
)
SQLITE_UNGUARD = ("DROP TRIGGER IF EXISTS revisions_no_delete", "DROP TRIGGER IF EXISTS revisions_no_update")
POSTGRESQL_UNGUARD = ("DROP TRIGGER IF EXISTS revisions_immutable ON revisions", "DROP FUNCTION IF EXISTS revisions_immutable()")


def upgrade() -> None:
    for _, table in RECORD_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("deleted_at", app.models.base.UTCDateTime(timezone=True), nullable=True))
    action = sa.Enum("create", "update", "delete", "restore", name="action", native_enum=False, create_constraint=True, length=32)
    op.create_table(
        "revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("action", action, nullable=False),
        sa.Column("actor", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_revisions")),
        sa.UniqueConstraint("entity", "record_id", "version", name=op.f("uq_revisions_entity_record_id_version")),
    )
    with op.batch_alter_table("revisions", schema=None) as batch_op:
        for name, columns in INDEXES:
            batch_op.create_index(name, columns, unique=False)
    _backfill()
    for statement in _guards(up=True):
        op.execute(statement)


def _guards(up: bool) -> tuple[str, ...]:
    if op.get_bind().dialect.name == "postgresql":
        return POSTGRESQL_GUARDS if up else POSTGRESQL_UNGUARD
    return SQLITE_GUARDS if up else SQLITE_UNGUARD


def _backfill() -> None:
    """One baseline revision per existing record, read through reflection (the tables as they are now)."""
    connection = op.get_bind()
    revisions = sa.table("revisions", sa.column("entity"), sa.column("record_id"), sa.column("version"), sa.column("action"),
                         sa.column("actor"), sa.column("at", app.models.base.UTCDateTime()), sa.column("reason"),
                         sa.column("project_id"), sa.column("after", sa.JSON()))
    for path, name in RECORD_TABLES:
        table = sa.Table(name, sa.MetaData(), autoload_with=connection)
        batch = []
        for row in connection.execute(sa.select(table).order_by(table.c.id)).mappings().all():
            batch.append({"entity": path, "record_id": row["id"], "version": row["version"], "action": "create",
                          "actor": None, "at": _aware(row["updated_at"]), "reason": BASELINE_REASON,
                          "project_id": _project_of(connection, name, row),
                          "after": {key: _plain(value) for key, value in row.items()}})
        for start in range(0, len(batch), BACKFILL_CHUNK):
            connection.execute(sa.insert(revisions), batch[start:start + BACKFILL_CHUNK])


def _project_of(connection, name: str, row) -> int | None:
    """The project a record belongs to: itself, its project_id, or that of the fact it cites or links."""
    if name == "projects":
        return row["id"]
    if row.get("project_id") is not None:
        return row["project_id"]
    for column, table in FACT_TABLES.items():
        if name in ("citations", "statement_links") and row.get(column) is not None:
            return connection.execute(sa.text(f"SELECT project_id FROM {table} WHERE id = :id"), {"id": row[column]}).scalar()
    return None


def _aware(value):
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _plain(value):
    """The JSON form app.services.history.stored_json gives: ISO dates, UTC date-times, decimals as text."""
    if isinstance(value, datetime):
        return _aware(value).astimezone(UTC).isoformat(timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(EXACT), "f")
    return value


def downgrade() -> None:
    for statement in _guards(up=False):
        op.execute(statement)
    with op.batch_alter_table("revisions", schema=None) as batch_op:
        for name, _ in reversed(INDEXES):
            batch_op.drop_index(name)
    op.drop_table("revisions")
    for _, table in reversed(RECORD_TABLES):
        # recreate="never": a plain ALTER TABLE … DROP COLUMN (SQLite ≥ 3.35). Recreating the table
        # would DROP it, and with foreign keys on that cascades into the rows that reference it.
        with op.batch_alter_table(table, schema=None, recreate="never") as batch_op:
            batch_op.drop_column("deleted_at")

"""A project's status as dated, cited events (announced, scheduled, happened)

Creates project_events, makes events citable (citations.project_event_id, one more fact in
the exactly-one-fact check) and projects.status nullable (derived from the events; null
without a happened one). Existing data becomes events, so no status is lost:
a start date gives a happened `active` event; an end date with a terminated, completed or
cancelled status gives a happened event of that status; a project whose stored status
these do not give gets a happened, undated event of its status, counting from today.
Dates after today give no happened event.

SQLite cannot alter a CHECK or NOT NULL constraint, and rebuilding the referenced
citations and projects tables with foreign keys on would cascade deletes: the table
definitions are edited in sqlite_schema, the documented way for changes that leave
stored rows valid (https://www.sqlite.org/lang_altertable.html#otheralter).

Revision ID: e1a0events0001
Revises: e3a0search0001
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import app.models.base
from app.scorecard.stored import figures_select
from app.search.sync import sync_documents
from app.services.project_status import utc_day

revision: str = "e1a0events0001"
down_revision: str | None = "e3a0search0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FACTS_BEFORE = ("project", "budget", "metric", "statement")
FACTS_AFTER = (*FACTS_BEFORE, "project_event")
STATUSES = ("planned", "active", "suspended", "terminated", "completed", "cancelled")
KINDS = ("happened", "scheduled", "announced", "abandoned")
TERMINAL = ("terminated", "completed", "cancelled")


def _one_fact(facts: tuple[str, ...]) -> str:
    return " + ".join(f"(CASE WHEN {fact}_id IS NULL THEN 0 ELSE 1 END)" for fact in facts) + " = 1"


def _edit_sqlite_table(table: str, old: str | None, new: str) -> None:
    """Replace `old` by `new` in the stored CREATE TABLE of `table` (SQLite; `old` None: append `new` to its
    constraints), then make SQLite reload its schema."""
    bind = op.get_bind()
    sql = bind.exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).scalar_one()
    if old is None:
        edited = f"{sql.rstrip()[:-1]}, {new})"
    elif old in sql:
        edited = sql.replace(old, new)
    else:
        raise RuntimeError(f"{table}: {old!r} not in its definition")
    version = bind.exec_driver_sql("PRAGMA schema_version").scalar_one()
    bind.exec_driver_sql("PRAGMA writable_schema = ON")
    bind.exec_driver_sql("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?", (edited, table))
    bind.exec_driver_sql(f"PRAGMA schema_version = {version + 1}")
    bind.exec_driver_sql("PRAGMA writable_schema = OFF")


def _replace_fact_check(old: tuple[str, ...], new: tuple[str, ...]) -> None:
    if op.get_bind().dialect.name == "sqlite":
        _edit_sqlite_table("citations", _one_fact(old), _one_fact(new))
        return
    op.drop_constraint(op.f("ck_citations_exactly_one_fact"), "citations", type_="check")
    op.create_check_constraint(op.f("ck_citations_exactly_one_fact"), "citations", _one_fact(new))


def _status_nullable(nullable: bool) -> None:
    if op.get_bind().dialect.name == "sqlite":
        not_null, null = "status VARCHAR(32) NOT NULL", "status VARCHAR(32)"
        _edit_sqlite_table("projects", *((not_null, null) if nullable else (null, not_null)))
        return
    op.alter_column("projects", "status", existing_type=sa.String(32), nullable=nullable)


FK_NAME = "fk_citations_project_event_id_project_events"
SQLITE_REFERENCE = f"CONSTRAINT {FK_NAME} FOREIGN KEY(project_event_id) REFERENCES project_events (id) ON DELETE CASCADE"


def _add_event_reference() -> None:
    """citations.project_event_id and its foreign key (inline on SQLite, which adds no constraint to a table)."""
    if op.get_bind().dialect.name == "sqlite":
        op.get_bind().exec_driver_sql("ALTER TABLE citations ADD COLUMN project_event_id INTEGER")
        _edit_sqlite_table("citations", None, SQLITE_REFERENCE)
        return
    op.add_column("citations", sa.Column("project_event_id", sa.Integer(), nullable=True))
    op.create_foreign_key(FK_NAME, "citations", "project_events", ["project_event_id"], ["id"], ondelete="CASCADE")


def upgrade() -> None:
    op.create_table(
        "project_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", app.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.Enum(*STATUSES, name="status", native_enum=False, create_constraint=True, length=32),
                  nullable=False),
        sa.Column("kind", sa.Enum(*KINDS, name="kind", native_enum=False, create_constraint=True, length=32),
                  nullable=False),
        *(sa.Column(f"{name}{suffix}", kind, nullable=True)
          for name in ("occurs", "announced")
          for suffix, kind in (("", sa.String(10)), ("_earliest", sa.Date()), ("_latest", sa.Date()), ("_text", sa.String(200)))),
        sa.Column("description", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], name=op.f("fk_project_events_project_id_projects"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_events")),
    )
    op.create_index(op.f("ix_project_events_project_id"), "project_events", ["project_id"], unique=False)
    op.create_index(op.f("ix_project_events_project_id_kind_occurs_earliest_id"), "project_events",
                    ["project_id", "kind", "occurs_earliest", "id"], unique=False)
    _add_event_reference()
    op.create_index(op.f("ix_citations_project_event_id"), "citations", ["project_event_id"], unique=False)
    _replace_fact_check(FACTS_BEFORE, FACTS_AFTER)
    _status_nullable(True)
    _events_from_projects()
    sync_documents(op.get_bind(), "project-events", "project_events", ("description",))  # searchable at this revision
    _refigure()


def _events_from_projects() -> None:
    bind = op.get_bind()
    now = datetime.now(UTC)
    today = now.date()
    projects = sa.table("projects", *(sa.column(name) for name in (
        "id", "status", "started", "started_earliest", "started_latest", "started_text",
        "ended", "ended_earliest", "ended_latest", "ended_text")))
    events = sa.table("project_events", *(sa.column(name) for name in (
        "project_id", "status", "kind", "occurs", "occurs_earliest", "occurs_latest", "occurs_text", "description",
        "created_at", "updated_at", "version", "id", "deleted_at")))
    stamp = sa.bindparam("now", now, type_=app.models.base.UTCDateTime())
    columns = ("project_id", "status", "kind", "occurs", "occurs_earliest", "occurs_latest", "occurs_text",
               "description", "created_at", "updated_at", "version")

    def dated(status: sa.ColumnElement, name: str, description: str, *where: sa.ColumnElement[bool]) -> sa.Insert:
        source = sa.select(projects.c.id, status, sa.literal("happened"), *(projects.c[f"{name}{suffix}"] for suffix in
                           ("", "_earliest", "_latest", "_text")), sa.literal(description), stamp, stamp, sa.literal(1))
        return sa.insert(events).from_select(columns, source.where(
            projects.c[name].is_not(None), projects.c[f"{name}_earliest"] <= today, *where))

    bind.execute(dated(sa.literal("active"), "started", "From the project's start date"))
    bind.execute(dated(projects.c.status, "ended", "From the project's end date and status",
                       projects.c.status.in_(TERMINAL)))
    in_effect = sa.func.coalesce(events.c.occurs_earliest, utc_day(events.c.created_at))
    derived = (sa.select(events.c.status).where(events.c.project_id == projects.c.id, events.c.kind == "happened",
                                                in_effect <= today)
               .order_by(in_effect.desc(), events.c.id.desc()).limit(1).scalar_subquery())
    undated = sa.select(projects.c.id, projects.c.status, sa.literal("happened"), sa.null(), sa.null(), sa.null(),
                        sa.null(), sa.literal("The project's recorded status; the date it took effect was not given"),
                        stamp, stamp, sa.literal(1)).where(projects.c.status.is_not(None),
                                                           projects.c.status.is_distinct_from(derived))
    bind.execute(sa.insert(events).from_select(columns, undated))


def _refigure() -> None:
    """Recompute the stored figures (the columns of this revision): their end of service now comes from the events."""
    columns = ("project_id", "execution_ratio", "cost_per_day", "lifetime_vs_plan", "cost_per_day_currency", "computed_at")
    table = sa.table("project_figures", *(sa.column(name) for name in columns))
    computed = figures_select()
    op.get_bind().execute(sa.delete(table))
    op.get_bind().execute(sa.insert(table).from_select(columns, computed.with_only_columns(
        *(computed.selected_columns[name] for name in columns))))


def downgrade() -> None:
    bind = op.get_bind()
    # The old schema requires a status: a project without a happened event is put back as planned.
    bind.execute(sa.text("UPDATE projects SET status = 'planned' WHERE status IS NULL"))
    _status_nullable(False)
    bind.execute(sa.text("DELETE FROM search_documents WHERE resource = 'project-events' OR (resource = 'citations' "
                         "AND record_id IN (SELECT id FROM citations WHERE project_event_id IS NOT NULL))"))
    bind.execute(sa.text("DELETE FROM citations WHERE project_event_id IS NOT NULL"))
    _replace_fact_check(FACTS_AFTER, FACTS_BEFORE)
    op.drop_index(op.f("ix_citations_project_event_id"), table_name="citations")
    if op.get_bind().dialect.name == "sqlite":  # SQLite drops no column that a foreign key uses
        _edit_sqlite_table("citations", f", {SQLITE_REFERENCE}", "")
    else:
        op.drop_constraint(FK_NAME, "citations", type_="foreignkey")
    op.drop_column("citations", "project_event_id")
    op.drop_index(op.f("ix_project_events_project_id_kind_occurs_earliest_id"), table_name="project_events")
    op.drop_index(op.f("ix_project_events_project_id"), table_name="project_events")
    op.drop_table("project_events")

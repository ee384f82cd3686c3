"""Budget totals by organization, project status, kind, currency and qualifier, kept current by every write.

Derived data, written only by app.services.budget_totals in the transaction of every
budget or project write, never through the API; `GET /v1/budgets/summary` reads it
when the grouping and filters are all among its columns. For every grouping (each
subset of organization, status, kind and qualifier, with currency and project_live),
one row per combination of values that ever held a live budget, the columns outside
the grouping null (`group_key` spells the grouping and values, nulls included, since a
unique index would treat two nulls as different); a row whose count fell to 0 stays
and is not shown.

A sum is `sum_high × 2^32 + sum_low` with 0 ≤ sum_low < 2^32: exact for any total a
BIGINT could not hold (3 × 10^6 amounts of up to 2^53 each), where SQLite would turn an
overflowing integer into a float.
"""

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.models.base import enum_column
from app.models.vocabulary import BudgetKind, ProjectStatus, Qualifier


class BudgetTotal(SQLModel, table=True):
    __tablename__ = "budget_totals"
    # A grouping's rows in its order, the measures included: the benchmark's grouping (organization, kind,
    # currency) is one index range, read without the table and without sorting.
    __table_args__ = (sa.Index("ix_budget_totals_grouping", "grouping", "organization", "kind", "currency", "status",
                               "qualifier", "project_live", "count", "sum_high", "sum_low"),)

    group_key: str = Field(primary_key=True, max_length=160)
    grouping: str = Field(max_length=60, description="The dimensions this row groups by, e.g. organization,kind,currency")
    organization: int | None = Field(default=None, description="The project's organization_id")
    status: ProjectStatus | None = Field(default=None, sa_column=enum_column(ProjectStatus, "status", nullable=True))
    project_live: bool = Field(description="Whether the project is not soft-deleted (filters across it require so)")
    kind: BudgetKind | None = Field(default=None, sa_column=enum_column(BudgetKind, "kind", nullable=True))
    currency: str = Field(max_length=3)
    qualifier: Qualifier | None = Field(default=None, sa_column=enum_column(Qualifier, "qualifier", nullable=True))
    count: int = Field(sa_type=sa.BigInteger)
    sum_high: int = Field(sa_type=sa.BigInteger)
    sum_low: int = Field(sa_type=sa.BigInteger)

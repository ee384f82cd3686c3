from datetime import date

import sqlalchemy as sa
from sqlmodel import Field

from app.models.base import TableBase, enum_column
from app.models.provenance import Provenance, inferred_column, provenance_column
from app.models.vocabulary import BudgetKind, Qualifier


class Budget(TableBase, table=True):
    """An amount of money in the currency's minor unit (KRW has none: 60억 원 = 6000000000)."""

    __tablename__ = "budgets"
    __table_args__ = (sa.Index("ix_budgets_amount_id", "amount", "id"),)

    project_id: int = Field(foreign_key="projects.id", index=True, ondelete="RESTRICT")
    kind: BudgetKind = Field(sa_column=enum_column(BudgetKind, "kind", nullable=False))
    amount: int = Field(sa_type=sa.BigInteger)
    currency: str = Field(max_length=3)
    qualifier: Qualifier = Field(sa_column=enum_column(Qualifier, "qualifier", nullable=False))
    amount_text: str | None = Field(default=None, max_length=200)
    description: str | None = None
    period_start: str | None = Field(default=None, max_length=10)
    period_start_earliest: date | None = None
    period_start_latest: date | None = None
    period_start_text: str | None = Field(default=None, max_length=200)
    period_end: str | None = Field(default=None, max_length=10)
    period_end_earliest: date | None = None
    period_end_latest: date | None = None
    period_end_text: str | None = Field(default=None, max_length=200)
    as_of: str | None = Field(default=None, max_length=10)
    as_of_earliest: date | None = None
    as_of_latest: date | None = None
    as_of_text: str | None = Field(default=None, max_length=200)
    provenance: Provenance = Field(default=Provenance.QUOTED, sa_column=provenance_column())
    inferred: dict[str, str] = Field(default_factory=dict, sa_column=inferred_column())

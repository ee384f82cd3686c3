"""Each project's rankable figures, stored so that project lists filter and sort by them through an index.

Derived data, one row per project: written only by app.scorecard.stored, in the
transaction of every write that can change an input, never through the API. Ratios
are exact decimals with 9 places (app.scorecard.sql.RATIO_SCALE); money per day is
whole minor units of `cost_per_day_currency`. NULL wherever the scorecard gives no value.

Each figure carries what the scorecard says of its certainty: a qualifier (exact,
approximate, at_least, up_to), the low and high ends of its range where partial dates
give one, and for figures over the service period, how its end is known (end_basis).
"""

from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.models.base import ScaledDecimal, UTCDateTime, enum_column
from app.models.vocabulary import EndBasis, Qualifier

RATIO_PLACES = 9


class ProjectFigures(SQLModel, table=True):
    __tablename__ = "project_figures"
    # (figure, project_id): a page filtered or sorted by a figure is one index range, ties in id order.
    __table_args__ = (
        sa.Index(None, "execution_ratio", "project_id"),
        sa.Index(None, "cost_per_day", "project_id"),
        sa.Index(None, "lifetime_vs_plan", "project_id"),
    )

    project_id: int = Field(primary_key=True, foreign_key="projects.id", ondelete="CASCADE")
    execution_ratio: Decimal | None = Field(default=None, sa_type=ScaledDecimal(RATIO_PLACES))
    cost_per_day: int | None = Field(default=None, sa_type=sa.BigInteger)
    cost_per_day_currency: str | None = Field(default=None, max_length=3)
    lifetime_vs_plan: Decimal | None = Field(default=None, sa_type=ScaledDecimal(RATIO_PLACES))
    execution_ratio_qualifier: Qualifier | None = Field(
        default=None, sa_column=enum_column(Qualifier, "execution_ratio_qualifier", nullable=True))
    cost_per_day_qualifier: Qualifier | None = Field(
        default=None, sa_column=enum_column(Qualifier, "cost_per_day_qualifier", nullable=True))
    cost_per_day_low: int | None = Field(default=None, sa_type=sa.BigInteger)
    cost_per_day_high: int | None = Field(default=None, sa_type=sa.BigInteger)
    cost_per_day_end_basis: EndBasis | None = Field(
        default=None, sa_column=enum_column(EndBasis, "cost_per_day_end_basis", nullable=True))
    lifetime_vs_plan_qualifier: Qualifier | None = Field(
        default=None, sa_column=enum_column(Qualifier, "lifetime_vs_plan_qualifier", nullable=True))
    lifetime_vs_plan_low: Decimal | None = Field(default=None, sa_type=ScaledDecimal(RATIO_PLACES))
    lifetime_vs_plan_high: Decimal | None = Field(default=None, sa_type=ScaledDecimal(RATIO_PLACES))
    lifetime_vs_plan_end_basis: EndBasis | None = Field(
        default=None, sa_column=enum_column(EndBasis, "lifetime_vs_plan_end_basis", nullable=True))
    computed_at: datetime = Field(sa_type=UTCDateTime, nullable=False)

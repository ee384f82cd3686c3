from datetime import date
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field

from app.models.base import ExactDecimal, TableBase, enum_column
from app.models.provenance import Provenance, inferred_column, provenance_column
from app.models.vocabulary import MetricUnit, ObservationType, Qualifier


class Metric(TableBase, table=True):
    """One observation of an indicator (IATI result / OC4IDS metric), kept as an exact decimal."""

    __tablename__ = "metrics"

    project_id: int = Field(foreign_key="projects.id", index=True, ondelete="RESTRICT")
    indicator: str = Field(max_length=300)
    indicator_en: str | None = Field(default=None, max_length=300)
    value: Decimal = Field(sa_type=ExactDecimal)
    unit: MetricUnit = Field(sa_column=enum_column(MetricUnit, "unit", nullable=False))
    observation: ObservationType = Field(sa_column=enum_column(ObservationType, "observation", nullable=False))
    qualifier: Qualifier = Field(sa_column=enum_column(Qualifier, "qualifier", nullable=False))
    value_text: str | None = Field(default=None, max_length=200)
    dimensions: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    compared_with_id: int | None = Field(default=None, foreign_key="metrics.id", index=True, ondelete="SET NULL")
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

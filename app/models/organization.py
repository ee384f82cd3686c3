from sqlmodel import Field

from app.models.base import TableBase, enum_column
from app.models.provenance import Provenance, inferred_column, provenance_column
from app.models.vocabulary import OrganizationClassification


class Organization(TableBase, table=True):
    """A government body, agency, publisher or company (Popolo Organization)."""

    __tablename__ = "organizations"

    name: str = Field(max_length=300, index=True)
    name_en: str | None = Field(default=None, max_length=300)
    classification: OrganizationClassification = Field(
        sa_column=enum_column(OrganizationClassification, "classification", nullable=False)
    )
    parent_id: int | None = Field(default=None, foreign_key="organizations.id", index=True, ondelete="RESTRICT")
    provenance: Provenance = Field(default=Provenance.QUOTED, sa_column=provenance_column())
    inferred: dict[str, str] = Field(default_factory=dict, sa_column=inferred_column())

from sqlmodel import Field

from app.models.base import TableBase
from app.models.provenance import Provenance, inferred_column, provenance_column


class Person(TableBase, table=True):
    """Someone quoted in the record (Popolo Person)."""

    __tablename__ = "people"

    name: str = Field(max_length=300, index=True)
    name_en: str | None = Field(default=None, max_length=300)
    provenance: Provenance = Field(default=Provenance.QUOTED, sa_column=provenance_column())
    inferred: dict[str, str] = Field(default_factory=dict, sa_column=inferred_column())

from sqlmodel import Field

from app.models.base import TableBase


class Person(TableBase, table=True):
    """Someone quoted in the record (Popolo Person)."""

    __tablename__ = "people"

    name: str = Field(max_length=300, index=True)
    name_en: str | None = Field(default=None, max_length=300)

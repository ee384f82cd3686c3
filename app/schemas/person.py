from pydantic import Field

from app.models.fields import Name
from app.schemas.common import RecordPublic, UpdateModel, WriteModel
from app.schemas.provenance import ProvenancePublic, ProvenanceUpdate, ProvenanceWrite


class PersonCreate(ProvenanceWrite, WriteModel):
    glossary_resource = "person"
    name: Name = Field(description="Name in its original language", examples=["오세훈"])
    name_en: Name | None = Field(None, examples=["Oh Se-hoon"])


class PersonUpdate(ProvenanceUpdate, UpdateModel):
    glossary_resource = "person"
    name: Name | None = None
    name_en: Name | None = None


class PersonPublic(ProvenancePublic, RecordPublic):
    glossary_resource = "person"
    name: str = Field(examples=["오세훈"])
    name_en: str | None = Field(None, examples=["Oh Se-hoon"])

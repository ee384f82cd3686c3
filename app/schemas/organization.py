from pydantic import Field

from app.models.fields import Name, StrictInt
from app.models.vocabulary import OrganizationClassification
from app.schemas.common import RecordPublic, UpdateModel, WriteModel
from app.schemas.provenance import ProvenancePublic, ProvenanceUpdate, ProvenanceWrite


class OrganizationCreate(ProvenanceWrite, WriteModel):
    glossary_resource = "organization"
    name: Name = Field(description="Name in its original language", examples=["서울특별시"])
    name_en: Name | None = Field(None, examples=["Seoul Metropolitan Government"])
    classification: OrganizationClassification = Field(examples=["government"])
    parent_id: StrictInt | None = Field(None, description="The organization this one belongs to")


class OrganizationUpdate(ProvenanceUpdate, UpdateModel):
    glossary_resource = "organization"
    name: Name | None = None
    name_en: Name | None = None
    classification: OrganizationClassification | None = None
    parent_id: StrictInt | None = None


class OrganizationPublic(ProvenancePublic, RecordPublic):
    glossary_resource = "organization"
    name: str = Field(examples=["서울특별시"])
    name_en: str | None = Field(None, examples=["Seoul Metropolitan Government"])
    classification: OrganizationClassification
    parent_id: int | None = None

"""API shapes of the history: one revision, and a page of them, typed per resource from its table."""

from datetime import datetime
from functools import cache
from typing import Annotated, Any, Literal, Union, get_origin

from pydantic import BaseModel, ConfigDict, Field, create_model
from pydantic.fields import FieldInfo

from app.models.revision import RevisionAction
from app.resources import Resource


class RevisionPublic(BaseModel):
    """One committed change of one record. Revisions are never changed or removed."""

    id: int = Field(description="Order of the change in the whole dataset", examples=[412])
    entity: str = Field(description="The resource changed", examples=["budgets"])
    record_id: int = Field(examples=[7])
    version: int = Field(description="The record's version after this change", examples=[3])
    action: RevisionAction
    actor: str | None = Field(description="Name of the token that made the change; `seed` for the seed loader; "
                                          "null when unknown", examples=["editor-kim"])
    at: datetime = Field(description="When the change was committed (UTC)")
    reason: str | None = Field(description="The X-Change-Reason sent with the change", examples=["시 보도자료 기준 정정"])
    project_id: int | None = Field(description="The project the record belongs to", examples=[1])
    changed: list[str] = Field(description="Stored columns whose values this change set or changed", examples=[["amount"]])
    before: dict[str, Any] | None = Field(description="Every stored column before the change (null for a create)")
    after: dict[str, Any] = Field(description="Every stored column after the change")
    url: str | None = Field(description="This version of the record (null for a delete)", examples=["/v1/budgets/7?version=3"])
    history_url: str = Field(examples=["/v1/budgets/7/history"])


class RevisionPage(BaseModel):
    items: list[RevisionPublic]
    next: str | None = Field(description="Cursor of the next (older) page")
    next_url: str | None = None


class _NoneRequired(BaseModel):
    """Stored columns of any age: a revision written before a column existed lacks it."""

    model_config = ConfigDict(json_schema_extra=lambda schema: schema.pop("required", None))


def _base_name(resource: Resource) -> str:
    return resource.public_schema.__name__.removesuffix("Public")


def _stored_type(annotation: Any, public: FieldInfo | None) -> Any:
    """A JSON column is typed as the public schema types it (e.g. a metric's dimensions: text to text)."""
    return public.annotation if public is not None and get_origin(annotation) is dict else annotation


@cache
def stored_columns_schema(resource: Resource) -> type[BaseModel]:
    """`<Name>Columns`: the record's stored columns as the history keeps them (partial dates as four columns)."""
    public = resource.public_schema.model_fields
    fields = {name: (_stored_type(field.annotation, public.get(name)), Field(description=field.description))
              for name, field in resource.table.model_fields.items()}
    return create_model(f"{_base_name(resource)}Columns", __base__=_NoneRequired,
                        __doc__=f"Stored columns of a {resource.singular}, as a revision records them.", **fields)


@cache
def revision_schema(resource: Resource) -> type[BaseModel]:
    """`<Name>Revision`: one change of this resource, its before/after typed as its stored columns."""
    columns = stored_columns_schema(resource)
    return create_model(
        f"{_base_name(resource)}Revision", __base__=RevisionPublic,
        entity=(Literal[resource.path], Field(description="The resource changed", examples=[resource.path])),
        before=(columns | None, Field(description="Every stored column before the change (null for a create)")),
        after=(columns, Field(description="Every stored column after the change")),
    )


@cache
def revision_page_schema(resource: Resource) -> type[BaseModel]:
    return create_model(f"{_base_name(resource)}RevisionPage", __base__=RevisionPage,
                        items=(list[revision_schema(resource)], ...))


def change_page_schema(resources: tuple[Resource, ...]) -> type[BaseModel]:
    """The corrections feed: revisions of every resource, each typed by its `entity`."""
    union = Union[tuple(revision_schema(resource) for resource in resources)]  # noqa: UP007 (built at runtime)
    return create_model("ChangePage", __base__=RevisionPage,
                        items=(list[Annotated[union, Field(discriminator="entity")]], ...))

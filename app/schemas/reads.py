"""The shapes GET returns, generated from each resource's declaration and public schema.

A read may be narrowed by `fields=` and widened by `expand=`, so its published
schema (`<Name>Read`) requires only `id`; every other property is the public
schema's own, and each declared relation is typed as the related resource's
public schema (embedded records carry their citations). Generated, not written
out, so a field or relation added to a resource is typed here automatically.
These models only describe responses (reads are serialised from Core rows).
"""

from functools import cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, create_model

from app.resources import Resource, resource_for

SPARSE_HELP = ("Every field of the {singular} is present unless `fields=` names others (`id` always is); "
               "a relation is present only when `expand=` names it.")


def _only_id_required(schema: dict[str, Any]) -> None:
    schema["required"] = ["id"]


class SparseRead(BaseModel):
    """Publishes `id` as the only required property (see the module docstring)."""

    model_config = ConfigDict(json_schema_extra=_only_id_required)


@cache
def read_schema(resource: Resource) -> type[BaseModel]:
    """`<Name>Read`: the public schema, narrowed by `fields=`, with every relation `expand=` can embed."""
    public = resource.public_schema
    relations: dict[str, Any] = {}
    for relation in resource.relations:
        if relation.name == "citations" and resource.cited_as is not None:
            continue  # the public schema's own `citations` (excerpts with their source), present with expand=citations
        target = resource_for(relation.target).public_schema
        annotation = list[target] if relation.many else target | None  # type: ignore[valid-type]
        help_text = relation.description or f"The related {relation.name.replace('_', ' ')}"
        relations[relation.name] = (annotation, Field(None, description=f"With `expand={relation.name}`: {help_text}"))
    name = public.__name__.removesuffix("Public") + "Read"
    model = create_model(name, __base__=(public, SparseRead), __doc__=SPARSE_HELP.format(singular=resource.singular),
                         **relations)
    return model

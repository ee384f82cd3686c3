"""`provenance` and `inferred` on every fact's API shapes, and the one rule that keeps them honest.

Every write path (API, bulk import, seed) validates through the create schema, so the
rule below holds everywhere: a record with inferred fields says so, an inferred record
names what it was inferred from, and only fields of the record can be inferred.
Translations (`*_en`) are editorial by definition, never inferred.
"""

from typing import Annotated, Any

from pydantic import BaseModel, Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from app.models.provenance import Provenance

PROVENANCE_HELP = (
    "How the record is known: `quoted` (its citations state it; for sources, organizations and people, "
    "the source names them in these words), `inferred` (some or all of it is read from something the source "
    "does not say in words; each such field with its basis in `inferred`), or `editorial` (the newsroom's own "
    "label or judgement, e.g. a rating). English translations (`*_en`, `translation_en`, `excerpt_en`) are "
    "always editorial. Filter: `provenance=inferred`."
)
INFERRED_HELP = (
    "Each inferred field of the record with the basis it was inferred from; empty when nothing is inferred. "
    "Required (non-empty) when `provenance` is `inferred`, refused when it is `quoted`."
)
INFERRED_EXAMPLE = {"publisher_id": "press code 437 in the link", "platform": "the link's host n.news.naver.com"}
NOT_INFERRABLE = frozenset({"provenance", "inferred"})

FieldName = Annotated[str, StringConstraints(min_length=1, max_length=64)]
Basis = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]


def _refuse(kind: str, message: str, field: str, **context: Any) -> PydanticCustomError:
    return PydanticCustomError(kind, message, {"field": field, **context})


class ProvenanceWrite(BaseModel):
    """Mixed into every fact's create schema (before WriteModel)."""

    provenance: Provenance = Field(Provenance.QUOTED, description=PROVENANCE_HELP)
    inferred: dict[FieldName, Basis] = Field(default_factory=dict, description=INFERRED_HELP,
                                             examples=[INFERRED_EXAMPLE])

    @model_validator(mode="after")
    def _provenance_is_consistent(self):
        fields = set(type(self).model_fields) - NOT_INFERRABLE
        for name in self.inferred:
            if name not in fields:
                raise _refuse("inferred_unknown_field", "{name} is not a field of this record", "inferred", name=name)
            if name.endswith("_en"):
                raise _refuse("inferred_translation", "{name} is a translation: editorial, not inferred",
                              "inferred", name=name)
            if getattr(self, name) is None:
                raise _refuse("inferred_empty_field", "{name} is empty: only a stated value can be inferred",
                              "inferred", name=name)
        if self.provenance is Provenance.QUOTED and self.inferred:
            raise _refuse("provenance_not_quoted", "fields are inferred ({names}): provenance is inferred",
                          "provenance", names=", ".join(sorted(self.inferred)))
        if self.provenance is Provenance.INFERRED and not self.inferred:
            raise _refuse("inferred_without_basis", "an inferred record names each inferred field and its basis",
                          "inferred")
        return self


class ProvenanceUpdate(BaseModel):
    """Mixed into every fact's update schema; the merged record is checked by ProvenanceWrite."""

    provenance: Provenance | None = Field(None, description=PROVENANCE_HELP)
    inferred: dict[FieldName, Basis] | None = Field(None, description=INFERRED_HELP)


class ProvenancePublic(BaseModel):
    """Mixed into every fact's public schema."""

    provenance: Provenance = Field(description=PROVENANCE_HELP, examples=["quoted"])
    inferred: dict[str, str] = Field(default_factory=dict, description=INFERRED_HELP, examples=[INFERRED_EXAMPLE])

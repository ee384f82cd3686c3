"""How a fact is known: quoted from its citations, inferred (with the basis, per field), or editorial.

Every fact table (organizations, people, sources, projects, budgets, metrics, statements,
statement links) carries `provenance` and `inferred`; the write schemas check them
(app.schemas.provenance), lists filter on `provenance` and exports carry both.
"""

from enum import StrEnum

import sqlalchemy as sa

from app.models.base import enum_column


class Provenance(StrEnum):
    QUOTED = "quoted"  # its sources state it: citations (or, for a source, the document itself) say so
    INFERRED = "inferred"  # some or all of it is read from something the source does not say in words
    EDITORIAL = "editorial"  # the newsroom's own label or judgement (a rating)


def provenance_column(default: Provenance = Provenance.QUOTED) -> sa.Column:
    """`provenance`, a fresh column per table; rows written around the services get `default`."""
    return enum_column(Provenance, "provenance", nullable=False, server_default=default.value)


def inferred_column() -> sa.Column:
    """`inferred`: {field: basis} for each field that is inferred, e.g. {"publisher_id": "press code 437 in the link"}."""
    return sa.Column(sa.JSON, nullable=False, server_default="{}")

"""Source checks as a read-only resource, embedded in a source as `latest_check`.

Not in ALL_RESOURCES (that would mount create/update/delete endpoints): checks
are only written by app.services.source_checks and listed by
app/api/v1/source_checks.py. Registered for `resource_for` so relations reach it.
"""

import sqlalchemy as sa

from app.models import SourceCheck
from app.resources.base import Resource
from app.schemas.source_check import SourceCheckPublic

source_checks = Resource(
    path="source-checks", singular="source_check", table=SourceCheck,
    # Never written through the generic service; the public shape stands in for the write shapes.
    create_schema=SourceCheckPublic, update_schema=SourceCheckPublic, public_schema=SourceCheckPublic,
    description="What the source checker saw at a source's URL: one row per check, never changed.",
)


def latest_checks(source_ids: list[int]) -> sa.Select:
    """(source id, id of its latest check) for the sources that have been checked."""
    return (sa.select(SourceCheck.source_id.label("parent_id"), sa.func.max(SourceCheck.id).label("related_id"))
            .where(SourceCheck.source_id.in_(source_ids)).group_by(SourceCheck.source_id))

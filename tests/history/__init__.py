"""History and corrections: revisions, versions, as_of, soft delete and restore, the corrections feed."""

from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from app.models import Revision


def revisions_of(session: Session, entity: str, record_id: int) -> list[dict[str, Any]]:
    """The stored revisions of one record, oldest first."""
    table = Revision.__table__
    rows = session.execute(sa.select(table).where(table.c.entity == entity, table.c.record_id == record_id)
                           .order_by(table.c.version)).mappings()
    return [dict(row) for row in rows]


def revision_count(session: Session) -> int:
    """Revisions as the next request will see them (a refused write's open work rolled back first)."""
    session.rollback()
    return session.execute(sa.select(sa.func.count()).select_from(Revision.__table__)).scalar_one()


def admin(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}

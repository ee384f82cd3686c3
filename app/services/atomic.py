"""Several service calls as one transaction, although each service commits.

Services commit explicitly (app.services.records). To make an idempotent create
and the record of its response, or a whole bulk import, commit together or not at
all, they run on a second session joined to the request session's transaction:
its commits become savepoints, and only the outer commit at the end is real.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from sqlmodel import Session


@contextmanager
def one_transaction(session: Session) -> Iterator[Session]:
    """Yield a session whose commits are savepoints; commit everything at the end, or nothing if the block raises."""
    unit = Session(bind=session.connection(), join_transaction_mode="create_savepoint", expire_on_commit=False)
    try:
        yield unit
        unit.commit()
        session.commit()
    except BaseException:
        unit.rollback()
        session.rollback()
        raise
    finally:
        unit.close()

"""The child process of test_crash_safety: a bulk import that stops at a chosen point to be killed there.

    python -m tests.reliability.crash_import DATABASE_URL SCHEMA POINT RECORDS TAG

POINT is `insert:K` (just before the K-th INSERT), `commit` (just before COMMIT is sent),
`committed` (after the commit) or `timed` (never stops: the parent kills it after a delay).
At the point it prints `AT <point>` and blocks on stdin, so the SIGKILL lands exactly there.
SCHEMA is the PostgreSQL schema to use, or `-` for SQLite; TAG goes into every name (see `document`).
"""

import sys

import sqlalchemy as sa
from sqlmodel import Session

from app.core.db import make_engine, normalise_database_url, use_for_writes
from app.services.bulk_import import import_document


def document(records: int, tag: str) -> dict:
    """Synthetic organizations and people, `records` in all, each name holding `tag` (to count them apart)."""
    half = records // 2
    return {"organizations": [{"name": f"합성 기관 {tag} {n}", "classification": "agency"} for n in range(half)],
            "people": [{"name": f"합성 인물 {tag} {n}"} for n in range(records - half)]}


def engine_for(url: str, schema: str) -> sa.Engine:
    if schema == "-":
        return make_engine(url)
    options = f"-c search_path={schema} -c application_name=crash-import"
    return sa.create_engine(normalise_database_url(url), connect_args={"options": options})


def stop(point: str) -> None:
    print(f"AT {point}", flush=True)
    sys.stdin.readline()  # the parent kills us while we wait here


def main() -> None:
    url, schema, point, records, tag = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
    engine = engine_for(url, schema)
    inserts = 0

    def before_execute(connection, cursor, statement, parameters, context, executemany) -> None:
        nonlocal inserts
        if statement.lstrip().upper().startswith("INSERT"):
            inserts += 1
            if inserts == 1:
                print("WRITING", flush=True)
            if point == f"insert:{inserts}":
                stop(point)

    sa.event.listen(engine, "before_cursor_execute", before_execute)
    if point == "commit":
        sa.event.listen(engine, "commit", lambda connection: stop(point))
    with Session(engine, expire_on_commit=False) as session:
        import_document(use_for_writes(session), document(records, tag))
    if point == "committed":
        stop(point)
    print("DONE", flush=True)


if __name__ == "__main__":
    main()

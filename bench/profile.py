"""What one request of each benchmark query costs in process, and how much of it is the database.

    python -m bench.profile --database-url sqlite:///bench/out/bench-1000000.db [--requests 25]

Through the whole app with Starlette's test client, one request at a time, on a warm worker: the
median wall time, the median time spent in the driver's execute calls, and the statements a
request runs. SQLite steps most rows while they are fetched, after execute returns, so its share
of SQL time is understated; psycopg fetches the whole result in execute.
"""

import argparse
import os
import statistics
import time
import urllib.parse

import sqlalchemy as sa

from bench.queries import FULL_EXPANSION


def urls(database_url: str) -> dict[str, str]:
    """The API side of bench.queries for the middle project and the largest organization."""
    with sa.create_engine(database_url).connect() as connection:
        middle = connection.execute(sa.text("SELECT count(*) FROM projects")).scalar() // 2
        slug = connection.execute(sa.text("SELECT slug FROM projects ORDER BY id LIMIT 1 OFFSET :n"),
                                  {"n": middle - 1}).scalar()
        org = connection.execute(sa.text("SELECT organization_id FROM projects GROUP BY 1 "
                                         "ORDER BY count(*) DESC, 1 LIMIT 1")).scalar()
    q = urllib.parse.quote
    return {"a": f"/v1/projects/{slug}", "a+": f"/v1/projects/{slug}?expand={FULL_EXPANSION}",
            "b": f"/v1/projects?organization_id={org}&status=active&sort=started&limit=50",
            "d:민원": f"/v1/search?q={q('민원')}&type=statement&limit=20",
            "d:메타버스": f"/v1/search?q={q('메타버스')}&type=statement&limit=20",
            "e": "/v1/budgets/summary?group_by=organization,kind",
            "g": f"/v1/projects/{slug}/scorecard", "g+": "/v1/projects?sort=-execution_ratio&limit=50"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--requests", type=int, default=25)
    args = parser.parse_args()
    os.environ.update(DATABASE_URL=args.database_url, RATE_LIMIT_ENABLED="false", STATEMENT_TIMEOUT_MS="60000")
    from fastapi.testclient import TestClient
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    from app.main import app

    spent = {"statements": 0, "seconds": 0.0}

    @event.listens_for(Engine, "before_cursor_execute")
    def started(conn, cursor, statement, parameters, context, executemany) -> None:
        conn.info["bench_started"] = time.perf_counter()

    @event.listens_for(Engine, "after_cursor_execute")
    def finished(conn, cursor, statement, parameters, context, executemany) -> None:
        spent["statements"] += 1
        spent["seconds"] += time.perf_counter() - conn.info["bench_started"]

    warm_up = max(1, args.requests // 5)
    print("| query | median ms in process | of which in execute ms | statements |\n|---|--:|--:|--:|")
    with TestClient(app) as client:
        for key, url in urls(args.database_url).items():
            walls, sql = [], []
            for _ in range(args.requests + warm_up):
                spent.update(statements=0, seconds=0.0)
                begun = time.perf_counter()
                response = client.get(url)
                walls.append((time.perf_counter() - begun) * 1000)
                sql.append(spent["seconds"] * 1000)
                if response.status_code != 200:
                    raise SystemExit(f"{url}: {response.status_code}")
            print(f"| {key} | {statistics.median(walls[warm_up:]):.2f} | {statistics.median(sql[warm_up:]):.2f} "
                  f"| {spent['statements']} |")


if __name__ == "__main__":
    main()

"""Time search on a synthetic corpus: python -m app.search.benchmark --rows 100000 [--database-url URL]

Builds a fresh database (a new SQLite file by default; for PostgreSQL give a URL of a
database you own: the benchmark drops and recreates its schema `search_benchmark`),
bulk-inserts synthetic statements (Korean quote + English translation, so two
indexed fields each) with the bulk path `index_rows`, then times GET /v1/search's
service and a list query filtered with `search_condition`.

Every generated name is labelled synthetic. Nothing is downloaded.
"""

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlmodel import Session

from app.core.db import make_engine, normalise_database_url
from app.models.base import utcnow
from app.resources.catalog import statements
from app.search import parse_query, search_condition
from app.search.index import index_rows, rebuild_index
from app.search.service import search

SCHEMA = "search_benchmark"
KOREAN = ["예산", "사업", "플랫폼", "이용률", "종료", "서비스", "계획", "투입", "시민", "행정", "정책", "운영", "개발", "홍보",
          "채널", "구독자", "도시", "교통", "주택", "복지", "환경", "안전", "문화", "관광", "경제", "일자리", "교육", "청년"]
PARTICLES = ["은", "는", "이", "가", "을", "를", "에", "의", "로", "와", "도", ""]
ENGLISH = ["budget", "project", "platform", "usage", "service", "plan", "citizens", "policy", "city", "transport",
           "housing", "welfare", "culture", "tourism", "economy", "jobs", "education", "youth", "channel"]
QUERIES = ["서울", "민원", "콜센터", "메타버스 민원", "민", "seoul", "metav*", "call center", "없는말"]


def sentence(rng: random.Random, i: int) -> tuple[str, str]:
    words = [rng.choice(KOREAN) + rng.choice(PARTICLES) for _ in range(rng.randint(5, 9))]
    english = [rng.choice(ENGLISH) for _ in range(rng.randint(6, 10))]
    words.insert(0, "서울시는" if i % 10 else "부산시는")  # 서울: 90 % of rows
    english.insert(0, "Seoul" if i % 10 else "Busan")
    if i % 10 == 3:  # 민원: 10 %
        words.append("민원은")
        english.append("complaints")
    if i % 1000 == 7:  # 콜센터: 0.1 %
        words.append("콜센터")
        english += ["call", "center"]
    if i % 100 == 5:  # 메타버스: 1 %
        words.append("메타버스를")
        english.append("metaverse")
    return " ".join(words) + f" (synthetic {i})", " ".join(english) + f" (synthetic {i})"


def build(engine: sa.Engine, rows: int) -> None:
    config = Config()
    config.set_main_option("script_location", "alembic")
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    rng = random.Random(20261126)
    now = utcnow()
    with engine.begin() as connection:
        connection.execute(sa.text(
            "INSERT INTO organizations (id, created_at, updated_at, version, name, classification)"
            " VALUES (1, :now, :now, 1, '벤치마크 기관 (synthetic)', 'government')"), {"now": now})
        connection.execute(sa.text(
            "INSERT INTO projects (id, created_at, updated_at, version, slug, name, status)"
            " VALUES (1, :now, :now, 1, 'synthetic-benchmark', '벤치마크 사업 (synthetic)', 'active')"), {"now": now})
    table = statements.sa_table
    started = time.perf_counter()
    with Session(engine) as session:
        for first in range(1, rows + 1, 5000):
            batch = []
            for i in range(first, min(first + 5000, rows + 1)):
                quote, translation = sentence(rng, i)
                batch.append({"id": i, "created_at": now, "updated_at": now, "version": 1, "project_id": 1,
                              "speaker_organization_id": 1, "kind": "claim", "quote": quote, "language": "ko",
                              "quote_form": "verbatim", "translation_en": translation})
            session.execute(sa.insert(table), batch)
            index_rows(session, statements, batch, replace=False)
        session.commit()
    print(f"inserted and indexed {rows} statements ({2 * rows} documents) in {time.perf_counter() - started:.1f} s")


def timed(action: Callable[[], object], runs: int) -> tuple[float, float]:
    action()  # warm-up
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(len(samples) * 0.99))]


def measure(engine: sa.Engine, runs: int) -> None:
    table = statements.sa_table
    print(f"{'query':14} {'search p50':>11} {'p99':>8} {'ranked':>7} {'all?':>5} {'list q= p50':>12} {'p99':>8}")
    with Session(engine) as session:
        for q in QUERIES:
            query = parse_query(q)
            result = {}

            def run_search() -> None:
                result.update(search(session, query, limit=20))

            def run_list() -> None:
                session.execute(sa.select(table).where(search_condition(statements, query)).order_by(table.c.id).limit(51)).all()

            search_p50, search_p99 = timed(run_search, runs)
            list_p50, list_p99 = timed(run_list, runs)
            print(f"{q:14} {search_p50:9.1f}ms {search_p99:6.1f}ms {result['ranked_within']:7} "
                  f"{'yes' if result['all_matches_ranked'] else 'no':>5} {list_p50:10.1f}ms {list_p99:6.1f}ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--database-url", default=None, help="PostgreSQL database to use (schema search_benchmark)")
    parser.add_argument("--rebuild", action="store_true", help="also time rebuild_index")
    args = parser.parse_args()
    if args.database_url:
        url = normalise_database_url(args.database_url)
        admin = sa.create_engine(url, poolclass=sa.NullPool)
        with admin.begin() as connection:
            connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
            connection.execute(sa.text(f"CREATE SCHEMA {SCHEMA}"))
        engine = sa.create_engine(url, connect_args={"options": f"-c search_path={SCHEMA}"})
    else:
        engine = make_engine(f"sqlite:///{tempfile.mkdtemp(prefix='search-benchmark-')}/benchmark.db")
    with engine.connect() as connection:
        print(engine.dialect.name, connection.dialect.server_version_info)
    build(engine, args.rows)
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(sa.text("ANALYZE"))
    measure(engine, args.runs)
    if args.rebuild:
        started = time.perf_counter()
        with Session(engine) as session:
            counts = rebuild_index(session)
            session.commit()
        print(f"rebuild_index: {sum(counts.values())} documents in {time.perf_counter() - started:.1f} s")
    engine.dispose()


if __name__ == "__main__":
    main()

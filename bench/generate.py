"""python -m bench.generate --projects N --database-url URL [--seed 42]: synthetic data at scale.

Builds chunks of projects in worker processes (bench.projects) while this
process writes them in id order (bench.database), then fills the search index
(bench.indexing). Same seed and scale, same database.
"""

import argparse
import multiprocessing
import sys
import time
from dataclasses import dataclass, field

from bench import database, indexing
from bench.projects import build_chunk
from bench.synth import COLUMNS, TABLES, Plan, organizations, people

CHUNK = 5000


@dataclass
class Report:
    projects: int
    rows: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    search: str = ""

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())

    def lines(self) -> list[str]:
        total = sum(self.seconds.values())
        out = [f"{self.projects:,} projects: {self.total_rows:,} rows in {total:.1f} s "
               f"({self.total_rows / total:,.0f} rows/s overall)"]
        out += [f"  {name:<17} {seconds:7.1f} s" for name, seconds in self.seconds.items()]
        out += [f"  {table:<17} {count:>12,}" for table, count in self.rows.items()]
        out.append(f"  search index: {self.search}")
        return out


def _work(args: tuple[Plan, int, int, bool]) -> tuple[dict[str, list[tuple]], tuple[str, ...], list[tuple]]:
    plan, first, count, with_documents = args
    rows = build_chunk(plan, first, count)
    names, docs = indexing.documents(rows) if with_documents else ((), [])
    return rows, names, docs


def generate(url: str, projects: int, seed: int = 42, workers: int = 2, force: bool = False, replace: bool = False,
             schema: str | None = None, chunk: int = CHUNK, log=print) -> Report:
    report, started = Report(projects), time.perf_counter()
    engine = database.engine_for(url, schema)
    database.migrate(engine)
    total, other = database.census(engine)
    if other and not force:
        raise SystemExit(f"refusing: the database holds {other:,} rows that are not synthetic (use --force to add "
                         "synthetic data beside them; nothing existing is changed)")
    if total and not other:
        if not replace:
            raise SystemExit(f"the database already holds {total:,} synthetic rows; use --replace to start over")
        engine = database.clear(engine, url)
    plan = Plan(projects=projects, seed=seed, postgres=engine.dialect.name == "postgresql",
                base=database.id_bases(engine) if other else {})
    search = indexing.mode()
    report.seconds["migrate+checks"] = time.perf_counter() - started

    loader = database.Loader(engine, COLUMNS)
    loader.begin(TABLES + (database.SEARCH_TABLE,))
    t0 = time.perf_counter()
    base_rows = {"organizations": organizations(plan), "people": people(plan)}
    for table, rows in base_rows.items():
        loader.insert(table, rows)
        report.rows[table] = len(rows)
    if search == "documents":
        names, docs = indexing.documents(base_rows)
        loader.insert(database.SEARCH_TABLE, docs, names)
        report.rows[database.SEARCH_TABLE] = len(docs)
    jobs = [(plan, first, min(chunk, projects - first + 1), search == "documents") for first in range(1, projects + 1, chunk)]
    done = 0
    pool = multiprocessing.get_context("fork").Pool(workers) if workers else None
    try:
        results = pool.imap(_work, jobs) if pool else map(_work, jobs)
        for rows, names, docs in results:
            for table in TABLES[2:]:
                loader.insert(table, rows[table])
                report.rows[table] = report.rows.get(table, 0) + len(rows[table])
            loader.insert(database.SEARCH_TABLE, docs, names or None)
            report.rows[database.SEARCH_TABLE] = report.rows.get(database.SEARCH_TABLE, 0) + len(docs)
            done += len(rows["projects"])
            if done % max(chunk, projects // 10 // chunk * chunk) == 0 or done == projects:
                elapsed = time.perf_counter() - t0
                log(f"  {done:>10,} projects  {loader.rows:>12,} rows  {elapsed:6.1f} s  {loader.rows / elapsed:,.0f} rows/s")
    finally:
        if pool:
            pool.close()
            pool.join()
    report.seconds["generate+insert"] = time.perf_counter() - t0
    log(f"  of which writing (this process): {loader.seconds:.1f} s")
    t0 = time.perf_counter()
    loader.finish()
    report.seconds["indexes+fts"] = time.perf_counter() - t0
    if search == "documents":
        report.search = "documents_for (bulk, in workers), FTS rebuilt once"
    elif search == "rebuild":
        t0 = time.perf_counter()
        report.rows[database.SEARCH_TABLE] = sum(indexing.rebuild(engine).values())
        report.seconds["rebuild_index"] = time.perf_counter() - t0
        report.search = "app.search.index.rebuild_index"
    else:
        report.search = "NOT FILLED: app.search.index has neither documents_for nor rebuild_index"
        print("warning: " + report.search, file=sys.stderr)
    engine.dispose()
    return report


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, required=True)
    parser.add_argument("--database-url", required=True, help="sqlite:///path.db or postgresql://…")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--workers", type=int, default=2, help="generator processes (0: generate in this process)")
    parser.add_argument("--schema", help="PostgreSQL schema to use (search_path); must exist")
    parser.add_argument("--replace", action="store_true", help="delete earlier synthetic data first")
    parser.add_argument("--force", action="store_true", help="write even though non-synthetic rows exist (beside them)")
    args = parser.parse_args(argv)
    report = generate(args.database_url, args.projects, args.seed, args.workers, args.force, args.replace, args.schema)
    print("\n".join(report.lines()))


if __name__ == "__main__":
    main()

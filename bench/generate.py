"""python -m bench.generate --projects N --database-url URL [--seed 42]: synthetic data at scale.

Worker processes build chunks of 5,000 projects (bench.projects) with their search
documents (bench.indexing) and write them: into SQLite chunk files that this process
merges (bench.load_sqlite, then bench.sqlite_finish), or straight into PostgreSQL
with COPY over their own connections (bench.load_postgres). Then the derived
project_figures and budget_totals are filled. Same seed and scale, same rows, on both engines.
"""

import argparse
import multiprocessing
import os
import resource
import sys
import time
from dataclasses import dataclass, field

from bench import database, indexing, load_postgres, load_sqlite
from bench.projects import build_chunk
from bench.synth import COLUMNS, TABLES, Plan, organizations, people

CHUNK = 5000


@dataclass
class Report:
    projects: int
    rows: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    search: str = ""
    notes: list[str] = field(default_factory=list)
    wall: float = 0.0  # seconds from start to end (phases marked "beside" overlap the others)

    def add(self, counts: dict) -> None:
        for table, rows in counts.items():
            self.rows[table] = self.rows.get(table, 0) + (rows if isinstance(rows, int) else len(rows))

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())

    def lines(self) -> list[str]:
        out = [f"{self.projects:,} projects: {self.total_rows:,} rows in {self.wall:.1f} s "
               f"({self.total_rows / self.wall:,.0f} rows/s overall)"]
        out += [f"  {name:<28} {seconds:7.1f} s" for name, seconds in self.seconds.items()]
        out += [f"  {table:<28} {count:>12,}" for table, count in self.rows.items()]
        out.append(f"  search index: {self.search}")
        out += [f"  {note}" for note in self.notes]
        return out


COLUMNS_ALL = {**COLUMNS, database.SEARCH_TABLE: indexing.NAMES}
_DOCUMENTS: list[indexing.Documents] = []  # one per process: its token cache lives as long as the process


def _documents() -> indexing.Documents:
    if not _DOCUMENTS:
        _DOCUMENTS.append(indexing.Documents())
    return _DOCUMENTS[0]


def _rows(plan: Plan, first: int, count: int) -> dict[str, list[tuple]]:
    return build_chunk(plan, first, count) if first else {"organizations": organizations(plan), "people": people(plan)}


def _work(args: tuple[Plan, int, int, bool, tuple]) -> tuple[str | None, dict[str, int]]:
    """In a worker: build one chunk and write it (a SQLite chunk file, or COPY to PostgreSQL)."""
    plan, first, count, with_documents, sink = args
    rows = _rows(plan, first, count)
    if with_documents:
        rows[database.SEARCH_TABLE] = _documents().rows(rows)
    counts = {table: len(table_rows) for table, table_rows in rows.items()}
    if sink[0] == "sqlite":
        return load_sqlite.write_chunk(sink[1], first, rows, COLUMNS_ALL), counts
    load_postgres.copy_chunk(sink, rows)
    return None, counts


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
    postgres = engine.dialect.name == "postgresql"
    plan = Plan(projects=projects, seed=seed, postgres=postgres, base=database.id_bases(engine) if other else {})
    search = indexing.mode()
    report.seconds["migrate+checks"] = time.perf_counter() - started

    columns = COLUMNS_ALL if search == "documents" else COLUMNS
    loader = load_postgres.PostgresLoader(engine, columns, schema) if postgres else load_sqlite.SqliteLoader(engine, columns)
    fill = database.figures_filler(log)
    try:
        loader.begin(TABLES + (database.SEARCH_TABLE, database.FIGURES_TABLE))
        t0 = time.perf_counter()
        base_rows = _rows(plan, 0, 0)
        if search == "documents":
            base_rows[database.SEARCH_TABLE] = _documents().rows(base_rows)
        loader.insert(base_rows)
        report.add(base_rows)
        _load(loader, plan, projects, chunk, workers, search == "documents", report, log)
        report.seconds["generate+load"] = time.perf_counter() - t0
        if not postgres:
            report.notes.append(f"of generate+load, merging chunk files in this process: {loader.merged:.1f} s")
        figures = loader.finish(fill)
    finally:
        loader.close()
    report.seconds.update(loader.seconds)
    if search == "documents":
        report.search = "documents_for's rows (built in the workers, tokens memoised), " + (
            "GIN index built after the load" if postgres else "FTS5 index built once, beside the indexes")
    elif search == "rebuild":
        t0 = time.perf_counter()
        report.rows[database.SEARCH_TABLE] = sum(indexing.rebuild(engine).values())
        report.seconds["rebuild_index"] = time.perf_counter() - t0
        report.search = "app.search.index.rebuild_index"
    else:
        report.search = "NOT FILLED: app.search.index has neither documents_for nor rebuild_index"
        print("warning: " + report.search, file=sys.stderr)
    if figures is not None:
        report.rows[database.FIGURES_TABLE] = figures
    rebuild_totals = database.totals_rebuilder(log)
    if rebuild_totals is not None:
        t0 = time.perf_counter()
        with engine.begin() as connection:
            report.rows[database.TOTALS_TABLE] = rebuild_totals(connection)
        if postgres:  # statistics, and a visibility map for index-only scans, as the other tables have
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.exec_driver_sql(f"VACUUM ANALYZE {database.TOTALS_TABLE}")
        report.seconds[database.TOTALS_TABLE] = time.perf_counter() - t0
    engine.dispose()
    report.wall = time.perf_counter() - started
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    report.notes.append(f"CPU: this process {own.ru_utime + own.ru_stime:.1f} s, worker processes "
                        f"{children.ru_utime + children.ru_stime:.1f} s; load average {os.getloadavg()[0]:.1f} at the end")
    return report


def _load(loader, plan: Plan, projects: int, chunk: int, workers: int, with_documents: bool, report: Report, log) -> None:
    """Chunks built and written by the workers; SQLite chunk files merged here in id order, a batch at a time."""
    sink = loader.sink()
    jobs = [(plan, first, min(chunk, projects - first + 1), with_documents, sink) for first in range(1, projects + 1, chunk)]
    done, t0, every = 0, time.perf_counter(), max(chunk, projects // 10 // chunk * chunk)
    pool = multiprocessing.get_context("fork").Pool(workers) if workers else None
    try:
        for batch in _ready(pool.imap(_work, jobs) if pool else map(_work, jobs), load_sqlite.MERGE_AT_ONCE):
            if batch[0][0]:
                loader.merge([path for path, _ in batch], list(batch[0][1]))
            for _, counts in batch:
                report.add(counts)
                done += counts["projects"]
                if done % every == 0 or done == projects:
                    elapsed, rows = time.perf_counter() - t0, report.total_rows
                    log(f"  {done:>10,} projects  {rows:>12,} rows  {elapsed:6.1f} s  {rows / elapsed:,.0f} rows/s")
    finally:
        if pool:
            pool.close()
            pool.join()
        load_postgres.close_connections()


def _ready(results, most: int):
    """Lists of results: the next one (waiting for it) and those already done after it, up to `most`."""
    results = iter(results)
    for first in results:
        batch = [first]
        while len(batch) < most and hasattr(results, "next"):
            try:
                batch.append(results.next(timeout=0))
            except (multiprocessing.TimeoutError, StopIteration):
                break
        yield batch


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

"""python -m bench.run --projects N: this API against Datasette on the same data, same machine, same run.

Servers on core 0 (one uvicorn worker each), the load generator and this
process on core 1. For each query type and round, the three servers are loaded
one after another (order reversed every round), after a warm-up; figures are
the median over rounds. Writes bench/out/results-<scale>-<engine>.md.
"""

import argparse
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import time
from datetime import date
from pathlib import Path

import httpx

from bench import loadgen
from bench.queries import DB, Query, build, datasette_copy, metadata, q, search_truth
from bench.servers import ROOT, PeakMemory, Server, rss_mb, wait_idle
from bench.words import CHECK_TERMS, COMMON_TERMS, RARE_TERMS

OUT = ROOT / "bench" / "out"
SERVICES = ("api", "datasette", "datasette-lean")
SERVER_CORE, CLIENT_CORE = 0, 1
# The load comes from one address, which the per-client rate limits would throttle within a second;
# and the statement time limit is Datasette-lean's sql_time_limit_ms, so both may finish the same queries.
API_SETTINGS = {"RATE_LIMIT_ENABLED": "false", "STATEMENT_TIMEOUT_MS": "60000"}


def scale(n: int) -> str:
    return f"{n // 1_000_000}M" if n % 1_000_000 == 0 else f"{n // 1000}k" if n % 1000 == 0 else str(n)


def machine() -> list[str]:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = subprocess.run(["free", "-h"], capture_output=True, text=True).stdout.splitlines()[1].split()[1]
    loop = "uvloop" if _has("uvloop") else "asyncio"
    http = "httptools" if _has("httptools") else "h11"
    load = Path("/proc/loadavg").read_text().split()[:3]
    return [f"date {date.today()}, load average {' '.join(load)} at the end, {os.cpu_count()} cores ({cpu}), {memory} memory, Python {platform.python_version()}, "
            f"SQLite {sqlite3.sqlite_version}, uvicorn with {loop} + {http}"]


def _has(module: str) -> bool:
    try:
        __import__(module)
        return True
    except ImportError:
        return False


def probe(server: Server, query: Query) -> tuple[str | None, str]:
    """The first API candidate answering 200, or None and why none did."""
    reasons = []
    for path in query.api:
        with httpx.stream("GET", server.url + path, timeout=300) as response:
            if response.status_code == 200 and (not query.stream or "csv" in response.headers.get("content-type", "")):
                return path, ""
            body = response.read() if response.status_code != 200 else b""
        try:
            detail = json.loads(body).get("detail", "")
        except ValueError:
            detail = body[:120].decode(errors="replace")
        reasons.append(f"{path.split('?')[0]} → {response.status_code} {detail}".strip())
    return None, "; ".join(reasons) or "no endpoint known yet"


def stream(server: Server, path: str) -> dict:
    with PeakMemory(server.process.pid) as memory:
        started, lines = time.perf_counter(), 0
        with httpx.stream("GET", server.url + path, timeout=None) as response:
            for chunk in response.iter_bytes(1 << 16):
                lines += chunk.count(b"\n")
        seconds = time.perf_counter() - started
    rows = max(0, lines - 1)
    return {"rate": rows / seconds, "p50": None, "p99": None, "errors": int(response.status_code != 200),
            "peak": memory.peak, "requests": 1}


def load(server: Server, path: str, args) -> dict:
    with PeakMemory(server.process.pid) as memory:
        result = loadgen.run(server.url + path, args.duration, args.connections, CLIENT_CORE)
    return {"rate": result.rps, "p50": result.p50_ms, "p99": result.p99_ms, "errors": result.errors,
            "peak": memory.peak, "tool": result.tool, "requests": result.requests}


def measure(servers: dict[str, Server], query: Query, paths: dict[str, str], args) -> dict[str, dict]:
    runs: dict[str, list[dict]] = {name: [] for name in paths}
    for round_number in range(args.rounds):
        order = list(paths) if round_number % 2 == 0 else list(reversed(paths))
        for name in order:
            server = servers[name]
            wait_idle([s.process.pid for s in servers.values()])
            if query.stream:
                runs[name].append(stream(server, paths[name]))
                continue
            if round_number == 0 and args.warmup:
                loadgen.run(server.url + paths[name], args.warmup, args.connections, CLIENT_CORE)
                wait_idle([s.process.pid for s in servers.values()])
            runs[name].append(load(server, paths[name], args))
    return {name: {key: statistics.median(r[key] for r in results) if results[0][key] is not None else None
                   for key in ("rate", "p50", "p99", "errors", "peak", "requests")} for name, results in runs.items()}


def table(queries: list[Query], results: dict[str, dict[str, dict]]) -> list[str]:
    lines = ["| query | server | rate | p50 ms | p99 ms | non-2xx | peak RSS MB | × Datasette | × Datasette lean |",
             "|---|---|--:|--:|--:|--:|--:|--:|--:|"]
    for query in queries:
        measured = results.get(query.key)
        if not measured:
            continue
        unit = "rows/s" if query.stream else "req/s"
        for name, figures in measured.items():
            ratios = []
            for other in ("datasette", "datasette-lean"):
                base = measured.get(other)
                if name != "api" or not base:
                    ratios.append("")
                else:
                    ratios.append(f"{figures['rate'] / base['rate']:.2f}×" if base["rate"] else "∞ (it completed none)")
            fmt = lambda value: "—" if value is None else "none done" if not figures["requests"] else f"{value:,.1f}"  # noqa: E731
            lines.append(f"| {query.key} {query.label} | {name} | {figures['rate']:,.0f} {unit} | {fmt(figures['p50'])} "
                         f"| {fmt(figures['p99'])} | {figures['errors']:,.0f} | {figures['peak']:,.0f} | {' | '.join(ratios)} |")
    return lines


def search_check(servers: dict[str, Server], chosen: dict[str, str], sqlite_path: Path) -> list[str]:
    """Hits on the first page for each term, next to how many statements really contain it."""
    terms = (*COMMON_TERMS, *RARE_TERMS, *CHECK_TERMS)
    truth = search_truth(sqlite_path, [term for term, _ in terms])
    available = any(key.startswith("d:") for key in chosen)
    lines = ["| term | statements containing it | API hits (first page of 20) | Datasette `_search` hits (first page of 20) |",
             "|---|--:|--:|--:|"]
    for term, note in terms:
        api = "not available"
        if available:
            api = str(len(httpx.get(f"{servers['api'].url}/v1/search?q={q(term)}&type=statement&limit=20",
                                    timeout=120).json().get("items", [])))
        ds = httpx.get(f"{servers['datasette-lean'].url}/{DB}/statements.json?_search={q(term)}&_size=20&_shape=array",
                       timeout=120).json()
        lines.append(f"| {term} ({note}) | {truth[term]:,} | {api} | {len(ds) if isinstance(ds, list) else 'error'} |")
    return lines


def prepare(args) -> tuple[Path, str, list[str]]:
    """The SQLite file (generated if missing), the API's database URL, notes."""
    from bench.generate import generate

    sqlite_path = Path(args.sqlite or OUT / f"bench-{args.projects}.db").resolve()
    notes = []
    if not sqlite_path.exists():
        print(f"generating {args.projects:,} projects into {sqlite_path} …")
        print("\n".join(generate(f"sqlite:///{sqlite_path}", args.projects, args.seed).lines()))
    count = sqlite3.connect(f"file:{sqlite_path}?mode=ro", uri=True).execute("SELECT count(*) FROM projects").fetchone()[0]
    if count != args.projects:
        raise SystemExit(f"{sqlite_path} holds {count:,} projects, not {args.projects:,}; pass --sqlite or delete it")
    url = f"sqlite:///{sqlite_path}"
    if args.engine == "postgresql":
        if not args.database_url:
            raise SystemExit("--engine postgresql needs --database-url postgresql://…")
        from bench.database import census, engine_for

        engine = engine_for(args.database_url)
        with engine.connect() as connection:
            have = connection.exec_driver_sql("SELECT count(*) FROM projects").scalar() if census(engine)[0] else 0
        if have != count:
            print(f"generating {args.projects:,} projects into PostgreSQL …")
            print("\n".join(generate(args.database_url, args.projects, args.seed, replace=True).lines()))
        engine.dispose()
        url = args.database_url
        notes.append("the API reads PostgreSQL; Datasette reads the SQLite file generated with the same seed")
    return sqlite_path, url, notes


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, required=True)
    parser.add_argument("--engine", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--database-url", help="PostgreSQL URL for --engine postgresql (generated into if empty)")
    parser.add_argument("--sqlite", help="SQLite file (default bench/out/bench-N.db, generated if missing)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--duration", type=float, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--warmup", type=float, default=2)
    parser.add_argument("--only", help="comma-separated query keys or prefixes (a, b, c, d, e, f, g)")
    parser.add_argument("--api-only", action="store_true",
                        help="load only the API (e.g. PostgreSQL, compared with an earlier SQLite run's API figures)")
    parser.add_argument("--api-workers", type=int, default=1,
                        help="uvicorn workers of the API; more than one run unpinned, on every core (the load too)")
    parser.add_argument("--port", type=int, default=8801, help="first of three ports (API, Datasette, Datasette lean)")
    parser.add_argument("--out", help="results file (default bench/out/results-<scale>-<engine>.md)")
    args = parser.parse_args(argv)
    if hasattr(os, "sched_setaffinity") and (os.cpu_count() or 1) > 1:
        os.sched_setaffinity(0, {CLIENT_CORE})
    OUT.mkdir(parents=True, exist_ok=True)
    sqlite_path, api_url, notes = prepare(args)
    work = sqlite_path.parent  # Datasette's copy, its metadata and the server logs live beside the data
    ds_path = work / f"datasette-{args.projects}" / "bench.db"
    notes += datasette_copy(sqlite_path, ds_path)
    (meta := work / "datasette-metadata.json").write_text(json.dumps(metadata()))
    queries = build(sqlite_path, args.projects)
    if args.only:
        wanted = [key.strip() for key in args.only.split(",")]
        queries = [q for q in queries if any(q.key == k or q.key.startswith(k) for k in wanted)]
    for path in (sqlite_path, ds_path):  # page cache warm for both, so neither pays for the disk
        subprocess.run(["cat", str(path)], stdout=subprocess.DEVNULL, check=False)
    logs = work / "logs"
    logs.mkdir(exist_ok=True)
    ds_env = {"BENCH_DS_FILE": str(ds_path), "BENCH_DS_METADATA": str(meta)}
    servers = {
        "api": Server("api", "app.main:app", args.port, {"DATABASE_URL": api_url, **API_SETTINGS}, SERVER_CORE, logs / "api.log",
                      workers=args.api_workers),
        "datasette": Server("datasette", "bench.datasette_app:app", args.port + 1, {**ds_env, "BENCH_DS_MODE": "default"},
                            SERVER_CORE, logs / "datasette.log"),
        "datasette-lean": Server("datasette-lean", "bench.datasette_app:app", args.port + 2, {**ds_env, "BENCH_DS_MODE": "lean"},
                                 SERVER_CORE, logs / "datasette-lean.log"),
    }
    results: dict[str, dict[str, dict]] = {}
    chosen: dict[str, str] = {}
    skipped: list[str] = []
    try:
        servers["api"].wait("/healthz")
        servers["datasette"].wait("/-/versions.json")
        servers["datasette-lean"].wait("/-/versions.json")
        idle = {name: rss_mb(server.process.pid) for name, server in servers.items()}
        for query in queries:
            path, reason = probe(servers["api"], query)
            if path is None:
                line = f"{query.key} {query.label}: not available on the API ({reason})"
                print(line)
                skipped.append(line)
            else:
                chosen[query.key] = path
            paths = {"api": path, "datasette": query.datasette, "datasette-lean": query.datasette_lean}
            paths = {name: p for name, p in paths.items() if p and (name == "api" or not args.api_only)}
            if not paths or (path is None and not query.datasette):
                continue
            results[query.key] = measure(servers, query, paths, args)
            print("\n".join(table([query], results)[2:]), flush=True)
        search = search_check(servers, chosen, sqlite_path) if any(q.key.startswith("d:") for q in queries) else []
    finally:
        for server in servers.values():
            server.stop()
    report = render(args, queries, results, skipped, notes, search, idle)
    out = Path(args.out) if args.out else OUT / f"results-{scale(args.projects)}-{args.engine}.md"
    out.write_text(report)
    print(report)
    print(f"written to {out}")


def render(args, queries, results, skipped, notes, search, idle) -> str:
    lines = [f"# {scale(args.projects)} projects, API on {args.engine}", "", *machine(),
             f"load: {'wrk (1 thread)' if shutil.which('wrk') else 'bench.loadgen (Python asyncio)'}, "
             f"{args.connections} connections, {args.duration:g} s per run after a {args.warmup:g} s warm-up, "
             f"median of {args.rounds} alternated rounds; servers on core {SERVER_CORE}, load on core {CLIENT_CORE}"
             + (f"; the API with {args.api_workers} workers on every core" if args.api_workers > 1 else ""),
             "idle RSS MB: " + ", ".join(f"{name} {mb:,.0f}" for name, mb in idle.items()), "",
             *table(queries, results), ""]
    if search:
        lines += ["## Korean search: what each finds", "", *search, ""]
    if skipped:
        lines += ["## Not available yet", "", *(f"- {line}" for line in skipped), ""]
    extra = [f"- {query.key}: {note}" for query in queries for note in query.notes] + [f"- {note}" for note in notes]
    lines += ["## Notes", "", *extra, "- Datasette: default = `Datasette(files=[copy])` with its own settings; lean = "
              "immutable, suggest_facets off, default_facet_size 0, sql_time_limit_ms 60000, max_csv_mb 0, and "
              "`_nocount=1&_shape=array` on table URLs",
              "- API: " + ", ".join(f"{name}={value}" for name, value in API_SETTINGS.items()), ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()

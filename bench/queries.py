"""The query types of the benchmark, as URLs for the API and for Datasette, picked from the data itself.

API endpoints that are still being built are probed first: a query whose
endpoint answers 4xx/5xx is reported as not available instead of being loaded.
Candidates are listed in order; the first that answers 200 is used.
"""

import shutil
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from bench.words import COMMON_TERMS, RARE_TERMS

DB = "bench"  # the Datasette database name: the copy is always called bench.db
FULL_EXPANSION = "budgets,metrics,statements,sources,citations,organization"
CSV_CANDIDATES = ("/v1/projects?format=csv", "/v1/projects/export?format=csv", "/v1/export/projects.csv")
RANKING_CANDIDATES = ("/v1/projects?sort=-budget_execution_ratio&limit=50",
                      "/v1/projects?sort=-execution_ratio&limit=50",
                      "/v1/projects/ranking?figure=budget_execution_ratio&limit=50",
                      "/v1/rankings/budget_execution_ratio?limit=50")
CANNED = {
    "budget_totals": "SELECT p.organization_id, b.kind, b.currency, count(*) AS count, sum(b.amount) AS sum "
                     "FROM budgets b JOIN projects p ON p.id = b.project_id GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
    "execution_ranking": "SELECT p.id, p.slug, p.name, s.amount * 1.0 / pl.amount AS budget_execution_ratio "
                         "FROM projects p JOIN budgets pl ON pl.project_id = p.id AND pl.kind = 'planned' "
                         "JOIN budgets s ON s.project_id = p.id AND s.kind = 'spent' "
                         "ORDER BY budget_execution_ratio DESC LIMIT 50",
}


@dataclass
class Query:
    key: str
    label: str
    api: tuple[str, ...]  # candidates; the first answering 200 is loaded
    datasette: str | None  # default configuration
    datasette_lean: str | None
    stream: bool = False  # one long response (CSV export) rather than many short ones
    notes: list[str] = field(default_factory=list)


def q(text: str) -> str:
    return quote(text, safe="")


def tilde_encode(text: str) -> str:
    """Datasette's encoding of key values in `_next` (datasette.utils.tilde_encode)."""
    safe = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"
    return "".join(chr(b) if b in safe else "+" if b == 32 else f"~{b:02X}" for b in text.encode())


def _datasette_next(value, row_id) -> str:
    return f"{'$null' if value is None else tilde_encode(str(value))},{tilde_encode(str(row_id))}"


def api_cursor(connection: sqlite3.Connection, position: int) -> tuple[str | None, str]:
    """The API's `next` for the rows after `position` of projects sorted by start date, made by its own code."""
    try:
        from app.querying.fields import local_field
        from app.querying.keyset import next_cursor, with_tie_break
        from app.querying.params import parse_sort
        from app.resources.catalog import projects
    except ImportError as error:
        return None, f"cursor helpers missing ({error})"
    keys = with_tie_break(parse_sort(projects, "started"), local_field(projects, "id"))
    columns = [key.column for key in keys]
    order = ", ".join(f"{c} IS NULL, {c} {'DESC' if k.desc else 'ASC'}" for c, k in zip(columns, keys, strict=True))
    row = connection.execute(f"SELECT {', '.join(columns)} FROM projects ORDER BY {order} LIMIT 1 OFFSET ?",
                             (position - 1,)).fetchone()
    where = f"after row {position:,} " + (f"(started {row[0]})" if row[0] else "(in the tail of unknown start dates)")
    return next_cursor(projects.path, keys, dict(zip(columns, row, strict=True))), where


def build(sqlite_path: Path, projects: int) -> list[Query]:
    connection = sqlite3.connect(f"file:{sqlite_path}?mode=ro", uri=True)
    middle = max(1, projects // 2)
    pid, slug = connection.execute("SELECT id, slug FROM projects ORDER BY id LIMIT 1 OFFSET ?", (middle - 1,)).fetchone()
    org = connection.execute("SELECT organization_id FROM projects GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1").fetchone()[0]
    position = max(1, int(projects * 0.9))
    cursor, where = api_cursor(connection, position)
    ds_row = connection.execute("SELECT started_earliest, id FROM projects ORDER BY started_earliest, id LIMIT 1 OFFSET ?",
                                (position - 1,)).fetchone()
    connection.close()
    ds_next = _datasette_next(*ds_row)
    table = f"/{DB}/projects.json"
    lean = "_nocount=1&_shape=array"
    filtered = f"organization_id={org}&status=active"
    queries = [
        Query("a", "project by slug (plain)", (f"/v1/projects/{slug}",), f"/{DB}/projects/{pid}.json",
              f"/{DB}/projects/{pid}.json?_shape=array"),
        Query("a+", "project by slug, full expansion", (f"/v1/projects/{slug}?expand={FULL_EXPANSION}",),
              f"/{DB}/projects/{pid}.json", f"/{DB}/projects/{pid}.json?_shape=array",
              notes=["Datasette has no expansion: compared with its row JSON"]),
        Query("b", "filtered list, sorted by start date, 50 rows",
              (f"/v1/projects?{filtered}&sort=started&limit=50",),
              f"{table}?{filtered}&_sort=started_earliest&_size=50",
              f"{table}?{filtered}&_sort=started_earliest&_size=50&{lean}"),
        Query("c", f"deep page: sorted by start date, {where if cursor else 'after row ' + format(position, ',')}",
              (f"/v1/projects?sort=started&limit=50&cursor={cursor}",) if cursor else (),
              f"{table}?_sort=started_earliest&_size=50&_next={q(ds_next)}",
              f"{table}?_sort=started_earliest&_size=50&_next={q(ds_next)}&{lean}",
              notes=[] if cursor else [where]),
    ]
    for label, terms in (("common", COMMON_TERMS), ("rare", RARE_TERMS)):
        for term, _ in terms:
            queries.append(Query(f"d:{term}", f"search statements, {label}: {term}",
                                 (f"/v1/search?q={q(term)}&type=statement&limit=20",),
                                 f"/{DB}/statements.json?_search={q(term)}&_size=20",
                                 f"/{DB}/statements.json?_search={q(term)}&_size=20&{lean}"))
    queries += [
        Query("e", "aggregate: budgets by organization and kind", ("/v1/budgets/summary?group_by=organization,kind",),
              f"/{DB}/budget_totals.json", f"/{DB}/budget_totals.json?_shape=array"),
        Query("f", "CSV export of all projects", CSV_CANDIDATES, f"/{DB}/projects.csv?_stream=on&_size=max",
              f"/{DB}/projects.csv?_stream=on&_size=max", stream=True),
        Query("g", "scorecard of one project", (f"/v1/projects/{slug}/scorecard",), None, None,
              notes=["no Datasette equivalent"]),
        Query("g+", "ranking by budget execution ratio, 50 rows", RANKING_CANDIDATES,
              f"/{DB}/execution_ranking.json", f"/{DB}/execution_ranking.json?_shape=array"),
    ]
    return queries


def metadata() -> dict:
    return {"databases": {DB: {"queries": {name: {"sql": sql} for name, sql in CANNED.items()},
                               "tables": {"statements": {"fts_table": "statements_fts", "fts_pk": "id"}}}}}


def datasette_copy(source: Path, target: Path) -> list[str]:
    """Copy the file for Datasette and give it an FTS5 table with Datasette's default tokenizer (unicode61)."""
    notes = ["Datasette serves a copy of the same file with one extra table, statements_fts "
             "(FTS5 over statements.quote, default unicode61 tokenizer), which `_search` needs"]
    if target.exists() and target.stat().st_mtime >= source.stat().st_mtime:
        return notes
    with sqlite3.connect(source) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    shutil.copyfile(source, partial)
    connection = sqlite3.connect(partial)
    connection.execute("PRAGMA journal_mode = DELETE")
    connection.execute('CREATE VIRTUAL TABLE "statements_fts" USING FTS5 (quote, content="statements")')
    connection.execute("INSERT INTO statements_fts(statements_fts) VALUES ('rebuild')")
    connection.commit()
    connection.close()
    partial.rename(target)
    return notes


def search_truth(sqlite_path: Path, terms: list[str]) -> dict[str, int]:
    """How many statements really contain each term (a LIKE scan: slow, run once)."""
    connection = sqlite3.connect(f"file:{sqlite_path}?mode=ro", uri=True)
    truth = {term: connection.execute("SELECT count(*) FROM statements WHERE quote LIKE ?", (f"%{term}%",)).fetchone()[0]
             for term in terms}
    connection.close()
    return truth

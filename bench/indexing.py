"""Fill the search index the app's own way, found at run time (the search code is still being built).

Preferred: `app.search.index.documents_for`, the pure function behind its
`index_rows`, called in the worker processes next to the rows it indexes, with
the tokenizer memoised (generated texts repeat, and tokenizing is ~40 µs a field).
Otherwise `rebuild_index(session)` after the load; otherwise a warning.
"""

import importlib
from functools import lru_cache
from typing import Any

from bench.synth import COLUMNS


def _module(name: str) -> Any:
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def mode() -> str:
    """'documents' (bulk, in workers), 'rebuild' (app.search.index.rebuild_index afterwards) or 'none'."""
    index = _module("app.search.index")
    if index is None:
        return "none"
    if hasattr(index, "documents_for") and hasattr(index, "SEARCHABLE"):
        return "documents"
    return "rebuild" if hasattr(index, "rebuild_index") else "none"


def memoise_tokenizer() -> None:
    """Cache the tokenizer the index module calls (pure: same text, same tokens)."""
    index = _module("app.search.index")
    if index is not None and hasattr(index, "token_string") and not hasattr(index.token_string, "cache_info"):
        index.token_string = lru_cache(maxsize=1 << 20)(index.token_string)


def _searchable() -> list[tuple[str, str, tuple[str, ...], list[int | None]]]:
    """(resource path, table, fields, position of each field in the generated tuple or None)."""
    index = _module("app.search.index")
    out = []
    for resource in index.SEARCHABLE:
        table = resource.sa_table.name
        if table in COLUMNS:
            columns = COLUMNS[table]
            out.append((resource.path, table, resource.searchable,
                        [columns.index(f) if f in columns else None for f in resource.searchable]))
    return out


def documents(rows_by_table: dict[str, list[tuple]]) -> tuple[tuple[str, ...], list[tuple]]:
    """(column names, rows) of search_documents for these generated rows, sorted by document id."""
    index = _module("app.search.index")
    memoise_tokenizer()
    docs: list[dict] = []
    for path, table, fields, positions in _searchable():
        for row in rows_by_table.get(table, ()):
            values = {"id": row[0]}
            for name, position in zip(fields, positions, strict=True):
                values[name] = row[position] if position is not None else None
            docs.extend(index.documents_for(path, fields, values))
    if not docs:
        return (), []
    names = tuple(docs[0])
    rows = [tuple(doc[n] for n in names) for doc in docs]
    rows.sort()
    return names, rows


def rebuild(engine) -> dict[str, int] | None:
    """The slow, general way: the app recomputes every document itself."""
    from sqlmodel import Session

    index = _module("app.search.index")
    with Session(engine) as session:
        counts = index.rebuild_index(session)
        session.commit()
    return counts

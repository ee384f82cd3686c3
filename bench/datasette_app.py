"""Datasette as an ASGI app, so uvicorn serves it exactly like the API (uvicorn bench.datasette_app:app).

Configured from the environment: BENCH_DS_FILE (the SQLite copy with its FTS
table), BENCH_DS_MODE ("default": Datasette's own settings on a mutable file,
as `datasette file.db` serves it; "lean": immutable, no suggested facets, no
facets by default, a 60 s SQL limit so long queries finish, no CSV size cap) and
BENCH_DS_METADATA (JSON with the canned queries).
"""

import json
import os
from pathlib import Path

from datasette.app import Datasette

LEAN_SETTINGS = {"suggest_facets": False, "default_facet_size": 0, "sql_time_limit_ms": 60_000, "max_csv_mb": 0}


def build() -> Datasette:
    path = os.environ["BENCH_DS_FILE"]
    lean = os.environ.get("BENCH_DS_MODE", "default") == "lean"
    metadata = json.loads(Path(os.environ["BENCH_DS_METADATA"]).read_text()) if os.environ.get("BENCH_DS_METADATA") else {}
    if lean:
        return Datasette(immutables=[path], settings=LEAN_SETTINGS, metadata=metadata)
    return Datasette(files=[path], metadata=metadata)


app = build().app() if os.environ.get("BENCH_DS_FILE") else None

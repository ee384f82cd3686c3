"""The explorer's pages against their JSON equivalents, in process, on a generated database.

    python -m bench.pages --database-url sqlite:///bench/out/bench-10000.db [--requests 40]

Each pair is requested alternately through the whole app (middleware included) with
Starlette's test client: no network, one request at a time. A JSON side of several
space-separated paths is timed as those requests one after the other. Prints a markdown table of
median and 90th-percentile milliseconds and the page/JSON ratio of the medians.
"""

import argparse
import os
import statistics
import time

PAIRS = [
    ("/ (first page)", "/", "/v1/projects?expand=budgets,organization"),
    ("/ (first page) vs the plain list", "/", "/v1/projects"),
    ("/?status=terminated&sort=-execution_ratio (counted, with facets)", "/?status=terminated&sort=-execution_ratio",
     "/v1/projects?status=terminated&sort=-execution_ratio&count=true&facet=status&facet=organization_id"
     "&facet=jurisdiction&expand=budgets,organization"),
    ("/?q=메타버스 (counted, with facets)", "/?q=메타버스", "/v1/projects?q=메타버스&count=true&facet=status"
     "&facet=organization_id&facet=jurisdiction&expand=budgets,organization"),
    ("/projects/metaverse-seoul vs its scorecard", "/projects/metaverse-seoul", "/v1/projects/metaverse-seoul/scorecard"),
    ("/projects/(a generated one) vs its scorecard", "/projects/{generated}", "/v1/projects/{generated}/scorecard"),
    ("/projects/(a generated one) vs the three JSON documents it shows", "/projects/{generated}",
     "/v1/projects/{generated}/scorecard /v1/projects/{generated}/timeline /v1/changes?project={generated}&limit=20"),
    ("/projects/metaverse-seoul/charts/timeline.svg", "/projects/metaverse-seoul/charts/timeline.svg",
     "/v1/projects/metaverse-seoul/timeline"),
    ("/search?q=민원", "/search?q=민원", "/v1/search?q=민원&limit=50"),
    ("/sources/(the seed's source)", "/sources/{source}", "/v1/sources/{source}?expand=citations,latest_check"),
    ("/changes", "/changes", "/v1/changes"),
]


def timed(client, paths: str, html: bool) -> float:
    """Milliseconds for the request, or for the space-separated requests one after the other."""
    started = time.perf_counter()
    for path in paths.split(" "):
        response = client.get(path, headers={"Accept": "text/html" if html else "application/json"})
        assert response.status_code == 200, (path, response.status_code, response.text[:300])
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    os.environ["RATE_LIMIT_ENABLED"] = "false"
    from fastapi.testclient import TestClient

    from app.main import app

    with TestClient(app) as client:
        generated = client.get("/v1/projects?limit=1&sort=id").json()["items"][0]["slug"]
        source = client.get("/v1/projects/metaverse-seoul?expand=sources").json()["sources"][0]["id"]
        print("| page | page median ms | page p90 ms | JSON equivalent | JSON median ms | JSON p90 ms | ratio |")
        print("|---|--:|--:|---|--:|--:|--:|")
        for title, page, data in PAIRS:
            page, data = (path.format(generated=generated, source=source) for path in (page, data))
            for _ in range(3):  # warm caches and compiled statements
                timed(client, page, True), timed(client, data, False)
            page_ms, data_ms = [], []
            for _ in range(args.requests):
                page_ms.append(timed(client, page, True))
                data_ms.append(timed(client, data, False))
            p, d = statistics.median(page_ms), statistics.median(data_ms)
            p90 = statistics.quantiles(page_ms, n=10)[-1]
            d90 = statistics.quantiles(data_ms, n=10)[-1]
            print(f"| {title} | {p:.1f} | {p90:.1f} | `{data}` | {d:.1f} | {d90:.1f} | {p / d:.2f} |")


if __name__ == "__main__":
    main()

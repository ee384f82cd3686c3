"""A ranking downloads as it lists: the figures as exact CSV columns, in the ranking's order.

The seeded case (Metaverse Seoul) plus synthetic projects (합성) with budgets chosen for their ratios.
"""

import csv
import io
import zipfile

from fastapi.testclient import TestClient
from sqlmodel import Session

from seed.loader import load_all_cases
from tests.export.conftest import csv_records, csv_rows
from tests.factories import make_budget, make_project

FIGURE_COLUMNS = ["execution_ratio", "cost_per_day", "cost_per_day_currency", "lifetime_vs_plan"]


def test_a_ranking_downloads_in_its_order_with_exact_figures(export_client: TestClient, session: Session) -> None:
    load_all_cases(session)
    for spent in (10, 1):  # ratios 0.1 and 0.01, below Metaverse Seoul's 0.15
        project_id = make_project(session, started="2024-01", ended="2024-01")["id"]
        make_budget(session, project_id=project_id, kind="spent", amount=spent)
        make_budget(session, project_id=project_id, kind="planned", amount=100)

    response = export_client.get("/v1/projects", params={
        "format": "csv", "execution_ratio__lt": "0.2", "sort": "-execution_ratio", "fields": "slug," + ",".join(FIGURE_COLUMNS)})

    assert response.status_code == 200, response.text
    assert csv_rows(response.content)[0] == ["id", "slug", *FIGURE_COLUMNS]
    records = csv_records(response.content)
    assert [record["execution_ratio"] for record in records] == ["0.15", "0.1", "0.01"]
    assert {key: records[0][key] for key in ("slug", "cost_per_day", "cost_per_day_currency", "lifetime_vs_plan")} == {
        "slug": "metaverse-seoul", "cost_per_day": "8207934", "cost_per_day_currency": "KRW", "lifetime_vs_plan": "0.5"}


def test_the_data_package_lists_each_project_with_its_figures(export_client: TestClient, session: Session) -> None:
    load_all_cases(session)
    response = export_client.get("/v1/export/datapackage")
    assert response.status_code == 200, response.text
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        rows = list(csv.DictReader(io.StringIO(archive.read("data/projects.csv").decode())))
    seoul = next(row for row in rows if row["slug"] == "metaverse-seoul")
    assert [seoul[name] for name in FIGURE_COLUMNS] == ["0.15", "8207934", "KRW", "0.5"]

"""A ranking downloads as it lists: the figures as exact CSV columns, in the ranking's order.

The seeded case (Metaverse Seoul) plus synthetic projects (합성) with budgets chosen for their ratios.
"""

import csv
import io
import json
import zipfile

import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.models import Project
from seed.loader import load_all_cases
from tests.export.conftest import csv_records, csv_rows
from tests.factories import make_budget, make_project

FIGURE_COLUMNS = ["execution_ratio", "cost_per_day", "cost_per_day_currency", "lifetime_vs_plan"]
# How certain each is (Metaverse Seoul: spent "약 60억", service to a scheduled end, "2024-12").
CERTAINTY = {"execution_ratio_qualifier": "approximate", "cost_per_day_qualifier": "approximate",
             "cost_per_day_low": "8207934", "cost_per_day_high": "8941878", "cost_per_day_end_basis": "scheduled",
             "lifetime_vs_plan_qualifier": "approximate", "lifetime_vs_plan_low": "0.5",
             "lifetime_vs_plan_high": "0.648648649", "lifetime_vs_plan_end_basis": "scheduled"}


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


def test_an_export_says_how_certain_each_figure_is(export_client: TestClient, session: Session) -> None:
    load_all_cases(session)
    project_id = make_project(session, started="2024-01-01", ended="2024-01-10")["id"]
    make_budget(session, project_id=project_id, kind="spent", amount=10)
    make_budget(session, project_id=project_id, kind="planned", amount=100)
    fields = "slug," + ",".join(CERTAINTY)

    response = export_client.get("/v1/projects", params={
        "format": "csv", "execution_ratio_qualifier": "approximate", "fields": fields})
    assert response.status_code == 200, response.text
    assert csv_records(response.content) == [{"id": seoul_id(session), "slug": "metaverse-seoul", **CERTAINTY}]

    response = export_client.get("/v1/projects", params={
        "format": "ndjson", "execution_ratio_qualifier": "exact", "id": project_id, "fields": fields})
    assert response.status_code == 200, response.text
    (record,) = [json.loads(line) for line in response.text.splitlines()]
    assert {key: record[key] for key in CERTAINTY} == {
        "execution_ratio_qualifier": "exact", "cost_per_day_qualifier": "exact", "cost_per_day_low": None,
        "cost_per_day_high": None, "cost_per_day_end_basis": "recorded", "lifetime_vs_plan_qualifier": None,
        "lifetime_vs_plan_low": None, "lifetime_vs_plan_high": None, "lifetime_vs_plan_end_basis": None}


def seoul_id(session: Session) -> str:
    return str(session.execute(sa.select(Project.id).where(Project.slug == "metaverse-seoul")).scalar_one())


def test_the_data_package_lists_each_project_with_its_figures(export_client: TestClient, session: Session) -> None:
    load_all_cases(session)
    response = export_client.get("/v1/export/datapackage")
    assert response.status_code == 200, response.text
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        rows = list(csv.DictReader(io.StringIO(archive.read("data/projects.csv").decode())))
    seoul = next(row for row in rows if row["slug"] == "metaverse-seoul")
    assert [seoul[name] for name in FIGURE_COLUMNS] == ["0.15", "8207934", "KRW", "0.5"]
    assert {name: seoul[name] for name in CERTAINTY} == CERTAINTY
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        descriptor = json.loads(archive.read("datapackage.json"))
    fields = {field["name"]: field for resource in descriptor["resources"] if resource["name"] == "projects"
              for field in resource["schema"]["fields"]}
    assert fields["cost_per_day_qualifier"]["constraints"]["enum"] == ["exact", "approximate", "at_least", "up_to"]
    assert "scheduled" in fields["lifetime_vs_plan_end_basis"]["description"]

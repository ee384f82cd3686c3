"""GET /v1/export/datapackage on the seeded case: a zip that the frictionless tool validates,
foreign keys included, with the licence, the sources and the ClaimReviews."""

import csv
import hashlib
import io
import json
import zipfile
from pathlib import Path

import frictionless
import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.core.config import get_settings
from app.export.datapackage import package_resources
from app.models import Source
from app.services.statement_links import claim_reviews
from seed.loader import load_all_cases

TABLES = {"projects", "budgets", "metrics", "statements", "sources", "citations", "organizations", "people",
          "statement_links", "project_events"}


@pytest.fixture
def package(export_client: TestClient, session: Session, tmp_path: Path) -> Path:
    """The seeded case exported and unzipped; returns the path of datapackage.json."""
    load_all_cases(session)
    response = export_client.get("/v1/export/datapackage")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/zip"
    assert response.headers["content-disposition"].startswith('attachment; filename="accountability-datapackage-20')
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert archive.testzip() is None
        archive.extractall(tmp_path)
    return tmp_path / "datapackage.json"


def validate(descriptor: Path) -> frictionless.Report:
    return frictionless.validate(str(descriptor))


def test_the_package_validates_with_frictionless(package: Path) -> None:
    report = validate(package)
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])
    assert {task.name for task in report.tasks} == TABLES | {"claimreviews"}
    assert all(task.stats["rows"] is not None for task in report.tasks if task.name in TABLES)


def test_every_table_is_described_with_keys_types_and_words(package: Path, session: Session) -> None:
    descriptor = json.loads(package.read_text(encoding="utf-8"))
    resources = {resource["name"]: resource for resource in descriptor["resources"]}
    assert set(resources) == TABLES | {"claimreviews"} == {r.sa_table.name for r in package_resources()} | {"claimreviews"}
    budgets = resources["budgets"]
    assert (budgets["path"], budgets["format"], budgets["mediatype"], budgets["encoding"]) == (
        "data/budgets.csv", "csv", "text/csv", "utf-8")
    fields = {field["name"]: field for field in budgets["schema"]["fields"]}
    assert fields["amount"]["type"] == "integer" and "minor unit" in fields["amount"]["description"]
    assert fields["as_of_earliest"]["type"] == "date" and fields["created_at"]["type"] == "datetime"
    assert fields["kind"]["constraints"]["enum"][0] == "planned"
    assert budgets["schema"]["primaryKey"] == ["id"]
    assert budgets["schema"]["foreignKeys"] == [{"fields": ["project_id"], "reference": {"resource": "projects", "fields": ["id"]}}]
    metric_fields = {field["name"]: field["type"] for field in resources["metrics"]["schema"]["fields"]}
    assert (metric_fields["value"], metric_fields["dimensions"]) == ("number", "object")
    assert {"fields": ["parent_id"], "reference": {"fields": ["id"]}} in resources["organizations"]["schema"]["foreignKeys"]
    assert all(field.get("description") for name in ("projects", "budgets", "metrics", "statements")
               for field in resources[name]["schema"]["fields"])
    for resource in resources.values():
        data = (package.parent / resource["path"]).read_bytes()
        assert resource["bytes"] == len(data) and resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
    settings = get_settings()
    assert descriptor["licenses"] == [{"name": "CC-BY-4.0", "path": settings.dataset_license_url,
                                       "title": settings.dataset_license_title}]
    urls = session.execute(sa.select(Source.url).order_by(Source.id)).scalars().all()
    assert [source["path"] for source in descriptor["sources"]] == urls and urls


def test_tables_hold_every_row_and_korean_intact(package: Path, session: Session) -> None:
    for resource in package_resources():
        text = (package.parent / "data" / f"{resource.sa_table.name}.csv").read_text(encoding="utf-8")
        assert not text.startswith("\ufeff")  # the package's files are for tools: plain UTF-8
        count = session.execute(sa.select(sa.func.count()).select_from(resource.sa_table)).scalar_one()
        assert len(frictionless.Resource(str(package.parent / "data" / f"{resource.sa_table.name}.csv")).read_rows()) == count
    assert "메타버스 서울" in (package.parent / "data" / "projects.csv").read_text(encoding="utf-8")


def test_claimreviews_are_included(package: Path, session: Session) -> None:
    reviews = json.loads((package.parent / "claimreviews.json").read_text(encoding="utf-8"))
    assert reviews and reviews == json.loads(json.dumps(claim_reviews(session, "http://testserver"), default=str))
    assert reviews[0]["@type"] == "ClaimReview"


def test_frictionless_really_checks_the_foreign_keys(package: Path) -> None:
    """Guard against a vacuous pass: a budget pointing at no project must make the package invalid."""
    budgets = package.parent / "data" / "budgets.csv"
    header, first, *rest = csv.reader(io.StringIO(budgets.read_bytes().decode("utf-8"), newline=""))
    first[header.index("project_id")] = "999999"
    with budgets.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows([header, first, *rest])
    descriptor = json.loads(package.read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        if resource["name"] == "budgets":
            data = budgets.read_bytes()
            resource["bytes"], resource["hash"] = len(data), "sha256:" + hashlib.sha256(data).hexdigest()
    package.write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
    report = validate(package)
    assert not report.valid
    assert [error[0] for error in report.flatten(["type"])] == ["foreign-key"]


def test_entries_unpack_readable_by_everyone_and_formulas_are_neutralised_as_documented(
        export_client: TestClient, session: Session) -> None:
    load_all_cases(session)
    session.execute(sa.update(Source).where(Source.id == sa.select(sa.func.min(Source.id)).scalar_subquery())
                    .values(title='=HYPERLINK("https://attacker.example","x")'))

    with zipfile.ZipFile(io.BytesIO(export_client.get("/v1/export/datapackage").content)) as archive:
        modes = {info.filename: (info.external_attr >> 16) & 0o777 for info in archive.infolist()}
        sources = list(csv.DictReader(io.StringIO(archive.read("data/sources.csv").decode())))
        description = json.loads(archive.read("datapackage.json"))["description"]

    assert set(modes.values()) == {0o644}, modes
    assert sources[0]["title"] == "'=HYPERLINK(\"https://attacker.example\",\"x\")"
    assert "leading apostrophe" in description

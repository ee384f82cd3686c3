"""The stored figures (project_figures) are the scorecard's, and every kind of write keeps them so.

Each check compares the stored row with the value computed independently in Python
from the scorecard (tests.scorecard.rankings), on SQLite and PostgreSQL.
"""

from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from app.models import Project, ProjectFigures
from app.resources.catalog import budgets, projects
from app.scorecard.engine import scorecard
from app.scorecard.sql import RANKABLE
from app.scorecard.stored import rebuild_project_figures
from app.services import history, records
from app.services.bulk_import import import_document
from seed.loader import load_all_cases
from tests.factories import make_budget, make_project
from tests.scorecard.rankings import (
    as_the_scorecard_rounds,
    insert_synthetic_projects,
    python_certainty,
    python_values,
)

FIGURES = ProjectFigures.__table__


def stored(session: Session, ids: list[int]) -> dict[int, dict[str, Any]]:
    rows = session.execute(sa.select(FIGURES).where(FIGURES.c.project_id.in_(ids))).mappings()
    return {row["project_id"]: dict(row) for row in rows}


def assert_current(session: Session, *ids: int) -> None:
    """Each project's stored figures are what the scorecard computes now, and as certain."""
    rows = stored(session, list(ids))
    for name, figure in RANKABLE.items():
        expected = {i: figure.to_value(v) for i, v in python_values(session, name, list(ids)).items()}
        assert {i: rows[i][name] for i in ids} == expected, name
        certainty = python_certainty(session, name, list(ids))
        assert {i: as_the_scorecard_rounds(name, rows[i]) for i in ids} == certainty, name


def update(session: Session, resource, record_id: int, **changes: Any) -> None:
    records.update_record(session, resource, str(record_id), resource.update_schema.model_validate(changes))


def test_rebuild_stores_the_scorecard_value_of_every_project(session: Session) -> None:
    ids = insert_synthetic_projects(session, 120, seed=7)  # written around the services: nothing stored yet
    assert stored(session, ids) == {}

    written = rebuild_project_figures(session.connection())

    assert written == session.execute(sa.select(sa.func.count()).select_from(Project)).scalar_one()
    assert_current(session, *ids)
    values = stored(session, ids)
    assert sum(row["execution_ratio"] is not None for row in values.values()) >= 15  # not vacuous
    assert all(row["cost_per_day_currency"] in (None, "KRW", "USD") for row in values.values())


def test_each_write_of_a_project_or_budget_refreshes_the_figures(session: Session) -> None:
    project = make_project(session, started="2023-01", ended="2024-12", planned_end="2026")
    other = make_project(session, started="2022", ended="2022-06")
    assert stored(session, [project["id"]])[project["id"]]["lifetime_vs_plan"] == Decimal("0.5")  # on create
    planned = make_budget(session, project_id=project["id"], kind="planned", amount=40_000_000_000)
    spent = make_budget(session, project_id=project["id"], kind="spent", amount=6_000_000_000)
    assert stored(session, [project["id"]])[project["id"]]["execution_ratio"] == Decimal("0.15")

    steps = [
        lambda: update(session, budgets, spent["id"], amount=10_000_000_000),
        lambda: update(session, budgets, planned["id"], currency="USD"),  # different currencies: no ratio
        lambda: update(session, budgets, planned["id"], currency="KRW"),
        lambda: update(session, projects, project["id"], ended="2025-06"),
        lambda: update(session, budgets, spent["id"], project_id=other["id"]),  # moves: both projects change
        lambda: records.delete_record(session, budgets, str(planned["id"])),
        lambda: history.restore_record(session, budgets, str(planned["id"])),
        lambda: update(session, budgets, spent["id"], project_id=project["id"], qualifier="at_least"),
    ]
    for step in steps:
        before = stored(session, [project["id"], other["id"]])
        step()
        assert stored(session, [project["id"], other["id"]]) != before  # every step changes a figure
        assert_current(session, project["id"], other["id"])


def test_a_deleted_project_keeps_its_row_and_a_restored_one_is_current(session: Session) -> None:
    project = make_project(session, started="2023", ended="2023-06", planned_end="2023-12")
    records.delete_record(session, projects, str(project["id"]))
    assert stored(session, [project["id"]])[project["id"]]["lifetime_vs_plan"] == Decimal("0.5")  # 6 of 12 months
    history.restore_record(session, projects, str(project["id"]))
    assert_current(session, project["id"])


def test_a_bulk_import_stores_the_figures_of_what_it_writes(session: Session) -> None:
    document = {
        "projects": [{"ref": "park", "slug": "synthetic-imported-park", "name": "합성 공원", "status": "active",
                      "started": "2024-01", "ended": "2024-03", "planned_end": "2024-06"}],
        "budgets": [{"project_id": "@park", "kind": "planned", "amount": 900, "currency": "KRW"},
                    {"project_id": "@park", "kind": "spent", "amount": 91, "currency": "KRW"}],
    }
    summary = import_document(session, document)
    project_id = summary["ids"]["park"]
    row = stored(session, [project_id])[project_id]
    assert (row["execution_ratio"], row["cost_per_day"], row["lifetime_vs_plan"]) == (Decimal("0.101111111"), 1, Decimal("0.5"))
    assert_current(session, project_id)


@pytest.mark.parametrize("twice", [False, True], ids=["loaded", "loaded-again"])
def test_the_seed_stores_the_metaverse_seoul_figures_of_its_scorecard(session: Session, twice: bool) -> None:
    load_all_cases(session)
    if twice:  # a second load changes nothing, figures included
        load_all_cases(session)
    card = {figure["name"]: figure for figure in scorecard(session, "metaverse-seoul")["figures"]}
    project_id = session.execute(sa.select(Project.id).where(Project.slug == "metaverse-seoul")).scalar_one()
    row = stored(session, [project_id])[project_id]
    assert row["execution_ratio"] == card["budget_execution_ratio"]["value"] == Decimal("0.15")
    assert (row["cost_per_day"], row["cost_per_day_currency"]) == (card["cost_per_day_of_service"]["value"], "KRW")
    assert row["cost_per_day"] == 8_207_934
    assert row["lifetime_vs_plan"] == card["lifetime_vs_plan"]["value"] == Decimal("0.5")

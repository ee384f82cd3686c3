"""The project_figures migration fills the table for the projects already there, and goes back cleanly."""

from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy import Engine

from app.models import ProjectFigures
from tests.conftest import ENGINES, scratch_engine
from tests.conftest import run_alembic as run

BEFORE = "c7a5e1d00004"
NOW = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture(params=ENGINES)
def engine_before(request: pytest.FixtureRequest, tmp_path) -> Iterator[Engine]:
    """A database migrated to the revision before project_figures, holding one synthetic project."""
    with scratch_engine(request.param, tmp_path / "figures.db", "figures_backfill", poolclass=sa.NullPool) as engine:
        run(engine, command.upgrade, BEFORE)
        projects, budgets = (sa.Table(name, sa.MetaData(), autoload_with=engine) for name in ("projects", "budgets"))
        bookkeeping = {"created_at": NOW, "updated_at": NOW, "version": 1}
        with engine.begin() as connection:
            project_id = connection.execute(sa.insert(projects).values(
                slug="synthetic-backfill", name="합성 사업", status="terminated", **bookkeeping,
                started="2023-01", started_earliest=datetime(2023, 1, 1).date(), started_latest=datetime(2023, 1, 31).date(),
                ended="2024-12", ended_earliest=datetime(2024, 12, 1).date(), ended_latest=datetime(2024, 12, 31).date(),
                planned_end="2026", planned_end_earliest=datetime(2026, 1, 1).date(),
                planned_end_latest=datetime(2026, 12, 31).date()).returning(projects.c.id)).scalar_one()
            for kind, amount in (("planned", 40_000_000_000), ("spent", 6_000_000_000)):
                connection.execute(sa.insert(budgets).values(project_id=project_id, kind=kind, amount=amount,
                                                             currency="KRW", qualifier="exact", **bookkeeping))
        yield engine


def test_upgrading_fills_the_figures_of_existing_projects(engine_before: Engine) -> None:
    run(engine_before, command.upgrade, "head")
    with engine_before.connect() as connection:
        row = connection.execute(sa.select(ProjectFigures.__table__)).mappings().one()
    assert (row["execution_ratio"], row["cost_per_day"], row["cost_per_day_currency"], row["lifetime_vs_plan"]) == (
        Decimal("0.15"), 8_207_934, "KRW", Decimal("0.5"))
    # How certain each is (revision f_fig_certainty): exact amounts, a range from the partial dates, and an end
    # that happened (an event the status events migration made from the terminated project's end date).
    assert {name: row[name] for name in ("execution_ratio_qualifier", "cost_per_day_qualifier", "cost_per_day_low",
                                         "cost_per_day_high", "cost_per_day_end_basis", "lifetime_vs_plan_qualifier",
                                         "lifetime_vs_plan_low", "lifetime_vs_plan_high")} == {
        "execution_ratio_qualifier": "exact", "cost_per_day_qualifier": "approximate", "cost_per_day_low": 8_207_934,
        "cost_per_day_high": 8_941_878, "cost_per_day_end_basis": "happened", "lifetime_vs_plan_qualifier": "approximate",
        "lifetime_vs_plan_low": Decimal("0.5"), "lifetime_vs_plan_high": Decimal("0.648648649")}
    run(engine_before, command.downgrade, BEFORE)
    assert "project_figures" not in sa.inspect(engine_before).get_table_names()

"""A stored figure is as certain as the scorecard says: approximate in, approximate out, a bound stays a bound,
partial dates give a range, and a figure over a scheduled end of service says so (on SQLite and PostgreSQL)."""

from collections import Counter
from decimal import Decimal

import sqlalchemy as sa
from sqlmodel import Session

from app.models import Project
from app.scorecard.engine import scorecard
from app.scorecard.stored import rebuild_project_figures
from seed.loader import load_all_cases
from tests.factories import make_budget, make_project
from tests.scorecard.rankings import insert_synthetic_endings, insert_synthetic_projects
from tests.scorecard.test_stored import assert_current, stored


def test_every_kind_of_input_gives_the_scorecard_qualifier_range_and_end_basis(session: Session) -> None:
    ids = insert_synthetic_projects(session, 200, seed=11)
    insert_synthetic_endings(session, ids, seed=11)
    rebuild_project_figures(session.connection())

    assert_current(session, *ids)
    rows = stored(session, ids).values()
    seen = {name: Counter(row[name] for row in rows) for name in (
        "execution_ratio_qualifier", "cost_per_day_qualifier", "cost_per_day_end_basis", "lifetime_vs_plan_qualifier")}
    assert {"exact", "approximate", "at_least", "up_to"} <= set(seen["execution_ratio_qualifier"])  # not vacuous
    assert {"exact", "approximate", "at_least", "up_to"} <= set(seen["cost_per_day_qualifier"])
    assert {"happened", "recorded", "scheduled"} <= set(seen["cost_per_day_end_basis"])
    assert {"exact", "approximate"} <= set(seen["lifetime_vs_plan_qualifier"])
    assert sum(row["cost_per_day_low"] is not None for row in rows) >= 10


def test_the_metaverse_seoul_figures_are_approximate_and_rest_on_a_scheduled_end(session: Session) -> None:
    load_all_cases(session)
    card = {figure["name"]: figure for figure in scorecard(session, "metaverse-seoul")["figures"]}
    project_id = session.execute(sa.select(Project.id).where(Project.slug == "metaverse-seoul")).scalar_one()
    row = stored(session, [project_id])[project_id]

    assert row["execution_ratio_qualifier"] == card["budget_execution_ratio"]["qualifier"] == "approximate"  # 약 60억
    cost = card["cost_per_day_of_service"]
    assert row["cost_per_day_qualifier"] == cost["qualifier"] == "approximate"
    assert (row["cost_per_day_low"], row["cost_per_day_high"]) == (cost["range"]["low"], cost["range"]["high"])
    assert row["cost_per_day_end_basis"] == "scheduled"  # announced 2024-07-03 for 2024-12
    assert row["lifetime_vs_plan_qualifier"] == card["lifetime_vs_plan"]["qualifier"]
    assert row["lifetime_vs_plan_end_basis"] == "scheduled"
    assert_current(session, project_id)


def test_a_write_keeps_the_certainty_current(session: Session) -> None:
    project = make_project(session, started="2024-01-01", ended="2024-01-10", planned_end="2024-12-31")
    make_budget(session, project_id=project["id"], kind="planned", amount=1_000, qualifier="exact")
    make_budget(session, project_id=project["id"], kind="spent", amount=100, qualifier="exact")
    row = stored(session, [project["id"]])[project["id"]]
    assert (row["execution_ratio"], row["execution_ratio_qualifier"]) == (Decimal("0.1"), "exact")
    assert (row["cost_per_day"], row["cost_per_day_qualifier"], row["cost_per_day_low"]) == (10, "exact", None)
    assert row["cost_per_day_end_basis"] == "recorded"

    make_budget(session, project_id=project["id"], kind="spent", amount=150, qualifier="at_least",
                as_of="2024-02-01")  # a later report, a lower bound
    row = stored(session, [project["id"]])[project["id"]]
    assert (row["execution_ratio_qualifier"], row["cost_per_day_qualifier"]) == ("at_least", "at_least")
    assert_current(session, project["id"])

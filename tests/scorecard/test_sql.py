"""The rankable figures in SQL agree with the scorecard's Python computation, on both engines.

Projects are generated with every kind of input the scorecard distinguishes
(tests.scorecard.rankings.insert_synthetic_projects).
"""

from datetime import UTC, datetime
from decimal import Decimal
from fractions import Fraction

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from app.models import Budget, Project
from app.scorecard.rounding import round_fraction
from app.scorecard.sql import MAX_DIVISOR, RANKABLE, ranking_source
from seed.loader import load_all_cases
from tests.scorecard.rankings import insert_synthetic_projects, python_values


def sql_values(session: Session, name: str, ids: list[int]) -> dict[int, int | None]:
    source, figures = ranking_source()
    rows = session.execute(sa.select(Project.id, figures[name]).select_from(source).where(Project.id.in_(ids)))
    return {row[0]: None if row[1] is None else int(row[1]) for row in rows}


@pytest.fixture
def generated(session: Session) -> list[int]:
    return insert_synthetic_projects(session, 120, seed=4)


@pytest.mark.parametrize("name", list(RANKABLE))
def test_sql_gives_the_scorecard_value_for_every_generated_project(session: Session, generated: list[int], name: str) -> None:
    expected = python_values(session, name, generated)
    assert sql_values(session, name, generated) == expected
    assert sum(value is not None for value in expected.values()) >= 15  # the comparison is not vacuous
    assert sum(value is None for value in expected.values()) >= 15


@pytest.mark.parametrize(("name", "descending"), [("cost_per_day", True), ("execution_ratio", False)])
def test_sorting_in_sql_matches_sorting_in_python(session: Session, generated: list[int], name: str, descending: bool) -> None:
    expected = python_values(session, name, generated)
    source, figures = ranking_source()
    order = (figures[name].desc() if descending else figures[name].asc()).nulls_last()
    got = session.execute(sa.select(Project.id).select_from(source).where(Project.id.in_(generated))
                          .order_by(order, Project.id)).scalars().all()
    ranked = sorted((v, i) for i, v in expected.items() if v is not None)
    if descending:
        ranked = sorted(ranked, key=lambda pair: (-pair[0], pair[1]))
    assert got == [i for _, i in ranked] + sorted(i for i, v in expected.items() if v is None)


@pytest.mark.parametrize(("operator", "threshold"), [
    ("lt", "0.2"), ("lte", "0.15"), ("gt", "1"), ("gte", "0.0000000005"), ("lt", "0.1500000000001"), ("eq", "0.15"),
])
def test_filtering_in_sql_matches_filtering_in_python(session: Session, generated: list[int], operator: str, threshold: str) -> None:
    figure, expected = RANKABLE["execution_ratio"], python_values(session, "execution_ratio", generated)
    expected_values = {i: figure.to_value(v) for i, v in expected.items() if v is not None}
    compare = {"lt": Decimal.__lt__, "lte": Decimal.__le__, "gt": Decimal.__gt__, "gte": Decimal.__ge__,
               "eq": Decimal.__eq__}[operator]
    source, figures = ranking_source()
    condition = figure.compare(figures["execution_ratio"], operator, Decimal(threshold))
    got = session.execute(sa.select(Project.id).select_from(source)
                          .where(Project.id.in_(generated), condition)).scalars().all()
    assert sorted(got) == sorted(i for i, v in expected_values.items() if compare(v, Decimal(threshold)))


def test_the_metaverse_seoul_figures_in_sql(session: Session) -> None:
    load_all_cases(session)
    project_id = session.execute(sa.select(Project.id).where(Project.slug == "metaverse-seoul")).scalar_one()
    values = {name: RANKABLE[name].to_value(sql_values(session, name, [project_id])[project_id]) for name in RANKABLE}
    assert values == {"execution_ratio": Decimal("0.15"), "cost_per_day": 8_207_934, "lifetime_vs_plan": Decimal("0.5")}
    source, figures = ranking_source()
    currency = sa.select(figures["cost_per_day_currency"]).select_from(source).where(Project.id == project_id)
    assert session.execute(currency).scalar_one() == "KRW"


def test_large_amounts_stay_exact_and_too_large_ones_are_null(session: Session) -> None:
    now = datetime.now(UTC)
    ids = []
    for n, planned in enumerate((9_200_000_000_000_003, MAX_DIVISOR + 1)):
        ids.append(session.execute(sa.insert(Project.__table__).values(
            slug=f"large-{n}", name="합성", status="active", created_at=now, updated_at=now, version=1)
            .returning(Project.id)).scalar_one())
        for kind, value in (("spent", 9_000_000_000_000_001), ("planned", planned)):
            session.execute(sa.insert(Budget.__table__).values(project_id=ids[-1], kind=kind, amount=value, currency="KRW",
                                                              qualifier="exact", created_at=now, updated_at=now, version=1))
    got = sql_values(session, "execution_ratio", ids)
    exact = Fraction(9_000_000_000_000_001, 9_200_000_000_000_003)
    assert got == {ids[0]: int(round_fraction(exact, places=9).scaleb(9)), ids[1]: None}

"""Ranking projects by their scorecard figures through GET /v1/projects, on SQLite and PostgreSQL.

Synthetic projects are made through the services; every filtered, sorted ranking is
walked page by page through its cursors and must equal the ranking computed
independently in Python from each project's scorecard (tests.scorecard.rankings).
"""

import operator
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session

from app.models import Project
from app.scorecard.engine import scorecard
from seed.loader import load_all_cases
from tests.querying.helpers import walk
from tests.scorecard.rankings import make_synthetic_projects, ranking, shown_values
from tests.sql_statements import executed_statements

FIGURES = ("execution_ratio", "cost_per_day", "lifetime_vs_plan")
Condition = tuple[str, Callable[[Any, Any], bool], Any]
CASES: list[tuple[dict[str, str], str, bool, list[Condition]]] = [
    ({"sort": "-cost_per_day"}, "cost_per_day", True, []),
    ({"execution_ratio__lt": "0.2", "sort": "-cost_per_day"}, "cost_per_day", True,
     [("execution_ratio", operator.lt, Decimal("0.2"))]),
    ({"lifetime_vs_plan__gte": "0.5", "sort": "execution_ratio"}, "execution_ratio", False,
     [("lifetime_vs_plan", operator.ge, Decimal("0.5"))]),
    ({"sort": "lifetime_vs_plan"}, "lifetime_vs_plan", False, []),  # many ties: broken by id
    ({"sort": "-execution_ratio", "cost_per_day__gte": "1000"}, "execution_ratio", True,
     [("cost_per_day", operator.ge, 1000)]),
    ({"execution_ratio__gt": "0.5", "execution_ratio__lte": "1.5", "sort": "-execution_ratio"}, "execution_ratio", True,
     [("execution_ratio", operator.gt, Decimal("0.5")), ("execution_ratio", operator.le, Decimal("1.5"))]),
]


@pytest.fixture
def generated(session: Session) -> dict[str, dict[int, Any]]:
    """80 synthetic projects; each figure's value for every live project, as the scorecard gives it."""
    make_synthetic_projects(session, 80, seed=11)
    ids = list(session.execute(sa.select(Project.id).where(Project.deleted_at.is_(None))).scalars())
    return {name: shown_values(session, name, ids) for name in FIGURES}


def walked(client: TestClient, params: dict[str, Any]) -> list[dict[str, Any]]:
    return [item for response in walk(client, "/v1/projects", **params) for item in response.json()["items"]]


@pytest.mark.parametrize(("params", "sort_by", "descending", "conditions"), CASES,
                         ids=["&".join(f"{k}={v}" for k, v in case[0].items()) for case in CASES])
def test_a_ranking_equals_the_ranking_of_the_scorecards(client: TestClient, generated: dict[str, dict[int, Any]],
                                                        params: dict[str, str], sort_by: str, descending: bool,
                                                        conditions: list[Condition]) -> None:
    def keep(project_id: int) -> bool:
        values = [generated[name][project_id] for name, _, _ in conditions]
        return all(value is not None and test(value, bound) for value, (_, test, bound) in zip(values, conditions, strict=True))

    expected = ranking(generated[sort_by], descending, keep)
    items = walked(client, {**params, "limit": 7})

    assert [item["id"] for item in items] == expected
    assert len(expected) >= 5, expected  # not vacuous
    for item in items:  # and each shows the scorecard's values
        shown = {name: None if item[name] is None else type(generated[name][item["id"]])(item[name]) for name in FIGURES}
        assert shown == {name: generated[name][item["id"]] for name in FIGURES}


def test_projects_without_a_figure_are_listed_last_or_alone(client: TestClient, generated: dict[str, dict[int, Any]]) -> None:
    missing = sorted(i for i, value in generated["execution_ratio"].items() if value is None)
    assert [item["id"] for item in walked(client, {"execution_ratio__isnull": "true", "limit": 9})] == missing
    ranked = [item["id"] for item in walked(client, {"sort": "-execution_ratio", "limit": 9})]
    assert ranked[-len(missing):] == sorted(missing, reverse=True)


def test_a_ranking_page_costs_one_statement_at_any_depth(client: TestClient, engine: Engine,
                                                         generated: dict[str, dict[int, Any]]) -> None:
    per_page = []
    with executed_statements(engine) as statements:
        for _ in walk(client, "/v1/projects", execution_ratio__lt="2", sort="-cost_per_day", limit=3):
            per_page.append(len(statements))
            statements.clear()
    assert len(per_page) >= 5 and per_page == [1] * len(per_page)


def test_metaverse_seoul_ranks_with_the_figures_of_its_scorecard(client: TestClient, session: Session) -> None:
    load_all_cases(session)
    card = {figure["name"]: figure["value"] for figure in scorecard(session, "metaverse-seoul")["figures"]}

    items = walked(client, {"execution_ratio__lte": "0.15", "sort": "-cost_per_day",
                            "fields": "slug,execution_ratio,cost_per_day,cost_per_day_currency,lifetime_vs_plan"})

    seoul = next(item for item in items if item["slug"] == "metaverse-seoul")
    assert seoul["execution_ratio"] == str(card["budget_execution_ratio"]) == "0.15"
    assert (seoul["cost_per_day"], seoul["cost_per_day_currency"]) == (card["cost_per_day_of_service"], "KRW")
    assert seoul["cost_per_day"] == 8_207_934
    assert seoul["lifetime_vs_plan"] == str(card["lifetime_vs_plan"]) == "0.5"
    assert [item["slug"] for item in walked(client, {"execution_ratio__lt": "0.15"})] == []

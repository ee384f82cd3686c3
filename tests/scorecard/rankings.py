"""Rankings computed independently, in Python, from the scorecard; and synthetic projects to rank.

The SQL figures (computed or stored) and the API's rankings are checked against these.
Every generated record is visibly synthetic (합성 / Synthetic, tests.factories).
"""

import random
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from fractions import Fraction
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from app.models import Budget, Project, ProjectEvent
from app.models.fields import PartialDateInput, partial_date_columns
from app.querying.sql import BIGINT_MAX
from app.scorecard.engine import scorecards
from app.scorecard.rounding import round_figure, round_fraction
from app.scorecard.sql import RANKABLE
from tests.factories import make_budget, make_organization, make_project

SCORECARD_NAMES = {"execution_ratio": "budget_execution_ratio", "cost_per_day": "cost_per_day_of_service",
                   "lifetime_vs_plan": "lifetime_vs_plan"}
DIRECTIONS = {"at_least": "down", "up_to": "up"}
QUALIFIERS = ("exact", "approximate", "at_least", "up_to")


def python_values(session: Session, name: str, ids: list[int]) -> dict[int, int | None]:
    """The scorecard's headline value, rounded as the SQL figure is (scale decimals, bounds outward);
    None where that is no 64-bit integer, as documented in app.scorecard.sql."""
    scale, values = RANKABLE[name].scale, {}
    for project_id, card in scorecards(session, ids).items():
        figure = next((f for f in card["figures"] if f["name"] == SCORECARD_NAMES[name]), None)
        if figure is None:
            values[project_id] = None
            continue
        rounded = round_fraction(Fraction(figure["exact"]), places=scale,
                                 direction=DIRECTIONS.get(figure["qualifier"], "nearest"))
        scaled = int(rounded.scaleb(scale))
        values[project_id] = scaled if abs(scaled) <= BIGINT_MAX else None
    return values


def shown_values(session: Session, name: str, ids: list[int]) -> dict[int, Decimal | int | None]:
    """`python_values` as the API shows them: exact decimals for ratios, integers for money."""
    return {i: RANKABLE[name].to_value(v) for i, v in python_values(session, name, ids).items()}


def python_certainty(session: Session, name: str, ids: list[int]) -> dict[int, dict[str, Any]]:
    """What the scorecard says of a figure's certainty, under the names it is stored by: its qualifier, the ends
    of its range, how the end of service it uses is known; all None where the stored figure has no value."""
    spec, values = RANKABLE[name], python_values(session, name, ids)
    certainty = {}
    for project_id, card in scorecards(session, ids).items():
        figure = next((f for f in card["figures"] if f["name"] == SCORECARD_NAMES[name]), None)
        shown = figure if figure is not None and values[project_id] is not None else None
        row: dict[str, Any] = {f"{name}_qualifier": shown and shown["qualifier"]}
        if spec.ranged:
            bounds = shown and shown["range"]
            row |= {f"{name}_low": bounds and bounds["low"], f"{name}_high": bounds and bounds["high"]}
        if spec.uses_end:
            period = shown and next(link for link in shown["inputs"] if "end_basis" in link)
            row[f"{name}_end_basis"] = period and period["end_basis"]
        certainty[project_id] = row
    return certainty


def as_the_scorecard_rounds(name: str, row: dict[str, Any]) -> dict[str, Any]:
    """A stored figure's certainty columns, its range rounded outward as the scorecard prints it
    (ratios to 6 significant digits: the stored 9 places, rounded down or up again, give the same)."""
    spec = RANKABLE[name]
    shown = {column: row[column] for column in spec.column_names()
             if column not in (name, f"{name}_currency")}
    for end, direction in (("low", "down"), ("high", "up")):
        value = shown.get(f"{name}_{end}")
        if value is not None and spec.scale:
            shown[f"{name}_{end}"] = round_figure(Fraction(value), money=False, direction=direction)
    return shown


def ranking(values: dict[int, Decimal | int | None], descending: bool,
            keep: Callable[[int], bool] = lambda project_id: True) -> list[int]:
    """Project ids in list order: by value, ties by id in the same direction, projects without a value last."""
    kept = {i: v for i, v in values.items() if keep(i)}
    ranked = sorted((i for i, v in kept.items() if v is not None), key=lambda i: (kept[i], i), reverse=descending)
    return ranked + sorted((i for i, v in kept.items() if v is None), reverse=descending)


def partial(rng: random.Random, first_year: int = 2019, last_year: int = 2027) -> str | None:
    year = rng.randint(first_year, last_year)
    return rng.choice([None, f"{year}", f"{year}-Q{rng.randint(1, 4)}", f"{year}-{rng.randint(1, 12):02d}",
                       f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"])


def dates(prefix_values: dict[str, str | None]) -> dict[str, Any]:
    columns: dict[str, Any] = {}
    for name, value in prefix_values.items():
        columns |= partial_date_columns(name, None if value is None else PartialDateInput(value=value))
    return columns


def amount(rng: random.Random) -> int:
    return rng.choice([0, -5, rng.randint(1, 10**6), rng.randint(10**9, 10**12), rng.randint(10**14, 9 * 10**15)])


def insert_synthetic_projects(session: Session, count: int, seed: int) -> list[int]:
    """Projects with every kind of input the scorecard distinguishes (missing inputs, several reports of a
    budget, currencies that differ, all four qualifiers, zero and negative amounts, dates at every precision,
    ends before starts), inserted with Core around the services: no figures are stored for them."""
    rng, now = random.Random(seed), datetime.now(UTC)
    bookkeeping = {"created_at": now, "updated_at": now, "version": 1}
    ids = []
    for n in range(count):
        project = {"slug": f"generated-{seed}-{n}", "name": f"합성 프로젝트 {n}", "status": "active", **bookkeeping,
                   **dates({"announced": None, "started": partial(rng, 2019, 2023), "ended": partial(rng, 2019, 2027),
                            "planned_end": partial(rng, 2022, 2030)})}
        project_id = session.execute(sa.insert(Project.__table__).values(project).returning(Project.id)).scalar_one()
        ids.append(project_id)
        for kind in ["spent"] * rng.randint(0, 3) + ["planned"] * rng.randint(0, 2):
            session.execute(sa.insert(Budget.__table__).values(
                project_id=project_id, kind=kind, amount=amount(rng), currency=rng.choice(["KRW"] * 8 + ["USD"]),
                qualifier=rng.choice(QUALIFIERS), **bookkeeping,
                **dates({"period_start": None, "period_end": partial(rng), "as_of": partial(rng)})))
    session.flush()
    return ids


def insert_synthetic_endings(session: Session, ids: list[int], seed: int) -> None:
    """Ending events for these projects, inserted with Core: for some a scheduled end (with or without an
    announcement), for others an end that happened (the project then terminated), for the rest none."""
    rng, now = random.Random(seed), datetime.now(UTC)
    for project_id in ids:
        kind = rng.choice([None, "scheduled", "scheduled", "happened"])
        if kind is None:
            continue
        announced = partial(rng, 2019, 2024) if kind == "scheduled" and rng.random() < 0.5 else None
        session.execute(sa.insert(ProjectEvent.__table__).values(
            project_id=project_id, status="terminated", kind=kind, description="합성 종료", created_at=now,
            updated_at=now, version=1, **dates({"occurs": partial(rng, 2020, 2028) or "2026", "announced": announced})))
        if kind == "happened":
            session.execute(sa.update(Project.__table__).where(Project.id == project_id).values(status="terminated"))
    session.flush()


def make_synthetic_projects(session: Session, count: int, seed: int) -> list[int]:
    """`count` synthetic projects of one new organization, with 0-3 spent and 0-2 planned budgets each,
    made through the services (as writers make them), so their figures are stored by the write hooks."""
    rng = random.Random(seed)
    organization_id = make_organization(session)["id"]
    ids = []
    for _ in range(count):
        dates = {"started": partial(rng, 2019, 2023), "ended": partial(rng, 2019, 2027),
                 "planned_end": partial(rng, 2022, 2030)}
        project = make_project(session, organization_id=organization_id,
                               **{name: value for name, value in dates.items() if value is not None})
        ids.append(project["id"])
        for kind in ["spent"] * rng.randint(0, 3) + ["planned"] * rng.randint(0, 2):
            budget_dates = {"as_of": partial(rng, 2019, 2027), "period_end": partial(rng, 2019, 2027)}
            make_budget(session, project_id=project["id"], kind=kind, qualifier=rng.choice(QUALIFIERS),
                        amount=rng.choice([0, rng.randint(1, 10**6), rng.randint(10**9, 10**12)]),
                        currency=rng.choice(["KRW"] * 8 + ["USD"]),
                        **{name: value for name, value in budget_dates.items() if value is not None})
    return ids

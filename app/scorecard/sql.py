"""Rankable figures as SQL: one exact integer per project, the same on SQLite and PostgreSQL.

So that projects can be filtered and sorted by a figure (execution_ratio__lt=0.2,
sort=-cost_per_day) inside the database, never by loading projects into Python.
`ranking_source()` joins each project to its latest spent and planned budgets (one
pass over budgets with a window function, one join) and gives each figure as a
column expression over that join, in integer arithmetic only (no floats, no
driver-dependent NUMERIC division). Each gives the scorecard's headline value:

- the same inputs as the scorecard (the latest spent/planned budget: latest as_of or
  period end, then the highest id; the widest reading of the project's dates);
- NULL wherever the scorecard would refuse (missing input, different currencies,
  a zero or negative divisor, bounds pointing both ways, an end before the start);
- ratios scaled by 10^9 (RATIO_SCALE), money per day in whole minor units, rounded
  ROUND_HALF_EVEN, except that a bound rounds outward (a lower bound down, an upper
  bound up) and uses the reading of the dates that keeps it a bound, as the scorecard does;
- beside each value, what the scorecard says of it (`Computed`): its qualifier by Quantity's rules
  (a bound, else approximate when an input is or when partial dates give a range, else exact), the
  ends of that range (low rounded down, high up), and how the end of service it uses is known.

Ratios are exact for planned amounts below 9.2 × 10^15 minor units and for ratios below
9,223,372,036 (beyond that, × 10^9 is no 64-bit integer: NULL), by long division in three
steps of 10^3 that never overflow 64 bits.

Cost: one scan of budgets and projects per query: 3-4 s for a filtered, sorted page over
10^6 projects and 2 × 10^6 budgets on PostgreSQL (measured), close to the 5 s statement
timeout; correlated subqueries per project were four times slower. So lists read these
figures stored and indexed (app.scorecard.stored), computed here for the projects a write
touched (`project_ids`), or for all of them in one INSERT … SELECT.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from app.models import Budget, Project
from app.querying.sql import scaled_comparison
from app.scorecard.facts import live
from app.scorecard.service_end import end_columns, ending_events

RATIO_SCALE = 9
MAX_DIVISOR = 9_223_372_036_854_775  # (2^63 - 1) / 1000: r * 1000 stays within 64 bits
MAX_RATIO = 9_223_372_035  # a ratio whose integer part is at most this, × 10^9 and rounded up, fits in 64 bits
Expression = sa.ColumnElement[Any]
Ends = dict[str, Expression]  # the service end the figures use (app.scorecard.service_end.end_columns)


def _int(value: int) -> Expression:
    """An inline integer literal: bound parameters could be typed NUMERIC by the driver."""
    return sa.literal_column(str(value), sa.BigInteger)


class day_number(FunctionElement):  # noqa: N801 - reads like a SQL function
    """Days since 1970-01-01 as an integer: date subtraction on PostgreSQL, strftime('%s') on SQLite."""

    inherit_cache = True
    type = sa.BigInteger()


@compiles(day_number)
def _day_number_postgresql(element: day_number, compiler, **kw: Any) -> str:
    return f"(({compiler.process(element.clauses, **kw)}) - DATE '1970-01-01')"


@compiles(day_number, "sqlite")
def _day_number_sqlite(element: day_number, compiler, **kw: Any) -> str:
    return f"(CAST(strftime('%s', {compiler.process(element.clauses, **kw)}) AS INTEGER) / 86400)"


class month_number(FunctionElement):  # noqa: N801
    """year × 12 + month − 1 as an integer, so that calendar months can be counted."""

    inherit_cache = True
    type = sa.BigInteger()


@compiles(month_number)
def _month_number_postgresql(element: month_number, compiler, **kw: Any) -> str:
    day = compiler.process(element.clauses, **kw)
    return f"(CAST(EXTRACT(YEAR FROM {day}) AS INTEGER) * 12 + CAST(EXTRACT(MONTH FROM {day}) AS INTEGER) - 1)"


@compiles(month_number, "sqlite")
def _month_number_sqlite(element: month_number, compiler, **kw: Any) -> str:
    day = compiler.process(element.clauses, **kw)
    return f"(CAST(strftime('%Y', {day}) AS INTEGER) * 12 + CAST(strftime('%m', {day}) AS INTEGER) - 1)"


def _round(q: Expression, r: Expression, d: Expression, direction: Expression) -> Expression:
    """Quotient q with remainder r of a division by d > 0, rounded: 1 down, -1 up, 0 half to even."""
    up = sa.case(
        (direction == 1, _int(0)),
        (direction == -1, sa.case((r > 0, _int(1)), else_=_int(0))),
        (sa.or_(r * 2 > d, sa.and_(r * 2 == d, q % 2 == 1)), _int(1)),
        else_=_int(0),
    )
    return q + up


def rounded_quotient(n: Expression, d: Expression, direction: Expression) -> Expression:
    """n / d for integers n ≥ 0, d > 0, rounded by `direction`."""
    return _round(n // d, n % d, d, direction)


def scaled_ratio(n: Expression, d: Expression, direction: Expression) -> Expression:
    """n / d × 10^9 rounded by `direction`, by long division in steps of 10^3 (no 64-bit overflow)."""
    thousand = _int(1000)
    q, remainder = n // d, n % d
    for _ in range(3):
        q = q * thousand + remainder * thousand // d
        remainder = remainder * thousand % d
    return _round(q, remainder, d, direction)


def latest_budgets(project_ids: list[int] | sa.BindParameter | None = None) -> sa.Subquery:
    """One row per project (of `project_ids`, or all): its latest spent and planned budget
    (latest as_of, else period end; then highest id)."""
    reported = sa.func.coalesce(Budget.as_of_latest, Budget.period_end_latest)
    rank = sa.func.row_number().over(partition_by=(Budget.project_id, Budget.kind),
                                     order_by=(reported.desc().nulls_last(), Budget.id.desc()))
    ranked = (sa.select(Budget.project_id, Budget.kind, Budget.amount, Budget.currency, Budget.qualifier, rank.label("rank"))
              .where(Budget.kind.in_(("spent", "planned")), *live(Budget)))
    if project_ids is not None:  # stated here: a filter on the outer join would not reach the window
        ranked = ranked.where(Budget.project_id.in_(project_ids))
    ranked = ranked.subquery("ranked")
    columns = [sa.func.max(sa.case((ranked.c.kind == kind, ranked.c[name]))).label(f"{kind}_{name}")
               for kind in ("spent", "planned") for name in ("amount", "currency", "qualifier")]
    return (sa.select(ranked.c.project_id, *columns).where(ranked.c.rank == 1)
            .group_by(ranked.c.project_id).subquery("latest_budgets"))


def _direction(*signs: Expression) -> tuple[Expression, Expression]:
    """Combine bound directions (+1 lower bound, -1 upper bound, 0 none): (direction, refused)."""
    ups = sa.or_(*(sign == 1 for sign in signs))
    downs = sa.or_(*(sign == -1 for sign in signs))
    return sa.case((ups, 1), (downs, -1), else_=0), sa.and_(ups, downs)


def _sign(qualifier: Expression, flip: bool = False) -> Expression:
    """+1 when the figure is bounded below by this input, -1 above, 0 neither."""
    lower, upper = (-1, 1) if flip else (1, -1)
    return sa.case((qualifier == "at_least", lower), (qualifier == "up_to", upper), else_=0)


@dataclass(frozen=True)
class Computed:
    """A figure's columns: its value, its qualifier, and the ends of its range where the inputs give one;
    each NULL wherever the value is."""

    value: Expression
    qualifier: Expression
    low: Expression | None = None
    high: Expression | None = None
    end_basis: Expression | None = None  # how the end of service it uses is known


def _qualifier(direction: Expression, approximate: Expression) -> Expression:
    """The scorecard's Quantity.qualifier: a bound first, then approximate (an approximate input, or a range)."""
    return sa.case((direction == 1, "at_least"), (direction == -1, "up_to"), (approximate, "approximate"),
                   else_="exact")


def execution_ratio(project: sa.FromClause, latest: sa.FromClause, end: Ends) -> Computed:
    """Latest spent ÷ latest planned budget (same currency), × 10^9. Single amounts: never a range."""
    spent, planned = latest.c.spent_amount, latest.c.planned_amount
    direction, refused = _direction(_sign(latest.c.spent_qualifier), _sign(latest.c.planned_qualifier, flip=True))
    valid = sa.and_(latest.c.spent_currency == latest.c.planned_currency, spent >= 0, planned > 0,
                    planned <= MAX_DIVISOR, sa.not_(refused))
    fits = spent // planned <= _int(MAX_RATIO)  # in its own CASE: evaluated only once planned > 0

    def when_valid(expression: Expression) -> Expression:
        return sa.case((valid, sa.case((fits, expression), else_=sa.null())), else_=sa.null())

    approximate = sa.or_(latest.c.spent_qualifier == "approximate", latest.c.planned_qualifier == "approximate")
    return Computed(when_valid(scaled_ratio(spent, planned, direction)), when_valid(_qualifier(direction, approximate)))


def _days(project: sa.FromClause, end: Ends) -> tuple[Expression, Expression]:
    """Days of service, inclusive: the widest reading and the narrowest (at least 1)."""
    widest = day_number(end["end_latest"]) - day_number(project.c.started_earliest) + 1
    narrowest = day_number(end["end_earliest"]) - day_number(project.c.started_latest) + 1
    return widest, sa.case((narrowest > 1, narrowest), else_=_int(1))


def cost_per_day(project: sa.FromClause, latest: sa.FromClause, end: Ends) -> Computed:
    """Latest spent budget ÷ days of service (widest reading; the narrowest for an upper bound), minor units.

    An amount that is not a bound, over partial dates read two ways, is a range: spent ÷ widest days
    (rounded down) to spent ÷ narrowest days (rounded up), and so approximate."""
    spent, qualifier = latest.c.spent_amount, latest.c.spent_qualifier
    widest, narrowest = _days(project, end)
    days = sa.case((qualifier == "up_to", narrowest), else_=widest)
    valid = sa.and_(spent >= 0, end["end_latest"] >= project.c.started_earliest)
    ranged = sa.and_(qualifier.in_(("exact", "approximate")), spent > 0, narrowest != widest)

    def when_valid(expression: Expression, *conditions: Expression) -> Expression:
        return sa.case((sa.and_(valid, *conditions), expression), else_=sa.null())

    return Computed(when_valid(rounded_quotient(spent, days, _sign(qualifier))),
                    when_valid(_qualifier(_sign(qualifier), sa.or_(qualifier == "approximate", ranged))),
                    when_valid(rounded_quotient(spent, widest, _int(1)), ranged),
                    when_valid(rounded_quotient(spent, narrowest, _int(-1)), ranged), when_valid(end["end_basis"]))


def cost_per_day_currency(project: sa.FromClause, latest: sa.FromClause, end: Ends) -> Expression:
    return latest.c.spent_currency


def _months(project: sa.FromClause, end_earliest: Expression, end_latest: Expression) -> tuple[Expression, Expression]:
    """Calendar months from the start to an end, inclusive: the widest reading and the narrowest (at least 1)."""
    widest = month_number(end_latest) - month_number(project.c.started_earliest) + 1
    narrowest = month_number(end_earliest) - month_number(project.c.started_latest) + 1
    return widest, sa.case((narrowest > 1, narrowest), else_=_int(1))


def lifetime_vs_plan(project: sa.FromClause, latest: sa.FromClause, end: Ends) -> Computed:
    """Calendar months in service ÷ months planned (both from the earliest start month), × 10^9.

    Partial dates give a range: the narrowest service over the widest plan (rounded down) to the
    widest service over the narrowest plan (rounded up)."""
    lived, lived_narrowest = _months(project, end["end_earliest"], end["end_latest"])
    planned, planned_narrowest = _months(project, project.c.planned_end_earliest, project.c.planned_end_latest)
    valid = sa.and_(end["end_latest"] >= project.c.started_earliest,
                    project.c.planned_end_latest >= project.c.started_earliest)
    ranged = sa.or_(lived_narrowest != lived, planned_narrowest != planned)

    def when_valid(expression: Expression, *conditions: Expression) -> Expression:
        return sa.case((sa.and_(valid, *conditions), expression), else_=sa.null())

    return Computed(when_valid(scaled_ratio(lived, planned, _int(0))), when_valid(_qualifier(_int(0), ranged)),
                    when_valid(scaled_ratio(lived_narrowest, planned, _int(1)), ranged),
                    when_valid(scaled_ratio(lived, planned_narrowest, _int(-1)), ranged), when_valid(end["end_basis"]))


@dataclass(frozen=True)
class RankableFigure:
    """A scorecard figure the projects list can filter and sort by: value = integer / 10^scale.

    Stored with it: `<name>_qualifier`, `<name>_low` and `<name>_high` when the figure can be a range
    (`ranged`), `<name>_end_basis` when it rests on the end of service (`uses_end`), and
    `<name>_currency` when it is money."""

    name: str
    expression: Callable[[sa.FromClause, sa.FromClause, "Ends"], Computed]
    scale: int
    unit: str
    description: str
    currency: Callable[[sa.FromClause, sa.FromClause, "Ends"], Expression] | None = None
    ranged: bool = False
    uses_end: bool = False

    def to_value(self, raw: int | None) -> Decimal | int | None:
        if raw is None:
            return None
        return int(raw) if self.scale == 0 else Decimal(f"{int(raw)}E-{self.scale}").normalize()

    def compare(self, expression: Expression, operator: str, value: Decimal) -> Expression:
        """`figure <op> value` on the stored integer, exactly, whatever the number of decimals of `value`."""
        return scaled_comparison(expression, operator, value, self.scale)

    def columns(self, project: sa.FromClause, latest: sa.FromClause, end: Ends) -> dict[str, Expression]:
        """Every column of this figure, by the name it is stored under."""
        computed = self.expression(project, latest, end)
        columns = {self.name: computed.value, f"{self.name}_qualifier": computed.qualifier}
        if self.currency:
            columns[f"{self.name}_currency"] = self.currency(project, latest, end)
        if self.ranged:
            columns |= {f"{self.name}_low": computed.low, f"{self.name}_high": computed.high}
        if self.uses_end:
            columns[f"{self.name}_end_basis"] = computed.end_basis
        return columns

    def column_names(self) -> tuple[str, ...]:
        return (self.name, f"{self.name}_qualifier", *((f"{self.name}_currency",) if self.currency else ()),
                *((f"{self.name}_low", f"{self.name}_high") if self.ranged else ()),
                *((f"{self.name}_end_basis",) if self.uses_end else ()))


RANKABLE: dict[str, RankableFigure] = {figure.name: figure for figure in (
    RankableFigure("execution_ratio", execution_ratio, RATIO_SCALE, "ratio",
                   "Share of the planned budget spent (scorecard: budget_execution_ratio), 9 decimals"),
    RankableFigure("cost_per_day", cost_per_day, 0, "¤/day",
                   "Amount spent per day of service in minor units of cost_per_day_currency "
                   "(scorecard: cost_per_day_of_service)", currency=cost_per_day_currency, ranged=True, uses_end=True),
    RankableFigure("lifetime_vs_plan", lifetime_vs_plan, RATIO_SCALE, "ratio",
                   "Months in service ÷ months planned (scorecard: lifetime_vs_plan), 9 decimals",
                   ranged=True, uses_end=True),
)}


def ranking_source(project: sa.Table = Project.__table__, project_ids: list[int] | sa.BindParameter | None = None,
                   events: bool = True) -> tuple[sa.FromClause, dict[str, Expression]]:
    """`project` left-joined to its latest budgets, and every rankable figure's columns (RankableFigure.columns).

    select(project).select_from(source).where(columns["execution_ratio"] < …).order_by(columns["cost_per_day"])
    With `project_ids`, only those projects' budgets are read (the caller filters the projects). The end of
    service is app.scorecard.service_end's (`events=False`: the project's `ended`, for migrations before events).
    """
    latest = latest_budgets(project_ids)
    source = project.outerjoin(latest, latest.c.project_id == project.c.id)
    if events:
        ending = ending_events(project_ids)
        source, end = source.outerjoin(ending, ending.c.project_id == project.c.id), end_columns(project, ending)
    else:  # before status events existed (an earlier migration): the project's own end date
        end = {"end_earliest": project.c.ended_earliest, "end_latest": project.c.ended_latest,
               "end_basis": sa.case((project.c.ended.is_not(None), "recorded"))}
    return source, {name: column for figure in RANKABLE.values()
                    for name, column in figure.columns(project, latest, end).items()}

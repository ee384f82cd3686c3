"""Values bound by name, so that a list statement built once runs again with another request's values.

A `Binder` names the filter values in the order the conditions ask for them (`f0`, `f1`, …)
and keeps them in `params`: built from filters of the same shape (app.querying.filters.shape),
conditions ask for their values in the same order, so a statement cached for one request takes
the `params` of the next. Cursor values and the page size have fixed names (`cursor_bind`,
`LIMIT`). Without a binder, values are bound anonymously, as SQLAlchemy does by default.
"""

from typing import Any

import sqlalchemy as sa

LIMIT = "page_size"


class Binder:
    def __init__(self) -> None:
        self.params: dict[str, Any] = {}

    def __call__(self, value: Any, type_: sa.types.TypeEngine, expanding: bool = False) -> sa.BindParameter:
        key = f"f{len(self.params)}"
        self.params[key] = list(value) if expanding else value
        return sa.bindparam(key, self.params[key], type_=type_, expanding=expanding)


def bind(binder: Binder | None, value: Any, type_: sa.types.TypeEngine, expanding: bool = False) -> sa.BindParameter:
    """`value` as a bound parameter: named by `binder` when given, else anonymous."""
    if binder is not None:
        return binder(value, type_, expanding)
    return sa.bindparam(None, list(value) if expanding else value, type_=type_, expanding=expanding)


def cursor_bind(position: int) -> str:
    """The name of the cursor's value for the sort key at `position`."""
    return f"cursor{position}"

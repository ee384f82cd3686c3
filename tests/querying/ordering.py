"""The documented order, computed in Python: keys in turn, NULLs last either way, ties by id."""

from collections.abc import Callable
from functools import cmp_to_key
from typing import Any


def _compare(a: Any, b: Any, desc: bool) -> int:
    if a is None or b is None:
        return (a is None) - (b is None)  # NULL last in both directions
    if a == b:
        return 0
    return (1 if a > b else -1) * (-1 if desc else 1)


def sort_key(sort: str, value_of: Callable[[dict[str, Any], str], Any]) -> Callable[[dict[str, Any]], Any]:
    """A key function for rows under `sort` (e.g. "-amount,kind"), id last in the last key's direction."""
    keys = [(part.removeprefix("-"), part.startswith("-")) for part in sort.split(",")] if sort else []
    if not any(name == "id" for name, _ in keys):
        keys.append(("id", keys[-1][1] if keys else False))

    def compare(left: dict[str, Any], right: dict[str, Any]) -> int:
        for name, desc in keys:
            result = _compare(value_of(left, name), value_of(right, name), desc)
            if result:
                return result
        return 0

    return cmp_to_key(compare)

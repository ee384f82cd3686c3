"""Scorecards side by side: one row per figure, one cell per project, one unit per row.

A row's unit is that of its first available cell. A cell in another unit (a
different currency: no exchange rate is applied) keeps its value but is marked
not comparable, with the reason; a missing figure says why it is missing.
"""

from typing import Any

from sqlmodel import Session

from app.core.errors import InvalidParameter
from app.scorecard.engine import scorecards
from app.scorecard.facts import resolve_projects
from app.scorecard.figures import FIGURES, Figure

MIN_PROJECTS, MAX_PROJECTS = 2, 10
CELL_FIELDS = ("value", "unit", "qualifier", "estimate", "range", "exact", "rendered", "caveats")


def parse_project_keys(raw: str | None) -> list[str]:
    keys = [key.strip() for key in (raw or "").split(",") if key.strip()]
    if not MIN_PROJECTS <= len(keys) <= MAX_PROJECTS:
        raise InvalidParameter("projects", f"give {MIN_PROJECTS} to {MAX_PROJECTS} project ids or slugs, comma-separated")
    if len(set(keys)) != len(keys):
        raise InvalidParameter("projects", "a project is listed twice")
    return keys


def _row(figure: Figure, cards: list[dict[str, Any]]) -> dict[str, Any]:
    cells, unit = [], None
    for card in cards:
        found = {f["name"]: f for f in card["figures"] + card["unavailable"]}[figure.name]
        cell: dict[str, Any] = {"project": card["project"]["slug"]}
        if "reason" in found:
            cell |= {"value": None, "available": False, "reason": found["reason"]}
        else:
            unit = unit or found["unit"]
            cell |= {name: found[name] for name in CELL_FIELDS} | {"available": True, "comparable": found["unit"] == unit}
            if found["unit"] != unit:
                cell["reason"] = f"in {found['unit']}, not {unit}: no exchange rate is applied"
        cells.append(cell)
    return {"name": figure.name, "title": figure.title, "formula": figure.formula, "unit": unit or figure.unit,
            "estimate": figure.estimate, "values": cells}


def compare(session: Session, keys: list[str], base_url: str = "", figures: tuple[Figure, ...] = FIGURES) -> dict[str, Any]:
    project_ids = resolve_projects(session, keys, parameter="projects")
    if len(set(project_ids)) != len(project_ids):
        raise InvalidParameter("projects", "a project is listed twice (by id and by slug)")
    by_id = scorecards(session, project_ids, base_url, figures)
    cards = [by_id[project_id] for project_id in project_ids]
    return {
        "projects": [card["project"] | {"scorecard_url": card["project"]["url"] + "/scorecard"} for card in cards],
        "figures": [_row(figure, cards) for figure in figures],
    }

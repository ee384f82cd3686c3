"""Projects whose status events differ, and the status `derived_status` gives each as of a day."""

from datetime import date
from typing import Any

from sqlmodel import Session

from app.services.project_status import derived_status
from tests.factories import make_budget, make_project, make_project_event, next_number

DAYS = ["2022-12-31", "2023-02-01", "2024-07-04", "2025-01-01"]
STATUSES = ("planned", "active", "suspended", "terminated", "completed", "cancelled")

# Each project's status events: (status, kind, occurs, announced)
HISTORIES = [
    [("active", "happened", "2023-01", None), ("terminated", "scheduled", "2024-12", "2024-07-03")],
    [("planned", "happened", "2021-Q2", None), ("active", "happened", "2022-03-01", None),
     ("suspended", "happened", "2023-06-15", None)],
    [("active", "happened", "2023-01-15", None), ("terminated", "happened", "2024-02-01", None)],
    [("active", "happened", "2022", None), ("completed", "abandoned", "2026", "2024-07-03")],
    [],  # no event: no status on any day
]


def make_histories(session: Session) -> dict[str, Any]:
    """Projects with the histories above, in a jurisdiction of their own, each with one budget."""
    jurisdiction = f"합성 지역 {next_number()}"
    ids = []
    for events in HISTORIES:
        project = make_project(session, status=None, jurisdiction=jurisdiction)
        for status, kind, occurs, announced in events:
            make_project_event(session, project_id=project["id"], status=status, kind=kind, occurs=occurs,
                               announced=announced)
        make_budget(session, project_id=project["id"])
        ids.append(project["id"])
    return {"jurisdiction": jurisdiction, "ids": ids}


def expected(session: Session, ids: list[int], day: str) -> dict[int, str | None]:
    return {project_id: derived_status(session, project_id, date.fromisoformat(day))["status"] for project_id in ids}

"""The rules a status event must keep, whatever writes it (API, bulk import, seed): pure, no I/O.

A `happened` event cannot lie in the future; anything that was said would happen needs the
date it was said (`announced`), and that date cannot lie in the future either; a `scheduled`
event has the date it is scheduled for, an `announced` one has none (else it is scheduled),
and a schedule cannot point to before its own announcement.
"""

from datetime import date

from app.domain.partial_dates import parse_partial_date
from app.models.vocabulary import EventKind

SAID_WOULD_HAPPEN = (EventKind.SCHEDULED, EventKind.ANNOUNCED, EventKind.ABANDONED)


def event_problems(kind: EventKind, occurs: str | None, announced: str | None, today: date) -> list[tuple[str, str]]:
    """(field, message) for every rule the event breaks; empty when it keeps them all."""
    problems = []
    when = parse_partial_date(occurs) if occurs is not None else None
    said = parse_partial_date(announced) if announced is not None else None
    if kind is EventKind.HAPPENED and when is not None and when.earliest > today:
        problems.append(("occurs", f"a happened event cannot be dated after today ({today}); record it as scheduled"))
    if kind in SAID_WOULD_HAPPEN and said is None:
        problems.append(("announced", f"a {kind} event needs the date it was announced"))
    if said is not None and said.earliest > today:
        problems.append(("announced", f"an announcement cannot be dated after today ({today})"))
    if kind is EventKind.SCHEDULED and when is None:
        problems.append(("occurs", "a scheduled event needs the date it is scheduled for (else record it as announced)"))
    if kind is EventKind.ANNOUNCED and when is not None:
        problems.append(("occurs", "an announced event has no date it is to happen on; with one, it is scheduled"))
    if kind is EventKind.SCHEDULED and when is not None and said is not None and when.latest < said.earliest:
        problems.append(("occurs", "a schedule cannot point to before its announcement"))
    return problems

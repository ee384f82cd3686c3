"""Load a case file through the same validation and services as the API, idempotently.

Records are matched on their resource's natural key: a record already present
and equal is left alone (same version, same timestamps), one that differs is
updated, a missing one is created. Loading twice therefore changes nothing.
"""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import yaml
from pydantic import ValidationError
from sqlalchemy import Engine
from sqlmodel import Session

from app.domain.korean_amounts import KoreanAmountError, parse_korean_amount
from app.resources import Resource
from app.resources.catalog import budgets, citations, metrics, organizations, people, projects, sources, statements
from app.services import records

CASES_DIR = Path(__file__).parent / "cases"
# Order matters: a record may only refer to records loaded before it.
LOAD_ORDER: tuple[tuple[str, Resource], ...] = (
    ("organizations", organizations), ("people", people), ("sources", sources), ("projects", projects),
    ("budgets", budgets), ("metrics", metrics), ("statements", statements),
)
RATE_PREFIXES = ("하루 평균", "하루")


class SeedError(ValueError):
    """The case file is inconsistent; nothing of it is committed."""


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)

    def count(self, outcome: str, resource: Resource) -> None:
        tally = getattr(self, outcome)
        tally[resource.path] = tally.get(resource.path, 0) + 1

    def __str__(self) -> str:
        return "; ".join(f"{outcome}: {dict(sorted(getattr(self, outcome).items()))}" for outcome in ("created", "updated", "unchanged"))


def check_wording(resource: Resource, values: dict[str, Any]) -> None:
    """The stated figure must be what its original wording says (약 60억 원 is approximately 6000000000)."""
    number_field, text_field = ("amount", "amount_text") if resource is budgets else ("value", "value_text")
    text = values.get(text_field)
    if text is None or number_field not in values:
        return
    for prefix in RATE_PREFIXES:
        text = text.removeprefix(prefix).strip()
    try:
        parsed = parse_korean_amount(text)
    except KoreanAmountError as error:
        raise SeedError(f"{resource.singular} {text_field} {values[text_field]!r}: {error}") from None
    if parsed.value != type(parsed.value)(values[number_field]) or parsed.qualifier != values.get("qualifier", "exact"):
        raise SeedError(
            f"{resource.singular}: {number_field}={values[number_field]} ({values.get('qualifier', 'exact')}) "
            f"does not match its wording {values[text_field]!r} ({parsed.value}, {parsed.qualifier})"
        )


class CaseLoader:
    def __init__(self, session: Session):
        self.session = session
        self.refs: dict[str, int] = {}
        self.report = LoadReport()

    def resolve(self, values: dict[str, Any]) -> dict[str, Any]:
        resolved = {}
        for name, value in values.items():
            if name.endswith("_id") and isinstance(value, str) and value.startswith("@"):
                if value[1:] not in self.refs:
                    raise SeedError(f"{name}: unknown reference {value!r} (define it earlier in the file)")
                value = self.refs[value[1:]]
            resolved[name] = value
        return resolved

    def upsert(self, resource: Resource, raw: dict[str, Any]) -> int:
        values = self.resolve(raw)
        try:
            payload = resource.create_schema.model_validate(values)
        except ValidationError as error:
            raise SeedError(f"{resource.singular} {raw.get('ref', '')}: {error}") from None
        existing = self.find(resource, payload.model_dump())
        if existing is None:
            self.report.count("created", resource)
            return records.create_record(self.session, resource, payload)["id"]
        current = resource.create_schema.model_validate(records.as_input(resource, existing))
        if current == payload:
            self.report.count("unchanged", resource)
            return existing.id
        changes = {name: value for name, value in values.items() if getattr(current, name) != getattr(payload, name)}
        self.report.count("updated", resource)
        records.update_record(self.session, resource, str(existing.id), resource.update_schema.model_validate(changes))
        return existing.id

    def find(self, resource: Resource, values: dict[str, Any]) -> sa.Row | None:
        table = resource.sa_table
        columns = resource.to_columns({name: values.get(name) for name in resource.natural_key})
        conditions = [table.c[name] == value if value is not None else table.c[name].is_(None)
                      for name, value in columns.items() if name in resource.natural_key]
        return self.session.execute(sa.select(table).where(*conditions)).first()

    def load(self, case: dict[str, Any]) -> LoadReport:
        for section, resource in LOAD_ORDER:
            for raw in case.get(section, []):
                raw = dict(raw)
                ref, cited_by = raw.pop("ref", None), raw.pop("citations", [])
                if resource in (budgets, metrics):
                    check_wording(resource, raw)
                record_id = self.upsert(resource, raw)
                if ref is not None:
                    self.refs[ref] = record_id
                for citation in cited_by:
                    self.upsert(citations, {**citation, f"{resource.cited_as}_id": record_id})
        return self.report


def load_case_file(session: Session, path: Path) -> LoadReport:
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    return CaseLoader(session).load(case)


def load_all_cases(session: Session, cases_dir: Path = CASES_DIR) -> dict[str, LoadReport]:
    return {path.stem: load_case_file(session, path) for path in sorted(cases_dir.glob("*.yaml"))}


def load_all_cases_atomically(engine: Engine, cases_dir: Path = CASES_DIR) -> dict[str, LoadReport]:
    """One transaction for the whole load: the services' commits become savepoints,
    so a case that fails half-way leaves the database as it was."""
    with engine.connect() as connection, connection.begin():
        session = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
        return load_all_cases(session, cases_dir)

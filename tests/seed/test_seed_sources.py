"""The seed says what its article says, no more: every excerpt stands in the captured article, every date and
number cites (field by field) a sentence that states it, and every record says how it is known."""

import re
import unicodedata
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator
from sqlmodel import Session

from app.models import Citation, Source, StatementLink
from app.models.base import ExactDecimal, ScaledDecimal
from app.models.provenance import Provenance
from app.querying.visibility import live
from app.resources import ALL_RESOURCES, Resource
from app.resources.catalog import citations
from app.services import records
from seed.loader import load_all_cases

BOOKKEEPING = {"id", "version", "created_at", "updated_at", "deleted_at"}
FACT_RESOURCES = tuple(resource for resource in ALL_RESOURCES if resource is not citations)
NAMING_FIELDS = ("name", "title")  # what a source names an uncited record (organization, person, source) by


def normalised(text: str) -> str:
    """NFC, with every run of whitespace one space: a capture's line breaks and spacing are not its words."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def dated_or_numeric_fields(resource: Resource) -> list[str]:
    """Every field holding a date or a number: partial dates by name, then number, date and time columns
    (not ids, references or bookkeeping). A new such column is covered without editing this test."""
    parts = {f"{name}{suffix}" for name in resource.partial_dates for suffix in ("", "_earliest", "_latest", "_text")}
    fields = list(resource.partial_dates)
    for column in resource.sa_table.c:
        if column.name in BOOKKEEPING | parts or column.foreign_keys:
            continue
        kind = column.type.impl_instance if isinstance(column.type, TypeDecorator) else column.type
        if isinstance(column.type, ExactDecimal | ScaledDecimal) or (
                isinstance(kind, sa.Integer | sa.Numeric | sa.Date | sa.DateTime) and not isinstance(kind, sa.Boolean)):
            fields.append(column.name)
    return fields


def live_rows(session: Session, resource: Resource) -> list[dict[str, Any]]:
    table = resource.sa_table
    return [dict(row._mapping) for row in session.execute(sa.select(table).where(live(table)).order_by(table.c.id))]


def citations_of(session: Session, resource: Resource, record_id: int) -> list[dict[str, Any]]:
    owner = Citation.__table__.c[f"{resource.cited_as}_id"]
    return [dict(row._mapping) for row in session.execute(
        sa.select(Citation.__table__).where(owner == record_id, live(Citation.__table__)))]


def unsupported_figures(session: Session) -> list[str]:
    """Each dated or numeric field of each record that no citation of that field states, in words."""
    problems = []
    for resource in FACT_RESOURCES:
        figures = dated_or_numeric_fields(resource)
        for row in live_rows(session, resource):
            cited = citations_of(session, resource, row["id"]) if resource.cited_as else []
            for name in figures:
                if row[name] is None:
                    continue
                where = f"{resource.path}[{row['id']}].{name}"
                wording = row.get(f"{name}_text")
                if resource.cited_as is None:
                    problems.append(f"{where}: a {resource.singular} cannot be cited, so it states no figure")
                elif not wording:
                    problems.append(f"{where}: no wording ({name}_text) to find in a citation")
                elif not any(c["field"] == name and normalised(wording) in normalised(c["excerpt"]) for c in cited):
                    problems.append(f"{where}: no citation with field {name!r} states {wording!r}")
    return problems


@pytest.fixture
def seeded(session: Session) -> Session:
    load_all_cases(session)
    return session


def test_every_excerpt_stands_in_its_sources_captured_text(seeded: Session) -> None:
    captured = {row.id: row.captured_text for row in seeded.execute(sa.select(Source.id, Source.captured_text))}
    excerpts = [*seeded.execute(sa.select(Citation.source_id, Citation.excerpt)),
                *seeded.execute(sa.select(StatementLink.source_id, StatementLink.excerpt))]
    assert excerpts and all(captured.values())
    missing = [excerpt for source_id, excerpt in excerpts if normalised(excerpt) not in normalised(captured[source_id])]
    assert missing == []


def test_every_date_and_number_cites_a_sentence_that_states_it(seeded: Session) -> None:
    checked = sum(1 for resource in FACT_RESOURCES for row in live_rows(seeded, resource)
                  for name in dated_or_numeric_fields(resource) if row[name] is not None)
    assert checked >= 10  # started, ended, planned_end, two budgets' amounts and dates, four values, a statement date
    assert unsupported_figures(seeded) == []


def test_every_field_citation_supports_a_value_on_record(seeded: Session) -> None:
    """A citation of `ended` on a project with no end date would vouch for nothing."""
    empty = []
    for resource in FACT_RESOURCES:
        if resource.cited_as is None:
            continue
        for row in live_rows(seeded, resource):
            for citation in citations_of(seeded, resource, row["id"]):
                if citation["field"] is not None and row[citation["field"]] is None:
                    empty.append(f"{resource.path}[{row['id']}].{citation['field']}")
    assert empty == []


@pytest.mark.parametrize("change", [
    ("metrics", {"as_of": {"value": "2024-07", "text": "2024년 7월"}}),  # a new date, cited by nobody
    ("budgets", {"amount": 6100000000, "amount_text": "약 61억 원"}),  # a number its citation does not state
])
def test_a_figure_without_a_citation_that_states_it_is_found(seeded: Session, change) -> None:
    path, values = change
    resource = next(resource for resource in FACT_RESOURCES if resource.path == path)
    record_id = live_rows(seeded, resource)[0]["id"]
    records.update_record(seeded, resource, str(record_id), resource.update_schema.model_validate(values))
    field = next(iter(values))
    assert [problem for problem in unsupported_figures(seeded) if problem.startswith(f"{path}[{record_id}].{field}")]


def test_every_record_says_how_it_is_known(seeded: Session) -> None:
    captured = " ".join(normalised(text) for text in seeded.execute(sa.select(Source.captured_text)).scalars())
    kinds = set()
    for resource in FACT_RESOURCES:
        for row in live_rows(seeded, resource):
            where, provenance = f"{resource.path}[{row['id']}]", Provenance(row["provenance"])
            kinds.add(provenance)
            if provenance is Provenance.INFERRED:
                assert row["inferred"] and all(basis.strip() for basis in row["inferred"].values()), where
            if resource.cited_as is not None and provenance is not Provenance.EDITORIAL:
                assert citations_of(seeded, resource, row["id"]), f"{where} is {provenance} and cites nothing"
            if resource.cited_as is None:  # named by the source: in its own words unless marked inferred
                for name in NAMING_FIELDS:
                    if name in row and name not in row["inferred"]:
                        assert normalised(row[name]) in captured, f"{where}.{name} {row[name]!r} is not in the source"
    assert kinds == set(Provenance)


def test_the_inferences_the_article_does_not_state_are_marked(seeded: Session) -> None:
    """JTBC and Naver News come from the link; 서울특별시 is the article's 서울시."""
    inferred = {(resource.path, row.get("name") or row.get("title") or row.get("slug")): row["inferred"]
                for resource in FACT_RESOURCES for row in live_rows(seeded, resource) if row["inferred"]}
    assert "437" in inferred[("organizations", "JTBC")]["name"]
    assert "서울시" in inferred[("organizations", "서울특별시")]["name"]
    source = next(basis for (path, _), basis in inferred.items() if path == "sources")
    assert set(source) == {"publisher_id", "platform"} and "437" in source["publisher_id"]
    assert "jurisdiction" in next(basis for (path, _), basis in inferred.items() if path == "projects")

"""Statements held against outcomes: the statement links of a project, ready to print."""

from typing import Any

from app.scorecard import render
from app.scorecard.facts import ProjectFacts, Row, date_of, fact_url, link_target


def speaker(statement: Row) -> dict[str, Any]:
    return {"person": statement.get("speaker_person_name"), "person_en": statement.get("speaker_person_name_en"),
            "organization": statement.get("speaker_organization_name"),
            "organization_en": statement.get("speaker_organization_name_en"),
            "role": statement["speaker_role"], "role_en": statement["speaker_role_en"]}


def statement_summary(facts: ProjectFacts, statement: Row, base_url: str) -> dict[str, Any]:
    return {"id": statement["id"], "url": fact_url(base_url, "statement", statement["id"]), "kind": statement["kind"],
            "quote": statement["quote"], "quote_form": statement["quote_form"], "language": statement["language"],
            "translation_en": statement["translation_en"], "speaker": speaker(statement),
            "stated": date_of(statement, "stated"), "citations": facts.citations("statement", statement["id"])}


def fact_summary(kind: str, row: Row) -> dict[str, Any]:
    """The part of a fact a reader needs to see why it bears on a statement."""
    if kind == "project":
        return {"name": row["name"], "name_en": row["name_en"], "status": row["status"],
                "status_details": row["status_details"], "ended": date_of(row, "ended"),
                "planned_end": date_of(row, "planned_end"),
                # the end its figures use, and whether it happened or is only scheduled (app.scorecard.service_end)
                "end": date_of(row, "end") if "end" in row else None, "end_basis": row.get("end_basis")}
    if kind == "budget":
        return {"kind": row["kind"], "amount": row["amount"], "currency": row["currency"], "qualifier": row["qualifier"],
                "text": row["amount_text"], "rendered": render.money(row["amount"], row["currency"], row["qualifier"])}
    if kind == "metric":
        return {"indicator": row["indicator"], "indicator_en": row["indicator_en"], "value": row["value"],
                "unit": row["unit"], "qualifier": row["qualifier"], "text": row["value_text"]}
    return {"quote": row["quote"], "translation_en": row["translation_en"], "stated": date_of(row, "stated")}


def statements_against_outcomes(facts: ProjectFacts, base_url: str) -> list[dict[str, Any]]:
    statements = {row["id"]: row for row in facts.statements}
    items = []
    for link in facts.links:
        kind, fact_id = link_target(link)
        row = facts.fact(kind, fact_id)
        if row is None:  # deleted between the two reads
            continue
        items.append({
            "id": link["id"], "url": fact_url(base_url, "statement_link", link["id"]),
            "rating": link["rating"], "label": link["label"], "note": link["note"],
            "statement": statement_summary(facts, statements[link["statement_id"]], base_url),
            "fact": {"type": kind, "id": fact_id, "url": fact_url(base_url, kind, fact_id),
                     **fact_summary(kind, row), "citations": facts.citations(kind, fact_id)},
            "evidence": {"source_id": link["source_id"], "source_url": link["source_url"],
                         "source_title": link["source_title"], "excerpt": link["excerpt"],
                         "excerpt_en": link["excerpt_en"]},
        })
    return items

"""Lists: page shape, filters by parent, id order, page sizes and cursor paging.

Each test lists only rows under a parent it made itself, so it holds whatever
other rows the database already has.
"""

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.scorecard.stored import STORED_FIGURES
from tests.api import as_json, if_match
from tests.factories import (
    MAKERS,
    make_budget,
    make_citation,
    make_organization,
    make_project,
    make_source,
    next_number,
)

RESOURCES = list(MAKERS)
# Shown in lists only: a project's stored figures (null without budgets or dates).
LISTED_ONLY = {"projects": dict.fromkeys(STORED_FIGURES)}


def scope(session: Session, path: str) -> tuple[str, Any, dict[str, Any]]:
    """A filter that selects only records made with `overrides`: (parameter, value, overrides)."""
    if path in ("budgets", "metrics", "statements"):
        name, value = "project_id", make_project(session)["id"]
    elif path == "projects":
        name, value = "organization_id", make_organization(session)["id"]
    elif path == "sources":
        name, value = "publisher_id", make_organization(session, classification="media")["id"]
    elif path == "citations":
        name, value = "source_id", make_source(session)["id"]
    elif path == "organizations":
        name, value = "parent_id", make_organization(session)["id"]
    else:
        name, value = "name", f"합성 동명이인 {next_number()}"
    return name, value, {name: value}


def children_of(session: Session, count: int, **overrides: Any) -> tuple[int, list[int]]:
    """A parent organization and the ids of `count` child organizations, in creation order."""
    parent = make_organization(session)["id"]
    return parent, [make_organization(session, parent_id=parent, **overrides)["id"] for _ in range(count)]


def all_pages(client: TestClient, url: str, params: dict[str, Any]) -> list[list[dict[str, Any]]]:
    """Follow `next_url` from the first page to the last; each page's items."""
    pages = []
    response = client.get(url, params=params)
    while True:
        assert response.status_code == 200, response.text
        body = response.json()
        pages.append(body["items"])
        if body["next_url"] is None:
            assert body["next"] is None
            assert "link" not in response.headers
            return pages
        assert response.headers["link"] == f'<{body["next_url"]}>; rel="next"'
        assert len(pages) < 100, "paging does not end"
        response = client.get(body["next_url"])


@pytest.mark.parametrize("path", RESOURCES)
def test_list_returns_items_next_and_next_url(client: TestClient, session: Session, path: str) -> None:
    name, value, overrides = scope(session, path)
    records = [{**as_json(MAKERS[path](session, **overrides)), **LISTED_ONLY.get(path, {})} for _ in range(2)]
    MAKERS[path](session)  # outside the filter

    response = client.get(f"/v1/{path}", params={name: value})

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {"items": records, "next": None, "next_url": None}


@pytest.mark.parametrize("path", ["budgets", "metrics", "statements"])
def test_list_filters_facts_by_project(client: TestClient, session: Session, path: str) -> None:
    project, other = make_project(session), make_project(session)
    mine = [MAKERS[path](session, project_id=project["id"]) for _ in range(3)]
    MAKERS[path](session, project_id=other["id"])

    response = client.get(f"/v1/{path}", params={"project_id": project["id"]})

    assert response.status_code == 200
    assert [item["id"] for item in response.json()["items"]] == [record["id"] for record in mine]
    assert {item["project_id"] for item in response.json()["items"]} == {project["id"]}


def test_list_filters_projects_by_organization_and_citations_by_budget(client: TestClient, session: Session) -> None:
    organization = make_organization(session)
    project = make_project(session, organization_id=organization["id"])
    make_project(session, organization_id=make_organization(session)["id"])
    budget = make_budget(session)
    citation = make_citation(session, budget_id=budget["id"])
    make_citation(session, budget_id=make_budget(session)["id"])

    projects = client.get("/v1/projects", params={"organization_id": organization["id"]}).json()["items"]
    citations = client.get("/v1/citations", params={"budget_id": budget["id"]}).json()["items"]

    assert [item["id"] for item in projects] == [project["id"]]
    assert [item["id"] for item in citations] == [citation["id"]]


def test_list_filters_by_an_enum_value(client: TestClient, session: Session) -> None:
    project = make_project(session)
    spent = make_budget(session, project_id=project["id"], kind="spent")
    make_budget(session, project_id=project["id"], kind="planned")

    response = client.get("/v1/budgets", params={"project_id": project["id"], "kind": "spent"})

    assert [item["id"] for item in response.json()["items"]] == [spent["id"]]


def test_list_is_ordered_by_id_even_after_updates(client: TestClient, session: Session) -> None:
    # Names sort in the opposite order to ids, and the first row is updated last, so
    # neither name order nor physical row order would give the id order.
    parent = make_organization(session)["id"]
    children = [make_organization(session, parent_id=parent, name=f"합성 기관 {letter}")["id"] for letter in "다나가"]
    client.patch(f"/v1/organizations/{children[0]}", json={"name_en": "Synthetic organization updated last"}, headers=if_match(client, f"/v1/organizations/{children[0]}"))

    items = client.get("/v1/organizations", params={"parent_id": parent}).json()["items"]

    assert [item["id"] for item in items] == children


def test_limit_defaults_to_50(client: TestClient, session: Session) -> None:
    parent, children = children_of(session, 51)

    body = client.get("/v1/organizations", params={"parent_id": parent}).json()

    assert [item["id"] for item in body["items"]] == children[:50]
    assert body["next"] is not None


def test_limit_may_be_1000_and_pages_through_more(client: TestClient, session: Session) -> None:
    parent, children = children_of(session, 1001)

    first = client.get("/v1/organizations", params={"parent_id": parent, "limit": 1000})

    assert first.status_code == 200
    assert [item["id"] for item in first.json()["items"]] == children[:1000]
    second = client.get(first.json()["next_url"]).json()
    assert [item["id"] for item in second["items"]] == children[1000:]
    assert second["next"] is None


def test_cursor_paging_visits_every_row_exactly_once(client: TestClient, session: Session) -> None:
    parent, organizations = children_of(session, 7)

    pages = all_pages(client, "/v1/organizations", {"parent_id": parent, "limit": 3})

    seen = [item["id"] for page in pages for item in page]
    assert [len(page) for page in pages] == [3, 3, 1]
    assert len(seen) == len(set(seen))
    assert seen == organizations


def test_cursor_paging_keeps_the_filter(client: TestClient, session: Session) -> None:
    project = make_project(session)
    mine = []
    for _ in range(7):
        mine.append(make_budget(session, project_id=project["id"])["id"])
        make_budget(session)  # interleaved rows of other projects

    pages = all_pages(client, "/v1/budgets", {"project_id": project["id"], "limit": 3})

    assert [len(page) for page in pages] == [3, 3, 1]
    assert [item["id"] for page in pages for item in page] == mine


def test_a_page_exactly_filled_has_no_next(client: TestClient, session: Session) -> None:
    project = make_project(session)
    for _ in range(3):
        make_budget(session, project_id=project["id"])

    body = client.get("/v1/budgets", params={"project_id": project["id"], "limit": 3}).json()

    assert len(body["items"]) == 3
    assert body["next"] is None and body["next_url"] is None


def test_filter_with_no_match_returns_an_empty_page(client: TestClient, session: Session) -> None:
    project = make_project(session)

    response = client.get("/v1/budgets", params={"project_id": project["id"]})

    assert response.status_code == 200
    assert response.json() == {"items": [], "next": None, "next_url": None}


def test_list_can_expand_citations_of_each_item(client: TestClient, session: Session) -> None:
    project = make_project(session)
    cited, uncited = make_budget(session, project_id=project["id"]), make_budget(session, project_id=project["id"])
    citation = make_citation(session, budget_id=cited["id"])

    items = client.get("/v1/budgets", params={"project_id": project["id"], "expand": "citations"}).json()["items"]

    by_id = {item["id"]: item for item in items}
    assert [c["id"] for c in by_id[cited["id"]]["citations"]] == [citation["id"]]
    assert by_id[cited["id"]]["citations"][0]["excerpt"] == citation["excerpt"]
    assert by_id[uncited["id"]]["citations"] == []

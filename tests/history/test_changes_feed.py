"""GET /v1/changes and /v1/changes.atom: the public corrections feed, filterable by project."""

from datetime import datetime
from xml.etree import ElementTree

from fastapi.testclient import TestClient
from sqlmodel import Session

from app.models.base import utcnow
from tests.api import assert_problem, if_match
from tests.factories import make_budget, make_citation, make_organization, make_project

ATOM = "{http://www.w3.org/2005/Atom}"


def covered_project(client: TestClient, session: Session) -> dict:
    """A project with a budget and a citation, the budget corrected with a reason; and another project's budget."""
    project = make_project(session)
    budget = make_budget(session, project_id=project["id"], amount=6_000_000_000)
    citation = make_citation(session, budget_id=budget["id"])
    make_budget(session)  # someone else's project
    url = f"/v1/budgets/{budget['id']}"
    response = client.patch(url, json={"amount": 5_000_000_000},
                            headers={**if_match(client, url), "X-Change-Reason": "시 보도자료 기준 정정".encode()})
    assert response.status_code == 200, response.text
    return {"project": project, "budget": budget, "citation": citation}


def test_the_feed_lists_every_change_newest_first_and_pages(client: TestClient, session: Session) -> None:
    world = covered_project(client, session)

    first = client.get("/v1/changes", params={"limit": 2})
    assert first.status_code == 200, first.text
    newest = first.json()["items"][0]
    assert (newest["entity"], newest["record_id"], newest["action"], newest["version"]) == ("budgets", world["budget"]["id"], "update", 2)
    assert newest["changed"] == ["amount"] and newest["reason"] == "시 보도자료 기준 정정"
    assert (newest["before"]["amount"], newest["after"]["amount"]) == (6_000_000_000, 5_000_000_000)
    second = client.get(first.json()["next_url"]).json()
    ids = [item["id"] for item in first.json()["items"] + second["items"]]
    assert ids == sorted(ids, reverse=True) and len(set(ids)) == len(ids) == 4


def test_the_feed_of_one_project_holds_its_facts_and_their_citations(client: TestClient, session: Session) -> None:
    world = covered_project(client, session)
    (event,) = client.get("/v1/project-events", params={"project_id": world["project"]["id"]}).json()["items"]
    expected = {("projects", world["project"]["id"]), ("project-events", event["id"]), ("budgets", world["budget"]["id"]),
                ("citations", world["citation"]["id"])}

    for key in (world["project"]["slug"], str(world["project"]["id"])):
        items = client.get("/v1/changes", params={"project": key}).json()["items"]
        assert {(item["entity"], item["record_id"]) for item in items} == expected
        assert len(items) == 5  # project, its status event, budget, citation created; budget corrected
    only_budgets = client.get("/v1/changes", params={"project": world["project"]["slug"], "entity": "budgets"}).json()["items"]
    assert [item["action"] for item in only_budgets] == ["update", "create"]


def test_since_keeps_only_later_changes(client: TestClient, session: Session) -> None:
    make_organization(session)
    since = utcnow()
    later = make_organization(session)

    items = client.get("/v1/changes", params={"since": since.isoformat()}).json()["items"]

    assert [(item["entity"], item["record_id"]) for item in items] == [("organizations", later["id"])]


def test_feed_parameters_are_checked(client: TestClient, session: Session) -> None:
    assert_problem(client.get("/v1/changes", params={"project": "no-such-project"}), 400, "project")
    assert_problem(client.get("/v1/changes", params={"entity": "budget"}), 400, "entity")
    assert_problem(client.get("/v1/changes", params={"since": "last week"}), 400, "since")
    assert_problem(client.get("/v1/changes", params={"projct": "x"}), 400, "projct")
    assert_problem(client.get("/v1/changes", params={"cursor": "forged"}), 400, "cursor")
    assert_problem(client.get("/v1/changes", params={"limit": 0}), 400, "limit")


def test_the_atom_feed_is_valid_atom_for_subscribers(client: TestClient, session: Session) -> None:
    world = covered_project(client, session)

    response = client.get("/v1/changes.atom", params={"project": world["project"]["slug"]})

    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}id").startswith("tag:") and feed.findtext(f"{ATOM}title")
    assert feed.find(f"{ATOM}author/{ATOM}name").text
    self_link = [link for link in feed.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert self_link and self_link[0].get("href") == str(response.url)
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 5  # project, its status event, budget, citation created; budget corrected
    correction = entries[0]
    assert datetime.fromisoformat(feed.findtext(f"{ATOM}updated")) == datetime.fromisoformat(correction.findtext(f"{ATOM}updated"))
    assert correction.findtext(f"{ATOM}id").startswith("tag:") and correction.findtext(f"{ATOM}id").endswith(
        f":revisions/{client.get('/v1/changes').json()['items'][0]['id']}")
    assert "amount" in correction.findtext(f"{ATOM}title")
    assert correction.findtext(f"{ATOM}author/{ATOM}name").startswith("test-editor-")
    summary = correction.findtext(f"{ATOM}summary")
    assert "amount: 6000000000 → 5000000000" in summary and "시 보도자료 기준 정정" in summary
    link = correction.find(f"{ATOM}link").get("href")
    assert link.endswith(f"/v1/budgets/{world['budget']['id']}?version=2")
    assert client.get(link).json()["amount"] == 5_000_000_000
    assert len({entry.findtext(f"{ATOM}id") for entry in entries}) == 5
    for entry in entries:
        for element in ("id", "title", "updated", "author", "summary", "link"):
            assert entry.find(f"{ATOM}{element}") is not None, element


def test_an_empty_feed_is_still_a_feed(client: TestClient, session: Session) -> None:
    project = make_project(session)
    response = client.get("/v1/changes.atom", params={"project": project["id"], "since": "2999-01-01"})

    feed = ElementTree.fromstring(response.content)
    assert feed.findall(f"{ATOM}entry") == [] and feed.findtext(f"{ATOM}updated")


def test_a_control_character_in_a_record_is_shown_escaped_and_the_feed_stays_well_formed(
        client: TestClient, session: Session) -> None:
    project = make_project(session, name="합성\u0001프로젝트\u001b")

    response = client.get("/v1/changes.atom", params={"project": project["id"], "entity": "projects"})

    assert response.status_code == 200
    summary = ElementTree.fromstring(response.content).find(f"{ATOM}entry").findtext(f"{ATOM}summary")
    assert "name: 합성\\u0001프로젝트\\u001b" in summary
    assert client.get(f"/v1/projects/{project['id']}").json()["name"] == "합성\u0001프로젝트\u001b"  # JSON keeps it exact

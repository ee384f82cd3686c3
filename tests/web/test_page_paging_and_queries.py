"""Pages over many projects: keyset paging through links, and a fixed number of queries per page."""

import xml.etree.ElementTree as ElementTree

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session

from tests.factories import make_budget, make_metric, make_project, make_statement
from tests.sql_statements import executed_statements
from tests.web import HTML, parse, text

GENERATED = 60
SVG = "{http://www.w3.org/2000/svg}"


def project_names(page: ElementTree.Element) -> list[str]:
    return [text(row.find("th/a")) for row in page.iterfind(".//tbody/tr") if row.find("th/a") is not None]


def test_a_reader_pages_through_generated_projects_by_the_next_link(session: Session, client: TestClient) -> None:
    made = {make_project(session, name=f"생성된 사업 {n:02d}")["name"] for n in range(GENERATED)}
    seen, url, pages = [], "/?limit=25&sort=name", 0
    while url:
        page = parse(client.get(url, headers=HTML).text)
        seen += project_names(page)
        pages += 1
        following = page.find(".//nav[@class='pager']/a[@rel='next']")
        url = "/" + following.get("href") if following is not None else None
        if url:
            assert "cursor=" in url and "sort=name" in url and "limit=25" in url
    assert pages == 3 and len(seen) == len(set(seen)) and made <= set(seen)
    assert seen == sorted(seen)


def test_the_unfiltered_list_counts_nothing_and_a_filtered_one_counts_its_facets(engine: Engine, session: Session,
                                                                                 client: TestClient) -> None:
    make_project(session, status="active")
    with executed_statements(engine) as statements:
        page = parse(client.get("/", headers=HTML).text)
    assert not any("count(" in statement.lower() for statement in statements)
    assert [text(a) for a in page.iterfind(".//section[@aria-labelledby='facet-status']//a")][:2] == ["계획 · planned",
                                                                                                    "운영 중 · active"]
    page = parse(client.get("/?status=active", headers=HTML).text)
    counts = {section.get("aria-labelledby") for section in page.iterfind(".//section[@class='facet']")}
    assert counts == {"facet-status", "facet-organization_id", "facet-jurisdiction", "facet-year"}
    assert text(page.find(".//h2[@id='results-title']")).startswith("사업 ")


def counted_queries(engine: Engine, client: TestClient, path: str) -> int:
    with executed_statements(engine) as statements:
        assert client.get(path, headers=HTML).status_code == 200
    return len(statements)


@pytest.mark.parametrize("path", ["/?limit=50", "/?limit=50&sort=-execution_ratio", "/?status=active&limit=50"])
def test_the_list_page_runs_as_many_queries_for_40_projects_as_for_4(engine: Engine, session: Session,
                                                                     client: TestClient, path: str) -> None:
    def add(count: int) -> None:
        for _ in range(count):
            project = make_project(session)
            make_budget(session, project_id=project["id"], kind="spent", amount=10)
            make_budget(session, project_id=project["id"], kind="planned", amount=40)

    add(4)
    few = counted_queries(engine, client, path)
    add(36)
    assert counted_queries(engine, client, path) == few


def test_the_dossier_runs_as_many_queries_for_many_facts_as_for_one(engine: Engine, session: Session,
                                                                   client: TestClient) -> None:
    project = make_project(session, slug="counted")

    def add(count: int) -> None:
        for _ in range(count):
            make_budget(session, project_id=project["id"])
            make_metric(session, project_id=project["id"])
            make_statement(session, project_id=project["id"])

    add(1)
    few = counted_queries(engine, client, "/projects/counted")
    add(8)
    assert counted_queries(engine, client, "/projects/counted") == few


@pytest.mark.parametrize("name", ["budget", "usage", "timeline"])
def test_each_chart_is_valid_svg_with_a_title_a_description_and_its_source_line(seeded: Session, client: TestClient,
                                                                                name: str) -> None:
    response = client.get(f"/projects/metaverse-seoul/charts/{name}.svg")
    assert response.status_code == 200 and response.text.startswith("<?xml")
    svg = ElementTree.fromstring(response.content)
    assert svg.tag == f"{SVG}svg" and svg.get("role") == "img"
    assert "메타버스 서울" in svg.find(f"{SVG}title").text and svg.find(f"{SVG}desc").text.strip()
    lines = ["".join(node.itertext()) for node in svg.iter(f"{SVG}text")]
    assert any(line.startswith("출처 Source: 60억 예산 쓴 '메타버스 서울'") for line in lines)


def test_the_usage_chart_keeps_its_scale_linear(seeded: Session, client: TestClient) -> None:
    svg = ElementTree.fromstring(client.get("/projects/metaverse-seoul/charts/usage.svg").content)
    widths = [float(rect.get("width")) for rect in svg.iter(f"{SVG}rect")]
    assert widths == [320, 0.5]  # 10,000 a day fills the scale; 2 a day is a sliver, drawn at the least visible width

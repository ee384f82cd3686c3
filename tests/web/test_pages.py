"""The explorer's pages over HTTP: what a reader sees, and what no page may do."""

import re

from fastapi.testclient import TestClient
from sqlmodel import Session

from app.web.templating import PAGE_CSP
from tests.factories import make_budget, make_project
from tests.web import HTML, by_id, parse, text

SPENT_SENTENCE = "지금까지 약 60억 원의 예산을 들였지만"


def test_the_home_page_lists_projects_with_their_figures_and_links_to_the_same_list_as_data(
        seeded: Session, client: TestClient) -> None:
    response = client.get("/", headers=HTML)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    page = parse(response.text)
    assert page.find(".//html").get("lang") == "ko"
    row = next(row for row in page.iterfind(".//tbody/tr") if "메타버스 서울" in text(row))
    cells = [text(cell).strip() for cell in row]
    assert cells[3:6] == ["약 60억 원", "400억 원", "약 15%"]
    per_day = row.findall("td")[5]  # approximate, a range from the partial dates, to a scheduled end
    assert text(per_day.find("span[@class='range']")) == "820만 7,934 원 ~ 894만 1,878 원"
    assert text(per_day).startswith("약 820만 7,934 원") and "종료 예정일 기준" in text(per_day)
    links = {a.get("href") for a in page.iterfind(".//p[@class='exports']/a")}
    assert links == {"/v1/projects?format=csv", "/v1/projects?format=ndjson", "/v1/export/datapackage", "/v1/projects"}


def test_the_home_page_takes_the_api_query_string_and_its_links_keep_it(seeded: Session, client: TestClient) -> None:
    make_project(seeded, status="planned", name="계획 중인 사업")
    page = parse(client.get("/?status=planned", headers=HTML).text)
    names = [text(row.find("th/a")) for row in page.iterfind(".//tbody/tr")]
    assert names == ["계획 중인 사업"]
    exports = [a.get("href") for a in page.iterfind(".//p[@class='exports']/a")]
    assert "/v1/projects?status=planned&format=csv" in exports and "/v1/projects?status=planned" in exports
    status_facet = [text(a) for a in page.iterfind(".//section[@aria-labelledby='facet-status']//a[@aria-current='true']")]
    assert status_facet == ["계획 · planned"]
    clear = page.find(".//section[@aria-labelledby='facet-status']//a[@class='clear']")
    assert clear.get("href") == "?"
    assert parse(client.get("/", headers=HTML).text).find(".//a[@class='clear']") is None


def test_a_browser_gets_the_page_and_a_client_gets_the_json_index(seeded: Session, client: TestClient) -> None:
    assert client.get("/", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}).headers[
        "content-type"].startswith("text/html")
    index = client.get("/", headers={"Accept": "*/*"})
    assert index.headers["content-type"] == "application/json" and index.json()["projects"] == "/v1/projects"


def test_every_figure_of_the_dossier_has_a_footnote_with_its_excerpt(seeded: Session, client: TestClient) -> None:
    page = parse(client.get("/projects/metaverse-seoul", headers=HTML).text)
    spent = by_id(page, "figure-spent")
    assert text(spent.find(".//strong")) == "약 60억 원" and "400억 원" in text(spent)
    ref = next(spent.iterfind(".//a[@class='fn-ref']"))  # the amount's; the as-of date has its own
    footnote = by_id(page, ref.get("href").removeprefix("#"))
    assert SPENT_SENTENCE in text(footnote.find("blockquote"))
    link = footnote.find(".//a[@class='source-link']").get("href")
    source = parse(client.get(link, headers=HTML).text)
    marked = by_id(source, link.split("#")[1])
    assert marked.tag == "mark" and marked.get("class") == "current" and SPENT_SENTENCE in text(marked)
    for figure in page.iterfind(".//dl[@class='figures']/div"):
        refs = list(figure.iterfind(".//a[@class='fn-ref']"))
        assert refs, f"{figure.get('id')} has no footnote"
        for each in refs:
            assert text(by_id(page, each.get("href").removeprefix("#")).find("blockquote")).strip()


def test_the_dossier_shows_usage_against_its_comparator_and_statements_with_outcomes(
        seeded: Session, client: TestClient) -> None:
    page = parse(client.get("/projects/metaverse-seoul", headers=HTML).text)
    usage = by_id(page, "chart-usage")
    values = [text(cell).split(" ")[:2] for cell in usage.iterfind(".//table//td[@class='num']")]
    assert [[words[0], re.sub(r"\d+$", "", words[1])] for words in values] == [["하루", "1만건"], ["하루", "2건"]]
    (statement,) = [item for item in page.iterfind(".//article[@class='statement']") if "오세훈" in text(item)]
    assert "오세훈" in text(statement) and "반박" in text(statement.find(".//div[@class='outcome outcome-contradicts']"))


def test_a_record_named_script_is_shown_as_text(seeded: Session, client: TestClient) -> None:
    evil = "<script>alert(1)</script>"
    project = make_project(seeded, name=evil, slug="evil")
    make_budget(seeded, project_id=project["id"], kind="spent", description=evil)
    for path in ("/", "/projects/evil", "/projects/evil/charts/budget.svg"):
        body = client.get(path, headers=HTML).text
        assert "<script>alert" not in body and "&lt;script&gt;alert(1)&lt;/script&gt;" in body, path


def test_pages_allow_only_their_own_scripts_and_styles_and_refuse_framing(seeded: Session, client: TestClient) -> None:
    source_id = client.get("/v1/sources").json()["items"][0]["id"]
    for path in ("/", "/projects/metaverse-seoul", "/search?q=민원", f"/sources/{source_id}", "/changes", "/projects/nope"):
        response = client.get(path, headers=HTML)
        assert response.headers["content-security-policy"] == PAGE_CSP, path
        assert response.headers["x-frame-options"] == "DENY" and response.headers["x-content-type-options"] == "nosniff"
        page = parse(response.text)
        assert all(script.get("src", "").startswith("/static/") for script in page.iterfind(".//script")), path
        assert page.find(".//style") is None and not page.findall(".//*[@style]"), path
        assert all(link.get("href").startswith("/") for link in page.iterfind(".//link")), path


def test_chart_svgs_may_be_framed_and_other_responses_may_not(seeded: Session, client: TestClient) -> None:
    chart = client.get("/projects/metaverse-seoul/charts/timeline.svg")
    assert chart.headers["content-type"] == "image/svg+xml"
    assert chart.headers["content-security-policy"] == "default-src 'none'; frame-ancestors *"
    assert "x-frame-options" not in chart.headers
    assert client.get("/v1/projects").headers["x-frame-options"] == "DENY"


def test_refusals_are_pages_with_the_api_status(seeded: Session, client: TestClient) -> None:
    missing = client.get("/projects/no-such-project", headers=HTML)
    assert missing.status_code == 404 and "no-such-project" in text(parse(missing.text).find(".//main"))
    bad_filter = client.get("/?colour=red", headers=HTML)
    assert bad_filter.status_code == 400 and "colour" in text(parse(bad_filter.text).find(".//main"))
    assert client.get("/projects/metaverse-seoul/charts/pie.svg").status_code == 404


def test_the_search_page_groups_hits_by_kind_and_marks_the_matches(seeded: Session, client: TestClient) -> None:
    page = parse(client.get("/search?q=민원", headers=HTML).text)
    kinds = [section.get("aria-labelledby") for section in page.iterfind(".//section[@class='hits']")]
    assert kinds == ["kind-statement", "kind-metric"]
    assert {text(mark) for mark in page.iterfind(".//p[@class='snippet']/mark")} == {"민원"}
    hrefs = [a.get("href") for a in page.iterfind(".//section[@class='hits']/ol/li/a")]
    assert all(href.startswith("/projects/") for href in hrefs)
    project_id = client.get("/v1/projects/metaverse-seoul").json()["id"]
    promoted = client.get("/v1/statements", params={"quote__contains": "주민등록"}).json()["items"][0]["id"]
    assert f"/projects/{project_id}#statement-{promoted}" in hrefs


def test_the_source_page_marks_every_cited_excerpt(seeded: Session, client: TestClient) -> None:
    source = client.get("/v1/sources", params={"expand": "citations", "title__contains": "메타버스"}).json()["items"][0]
    page = parse(client.get(f"/sources/{source['id']}", headers=HTML).text)
    marks = list(page.iterfind(".//div[@class='captured-text']//mark"))
    for citation in source["citations"]:  # overlapping excerpts share pieces: a citation's pieces, joined, are its excerpt
        pieces = [text(mark) for mark in marks if str(citation["id"]) in mark.get("data-citations").split()]
        assert "".join(pieces) == citation["excerpt"], citation["id"]
        by_id(page, f"citation-{citation['id']}")
    assert "아직 확인한 적이 없습니다" in text(page)


def test_the_changes_page_links_to_the_atom_feed(seeded: Session, client: TestClient) -> None:
    page = parse(client.get("/changes?entity=budgets", headers=HTML).text)
    assert page.find(".//link[@type='application/atom+xml']").get("href") == "/v1/changes.atom?entity=budgets"
    items = page.findall(".//ol[@class='changes']/li")
    assert items and all("budgets" in text(item) for item in items)


def test_a_scheduled_closure_is_shown_beside_the_status_never_as_done(seeded: Session, client: TestClient) -> None:
    home = parse(client.get("/", headers=HTML).text)
    (row,) = [row for row in home.iterfind(".//tbody/tr") if "메타버스 서울" in text(row)]
    dossier = parse(client.get("/projects/metaverse-seoul", headers=HTML).text)
    status_line = dossier.find(".//p[@class='status-line']")
    for shown in (text(row), text(status_line)):
        assert "운영 중" in shown and "종료 예정 2024-12 (2024-07-03 발표)" in shown
        assert "terminated, scheduled for 2024-12 (announced 2024-07-03)" in shown
    assert "2024-12" in text(row.findall("td")[-1]) and "예정" in text(row.findall("td")[-1])


def test_the_home_page_shows_the_statuses_as_of_the_day_in_its_address(seeded: Session, client: TestClient) -> None:
    page = parse(client.get("/?status_as_of=2022-12-31", headers=HTML).text)
    assert "2022-12-31 기준" in text(page.find(".//thead"))
    row = next(row for row in page.iterfind(".//tbody/tr") if "메타버스 서울" in text(row))
    assert text(row[1]).startswith("알 수 없음")  # before its launch (2023-01) the project had no status yet
    exports = [a.get("href") for a in page.iterfind(".//p[@class='exports']/a")]
    assert "/v1/projects?status_as_of=2022-12-31&format=csv" in exports
    page = parse(client.get("/?status_as_of=2025-01-01&status=active", headers=HTML).text)
    assert any("메타버스 서울" in text(row) for row in page.iterfind(".//tbody/tr"))  # the end was only scheduled
    assert client.get("/?status_as_of=2022-02-30", headers=HTML).status_code == 400


def test_a_listed_figure_keeps_the_qualifier_of_its_inputs(seeded: Session, client: TestClient) -> None:
    project = make_project(seeded, name="하한 사업", started="2024-01-01", ended="2024-01-10")
    make_budget(seeded, project_id=project["id"], kind="spent", amount=150, qualifier="at_least")
    make_budget(seeded, project_id=project["id"], kind="planned", amount=1_000)
    page = parse(client.get(f"/?id={project['id']}", headers=HTML).text)
    (row,) = page.iterfind(".//tbody/tr")
    cells = [text(cell).strip() for cell in row]
    assert cells[5:7] == ["15% 이상", "15 원 이상"]  # a bound in, a bound out; a recorded end: nothing to add


def test_the_dossier_gives_each_figure_its_range_and_scheduled_end(seeded: Session, client: TestClient) -> None:
    dossier = parse(client.get("/projects/metaverse-seoul", headers=HTML).text)
    cost = by_id(dossier, "figure-cost_per_day_of_service")
    assert text(cost.find(".//strong")) == "하루 약 820만 7,934 원"
    assert "범위 820만 7,934 원 ~ 894만 1,878 원" in text(cost.find(".//span[@class='range']"))
    assert "종료 예정일(2024-12" in text(cost.find(".//span[@class='scheduled']"))
    ratio = by_id(dossier, "figure-budget_execution_ratio")
    assert text(ratio.find(".//strong")) == "약 15%" and ratio.find(".//span[@class='scheduled']") is None

"""A reader's way through the explorer in Chromium: from a search to the sentence behind a figure,
through pages of projects, to a CSV; every page checked (requests, console, axe) and photographed."""

import csv
import io

import httpx
from playwright.sync_api import expect

from tests.browser.conftest import GENERATED_PROJECTS, Reader

SPENT_SENTENCE = "지금까지 약 60억 원의 예산을 들였지만"


def test_a_reader_goes_from_a_search_to_the_sentence_behind_the_spent_amount(reader: Reader) -> None:
    page = reader.visit("/")
    reader.check("home")

    page.locator("#site-q").fill("민원")
    page.locator("#site-q").press("Enter")
    page.wait_for_url("**/search?q=*")
    expect(page.locator("p.snippet mark").first).to_contain_text("민원")
    reader.check("search-minwon")

    page.locator('section.hits a[href^="/projects/"]').first.click()
    page.wait_for_url("**/projects/*")
    expect(page.locator("h1")).to_contain_text("메타버스 서울")
    spent = page.locator("#figure-spent")
    expect(spent).to_contain_text("60억")
    reader.check("project")

    footnote_ref = spent.locator("a.fn-ref").first
    footnote_ref.focus()
    page.keyboard.press("Enter")  # by keyboard, as a reader who does not use a mouse would
    footnote = page.locator(footnote_ref.get_attribute("href"))
    expect(footnote).to_be_in_viewport()
    expect(footnote).to_contain_text(SPENT_SENTENCE)

    footnote.locator("a.source-link").click()
    page.wait_for_url("**/sources/*")
    highlighted = page.locator("div.captured-text mark.current").first  # an overlapping excerpt may split the rest
    expect(highlighted).to_contain_text(SPENT_SENTENCE)
    expect(highlighted).to_be_in_viewport()
    reader.check("source")


def test_a_reader_pages_through_the_generated_projects(reader: Reader) -> None:
    expected = {item["slug"] for item in httpx.get(f"{reader.base_url}/v1/projects?limit=1000").json()["items"]}
    assert len(expected) > GENERATED_PROJECTS
    page = reader.visit("/?limit=25&sort=name")
    seen: list[str] = []
    for number in range(1, 10):
        links = page.locator('tbody th[scope="row"] a').evaluate_all("links => links.map(a => a.pathname)")
        seen += [path.removeprefix("/projects/") for path in links]
        reader.check(f"projects-page-{number}")
        following = page.locator('nav.pager a[rel="next"]')
        if following.count() == 0:
            break
        following.click()
        page.wait_for_url("**cursor=*")
    assert number == -(-len(expected) // 25)
    assert len(seen) == len(set(seen)) and set(seen) == expected


def test_a_reader_downloads_the_list_they_see_as_csv(reader: Reader) -> None:
    page = reader.visit("/?status=active")
    shown = page.locator('tbody th[scope="row"] a').count()
    with page.expect_download() as download:
        page.locator("p.exports a", has_text="CSV").click()
    assert download.value.suggested_filename.endswith(".csv")
    rows = list(csv.DictReader(io.StringIO(download.value.path().read_text(encoding="utf-8-sig"))))
    assert len(rows) >= shown > 0 and {row["status"] for row in rows} == {"active"}
    reader.check("projects-active")


def test_the_corrections_feed_and_the_search_page_pass_the_same_checks(reader: Reader) -> None:
    page = reader.visit("/changes")
    expect(page.locator('a[href*="changes.atom"]').first).to_be_attached()
    reader.check("changes")
    reader.visit("/search")
    reader.check("search-empty")


def test_the_embeddable_charts_render_on_their_own(reader: Reader) -> None:
    for name in ("budget", "usage", "timeline"):
        page = reader.visit(f"/projects/metaverse-seoul/charts/{name}.svg")
        assert page.locator("svg > title").count() == 1 and page.locator("svg > desc").count() == 1
        reader.check(f"chart-{name}", full_page=False)  # an SVG document has no page to scroll

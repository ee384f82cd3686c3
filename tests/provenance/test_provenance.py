"""Every fact says how it is known (quoted, inferred with its basis, editorial): checked on every write path,
shown, filtered and exported."""

import copy

from fastapi.testclient import TestClient
from sqlmodel import Session

from seed.loader import CASES_DIR, read_case
from tests.api import assert_problem, if_match
from tests.factories import make_organization, make_source

NAVER = {"url": "https://n.news.naver.com/article/437/0000399767", "title": "60억 예산 쓴 '메타버스 서울'", "language": "ko",
         "platform": "Naver News"}
PUBLISHER_BASIS = "press code 437 in the link"


def inferred_source(client: TestClient, session: Session) -> dict:
    publisher = make_organization(session, name="JTBC")
    response = client.post("/v1/sources", json={
        **NAVER, "publisher_id": publisher["id"], "provenance": "inferred",
        "inferred": {"publisher_id": PUBLISHER_BASIS, "platform": "the link's host n.news.naver.com"},
    })
    assert response.status_code == 201, response.text
    return response.json()


def test_an_inferred_field_is_shown_with_its_basis_and_found_by_filter(client: TestClient, session: Session) -> None:
    source = inferred_source(client, session)
    quoted = make_source(session)
    assert client.get(f"/v1/sources/{source['id']}").json()["inferred"]["publisher_id"] == PUBLISHER_BASIS
    assert quoted["provenance"] == "quoted" and quoted["inferred"] == {}

    def ids(**params) -> set[int]:
        return {item["id"] for item in client.get("/v1/sources", params=params).json()["items"]}
    assert source["id"] in ids(provenance="inferred") and quoted["id"] not in ids(provenance="inferred")
    assert quoted["id"] in ids(provenance="quoted") and source["id"] not in ids(provenance="quoted")
    facet = client.get("/v1/sources", params={"facet": "provenance", "provenance": "inferred"}).json()["facets"]
    assert "provenance" in facet


def test_a_record_that_overstates_how_it_is_known_is_refused(client: TestClient, session: Session) -> None:
    before = client.get("/v1/sources").json()["items"]
    cases = [
        ({"inferred": {"platform": "the link's host"}}, "provenance"),  # inferred fields on a "quoted" record
        ({"provenance": "inferred"}, "inferred"),  # inferred from nothing
        ({"provenance": "inferred", "inferred": {"owner": "guess"}}, "inferred"),  # not a field of a source
        ({"provenance": "inferred", "inferred": {"archive_url": "guess"}}, "inferred"),  # an empty field
        ({"provenance": "inferred", "inferred": {"platform": "  "}}, "inferred"),  # a blank basis
        ({"provenance": "stated"}, "provenance"),
    ]
    for extra, field in cases:
        assert_problem(client.post("/v1/sources", json={**NAVER, **extra}), 422, field)
    name = {"name": "서울특별시", "name_en": "Seoul Metropolitan Government", "classification": "government"}
    assert_problem(client.post("/v1/organizations", json={**name, "provenance": "inferred",
                                                          "inferred": {"name_en": "translated"}}), 422, "inferred")
    assert client.get("/v1/sources").json()["items"] == before


def test_a_patch_is_checked_against_the_whole_record(client: TestClient, session: Session) -> None:
    source = inferred_source(client, session)
    url = f"/v1/sources/{source['id']}"
    assert_problem(client.patch(url, json={"provenance": "quoted"}, headers=if_match(client, url)), 422, "provenance")
    fixed = client.patch(url, json={"provenance": "quoted", "inferred": {}}, headers=if_match(client, url))
    assert fixed.status_code == 200, fixed.text
    assert (fixed.json()["provenance"], fixed.json()["inferred"]) == ("quoted", {})


def test_the_bulk_import_refuses_an_unfounded_inference_and_writes_nothing(client: TestClient, session: Session,
                                                                          admin_token: str) -> None:
    full = copy.deepcopy(read_case(CASES_DIR / "metaverse-seoul.yaml"))
    case = {"organizations": full["organizations"], "sources": full["sources"]}
    case["sources"][0]["inferred"] = {"no_such_field": "guess"}
    before = client.get("/v1/sources").json()["items"]
    response = client.post("/v1/imports", json=case, headers={"Authorization": f"Bearer {admin_token}"})
    assert response.status_code == 422, response.text
    assert "inferred" in response.text
    assert client.get("/v1/sources").json()["items"] == before

"""Property: POST, PATCH, the bulk import and the seed give the same verdict on the same record.

Random budgets, metrics and citations, each with a wording that may or may not
say its figure, hedge, currency or date (or an excerpt that may or may not stand
in its source's captured text), go through every write path. Every path must
accept or refuse alike, name the same fields, and store an accepted record alike.
"""

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlmodel import Session

from app.core.errors import UnprocessableEntity
from app.services.atomic import one_transaction
from seed.loader import CaseLoader
from tests.api import if_match
from tests.factories import make_budget, make_citation, make_metric, make_project, make_source, next_number, wording

CAPTURED = "서울시는 지금까지 약 10억 원을 들였습니다. 이용자는 하루 2건에 불과했습니다.\n사업은 2026년까지 이어질 예정이었습니다."
QUALIFIERS = ("exact", "approximate", "at_least", "up_to")
VOLATILE = {"id", "created_at", "updated_at", "version", "project_id", "budget_id", "indicator"}
EXAMPLES = settings(max_examples=25, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
Outcome = tuple[bool, tuple[str, ...], dict[str, Any] | None]


def perturbed(said: int) -> st.SearchStrategy[int]:
    """The figure as stated: usually what the wording says, sometimes ten times off, one off or negative."""
    return st.sampled_from([said, said, said, said * 10, said + 1, -said - 1])


@st.composite
def dated(draw: st.DrawFn) -> dict[str, Any] | None:
    year = draw(st.integers(2000, 2030))
    worded = draw(st.sampled_from([year, year, year + 1]))
    return draw(st.sampled_from([None, {"value": str(year), "text": f"{worded}년까지"},
                                 {"value": f"{year}-12", "text": f"{worded}년 말"}]))


@st.composite
def budget_fields(draw: st.DrawFn) -> dict[str, Any]:
    said, hedge = draw(st.integers(0, 10**12)), draw(st.sampled_from(QUALIFIERS))
    text = draw(st.sampled_from([wording(said, hedge), wording(said, hedge), None, "합성 금액"]))
    return {"kind": draw(st.sampled_from(["planned", "spent"])), "amount": draw(perturbed(said)),
            "currency": draw(st.sampled_from(["KRW", "KRW", "USD"])),
            "qualifier": draw(st.sampled_from([hedge, hedge, *QUALIFIERS])), "amount_text": text,
            "period_end": draw(dated())}


@st.composite
def metric_fields(draw: st.DrawFn) -> dict[str, Any]:
    said, hedge = draw(st.integers(0, 10**6)), draw(st.sampled_from(QUALIFIERS))
    text = draw(st.sampled_from([wording(said, hedge, "명"), f"하루 평균 {wording(said, hedge, '건')}", None]))
    value = Decimal(draw(perturbed(said))) / draw(st.sampled_from([1, 1, 2]))
    return {"value": str(value), "unit": draw(st.sampled_from(["people", "count/day"])), "value_text": text,
            "qualifier": draw(st.sampled_from([hedge, hedge, *QUALIFIERS])), "period_end": draw(dated())}


@st.composite
def excerpts(draw: st.DrawFn) -> dict[str, Any]:
    start = draw(st.integers(0, len(CAPTURED) - 2))
    clause = CAPTURED[start:draw(st.integers(start + 1, len(CAPTURED)))]
    respaced = "  ".join(clause.split())
    made_up = draw(st.text(st.characters(min_codepoint=0xAC00, max_codepoint=0xAC40), min_size=3, max_size=12))
    return {"excerpt": draw(st.sampled_from([clause, respaced, made_up, "전혀 다른 문장"]))}


class Paths:
    """One record sent through each write path; each returns (accepted, fields named, record as stored)."""

    def __init__(self, client: TestClient, session: Session, admin_token: str):
        self.client, self.session = client, session
        self.admin = {"Authorization": f"Bearer {admin_token}"}

    def stored(self, path: str, record_id: int) -> dict[str, Any]:
        record = self.client.get(f"/v1/{path}/{record_id}").json()
        return {name: value for name, value in record.items() if name not in VOLATILE}

    def judged(self, response: httpx.Response, path: str, prefix: str = "") -> Outcome:
        if response.status_code in (200, 201):
            return True, (), self.stored(path, response.json()["id"])
        assert response.status_code == 422, response.text
        return False, tuple(error["field"].removeprefix(prefix) for error in response.json()["errors"]), None

    def post(self, path: str, body: dict[str, Any], _: dict[str, Any]) -> Outcome:
        return self.judged(self.client.post(f"/v1/{path}", json=body), path)

    def patch(self, path: str, body: dict[str, Any], fields: dict[str, Any]) -> Outcome:
        url = f"/v1/{path}/{self.base(path, body)}"
        return self.judged(self.client.patch(url, json=fields, headers=if_match(self.client, url)), path)

    def bulk_import(self, path: str, body: dict[str, Any], _: dict[str, Any]) -> Outcome:
        response = self.client.post("/v1/imports", json={path: [{**body, "ref": "it"}]}, headers=self.admin)
        if response.status_code == 200:
            return True, (), self.stored(path, response.json()["ids"]["it"])
        return self.judged(response, path, f"{path}[0].")

    def seed(self, path: str, body: dict[str, Any], _: dict[str, Any]) -> Outcome:
        try:
            with one_transaction(self.session) as unit:
                loader = CaseLoader(unit)
                loader.load({path: [{**body, "ref": "it"}]})
        except UnprocessableEntity as refused:
            return False, tuple(error.field for error in refused.errors), None
        return True, (), self.stored(path, loader.refs["it"][1])

    def base(self, path: str, body: dict[str, Any]) -> int:
        """A sound record of the same fact to patch into the drawn one."""
        if path == "budgets":
            return make_budget(self.session, project_id=body["project_id"], kind=body["kind"])["id"]
        if path == "metrics":
            return make_metric(self.session, project_id=body["project_id"], unit=body["unit"], indicator_en=None)["id"]
        return make_citation(self.session, source_id=body["source_id"], budget_id=body["budget_id"],
                             excerpt=CAPTURED[:10])["id"]


def verdicts(paths: Paths, path: str, fields: dict[str, Any], parent: Callable[[], dict[str, Any]]) -> dict[str, Outcome]:
    """The outcome of each write path for the drawn fields, each on a parent of its own (no natural-key clashes)."""
    return {name: getattr(paths, name)(path, {**parent(), **fields}, fields)
            for name in ("post", "patch", "bulk_import", "seed")}


def assert_agree(results: dict[str, Outcome]) -> None:
    (first, outcome), *others = results.items()
    event("accepted" if outcome[0] else "refused naming " + ", ".join(outcome[1]))  # --hypothesis-show-statistics
    for name, other in others:
        assert other == outcome, f"{name} disagrees with {first}: {other} != {outcome}"


@pytest.fixture
def paths(client: TestClient, session: Session, admin_token: str) -> Paths:
    return Paths(client, session, admin_token)


@EXAMPLES
@given(fields=budget_fields())
def test_every_path_judges_a_budget_alike(paths: Paths, fields: dict[str, Any]) -> None:
    assert_agree(verdicts(paths, "budgets", fields, lambda: {"project_id": make_project(paths.session)["id"]}))


@EXAMPLES
@given(fields=metric_fields())
def test_every_path_judges_a_metric_alike(paths: Paths, fields: dict[str, Any]) -> None:
    assert_agree(verdicts(paths, "metrics", fields, lambda: {"project_id": make_project(paths.session)["id"],
                                                             "indicator": f"합성 지표 {next_number()}"}))


@EXAMPLES
@given(fields=excerpts())
def test_every_path_judges_a_citation_alike(paths: Paths, fields: dict[str, Any]) -> None:
    source = make_source(paths.session, captured_text=CAPTURED)["id"]
    assert_agree(verdicts(paths, "citations", fields,
                          lambda: {"source_id": source, "budget_id": make_budget(paths.session)["id"]}))


def test_the_mismatched_budget_of_the_issue_is_refused_by_every_path(paths: Paths) -> None:
    fields = {"kind": "spent", "amount": 100_000_000, "currency": "KRW", "amount_text": "약 10억 원"}

    results = verdicts(paths, "budgets", fields, lambda: {"project_id": make_project(paths.session)["id"]})

    assert set(results.values()) == {(False, ("amount", "qualifier"), None)}

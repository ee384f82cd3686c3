"""search_condition(resource, q): which records each engine finds (the same on both)."""

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from app.core.errors import InvalidParameter
from app.resources import Resource
from app.resources.catalog import metrics, organizations, people, projects, sources, statements
from app.resources.source_checks import source_checks
from app.search import search_condition
from tests.search.conftest import Corpus


def found(session: Session, resource: Resource, q: str) -> set[int]:
    table = resource.sa_table
    return set(session.execute(sa.select(table.c.id).where(search_condition(resource, q))).scalars())


def test_a_two_syllable_word_is_found_with_its_particle(session: Session, corpus: Corpus) -> None:
    assert found(session, statements, "민원") == {corpus["complaints"]}  # 민원은 하루 2건에 불과했습니다
    assert found(session, metrics, "민원") == {corpus["call_center"], corpus["platform"]}


def test_a_compound_word_is_found(session: Session, corpus: Corpus) -> None:
    assert found(session, projects, "메타버스") == {corpus["project"]}
    assert found(session, sources, "메타버스") == {corpus["article"]}
    assert found(session, metrics, "메타버스") == {corpus["platform"]}


def test_the_call_center_metric_is_found(session: Session, corpus: Corpus) -> None:
    assert found(session, metrics, "콜센터") == {corpus["call_center"]}
    assert found(session, metrics, "call center") == {corpus["call_center"]}


def test_seoul_is_found_in_seoul_city_with_its_particle(session: Session, corpus: Corpus) -> None:
    assert found(session, statements, "서울") == {corpus["complaints"], corpus["closing"]}  # 서울을, 서울시는
    assert found(session, projects, "서울시") == {corpus["project"]}  # the summary: 서울시는 …
    assert found(session, organizations, "서울") == {corpus["city"]}


def test_one_syllable_is_found_anywhere_in_a_word(session: Session, corpus: Corpus) -> None:
    assert found(session, metrics, "민") == {corpus["call_center"], corpus["platform"]}
    assert found(session, statements, "민") == {corpus["complaints"]}
    assert found(session, organizations, "울") == {corpus["city"]}  # the last syllable of 서울


def test_reversed_or_absent_syllables_do_not_match(session: Session, corpus: Corpus) -> None:
    assert found(session, statements, "원민") == set()
    assert found(session, metrics, "울서") == set()
    assert found(session, statements, "민원 예산") == set()  # every term must match
    assert found(session, statements, "휴대폰") == set()


@pytest.mark.parametrize("q", ["Seoul", "seoul", "SEOUL", "ｓｅｏｕｌ"])
def test_english_is_case_insensitive(session: Session, corpus: Corpus, q: str) -> None:
    assert found(session, projects, q) == {corpus["project"]}
    assert found(session, organizations, q) == {corpus["city"]}
    assert found(session, statements, q) == {corpus["complaints"]}  # its translation


def test_english_words_match_whole_or_as_the_typed_prefix(session: Session, corpus: Corpus) -> None:
    assert found(session, projects, "metav*") == {corpus["project"]}
    assert found(session, projects, "metav") == set()  # no implicit prefix
    assert found(session, metrics, "compl* seoul") == {corpus["platform"]}
    assert found(session, metrics, "complaint") == {corpus["call_center"]}  # civil-complaint, not complaints
    assert found(session, metrics, "complaint*") == {corpus["call_center"], corpus["platform"]}
    assert found(session, people, "synthetic person") == {corpus["mayor"]}


def test_all_terms_must_match_in_one_field(session: Session, corpus: Corpus) -> None:
    assert found(session, projects, "메타버스 seoul") == set()  # name and name_en are separate fields
    assert found(session, projects, "메타버스 synthetic") == {corpus["project"]}


def test_the_condition_composes_and_is_rebound_on_each_use(session: Session, corpus: Corpus) -> None:
    table = metrics.sa_table
    statement = sa.select(table.c.id).where(search_condition(metrics, "민원"), table.c.value_text.is_(None))
    assert set(session.execute(statement).scalars()) == {corpus["call_center"], corpus["platform"]}
    # the compiled form is cached: another query and resource must still get their own parameters
    assert found(session, metrics, "콜센터") == {corpus["call_center"]}
    assert found(session, people, "콜센터") == set()
    assert found(session, metrics, "메타버스") == {corpus["platform"]}


@pytest.mark.parametrize("q", ["", "   ", "?!", "…"])
def test_nothing_to_search_for_is_a_400_naming_q(q: str) -> None:
    with pytest.raises(InvalidParameter) as refused:
        search_condition(statements, q)
    assert refused.value.status == 400
    assert refused.value.errors[0].field == "q"


def test_a_resource_without_searchable_fields_is_refused() -> None:
    with pytest.raises(InvalidParameter, match="source-checks cannot be searched"):
        search_condition(source_checks, "민원")

"""The tokenizer and query parser: pure functions, no database."""

import unicodedata

import pytest

from app.core.errors import InvalidParameter
from app.search import parse_query
from app.search.query import MAX_QUERY_CHARS
from app.search.ranking import highlight, score_field, snippet
from app.search.tokens import MAX_WORD_CHARS, index_tokens, normalize, normalize_with_offsets, original_span, token_string


@pytest.mark.parametrize(("text", "tokens"), [
    ("민원은", ["민원", "원은", "은"]),
    ("메타버스", ["메타", "타버", "버스", "스"]),
    ("서울시는", ["서울", "울시", "시는", "는"]),
    ("민", ["민"]),
    ("시 예산", ["시", "예산", "산"]),
    ("서울 서울", ["서울", "울"]),  # distinct tokens only
    ("", []),
    (None, []),
])
def test_hangul_runs_become_overlapping_bigrams_plus_their_last_syllable(text, tokens) -> None:
    assert index_tokens(text) == tokens


def test_mixed_korean_english_and_digits_split_at_script_boundaries() -> None:
    assert index_tokens("메타버스 Seoul 2023년 1월, COVID-19") == [
        "메타", "타버", "버스", "스", "seoul", "2023", "년", "1", "월", "covid", "19"]
    assert index_tokens("60억 원") == ["60", "억", "원", "6000000000"]  # the amount's value, for 6000000000


def test_punctuation_and_symbols_separate() -> None:
    assert index_tokens("60억 예산 쓴 '메타버스 서울'…초라한 [소셜픽]") == [
        "60", "억", "예산", "산", "쓴", "메타", "타버", "버스", "스", "서울", "울", "초라", "라한", "한", "소셜", "셜픽", "픽", "6000000000"]
    assert index_tokens("snake_case «quoted» e-mail") == ["snake", "case", "quoted", "e", "mail"]
    assert index_tokens("!!! … ★ ·") == []


def test_nfkc_and_case_folding() -> None:
    assert index_tokens("ＳＥＯＵＬ Seoul seoul") == ["seoul"]
    assert index_tokens("Straße") == ["strasse"]
    assert index_tokens("㈜서울") == ["주", "서울", "울"]  # ㈜ is (주)
    assert index_tokens("ｶﾀｶﾅ") == index_tokens("カタカナ") == ["カタ", "タカ", "カナ", "ナ"]
    assert index_tokens("中文検索") == ["中文", "文検", "検索", "索"]


def test_decomposed_hangul_is_composed() -> None:
    decomposed = unicodedata.normalize("NFD", "민원은")
    assert decomposed != "민원은"
    assert index_tokens(decomposed) == ["민원", "원은", "은"]
    assert normalize(decomposed) == "민원은"


def test_long_words_are_cut_the_same_way_in_text_and_query() -> None:
    word = "a" * (MAX_WORD_CHARS + 50)
    assert index_tokens(word) == ["a" * MAX_WORD_CHARS]
    assert parse_query(word + " x").terms[0].tokens == ("a" * MAX_WORD_CHARS,)


def test_token_string_is_space_separated() -> None:
    assert token_string("민원은 Seoul") == "민원 원은 은 seoul"


def test_offsets_lead_back_to_the_original_text() -> None:
    text = "ＳＥＯＵＬ의 ㈜서울"
    normalized, offsets = normalize_with_offsets(text)
    assert normalized == "seoul의 (주)서울"
    start = normalized.index("서울")
    assert text[slice(*original_span(offsets, start, start + 2))] == "서울"
    assert text[slice(*original_span(offsets, 0, 5))] == "ＳＥＯＵＬ"
    assert text[slice(*original_span(offsets, normalized.index("주"), normalized.index("주") + 1))] == "㈜"
    assert normalize_with_offsets("Plain text")[1] is None  # unchanged but for case: offsets are the same


# Queries


def tokens_of(q: str) -> list[tuple[str, bool]]:
    return list(parse_query(q).match_tokens)


def test_a_korean_word_requires_its_bigrams_but_not_its_last_syllable() -> None:
    assert tokens_of("메타버스") == [("메타", False), ("타버", False), ("버스", False)]
    assert tokens_of("민원") == [("민원", False)]


def test_one_syllable_is_a_prefix_match() -> None:
    assert tokens_of("민") == [("민", True)]
    assert tokens_of("2건") == [("2", False), ("건", True)]


def test_starred_words_are_prefixes() -> None:
    assert tokens_of("Seoul metav*") == [("seoul", False), ("metav", True)]
    assert tokens_of("metav") == [("metav", False)]  # no implicit prefix
    assert tokens_of("me* seoul") == [("me", True), ("seoul", False)]
    assert tokens_of("m*") == [("m", False)]  # one letter is too short to expand
    assert tokens_of("202*") == [("202", True)]
    assert tokens_of("seoul 서울") == [("seoul", False), ("서울", False)]


@pytest.mark.parametrize(("q", "tokens"), [
    ("서울시는", [("서울", False), ("울시", False)]),  # the stem 서울시: finds 서울시가 and 서울시장
    ("민원은", [("민원", False)]),
    ("유튜브 채널의", [("유튜", False), ("튜브", False), ("채널", False)]),
    ("지금까지", [("지금", False)]),
    ("불과", [("불과", False)]),  # 과 is a particle, but 불 alone is too short to be a stem
    ("서울시장", [("서울", False), ("울시", False), ("시장", False)]),  # 장 is no particle
])
def test_a_particle_at_the_end_of_a_word_is_not_required(q, tokens) -> None:
    assert tokens_of(q) == tokens


@pytest.mark.parametrize("q", ["60억", "60억 원", "약 60억 원", "60억원을", "6000000000", "6,000,000,000"])
def test_an_amount_is_its_value_however_written(q) -> None:
    assert tokens_of(q) == [("6000000000", False)]


def test_numbers_inside_words_stay_words() -> None:
    assert tokens_of("covid19 19th") == [("covid19", False), ("19th", False)]
    assert index_tokens("covid19 19th") == ["covid19", "19th"]


@pytest.mark.parametrize("text", ["약 60억 원", "6,000,000,000원", "예산 60억을"])
def test_amounts_in_text_also_index_their_value(text) -> None:
    assert "6000000000" in index_tokens(text)
    assert "6000000000" not in index_tokens("60억 5,000만 원")  # 6,050,000,000
    assert index_tokens("2026년 1월") == ["2026", "년", "1", "월"]  # plain numbers are tokens already


def test_the_form_typed_scores_above_its_stem() -> None:
    query = parse_query("서울시는")
    assert score_field(query, "quote", "서울시는 종료합니다") > score_field(query, "name", "서울시장")
    assert score_field(parse_query("60억"), "amount_text", "약 60억 원") == score_field(parse_query("6000000000"), "amount_text", "약 60억 원")
    assert highlight(parse_query("6000000000"), "약 60억 원").highlights == [(2, 5)]


def test_queries_render_for_each_engine() -> None:
    query = parse_query("메타버스 민 seoul co*")
    assert query.fts5() == '"메타" "타버" "버스" "민"* "seoul" "co"*'
    assert query.tsquery() == "'메타' & '타버' & '버스' & '민':* & 'seoul' & 'co':*"


@pytest.mark.parametrize("q", [None, "", "   ", "\t\n", "!!!", "…", "«»", "★☆", "_"])
def test_queries_without_letters_or_digits_are_refused_naming_q(q) -> None:
    with pytest.raises(InvalidParameter) as refused:
        parse_query(q)
    assert refused.value.errors[0].field == "q"


def test_overlong_queries_are_refused() -> None:
    with pytest.raises(InvalidParameter, match="at most 200 characters"):
        parse_query("가" * (MAX_QUERY_CHARS + 1))
    many = " ".join(f"w{i}" for i in range(45))
    assert len(many) <= MAX_QUERY_CHARS
    with pytest.raises(InvalidParameter, match="too many words"):
        parse_query(many)


# Ranking and highlighting of one field


def test_highlights_mark_the_matched_passage_in_the_original_text() -> None:
    text = "메타버스 서울을 통한 민원은 하루 2건에 불과했습니다"
    match = highlight(parse_query("민원"), text)
    assert match.snippet == "메타버스 서울을 통한 «민원»은 하루 2건에 불과했습니다"
    assert [text[start:end] for start, end in match.highlights] == ["민원"]


def test_highlights_survive_normalisation() -> None:
    text = "ＳＥＯＵＬ의 민원"
    assert highlight(parse_query("seoul"), text).snippet == "«ＳＥＯＵＬ»의 민원"
    assert highlight(parse_query("metav*"), "Metaverse Seoul").snippet == "«Metaverse» Seoul"  # the whole word


def test_a_contiguous_match_outranks_scattered_bigrams() -> None:
    query = parse_query("메타버스")
    together = score_field(query, "quote", "메타버스 서울")
    scattered = score_field(query, "quote", "메타 타버 버스")  # every bigram, never the word
    assert together > scattered
    assert highlight(query, "메타 타버 버스").snippet == "«메타» «타버» «버스»"


def test_score_parts() -> None:
    assert score_field(parse_query("서울"), "name", "서울") == 10 + 2 + 5 + 3 + 0.1  # exactly the query, in a name
    assert score_field(parse_query("서울"), "quote", "남서울에서 서울로") == 10 + 2 + 2 + 0.2  # second one starts a word
    assert score_field(parse_query("서울"), "quote", "남서울") == 10 + 0 + 2 + 0.1
    assert score_field(parse_query("seoul 서울"), "summary", "Seoul 밖") == 10 / 2 + 2 / 2 + 1 + 0.1
    assert score_field(parse_query("seoul*"), "summary", "seoulite") == 10 + 2 + 1 + 0.1  # a prefix match
    assert score_field(parse_query("메타버스"), "summary", "메타 타버 버스") == 1  # scattered bigrams only


def test_a_long_text_is_cut_around_the_first_match() -> None:
    text = "가나다 " * 60 + "민원은 여기 있습니다 " + "라마바 " * 60
    match = highlight(parse_query("민원"), text)
    assert match.snippet.startswith("…") and match.snippet.endswith("…")
    assert "«민원»은 여기" in match.snippet
    assert len(match.snippet.replace("«", "").replace("»", "")) <= 160 + 2


def test_snippet_without_highlights_is_the_start() -> None:
    assert snippet("짧은 글", []) == "짧은 글"

"""Figures as pages write them: Korean units first, English beside, hedges kept."""

from app.web.formatting import STATUS, figure_range, label, measure, money, percent


def test_money_and_percent_use_the_scorecards_wording() -> None:
    assert money(6_000_000_000, "KRW", "approximate") == {"ko": "약 60억 원", "en": "about KRW 6 billion"}
    assert percent("0.15", "approximate") == {"ko": "약 15%", "en": "about 15 %"}
    assert money(None, "KRW") == {"ko": "", "en": ""}


def test_a_range_is_written_in_the_figures_unit() -> None:
    assert figure_range(8_207_934, 8_941_878, "KRW")["ko"] == "820만 7,934 원 ~ 894만 1,878 원"
    assert figure_range("0.5", "0.648649") == {"ko": "50% ~ 64.8649%", "en": "50 % to 64.8649 %"}
    assert figure_range(None, None) == {"ko": "", "en": ""}


def test_counts_take_their_unit_words_and_large_ones_korean_units() -> None:
    assert measure("2", "count/day") == {"ko": "하루 2건", "en": "2 a day"}
    assert measure("10000", "count/day") == {"ko": "하루 1만건", "en": "10,000 a day"}
    assert measure("1000", "people", "at_least") == {"ko": "1,000명 이상", "en": "at least 1,000 people"}
    assert measure("2500000", "count")["en"] == "2.5 million"


def test_an_unknown_vocabulary_value_is_shown_as_it_is() -> None:
    assert label(STATUS, "terminated") == {"ko": "종료", "en": "terminated"}
    assert label(STATUS, "paused") == {"ko": "paused", "en": "paused"}

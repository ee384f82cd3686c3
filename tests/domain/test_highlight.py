"""Marking cited excerpts in a captured text: overlapping, repeated and missing excerpts."""

from app.domain.highlight import highlight

TEXT = "지난해 1월 시작했다. 지금까지 약 60억 원을 들였다. 결국 종료된다."


def test_each_excerpt_is_marked_where_it_is_and_the_rest_is_left_plain() -> None:
    pieces, missing = highlight(TEXT, [(4, "지금까지 약 60억 원을 들였다.")])
    assert missing == [] and "".join(piece.text for piece in pieces) == TEXT
    (marked,) = [piece for piece in pieces if piece.citations]
    assert marked.text == "지금까지 약 60억 원을 들였다." and marked.citations == [4] and marked.starts == [4]


def test_overlapping_and_repeated_excerpts_cut_the_text_at_every_boundary() -> None:
    pieces, _ = highlight(TEXT, [(1, "지금까지 약 60억"), (2, "60억 원을 들였다."), (3, "지금까지 약 60억")])
    assert [(piece.text, piece.citations, piece.starts) for piece in pieces if piece.citations] == [
        ("지금까지 약 ", [1, 3], [1, 3]), ("60억", [1, 2, 3], [2]), (" 원을 들였다.", [2], [])]


def test_an_excerpt_not_in_the_text_is_reported_not_guessed() -> None:
    pieces, missing = highlight(TEXT, [(7, "지금까지 약 70억 원"), (8, "")])
    assert missing == [7, 8] and [piece.text for piece in pieces] == [TEXT]

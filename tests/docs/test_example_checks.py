"""The example checker reports what a doc shows and the answer lacks, so a drifted example fails."""

from tests.docs.examples import _commands, missing

ANSWER = '{"items":[{"id":2,"kind":"planned","amount":40000000000,"amount_text":"400억"}],"next":null}'


def test_fields_shown_must_be_in_the_answer_with_their_values() -> None:
    assert missing('{"items":[{"kind":"planned","amount":40000000000,…}],"next":null,…}', ANSWER) == []
    assert missing('{"items":[{"amount_text":"400…"}]}', ANSWER) == []
    assert missing('{"items":[{"amount":6000000000}]}', ANSWER) == [
        '"amount": 6000000000 (the answer has [40000000000])']
    assert missing('{"currency":"KRW"}', ANSWER) == ['"currency"']
    assert missing('{"amount":"40000000000"}', ANSWER) != []  # a string is not the number


def test_text_answers_are_checked_line_by_line() -> None:
    csv = "\ufeffid,kind,amount\r\n2,planned,40000000000\r\n"
    assert missing("id,kind,amount\n2,planned,40000000000", csv) == []
    assert missing("2,spent,40000000000", csv) == ["2,spent,40000000000"]


def test_a_status_and_continued_expectations_are_read_from_the_comments() -> None:
    block = ("curl -s -X POST http://127.0.0.1:8000/v1/budgets \\\n     -d '{\"amount\": true}'\n"
             "# → 422 {\"title\":\"Request body is invalid\",\n#        \"errors\":[{\"field\":\"amount\"}]}\n"
             "# An unrelated comment\ncurl -si http://127.0.0.1:8000/v1/people/2 | grep -i etag   # → etag: \"people-2-v1\"\n")

    first, second = _commands(block, "", 1)

    assert first.text == "curl -s -X POST http://127.0.0.1:8000/v1/budgets -d '{\"amount\": true}'"
    assert first.expected_status() == 422
    assert first.expected_body() == '{"title":"Request body is invalid",\n"errors":[{"field":"amount"}]}'
    assert (second.line, second.expected_status(), second.expected_body()) == (6, None, 'etag: "people-2-v1"')

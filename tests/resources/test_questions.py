from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
import respx

from anymarket_sdk import RequestValidationError, ServerError
from anymarket_sdk.models.questions import Answer, Question
from tests.conftest import Both, page

QUESTION = {
    "id": 4001,
    "questionerName": "Maria Compradora",
    "context": "88001 - Liquidificador Turbo",
    "question": "Serve para 220V?",
    "answers": [{"id": 71, "answer": "Temos a versão 220V também."}],
    "questionDate": "2024-03-08T10:00:00-03:00",
}


def test_get_question(am: Both, router: respx.Router) -> None:
    router.get("questions/4001").respond(json=QUESTION)
    q = am.questions.get(4001)
    assert isinstance(q, Question)
    assert q.question == "Serve para 220V?"
    assert q.answers == [Answer(id=71, answer="Temos a versão 220V também.")]
    assert q.question_date == datetime(2024, 3, 8, 13, 0, tzinfo=UTC)
    assert q.question_date is not None
    assert q.question_date.utcoffset() is not None
    assert "Maria" not in repr(q)  # the buyer's name stays out of logs
    assert q.questioner_name == "Maria Compradora"


def test_list_and_iter_answers(am: Both, router: respx.Router) -> None:
    first = [{"id": i, "answer": f"resposta {i}"} for i in range(5)]
    r = router.get("questions/4001/answers").mock(
        side_effect=[
            respx.MockResponse(200, json=page(first, size=5, total=6)),
            respx.MockResponse(200, json=page([{"id": 5, "answer": "r5"}], offset=5, total=6)),
            respx.MockResponse(200, json=page(first[:2], size=20)),
        ]
    )
    answers = am.questions.iter_answers(4001, limit=5)
    assert [a.id for a in answers] == list(range(6))
    assert [c.request.url.params["offset"] for c in r.calls] == ["0", "5"]
    one_page = am.questions.list_answers(4001, offset=0, limit=20)
    assert dict(r.calls.last.request.url.params) == {"offset": "0", "limit": "20"}
    assert [a.answer for a in one_page] == ["resposta 0", "resposta 1"]


def test_answer_sends_only_the_text(am: Both, router: respx.Router) -> None:
    r = router.post("questions/4001/answers").respond(json={"id": 72, "answer": "Sim, serve."})
    created = am.questions.answer(4001, "Sim, serve.")
    assert created == Answer(id=72, answer="Sim, serve.")
    assert json.loads(r.calls.last.request.content) == {"answer": "Sim, serve."}
    am.questions.answer(4001, Answer(id=999, answer="x" * 2000))
    assert json.loads(r.calls.last.request.content) == {"answer": "x" * 2000}


def test_answer_is_not_resent_after_a_server_error(am: Both, router: respx.Router) -> None:
    r = router.post("questions/4001/answers").respond(
        500, json={"code": "500", "message": "Erro no sistema."}
    )
    with pytest.raises(ServerError):
        am.questions.answer(4001, "Sim")
    assert r.call_count == 1


def test_get_answer(am: Both, router: respx.Router) -> None:
    router.get("questions/4001/answers/71").respond(json={"id": 71, "answer": "Temos."})
    assert am.questions.get_answer(4001, 71).answer == "Temos."


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda am: am.questions.answer(4001, ""), "answer"),
        (lambda am: am.questions.answer(4001, "   "), "answer"),
        (lambda am: am.questions.answer(4001, "x" * 2001), "answer"),
        (lambda am: am.questions.answer(4001, Answer(answer="x" * 2001)), "answer"),
        (lambda am: am.questions.answer(4001, 42), "answer"),
        (lambda am: am.questions.list_answers(4001, limit=101), "limit"),
        (lambda am: am.questions.get(-1), "id"),
    ],
)
def test_invalid_input_rejected_before_sending(
    am: Both, router: respx.Router, call: Any, field: str
) -> None:
    with pytest.raises(RequestValidationError) as info:
        call(am)
    assert info.value.field == field
    assert not router.calls

"""``client.questions``: ``/questions`` (buyers' questions; Mercado Livre only).

There is no route listing questions: their ids arrive through ``QUESTION`` callbacks.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

from .._core import ModelDecoder, Operation, check_limit, check_offset, require_text, route
from .._pagination import Page, PageDecoder
from ..errors import RequestValidationError
from ..models.questions import Answer, Question
from ._base import AsyncResource, SyncResource
from ._validate import only_fields

__all__ = [
    "AsyncQuestions",
    "Questions",
    "answer_op",
    "get_answer_op",
    "get_op",
    "list_answers_op",
]

ANSWER_MAX_LEN = 2000

_GET = route("GET", "/questions/{id}", ModelDecoder(Question))
_ANSWERS = route("GET", "/questions/{id}/answers", PageDecoder(Answer))
_ANSWER = route("POST", "/questions/{id}/answers", ModelDecoder(Answer))
_GET_ANSWER = route("GET", "/questions/{id}/answers/{answerId}", ModelDecoder(Answer))


def _answer_body(answer: str | Answer) -> Answer:
    if isinstance(answer, str):
        answer = Answer(answer=answer)
    elif not isinstance(answer, Answer):
        raise RequestValidationError(
            "answer", f"expected the answer text or an Answer, got {type(answer).__name__}"
        )
    require_text("answer", answer.answer, max_len=ANSWER_MAX_LEN)
    return answer


def get_op(question_id: int) -> Operation[Question]:
    return _GET.op({"id": question_id})


def list_answers_op(
    question_id: int, *, offset: int = 0, limit: int = 50
) -> Operation[Page[Answer]]:
    return _ANSWERS.op(
        {"id": question_id},
        params={"offset": check_offset(offset), "limit": check_limit(limit)},
    )


def answer_op(question_id: int, answer: str | Answer) -> Operation[Answer]:
    # only the text (and unknown fields the caller set) is sent: ANYMARKET assigns the id
    body = only_fields(_answer_body(answer), {"answer"})
    return _ANSWER.op({"id": question_id}, json=body)


def get_answer_op(question_id: int, answer_id: int) -> Operation[Answer]:
    return _GET_ANSWER.op({"id": question_id, "answerId": answer_id})


class Questions(SyncResource):
    def get(self, question_id: int) -> Question:
        """A question with the answers it has so far."""
        return self._client.send(get_op(question_id))

    def list_answers(self, question_id: int, *, offset: int = 0, limit: int = 50) -> Page[Answer]:
        """One page of the question's answers."""
        return self._client.send(list_answers_op(question_id, offset=offset, limit=limit))

    def iter_answers(
        self, question_id: int, *, limit: int = 100, max_items: int | None = None
    ) -> Iterator[Answer]:
        """Every answer of the question, lazily."""
        op = list_answers_op(question_id, limit=limit)
        return self._client.iter_items(op, max_items=max_items)

    def answer(self, question_id: int, answer: str | Answer) -> Answer:
        """Answer the question (1..2000 characters, checked before sending). Like every
        POST, it is not retried after a 5xx or a timeout (the answer may have been posted)."""
        return self._client.send(answer_op(question_id, answer))

    def get_answer(self, question_id: int, answer_id: int) -> Answer:
        return self._client.send(get_answer_op(question_id, answer_id))


class AsyncQuestions(AsyncResource):
    async def get(self, question_id: int) -> Question:
        """A question with the answers it has so far."""
        return await self._client.send(get_op(question_id))

    async def list_answers(
        self, question_id: int, *, offset: int = 0, limit: int = 50
    ) -> Page[Answer]:
        """One page of the question's answers."""
        return await self._client.send(list_answers_op(question_id, offset=offset, limit=limit))

    def iter_answers(
        self, question_id: int, *, limit: int = 100, max_items: int | None = None
    ) -> AsyncIterator[Answer]:
        """Every answer of the question, lazily (``async for``)."""
        op = list_answers_op(question_id, limit=limit)
        return self._client.iter_items(op, max_items=max_items)

    async def answer(self, question_id: int, answer: str | Answer) -> Answer:
        """Answer the question (1..2000 characters, checked before sending). Like every
        POST, it is not retried after a 5xx or a timeout (the answer may have been posted)."""
        return await self._client.send(answer_op(question_id, answer))

    async def get_answer(self, question_id: int, answer_id: int) -> Answer:
        return await self._client.send(get_answer_op(question_id, answer_id))

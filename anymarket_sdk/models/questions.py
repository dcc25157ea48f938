"""Questions and answers (``/questions``; Mercado Livre only)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import attrs

from ._base import extra_field, list_field

__all__ = ["Answer", "Question"]


@attrs.frozen(kw_only=True)
class Answer:
    """An answer to a buyer's question: ``answer`` is 1..2000 characters."""

    answer: str
    id: int | None = None
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class Question:
    """A buyer's question on a listing.

    ``context`` is ANYMARKET's text naming the listing (the transmission id followed by the
    product name). ``questioner_name`` is the buyer's name: personal data, left out of
    ``repr``.
    """

    id: int
    question: str | None = None
    questioner_name: str | None = attrs.field(default=None, repr=False)
    context: str | None = None
    question_date: datetime | None = None
    answers: list[Answer] = list_field()
    extra: dict[str, Any] = extra_field()

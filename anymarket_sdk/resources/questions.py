"""``client.questions``: questions and answers (to be written)."""

from __future__ import annotations

from ._base import AsyncResource, SyncResource


class Questions(SyncResource):
    pass


class AsyncQuestions(AsyncResource):
    pass

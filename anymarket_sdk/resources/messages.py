"""``client.messages``: messages to buyers (to be written)."""

from __future__ import annotations

from ._base import AsyncResource, SyncResource


class Messages(SyncResource):
    pass


class AsyncMessages(AsyncResource):
    pass

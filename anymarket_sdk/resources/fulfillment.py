"""``client.fulfillment``: fulfillment documents (to be written)."""

from __future__ import annotations

from ._base import AsyncResource, SyncResource


class Fulfillment(SyncResource):
    pass


class AsyncFulfillment(AsyncResource):
    pass

"""``client.freight``: freight quotes (to be written)."""

from __future__ import annotations

from ._base import AsyncResource, SyncResource


class Freight(SyncResource):
    pass


class AsyncFreight(AsyncResource):
    pass

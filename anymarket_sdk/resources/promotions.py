"""``client.promotions``: promotions (to be written)."""

from __future__ import annotations

from ._base import AsyncResource, SyncResource


class Promotions(SyncResource):
    pass


class AsyncPromotions(AsyncResource):
    pass

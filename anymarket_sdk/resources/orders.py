"""``client.orders``: orders (to be written)."""

from __future__ import annotations

from ._base import AsyncResource, SyncResource


class Orders(SyncResource):
    pass


class AsyncOrders(AsyncResource):
    pass

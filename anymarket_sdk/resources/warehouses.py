"""``client.warehouses``: stock locals (warehouses) (to be written)."""

from __future__ import annotations

from ._base import AsyncResource, SyncResource


class Warehouses(SyncResource):
    pass


class AsyncWarehouses(AsyncResource):
    pass

"""``client.stocks``: stock per SKU and warehouse, reservations, fulfillment stock."""

from __future__ import annotations

from ._base import AsyncResource, SyncResource


class Stocks(SyncResource):
    pass


class AsyncStocks(AsyncResource):
    pass

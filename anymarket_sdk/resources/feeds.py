"""``client.order_feed`` and ``client.transmission_feed`` (to be written)."""

from __future__ import annotations

from ._base import AsyncResource, SyncResource


class OrderFeed(SyncResource):
    pass


class AsyncOrderFeed(AsyncResource):
    pass


class TransmissionFeed(SyncResource):
    pass


class AsyncTransmissionFeed(AsyncResource):
    pass

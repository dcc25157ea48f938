"""``client.ads``: SKU-marketplace listings, prices and SKU exports (to be written)."""

from __future__ import annotations

from ._base import AsyncResource, SyncResource


class Ads(SyncResource):
    pass


class AsyncAds(AsyncResource):
    pass

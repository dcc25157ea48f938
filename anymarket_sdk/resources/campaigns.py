"""``client.campaigns``: campaigns (to be written)."""

from __future__ import annotations

from ._base import AsyncResource, SyncResource


class Campaigns(SyncResource):
    pass


class AsyncCampaigns(AsyncResource):
    pass

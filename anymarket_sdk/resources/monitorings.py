"""``client.monitorings``: monitorings (to be written)."""

from __future__ import annotations

from ._base import AsyncResource, SyncResource


class Monitorings(SyncResource):
    pass


class AsyncMonitorings(AsyncResource):
    pass

"""``client.transmissions``: transmissions (to be written)."""

from __future__ import annotations

from ._base import AsyncResource, SyncResource


class Transmissions(SyncResource):
    pass


class AsyncTransmissions(AsyncResource):
    pass

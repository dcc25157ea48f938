"""``client.callbacks``: callback registrations (to be written)."""

from __future__ import annotations

from ._base import AsyncResource, SyncResource


class Callbacks(SyncResource):
    pass


class AsyncCallbacks(AsyncResource):
    pass

"""``client.templates``: listing templates (to be written)."""

from __future__ import annotations

from ._base import AsyncResource, SyncResource


class Templates(SyncResource):
    pass


class AsyncTemplates(AsyncResource):
    pass
